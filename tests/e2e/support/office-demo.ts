import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkerPool } from '@hallway/media/server';
import { loadMapFile, startWorldServer } from '@hallway/world-server';
import type { Page } from 'playwright-core';
import { build } from 'vite';

// Through the workspace packages rather than this file's URL: benchmarks run this file bundled elsewhere.
const resolvePackage = (name: string) => path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const example = resolvePackage('@hallway/example-office');
const mapsDir = path.join(resolvePackage('@hallway/world-server'), 'maps');

/** The office demo built with Vite and served by a world server on loopback (both maps, one mediasoup worker). */
export interface OfficeDemo {
	/** The page's URL, with a trailing slash. */
	readonly url: string;
	/** The world server's endpoint (`http://host:port`), for a `WorldClient`. */
	readonly endpoint: string;
	close(): Promise<void>;
}

export async function startOfficeDemo(): Promise<OfficeDemo> {
	const site = await mkdtemp(path.join(tmpdir(), 'hallway-office-'));
	await build({ root: example, configFile: path.join(example, 'vite.config.ts'), logLevel: 'warn', build: { outDir: site, emptyOutDir: true } });
	const [office, garden] = await Promise.all([loadMapFile(path.join(mapsDir, 'office.tmj')), loadMapFile(path.join(mapsDir, 'garden.tmj'))]);
	const pool = await WorkerPool.start({ workers: 1 });
	const world = await startWorldServer({
		worlds: { office: { maps: new Map([[office.name, office], [garden.name, garden]]), defaultMap: 'office', media: { pool } } },
		static: { '/': site },
	}).catch(async (error: unknown) => {
		await pool.close();
		throw error;
	});
	return {
		url: `${world.url}/`,
		endpoint: world.url,
		async close() {
			await world.close();
			await pool.close();
			await rm(site, { recursive: true, force: true });
		},
	};
}

/** What a demo page's `window.hallwayDemo.client` says (undefined before it joined). */
export interface DemoState {
	readonly connected: boolean;
	readonly camera: string;
	readonly map: string;
	readonly self: { readonly id: string; readonly x: number; readonly y: number };
}

export function demoState(page: Page): Promise<DemoState | undefined> {
	return page.evaluate(() => {
		const demo = (window as unknown as { hallwayDemo?: { client: any } }).hallwayDemo;
		if (!demo) return undefined;
		const { client } = demo;
		return {
			connected: client.connectionState === 'connected',
			camera: client.media.state.camera,
			map: client.map.name,
			self: { id: client.self.id, x: client.self.x, y: client.self.y },
		};
	});
}

/** The own avatar's position once it has stopped: two reads `pollMs` apart agree. */
export async function settledPosition(page: Page, pollMs: number): Promise<{ x: number; y: number }> {
	const position = () => demoState(page).then((s) => ({ x: s!.self.x, y: s!.self.y }));
	let last = await position();
	for (;;) {
		await new Promise((r) => setTimeout(r, pollMs));
		const now = await position();
		if (now.x === last.x && now.y === last.y) return now;
		last = now;
	}
}

/** The live camera bubble of a player on a demo page, as laid out on screen (its centre x, bottom, layout size), and whether its video plays; null when none is live and visible. */
export function cameraBubble(page: Page, playerId: string): Promise<{ x: number; bottom: number; size: number; playing: boolean } | null> {
	return page.evaluate((id) => {
		const el = document.querySelector<HTMLElement>(`.hallway-bubble[data-player-id="${id}"][data-source="camera"]`);
		if (!el || el.dataset['state'] !== 'live' || getComputedStyle(el).visibility === 'hidden') return null;
		const video = el.querySelector('video');
		const box = el.getBoundingClientRect();
		return { x: box.left + box.width / 2, bottom: box.bottom, size: el.offsetWidth, playing: !!video && video.readyState >= 2 && video.videoWidth > 0 };
	}, playerId);
}

/** Where a world point is drawn on the page (CSS px), from the demo's Phaser camera. */
export function worldToScreen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
	return page.evaluate(
		([wx, wy]) => {
			const demo = (window as unknown as { hallwayDemo: { game: any } }).hallwayDemo;
			const camera = demo.game.scene.getScenes(true)[0].cameras.main;
			const canvas = demo.game.canvas.getBoundingClientRect();
			const scale = canvas.width / demo.game.scale.width;
			return {
				x: canvas.left + (wx! - camera.worldView.x) * camera.zoom * scale,
				y: canvas.top + (wy! - camera.worldView.y) * camera.zoom * scale,
			};
		},
		[x, y],
	);
}
