import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	cachedWorkerBin,
	checkWorkerBinary,
	findMediasoupPackage,
	resolveWorkerBinary,
	setupWorker,
} from '../src/worker-setup/index.js';
import { prebuiltWorkerUrl } from '../src/worker-setup/download-prebuilt.js';

const pkg = findMediasoupPackage();

/** Runs a test body with env vars set, restoring them afterwards. */
function withEnv(vars: Record<string, string | undefined>): () => void {
	const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
	for (const [k, v] of Object.entries(vars)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	return () => {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	};
}

describe('mediasoup worker setup', () => {
	let scratch: string;
	let restoreEnv: () => void = () => {};

	beforeEach(() => {
		scratch = mkdtempSync(path.join(tmpdir(), 'hallway-worker-test-'));
	});
	afterEach(() => {
		restoreEnv();
		rmSync(scratch, { recursive: true, force: true });
	});

	it('installed a worker where mediasoup looks by default, and it runs on this host', () => {
		expect(checkWorkerBinary(pkg.defaultWorkerBin)).toEqual({ ok: true });
		expect(resolveWorkerBinary()).toEqual({ path: pkg.defaultWorkerBin, source: 'node_modules' });
	});

	it('rejects a file that is not a runnable worker, saying why', () => {
		const fake = path.join(scratch, 'mediasoup-worker');
		writeFileSync(fake, '#!/bin/sh\nexit 3\n');
		chmodSync(fake, 0o755);
		const check = checkWorkerBinary(fake);
		expect(check.ok).toBe(false);
		expect(check.ok ? '' : check.reason).toContain('exited with 3 instead of 41');
		expect(checkWorkerBinary(path.join(scratch, 'missing')).ok).toBe(false);
	});

	it('refuses a MEDIASOUP_WORKER_BIN that does not work instead of looking elsewhere', async () => {
		restoreEnv = withEnv({ MEDIASOUP_WORKER_BIN: path.join(scratch, 'nope') });
		expect(() => resolveWorkerBinary()).toThrow(/E_WORKER_BINARY_MISSING: .*env: .*nope.*npx hallway-media setup-worker/);
		await expect(setupWorker()).rejects.toThrow(/E_WORKER_BINARY_INVALID: MEDIASOUP_WORKER_BIN/);
	});

	it('takes a warm cache without downloading or building, and fills the default location from it', async () => {
		// A private cache holding a copy of the real binary.
		restoreEnv = withEnv({ HALLWAY_CACHE_DIR: scratch, MEDIASOUP_WORKER_BIN: undefined, HALLWAY_WORKER_DOWNLOAD: '0' });
		const cached = cachedWorkerBin(pkg.version);
		expect(cached.startsWith(scratch)).toBe(true);
		const seeded = await setupWorker();
		// The default location already held a working binary: it is copied into the (empty) cache.
		expect(seeded.origin).toBe('node_modules');
		expect(statSync(cached).size).toBe(statSync(pkg.defaultWorkerBin).size);

		const again = await setupWorker();
		expect(again).toMatchObject({ origin: 'cache', cachedAt: cached, installedAt: pkg.defaultWorkerBin, version: pkg.version });
		expect(readFileSync(pkg.defaultWorkerBin).equals(readFileSync(cached))).toBe(true);
	});

	it('uses an explicit MEDIASOUP_WORKER_BIN and copies it into place', async () => {
		const explicit = path.join(scratch, 'my-worker');
		copyFileSync(pkg.defaultWorkerBin, explicit);
		chmodSync(explicit, 0o755);
		restoreEnv = withEnv({ MEDIASOUP_WORKER_BIN: explicit, HALLWAY_CACHE_DIR: scratch });
		const result = await setupWorker();
		expect(result).toMatchObject({ origin: 'env', cachedAt: null, installedAt: pkg.defaultWorkerBin });
	});

	it('asks for the prebuilt worker at the address mediasoup itself uses', () => {
		const url = prebuiltWorkerUrl(pkg);
		expect(url).toMatch(
			new RegExp(`/releases/download/${pkg.version}/mediasoup-worker-${pkg.version}-${process.platform}-${process.arch}`),
		);
		expect(url).not.toContain('git+');
	});

	it('the CLI prints the worker path', () => {
		const cli = path.resolve(import.meta.dirname, '../dist/cli.js');
		const run = spawnSync(process.execPath, [cli, 'worker-path'], { encoding: 'utf8' });
		expect(run.status).toBe(0);
		expect(run.stdout.trim()).toBe(pkg.defaultWorkerBin);
		const bad = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('usage: hallway-media setup-worker');
	});
});
