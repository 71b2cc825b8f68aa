import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientMapData, fromClientMapData } from '../src/map/index.js';
import { startWorldServer, type WorldServer } from '../src/room/index.js';
import { demoMaps } from './support/world-fixture.js';

describe('files a world server hands to browsers', () => {
	let world: WorldServer;
	let site: string;

	beforeAll(async () => {
		site = await mkdtemp(path.join(tmpdir(), 'hallway-site-'));
		await mkdir(path.join(site, 'assets'));
		await writeFile(path.join(site, 'index.html'), '<!doctype html><title>demo</title>');
		await writeFile(path.join(site, 'assets', 'app.js'), 'console.log(1)');
		await writeFile(path.join(path.dirname(site), 'secret.txt'), 'not for the web');
		world = await startWorldServer({ worlds: { office: { maps: await demoMaps(), defaultMap: 'office' } }, static: { '/': site } });
	});
	afterAll(async () => {
		await world?.close();
	});

	it('describes the world with the rules a predicting client needs', async () => {
		const info = await (await fetch(`${world.url}/hallway/worlds/office`)).json();
		expect(info.movement).toMatchObject({ tickRate: 20, maxSpeed: 160, halfSize: 10 });
		expect(info.proximity).toEqual({ enterRadius: 128, leaveRadius: 160 });
	});

	it('serves a map as the server reads it, with tilesets embedded and their images reachable', async () => {
		const url = `${world.url}/hallway/worlds/office/maps/office`;
		const response = await fetch(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBe(String((await response.clone().arrayBuffer()).byteLength));
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		const data = (await response.json()) as ClientMapData;
		const map = fromClientMapData(data);
		const server = (await demoMaps()).get('office')!;
		expect(map.collision).toEqual(server.collision);
		expect(map.zones.map((z) => z.name)).toEqual(server.zones.map((z) => z.name));
		// Meeting Room A spans x 32..320, y 32..256.
		expect(map.zones.find((z) => z.name === 'Meeting Room A')?.contains(100, 100)).toBe(true);
		const tilesets = data.tiled['tilesets'] as { image?: string; source?: string }[];
		expect(tilesets.every((t) => t.source === undefined && typeof t.image === 'string')).toBe(true);
		const image = await fetch(new URL(tilesets[0]!.image!, url));
		expect(image.status).toBe(200);
		expect(image.headers.get('content-type')).toBe('image/png');
		expect(new Uint8Array(await image.arrayBuffer()).subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
	});

	it('serves nothing else from disk: unknown maps, assets and paths outside the static directory are 404', async () => {
		expect((await fetch(`${world.url}/hallway/worlds/office/maps/atlantis`)).status).toBe(404);
		expect((await fetch(`${world.url}/hallway/worlds/office/maps/office/assets/office.tmj`)).status).toBe(404);
		expect((await fetch(`${world.url}/hallway/worlds/office/maps/office/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
		expect((await fetch(`${world.url}/%2E%2E/secret.txt`)).status).toBe(404);
		expect((await fetch(`${world.url}/..%2Fsecret.txt`)).status).toBe(404);
	});

	it('serves the static site next to the world, index.html at the root', async () => {
		const index = await fetch(`${world.url}/`);
		expect(index.status).toBe(200);
		expect(index.headers.get('content-type')).toMatch(/text\/html/);
		expect(await index.text()).toContain('<title>demo</title>');
		const script = await fetch(`${world.url}/assets/app.js`);
		expect(script.headers.get('content-type')).toMatch(/javascript/);
		expect(await script.text()).toBe('console.log(1)');
	});
});

describe('startWorldServer on a port already in use', () => {
	it('fails at once with E_LISTEN and the code, instead of hanging', async () => {
		const first = await startWorldServer({ worlds: { office: { maps: await demoMaps(), defaultMap: 'office' } } });
		try {
			await expect(startWorldServer({ worlds: { office: { maps: await demoMaps(), defaultMap: 'office' } }, port: first.port })).rejects.toMatchObject({
				code: 'EADDRINUSE',
				message: expect.stringMatching(/^E_LISTEN: cannot listen on 127\.0\.0\.1:\d+/),
			});
		} finally {
			await first.close();
		}
	});
});
