import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '@hallway/media/server';
import { loadMapFile, startWorldServer, type WorldServer } from '@hallway/world-server';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meadow } from '../../examples/embed-phaser/src/meadow.js';
import { meadowTiledMap } from '../../examples/embed-phaser/src/meadow-tiled.js';
import { launchChromium } from './support/chromium.js';

const example = fileURLToPath(new URL('../../examples/embed-phaser/', import.meta.url));

/** Live, playing video bubbles of other players on a page. */
function othersOnCamera(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			[...document.querySelectorAll<HTMLElement>('.hallway-bubble[data-source="camera"]:not([data-self])')].filter((el) => {
				const video = el.querySelector('video');
				return el.dataset['state'] === 'live' && !!video && video.videoWidth > 0;
			}).length,
	);
}

/** Coffee Run, someone else's Phaser game, with Hallway added in a handful of lines: it must still just work. */
describe('examples/embed-phaser in Chromium: an existing Phaser game with Hallway embedded', () => {
	let dir: string;
	let pool: WorkerPool;
	let world: WorldServer;
	let browser: Browser;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'hallway-embed-'));
		await build({ root: example, configFile: path.join(example, 'vite.config.ts'), logLevel: 'warn', build: { outDir: path.join(dir, 'site'), emptyOutDir: true } });
		await writeFile(path.join(dir, 'meadow.tmj'), JSON.stringify(meadowTiledMap(new Meadow())));
		const meadow = await loadMapFile(path.join(dir, 'meadow.tmj'));
		pool = await WorkerPool.start({ workers: 1 });
		world = await startWorldServer({ worlds: { meadow: { maps: new Map([[meadow.name, meadow]]), media: { pool } } }, static: { '/': path.join(dir, 'site') } });
		browser = await launchChromium();
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await world?.close();
		await pool?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('two players of the game see each other on camera through Hallway', async () => {
		const pages = await Promise.all(['Ada', 'Grace'].map(async (name) => {
			const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
			const errors: string[] = [];
			page.on('pageerror', (error) => errors.push(error.message));
			await page.goto(`${world.url}/?name=${name}`);
			return { page, errors };
		}));
		// Turn the cameras on with the game's own buttons.
		for (const { page } of pages) {
			await expect.poll(() => page.locator('#media button').count(), { timeout: 20_000 }).toBeGreaterThan(0);
			for (const button of await page.locator('#media button').all()) await button.click();
		}
		for (const { page } of pages) {
			await expect.poll(() => othersOnCamera(page), { timeout: 30_000, interval: 250 }).toBe(1);
		}
		expect(pages.flatMap((p) => p.errors)).toEqual([]);
		await pages[0]!.page.screenshot({ path: fileURLToPath(new URL('../../test-results/embed-phaser.png', import.meta.url)) });
	});
});
