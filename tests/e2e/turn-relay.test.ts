import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { startCoturn, type TurnServer } from './support/coturn.js';
import { TestPlayer } from './support/hallway-page.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';
import type { HallwayTestPage, IceRoute } from './world/test-page-api.js';

const PAGE = fileURLToPath(new URL('./world/page.ts', import.meta.url));
/** Lobby of the demo office; Bob stops 48 px east of it, well inside the call radius. */
const LOBBY = { x: 624, y: 784 };

function iceRoutes(player: TestPlayer): Promise<IceRoute[]> {
	return player.page.evaluate(() => (window as unknown as { hallway: HallwayTestPage }).hallway.iceRoutes());
}

describe('TURN: with iceTransportPolicy relay, the call goes through coturn', () => {
	let turn: TurnServer;
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;

	beforeAll(async () => {
		turn = await startCoturn();
		harness = await startWorldHarness(PAGE, { media: { iceServers: [turn.iceServer], iceTransportPolicy: 'relay' } });
		browser = await launchChromium();
		alice = await TestPlayer.open(browser, harness.url, 'Alice', 'lobby');
		bob = await TestPlayer.open(browser, harness.url, 'Bob', 'east-wing');
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
		await turn?.close();
	});

	it('hands the browsers the configured TURN server and the relay-only policy', async () => {
		const routes = await iceRoutes(alice);
		expect(routes.length).toBeGreaterThan(0);
		for (const route of routes) {
			expect(route).toMatchObject({ iceTransportPolicy: 'relay', iceServers: [turn.iceServer.urls] });
		}
	});

	it('plays each other\'s camera once Bob walks up to Alice', async () => {
		await bob.walkTo(LOBBY.x + 48, LOBBY.y);
		await expect.poll(() => alice.seesVideoOf(bob), { timeout: 20_000, interval: 200 }).toBe(true);
		await expect.poll(() => bob.seesVideoOf(alice), { timeout: 20_000, interval: 200 }).toBe(true);
		const before = (await alice.video(bob))!.frames;
		await new Promise((r) => setTimeout(r, 1000));
		expect((await alice.video(bob))!.frames).toBeGreaterThan(before);
		expect(await alice.activeFrom(bob)).toEqual(['camera', 'microphone']);
	});

	it('sends and receives through relay candidates only, on allocations coturn granted', async () => {
		for (const player of [alice, bob]) {
			const routes = await iceRoutes(player);
			// Send and receive transports, each connected from a relayed local candidate to mediasoup's host candidate.
			expect(routes).toHaveLength(2);
			for (const route of routes) expect(route).toMatchObject({ connectionState: 'connected', local: 'relay', remote: 'host' });
		}
		// coturn's side: at least one allocation per transport (Chromium may make more while gathering),
		// with permission for mediasoup's address on loopback.
		expect(turn.allocations()).toBeGreaterThanOrEqual(4);
		expect(turn.log()).toMatch(/CREATE_PERMISSION processed, success/);
		expect(await alice.errors()).toEqual([]);
		expect(await bob.errors()).toEqual([]);
	});
});

describe('TURN: with iceTransportPolicy relay and no TURN server, nothing connects', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;

	beforeAll(async () => {
		harness = await startWorldHarness(PAGE, { media: { iceTransportPolicy: 'relay' } });
		browser = await launchChromium();
		alice = await TestPlayer.open(browser, harness.url, 'Alice', 'lobby');
		bob = await TestPlayer.open(browser, harness.url, 'Bob', 'east-wing');
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('subscribes the players but no transport ever selects a route, so no video plays', async () => {
		await bob.walkTo(LOBBY.x + 48, LOBBY.y);
		// The server side works as usual: Alice is handed Bob's tracks…
		await expect.poll(() => alice.activeFrom(bob), { timeout: 15_000, interval: 250 }).toEqual(['camera', 'microphone']);
		// …but without a relay candidate there is nothing to pair with mediasoup's host candidates.
		await new Promise((r) => setTimeout(r, 3000));
		for (const player of [alice, bob]) {
			const routes = await iceRoutes(player);
			expect(routes).toHaveLength(2);
			for (const route of routes) {
				expect(route).toMatchObject({ iceTransportPolicy: 'relay', iceServers: [], local: null });
				expect(route.connectionState).not.toBe('connected');
			}
		}
		expect(await alice.seesVideoOf(bob)).toBe(false);
	});
});
