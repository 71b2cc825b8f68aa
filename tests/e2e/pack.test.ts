import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { loadMapFile, startWorldServer, type WorldServer } from '@hallway/world-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Built in this order (the client compiles in the server's browser-safe code); the browser side is packed. */
const BUILT = ['packages/media', 'packages/world-server', 'packages/world-client'];
const PACKED = ['packages/media', 'packages/world-client'];

/** Runs npm with the project's Node 24 (npm scripts put it first on PATH; so does this). */
function npm(args: string[], cwd: string): Promise<{ stdout: string }> {
	const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env['PATH']}`, npm_config_update_notifier: 'false' };
	return run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
}

/**
 * What a game developer does: `npm pack` the browser packages, install the
 * tarballs into a fresh project outside the workspace, type-check and bundle
 * a page importing `WorldClient` and the Phaser layer, and run it against a
 * world server. The install must not pull the server side (mediasoup, whose
 * own install script downloads a binary).
 */
describe('the packed packages work in a fresh project', () => {
	let project: string;
	let server: WorldServer | undefined;
	let browser: Browser | undefined;

	beforeAll(async () => {
		project = await mkdtemp(path.join(tmpdir(), 'hallway-pack-'));
		for (const pkg of BUILT) await npm(['run', 'build'], path.join(repo, pkg));
		for (const pkg of PACKED) await npm(['pack', '--silent', '--pack-destination', project], path.join(repo, pkg));
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		await server?.close();
		if (project) await rm(project, { recursive: true, force: true });
	});

	it('installs from the tarballs, type-checks a page that uses WorldClient and the Phaser layer, and runs it', async () => {
		const tarballs = (await readdir(project)).filter((f) => f.endsWith('.tgz'));
		expect(tarballs).toHaveLength(2);
		await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'embedder', private: true, type: 'module' }));
		// Same versions as the workspace, so npm's cache answers (no new downloads after the first install).
		const phaserVersion = createRequire(path.join(repo, 'packages/world-client/package.json'))('phaser/package.json').version as string;
		await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs.map((t) => `./${t}`), `phaser@${phaserVersion}`], project);

		await cp(path.join(repo, 'tests/e2e/pack/main.ts'), path.join(project, 'src/main.ts'));
		await writeFile(
			path.join(project, 'tsconfig.json'),
			JSON.stringify({
				compilerOptions: {
					target: 'ES2022',
					module: 'ESNext',
					moduleResolution: 'bundler',
					lib: ['ES2023', 'DOM', 'DOM.Iterable'],
					strict: true,
					noEmit: true,
					// As Vite's templates set it: Phaser's own declarations do not pass a full library check.
					// The page's @ts-expect-error lines prove the SDK's types are real, not `any`.
					skipLibCheck: true,
					types: [],
				},
				include: ['src'],
			}),
		);
		const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
		await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch((error: { stdout?: string }) => {
			throw new Error(`the page does not type-check against the packed types:\n${error.stdout}`);
		});

		await build({
			entryPoints: [path.join(project, 'src/main.ts')],
			bundle: true,
			format: 'esm',
			target: 'es2022',
			outfile: path.join(project, 'site/main.js'),
			absWorkingDir: project,
			logLevel: 'silent',
		});
		await writeFile(path.join(project, 'site/index.html'), '<!doctype html><meta charset="utf-8"><body><script type="module" src="/main.js"></script>');

		await expect(readdir(path.join(project, 'node_modules/mediasoup'))).rejects.toThrow();
		await expect(readdir(path.join(project, 'node_modules/@colyseus/core'))).rejects.toThrow();

		const mapsDir = path.join(repo, 'packages/world-server/maps');
		const office = await loadMapFile(path.join(mapsDir, 'office.tmj'));
		const garden = await loadMapFile(path.join(mapsDir, 'garden.tmj'));
		server = await startWorldServer({
			worlds: { office: { maps: new Map([[office.name, office], [garden.name, garden]]) } },
			static: { '/': path.join(project, 'site') },
		});
		browser = await launchChromium();
		const page = await browser.newPage();
		await page.goto(`${server.url}/`);
		await expect
			.poll(() => page.evaluate(() => (window as unknown as { packed: object }).packed), { timeout: 20_000, interval: 200 })
			.toMatchObject({ ready: true, map: 'office', self: 'Packed', avatars: 1 });
		expect(await page.locator('canvas').count()).toBe(1);
	}, 300_000);
});
