import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import path from 'node:path';
import { say } from './log.js';
import type { MediasoupPackage } from './paths.js';

/** Give up on the prebuilt download after this long: offline hosts must fall through fast. */
export const PREBUILT_DOWNLOAD_TIMEOUT_MS = 8_000;

/** The same address mediasoup's own postinstall uses (see its npm-scripts.mjs). */
export function prebuiltWorkerUrl(pkg: MediasoupPackage): string {
	const base =
		process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ||
		`${pkg.repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download`;
	let name = `mediasoup-worker-${pkg.version}-${process.platform}-${process.arch}`;
	if (process.platform === 'linux') name += `-kernel${release().split('.')[0]}`;
	return `${base}/${pkg.version}/${name}.tgz`;
}

/**
 * Tries mediasoup's published prebuilt worker and unpacks it into `destDir`.
 * Returns the path of the unpacked binary, or null (with the reason logged)
 * when it cannot be had: no network, no build for this platform, bad archive.
 */
export async function downloadPrebuiltWorker(pkg: MediasoupPackage, destDir: string): Promise<string | null> {
	const url = prebuiltWorkerUrl(pkg);
	say(`trying mediasoup's prebuilt worker (${PREBUILT_DOWNLOAD_TIMEOUT_MS / 1000} s at most)`);
	let archive: Buffer;
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(PREBUILT_DOWNLOAD_TIMEOUT_MS) });
		if (!response.ok) {
			say(`no prebuilt worker: HTTP ${response.status}`);
			return null;
		}
		archive = Buffer.from(await response.arrayBuffer());
	} catch (error) {
		const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
		say(`no prebuilt worker: ${cause}`);
		return null;
	}
	const scratch = mkdtempSync(path.join(tmpdir(), 'hallway-prebuilt-'));
	try {
		const tgz = path.join(scratch, 'worker.tgz');
		writeFileSync(tgz, archive);
		const untar = spawnSync('tar', ['xzf', tgz, '-C', destDir], { stdio: ['ignore', 'ignore', 'pipe'] });
		if (untar.status !== 0) {
			say(`prebuilt worker archive did not unpack: ${untar.stderr.toString().trim()}`);
			return null;
		}
		return path.join(destDir, 'mediasoup-worker');
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}
