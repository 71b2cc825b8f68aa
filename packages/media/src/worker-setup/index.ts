export { checkWorkerBinary, type BinaryCheck } from './check-binary.js';
export { BUILD_PACKAGES, missingBuildTools } from './build-offline.js';
export { cachedWorkerBin, findMediasoupPackage, hallwayCacheDir, type MediasoupPackage } from './paths.js';
export {
	resolveWorkerBinary,
	SETUP_WORKER_COMMAND,
	type ResolvedWorkerBinary,
	type WorkerBinarySource,
} from './resolve-worker-binary.js';
export { setupWorker, type SetupWorkerOptions, type SetupWorkerResult, type WorkerOrigin } from './setup-worker.js';
