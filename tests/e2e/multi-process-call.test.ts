import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../packages/world-server/test/support/redis-server.js';
import { startWorldProcess, type WorldProcess } from '../../packages/world-server/test/support/world-process.js';
import { bundleForBrowser } from './support/bundle.js';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';

/** Lobby (624, 784) of the demo office; Bob starts in the east wing, ~590 px away. */
const LOBBY = { x: 624, y: 784 };

/**
 * Two world server processes on one redis-server (each its own mediasoup
 * worker), each serving the test page. Alice opens the page of one process,
 * Bob the page of the other: both pages ask their own origin for a seat, and
 * both end up on the WebSocket of the process that holds the office room,
 * where their media signaling, transports and consumers live too.
 */
describe('a call between players who joined through different server processes (Redis), in Chromium', () => {
	let redis: RedisServer;
	let processes: WorldProcess[] = [];
	let browser: Browser;
	let pageDir: string;

	beforeAll(async () => {
		pageDir = await mkdtemp(path.join(tmpdir(), 'hallway-page-'));
		const pagePath = path.join(pageDir, 'page.js');
		await writeFile(pagePath, await bundleForBrowser(fileURLToPath(new URL('./world/page.ts', import.meta.url))));
		redis = await startRedisServer();
		processes = await Promise.all([startWorldProcess({ redisUrl: redis.url, pagePath }), startWorldProcess({ redisUrl: redis.url, pagePath })]);
		browser = await launchChromium();
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await Promise.all(processes.map((p) => p.close()));
		await redis?.close();
		if (pageDir) await rm(pageDir, { recursive: true, force: true });
	}, 30_000);

	it('plays each other\'s camera, and the room with all its media lives in one process', async () => {
		const [a, b] = processes as [WorldProcess, WorldProcess];
		const alice = await TestPlayer.open(browser, `${a.url}/`, 'Alice', 'lobby');
		const bob = await TestPlayer.open(browser, `${b.url}/`, 'Bob', 'east-wing');

		// Bob walks up to Alice: his input reaches the room, and his position comes back to his page.
		await bob.walkTo(LOBBY.x + 48, LOBBY.y);
		await expect.poll(() => alice.seesVideoOf(bob), { timeout: 20_000, interval: 200 }).toBe(true);
		await expect.poll(() => bob.seesVideoOf(alice), { timeout: 20_000, interval: 200 }).toBe(true);
		const before = [(await alice.video(bob))!.frames, (await bob.video(alice))!.frames];
		await new Promise((r) => setTimeout(r, 1000));
		expect((await alice.video(bob))!.frames).toBeGreaterThan(before[0]!);
		expect((await bob.video(alice))!.frames).toBeGreaterThan(before[1]!);
		expect(await alice.activeFrom(bob)).toEqual(['camera', 'microphone']);
		expect(await bob.activeFrom(alice)).toEqual(['camera', 'microphone']);

		const [roomsA, roomsB] = await Promise.all([a.rooms(), b.rooms()]);
		const holders = [roomsA, roomsB].filter((rooms) => rooms.length > 0);
		expect(holders).toHaveLength(1);
		const [room] = holders[0]!;
		expect(room!.players.sort()).toEqual([alice.id, bob.id].sort());
		// Two players, each sending camera and microphone and receiving the other's.
		expect(room!.media).toEqual({ peers: 2, transports: 4, producers: 4, consumers: 4 });
		expect([...(await alice.errors()), ...(await bob.errors())]).toEqual([]);
	});
});
