import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Room } from '@colyseus/sdk';
import { WorkerPool } from '@hallway/media/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveWorldConfig, startWorldServer, type WorldServer } from '../src/room/index.js';
import { demoMaps, joinWorld, leaveQuietly, officeWorld } from './support/world-fixture.js';

const WATCH = '/hallway/worlds/office/maps/office/watch';

describe('the spectator broadcast over HTTP', () => {
	let pool: WorkerPool;
	let world: WorldServer;
	let parent: string;
	let player: Room | undefined;

	beforeAll(async () => {
		parent = await mkdtemp(path.join(tmpdir(), 'hallway-spectator-http-'));
		pool = await WorkerPool.start({ workers: 1 });
		world = await startWorldServer({
			worlds: {
				office: await officeWorld({ media: { pool }, spectator: { dir: parent } }),
				quiet: { maps: await demoMaps(), defaultMap: 'office' },
			},
		});
	});
	afterAll(async () => {
		if (player) await leaveQuietly(player);
		await world?.close();
		await pool?.close();
		await rm(parent, { recursive: true, force: true });
	});

	const get = (route: string) => fetch(`${world.url}${route}`, { redirect: 'manual' });

	it('sends /watch to the default map of the world that has a broadcast', async () => {
		const response = await get('/watch');
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe(WATCH);
	});

	it('serves the watch page and its player, each with its length', async () => {
		const page = await get(WATCH);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const html = await page.text();
		expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
		expect(html).toContain('<script src="watch/hls.js"></script>');
		expect(html).toContain('Nobody on stage');
		const player = await get(`${WATCH}/hls.js`);
		expect(player.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect((await player.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
	});

	it('says the broadcast is off and has no playlist while nobody is on stage, even before the map runs', async () => {
		expect(await (await get(`${WATCH}/status`)).json()).toEqual({ world: 'office', map: 'office', state: 'off', speakers: 0 });
		const playlist = await get(`${WATCH}/index.m3u8`);
		expect(playlist.status).toBe(404);
		expect(await playlist.json()).toMatchObject({ code: 'E_OFF_AIR' });
	});

	it('has no broadcast for a world without one or a map that does not exist', async () => {
		for (const route of ['/hallway/worlds/quiet/maps/office/watch', '/hallway/worlds/office/maps/nowhere/watch/status', '/hallway/worlds/nobody/maps/office/watch']) {
			const response = await get(route);
			expect(response.status, route).toBe(404);
			expect(await response.json()).toMatchObject({ code: 'E_NO_BROADCAST' });
		}
	});

	it('serves only the playlist and segments from a running map\'s HLS directory, and removes it when the room closes', async () => {
		player = await joinWorld(world.url, 'office', { name: 'Alice' });
		const spectator = await world.spectators.spectatorOf('office', 'office');
		expect(spectator).toBeDefined();
		const dir = spectator!.hls.path;
		expect(path.dirname(dir)).toBe(parent);
		// Files as FFmpeg would leave them, and the SDP it reads, which must stay private.
		await writeFile(path.join(dir, 'index.m3u8'), '#EXTM3U\n#EXTINF:1.0,\nseg_00000.ts\n');
		await writeFile(path.join(dir, 'seg_00000.ts'), Buffer.alloc(188, 0x47));
		await writeFile(path.join(dir, 'stage.sdp'), 'v=0\r\n');
		const playlist = await get(`${WATCH}/index.m3u8`);
		expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
		expect(await playlist.text()).toContain('seg_00000.ts');
		const segment = await get(`${WATCH}/seg_00000.ts`);
		expect(segment.headers.get('content-type')).toBe('video/mp2t');
		expect((await segment.arrayBuffer()).byteLength).toBe(188);
		for (const name of ['stage.sdp', '..%2Fstage.sdp', 'seg_1.ts']) expect((await get(`${WATCH}/${name}`)).status, name).toBe(404);
		// Nobody on stage: still off (the files above were not written by a run).
		expect(spectator!.status()).toMatchObject({ state: 'off', pid: undefined, runs: 0 });

		await leaveQuietly(player);
		player = undefined;
		await expect.poll(() => existsSync(dir), { timeout: 10_000, interval: 100 }).toBe(false);
	});

	it('refuses a broadcast without a media plane', async () => {
		const maps = await demoMaps();
		expect(() => resolveWorldConfig({ maps, spectator: true })).toThrow(/E_WORLD_CONFIG: spectator needs media/);
	});
});
