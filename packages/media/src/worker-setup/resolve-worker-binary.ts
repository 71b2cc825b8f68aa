import { checkWorkerBinary } from './check-binary.js';
import { cachedWorkerBin, findMediasoupPackage } from './paths.js';

export type WorkerBinarySource = 'env' | 'node_modules' | 'cache';

export interface ResolvedWorkerBinary {
	readonly path: string;
	readonly source: WorkerBinarySource;
}

export const SETUP_WORKER_COMMAND = 'npx hallway-media setup-worker';

/**
 * Finds a working mediasoup-worker without building or downloading anything:
 * `MEDIASOUP_WORKER_BIN`, then mediasoup's default location in node_modules,
 * then the per-user cache. Throws `E_WORKER_BINARY_MISSING` with the command
 * to run when none works, so a server fails at start rather than at the
 * first call.
 */
export function resolveWorkerBinary(): ResolvedWorkerBinary {
	const { version, defaultWorkerBin } = findMediasoupPackage();
	const candidates: ResolvedWorkerBinary[] = [];
	const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
	if (fromEnv) candidates.push({ path: fromEnv, source: 'env' });
	candidates.push({ path: defaultWorkerBin, source: 'node_modules' });
	candidates.push({ path: cachedWorkerBin(version), source: 'cache' });

	const problems: string[] = [];
	for (const candidate of candidates) {
		const check = checkWorkerBinary(candidate.path);
		if (check.ok) return candidate;
		problems.push(`${candidate.source}: ${check.reason}`);
		// An explicit MEDIASOUP_WORKER_BIN that does not work is an error, not a hint to look elsewhere.
		if (candidate.source === 'env') break;
	}
	throw new Error(
		`E_WORKER_BINARY_MISSING: no usable mediasoup-worker ${version} (${problems.join('; ')}). ` +
			`Run \`${SETUP_WORKER_COMMAND}\` (builds it once, about 6 minutes) or set MEDIASOUP_WORKER_BIN to a working binary.`,
	);
}
