import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

/** Lobby (624, 784) and east wing (1040, 368) of the demo office: ~590 px apart, beyond the approach ring. */
const LOBBY = { x: 624, y: 784 };
const EAST_WING = { x: 1040, y: 368 };

describe('proximity call in Chromium: the server connects players who walk up to each other', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;

	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./world/page.ts', import.meta.url)));
		browser = await launchChromium();
		alice = await TestPlayer.open(browser, harness.url, 'Alice', 'lobby');
		bob = await TestPlayer.open(browser, harness.url, 'Bob', 'east-wing');
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('connects nothing while the players are far apart', async () => {
		await new Promise((r) => setTimeout(r, 1000));
		expect(await alice.remote()).toEqual([]);
		expect(await bob.remote()).toEqual([]);
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

	it('measures audio levels: Alice sees herself and Bob speaking (the fake microphone beeps)', async () => {
		await expect.poll(async () => (await alice.speakers()).sort(), { timeout: 10_000, interval: 250 }).toEqual([bob.id, 'self'].sort());
	});

	it('stops the call when Bob walks away: hidden at once, closed after the grace period', async () => {
		await bob.walkTo(EAST_WING.x, EAST_WING.y);
		await expect.poll(() => alice.video(bob), { timeout: 15_000, interval: 200 }).toBeNull();
		await expect.poll(() => alice.remote(), { timeout: 15_000, interval: 250 }).toEqual([]);
		await expect.poll(() => bob.remote(), { timeout: 15_000, interval: 250 }).toEqual([]);
		expect(await alice.errors()).toEqual([]);
	});
});
