import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildWorkerOffline } from './build-offline.js';
import { checkWorkerBinary } from './check-binary.js';
import { downloadPrebuiltWorker } from './download-prebuilt.js';
import { say } from './log.js';
import { cachedWorkerBin, findMediasoupPackage, workerCacheDir } from './paths.js';
import { SETUP_WORKER_COMMAND } from './resolve-worker-binary.js';

export type WorkerOrigin = 'env' | 'cache' | 'node_modules' | 'prebuilt' | 'build';

export interface SetupWorkerOptions {
	/** Ignore the cache and any installed binary; download or build again. */
	force?: boolean;
	/**
	 * Try mediasoup's prebuilt download (from GitHub) before building. Default
	 * false: an install must reach nothing but the npm registry and the OS
	 * packages; `HALLWAY_WORKER_DOWNLOAD=1` (or `--download`) opts in where
	 * that network exists.
	 */
	download?: boolean;
}

export interface SetupWorkerResult {
	/** mediasoup version the binary was made for. */
	version: string;
	/** Where the binary came from this time. */
	origin: WorkerOrigin;
	/** The cached copy (absent when the origin is MEDIASOUP_WORKER_BIN). */
	cachedAt: string | null;
	/** Where mediasoup finds it by default, so that no env var is needed at run time. */
	installedAt: string;
	seconds: number;
}

/** Copies a file next to its destination first, then renames it, so readers never see half a binary. */
function copyAtomically(from: string, to: string): void {
	mkdirSync(path.dirname(to), { recursive: true });
	const partial = `${to}.partial-${process.pid}`;
	copyFileSync(from, partial);
	renameSync(partial, to);
}

/**
 * Makes `mediasoup.createWorker()` work without any env var: takes the worker
 * from `MEDIASOUP_WORKER_BIN`, the per-user cache, an already installed
 * binary, mediasoup's prebuilt download (only when asked) or an offline build from the
 * sources in the mediasoup package; caches it by version and copies it to
 * where mediasoup looks by default.
 */
export async function setupWorker(options: SetupWorkerOptions = {}): Promise<SetupWorkerResult> {
	const started = Date.now();
	const pkg = findMediasoupPackage();
	const cacheBin = cachedWorkerBin(pkg.version);
	const download = options.download ?? process.env.HALLWAY_WORKER_DOWNLOAD === '1';
	const finish = (origin: WorkerOrigin, binary: string, cachedAt: string | null): SetupWorkerResult => {
		if (path.resolve(binary) !== path.resolve(pkg.defaultWorkerBin)) copyAtomically(binary, pkg.defaultWorkerBin);
		return { version: pkg.version, origin, cachedAt, installedAt: pkg.defaultWorkerBin, seconds: (Date.now() - started) / 1000 };
	};

	const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
	if (fromEnv) {
		const check = checkWorkerBinary(fromEnv);
		if (!check.ok) throw new Error(`E_WORKER_BINARY_INVALID: MEDIASOUP_WORKER_BIN: ${check.reason}`);
		return finish('env', fromEnv, null);
	}
	if (!options.force) {
		if (checkWorkerBinary(cacheBin).ok) return finish('cache', cacheBin, cacheBin);
		if (checkWorkerBinary(pkg.defaultWorkerBin).ok) {
			copyAtomically(pkg.defaultWorkerBin, cacheBin);
			return finish('node_modules', pkg.defaultWorkerBin, cacheBin);
		}
	}

	const cacheDir = workerCacheDir(pkg.version);
	mkdirSync(cacheDir, { recursive: true });
	if (download) {
		const scratch = path.join(cacheDir, `download-${process.pid}`);
		mkdirSync(scratch, { recursive: true });
		try {
			const binary = await downloadPrebuiltWorker(pkg, scratch);
			const check = binary ? checkWorkerBinary(binary) : null;
			if (binary && check?.ok) {
				copyAtomically(binary, cacheBin);
				return finish('prebuilt', cacheBin, cacheBin);
			}
			if (check && !check.ok) say(`prebuilt worker does not run here: ${check.reason}`);
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	}

	say(`building mediasoup-worker ${pkg.version} from source: a one-time build of about 6 minutes on 2 cores, cached in ${cacheDir}`);
	const workDir = path.join(cacheDir, 'build');
	let built: string;
	try {
		built = await buildWorkerOffline(pkg, workDir);
	} catch (error) {
		throw new Error(
			`E_WORKER_BUILD_FAILED: ${error instanceof Error ? error.message : String(error)}\n` +
				`The build tree is kept in ${workDir}. Retry with \`${SETUP_WORKER_COMMAND}\`.`,
		);
	}
	const check = checkWorkerBinary(built);
	if (!check.ok) throw new Error(`E_WORKER_BUILD_FAILED: the built worker does not run: ${check.reason}`);
	copyAtomically(built, cacheBin);
	rmSync(workDir, { recursive: true, force: true });
	return finish('build', cacheBin, cacheBin);
}
