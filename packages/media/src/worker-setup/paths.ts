import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the installed `mediasoup` package lives and which version it is. */
export interface MediasoupPackage {
	/** Absolute path of the package directory (the one holding its package.json). */
	readonly dir: string;
	readonly version: string;
	/** `repository.url` of its package.json, used to find prebuilt workers. */
	readonly repositoryUrl: string;
	/** Where mediasoup looks for the worker when no `workerBin` or env var is given. */
	readonly defaultWorkerBin: string;
	/** The worker's C++ sources shipped inside the npm package. */
	readonly workerSourceDir: string;
}

export function findMediasoupPackage(): MediasoupPackage {
	const require = createRequire(import.meta.url);
	// `mediasoup` resolves to <dir>/node/lib/index.js; its exports map hides package.json.
	const dir = path.resolve(path.dirname(require.resolve('mediasoup')), '..', '..');
	const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
		version: string;
		repository?: { url?: string };
	};
	return {
		dir,
		version: pkg.version,
		repositoryUrl: pkg.repository?.url ?? '',
		defaultWorkerBin: path.join(dir, 'worker', 'out', 'Release', 'mediasoup-worker'),
		workerSourceDir: path.join(dir, 'worker'),
	};
}

/**
 * Per-user cache for built or downloaded workers, outside node_modules so that a
 * clean reinstall (or another checkout) reuses it. `HALLWAY_CACHE_DIR` overrides,
 * then `XDG_CACHE_HOME`, then `~/.cache`.
 */
export function hallwayCacheDir(): string {
	if (process.env.HALLWAY_CACHE_DIR) return path.resolve(process.env.HALLWAY_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'hallway');
}

/** The cache directory for one mediasoup version on this platform. */
export function workerCacheDir(version: string): string {
	return path.join(hallwayCacheDir(), 'mediasoup-worker', `${version}-${process.platform}-${process.arch}`);
}

export function cachedWorkerBin(version: string): string {
	return path.join(workerCacheDir(version), 'mediasoup-worker');
}

/**
 * The shim subprojects shipped with this package (`worker-build/shims`). Found
 * by walking up from this module, which sits at a different depth in `src/`
 * (tests) and in `dist/` (published).
 */
export function shimsDir(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 5; i++) {
		const candidate = path.join(dir, 'worker-build', 'shims');
		if (existsSync(candidate)) return candidate;
		dir = path.dirname(dir);
	}
	throw new Error('E_SHIMS_MISSING: @hallway/media/worker-build/shims was not found next to this package');
}
