import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';
import { freeUdpPort, type RelayProcess, startRelayProcess } from './support/lossy-udp-relay.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';
import type { WorldClientTestPage } from './world/client-page.js';

const CLIENT_PAGE = fileURLToPath(new URL('./world/client-page.ts', import.meta.url));

/** Another loopback address (all of 127.0.0.0/8 is this machine) for the relay to listen on. */
const RELAY_ADDRESS = '127.0.0.2';

/** How long the issue allows for remote video to come back after a fault. */
const RECOVERY_BUDGET_MS = 5_000;

/**
 * Faults in the middle of a call between two Chromium pages running the
 * SDK's WorldClient: the call must come back by itself. One mediasoup worker,
 * so that a dead worker leaves nowhere to go but its respawned replacement.
 */
describe('a call survives faults (WorldClient in Chromium)', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;
	let bobJoinedAt = 0;

	beforeAll(async () => {
		harness = await startWorldHarness(CLIENT_PAGE, {
			workers: 1,
			world: { reconnectGraceSeconds: 20 },
		});
		browser = await launchChromium();
		alice = await TestPlayer.open(browser, harness.url, 'Alice', 'lobby');
		bob = await TestPlayer.open(browser, harness.url, 'Bob', 'lobby');
		bobJoinedAt = performance.now();
		await vi.waitFor(async () => expect(await seeEachOther(alice, bob)).toBe(true), { timeout: 20_000, interval: 200 });
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('a mediasoup worker killed with SIGKILL is respawned and both pages see video again within 5 s', async () => {
		const room = await harness.room();
		const media = room.media!;
		const [worker] = harness.pool.workers;
		const oldPid = worker!.pid;
		const oldRouter = media.router.id;
		const killedAt = performance.now();
		process.kill(oldPid, 'SIGKILL');

		// The old tracks go away first (the pages drop the dead consumers)…
		await expect.poll(async () => (await alice.video(bob)) === null || (await bob.video(alice)) === null, { timeout: 10_000, interval: 50 }).toBe(true);
		// …then the call comes back on the replacement worker.
		const took = await recovered(alice, bob, killedAt);
		console.log(`[media-recovery] worker SIGKILL → both pages render video again: ${Math.round(took)} ms`);
		expect(took).toBeLessThan(RECOVERY_BUDGET_MS);

		expect(harness.pool.workers.map((w) => w.pid)).not.toContain(oldPid);
		expect(media.router.id).not.toBe(oldRouter);
		expect(media.worker.pid).not.toBe(oldPid);
		expect(media.counts()).toMatchObject({ peers: 2, producers: 4 });
		// The same players, the same room: nobody was disconnected.
		expect([...room.state.players.keys()].sort()).toEqual([alice.id, bob.id].sort());
	});

	it('a dropped WebSocket reconnects to the same avatar, and media comes back', async () => {
		// @colyseus/sdk reconnects only a room joined at least 5 s ago (its `minUptime`).
		await new Promise((r) => setTimeout(r, Math.max(0, bobJoinedAt + 5_500 - performance.now())));
		const room = await harness.room();
		const socket = room.clients.find((client) => client.sessionId === bob.id);
		expect(socket).toBeDefined();
		const droppedAt = performance.now();
		// No close frame: what a network change or a sleeping laptop looks like to the server (1006).
		(socket!.ref as unknown as { terminate(): void }).terminate();

		// The avatar waits for its player during the grace period.
		await expect.poll(() => connectionOf(bob), { timeout: 5_000, interval: 50 }).toMatchObject({ history: expect.arrayContaining(['reconnecting']) });
		expect(room.state.players.has(bob.id)).toBe(true);

		// The server reset Bob's media on reconnect: his old tracks go, new ones come.
		await expect.poll(async () => (await alice.video(bob)) === null || (await bob.video(alice)) === null, { timeout: 10_000, interval: 50 }).toBe(true);
		const took = await recovered(alice, bob, droppedAt);
		console.log(`[media-recovery] WebSocket dropped → reconnected and video back on both pages: ${Math.round(took)} ms`);
		expect(await connectionOf(bob)).toEqual({ state: 'connected', history: ['connected', 'reconnecting', 'connected'] });
		// Same session: the SDK reconnected rather than joining anew.
		expect(await bob.page.evaluate(() => (window as unknown as { hallway: WorldClientTestPage }).hallway.sessionId)).toBe(bob.id);
		expect([...room.state.players.keys()].sort()).toEqual([alice.id, bob.id].sort());
		expect(room.media!.counts()).toMatchObject({ peers: 2, producers: 4 });
	});
});

/**
 * The network under the call goes away and comes back: all WebRTC traffic
 * runs through a UDP relay (the worker announces the relay's address, UDP only)
 * that the test cuts for a while (it drops every packet both ways). The WebSockets are untouched: only ICE
 * notices, and the pages restart it until the path works again.
 */
describe('a call survives an ICE failure (WorldClient in Chromium)', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let relay: RelayProcess;

	beforeAll(async () => {
		// The worker listens on 127.0.0.1 and tells browsers to use 127.0.0.2, where the relay is.
		const port = await freeUdpPort();
		relay = await startRelayProcess(port, { host: RELAY_ADDRESS, port });
		harness = await startWorldHarness(CLIENT_PAGE, { workers: 1, pool: { basePort: port, announcedAddress: RELAY_ADDRESS, protocols: ['udp'] } });
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
		relay?.close();
	});

	it('restarts ICE while the path is down, and video comes back once it is up again', async () => {
		const alice = await TestPlayer.open(browser, harness.url, 'Alice', 'lobby');
		const bob = await TestPlayer.open(browser, harness.url, 'Bob', 'lobby');
		await expect.poll(() => seeEachOther(alice, bob), { timeout: 20_000, interval: 200 }).toBe(true);
		const media = (await harness.room()).media!;
		const restarts: string[] = [];
		const handle = media.handleRequest.bind(media);
		media.handleRequest = (peerId, type, payload) => {
			if (type === 'media.restartIce') restarts.push(peerId);
			return handle(peerId, type, payload);
		};

		await relay.setLoss(1);
		// Frames stop, the transports go disconnected and the pages ask for ICE restarts.
		await expect.poll(() => peerConnectionStatesOf(bob), { timeout: 20_000, interval: 200 }).toContain('disconnected');
		await expect.poll(() => new Set(restarts).size, { timeout: 20_000, interval: 200 }).toBe(2);
		expect(await seeEachOther(alice, bob)).toBe(false);
		const restoredAt = performance.now();
		await relay.setLoss(0);

		const took = await recovered(alice, bob, restoredAt);
		console.log(`[media-recovery] network back → video on both pages: ${Math.round(took)} ms (${restarts.length} ICE restarts, ${(await relay.counts()).dropped} datagrams dropped)`);
		// The same transports carry the call: nothing was rebuilt.
		expect(media.counts()).toMatchObject({ peers: 2, transports: 4, producers: 4 });
		expect(await connectionOf(bob)).toEqual({ state: 'connected', history: ['connected'] });
	});
});

/** Both pages render the other's camera and its frame count grows. */
async function seeEachOther(alice: TestPlayer, bob: TestPlayer): Promise<boolean> {
	if (!(await alice.seesVideoOf(bob)) || !(await bob.seesVideoOf(alice))) return false;
	const before = [(await alice.video(bob))!.frames, (await bob.video(alice))!.frames];
	await new Promise((r) => setTimeout(r, 300));
	const after = [(await alice.video(bob))?.frames ?? 0, (await bob.video(alice))?.frames ?? 0];
	return after[0]! > before[0]! && after[1]! > before[1]!;
}

/** Waits until the call is back; returns the time it took from `since`. */
async function recovered(alice: TestPlayer, bob: TestPlayer, since: number, timeout = 30_000): Promise<number> {
	await expect.poll(() => seeEachOther(alice, bob), { timeout, interval: 100 }).toBe(true);
	return performance.now() - since;
}

function peerConnectionStatesOf(player: TestPlayer): Promise<string[]> {
	return player.page.evaluate(() => (window as unknown as { hallway: WorldClientTestPage }).hallway.peerConnectionStates());
}

function connectionOf(player: TestPlayer): Promise<{ state: string; history: string[] }> {
	return player.page.evaluate(() => (window as unknown as { hallway: WorldClientTestPage }).hallway.connection());
}
