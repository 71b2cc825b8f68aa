import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

/**
 * One world across two workers: with a consumer budget of 1, the first
 * player's router is full as soon as it hosts one consumer, so the second
 * player lands on a router on the other worker and each camera reaches the
 * other through `pipeToRouter`.
 */
describe('a call between players on routers of different workers (pipeToRouter), in Chromium', () => {
	let harness: WorldHarness;
	let browser: Browser;

	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./world/page.ts', import.meta.url)), { workers: 2, media: { routerConsumerBudget: 1 } });
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('plays each other\'s camera although their media lives on different workers', async () => {
		const alice = await TestPlayer.open(browser, harness.url, 'Alice', 'east-wing');
		// Carol fills Alice's router (its budget is one consumer) before Bob arrives.
		const carol = await TestPlayer.open(browser, harness.url, 'Carol', 'east-wing');
		await expect.poll(() => carol.seesVideoOf(alice), { timeout: 20_000, interval: 200 }).toBe(true);
		const bob = await TestPlayer.open(browser, harness.url, 'Bob', 'lobby');
		const media = (await harness.room()).media!;
		const homes = new Set([alice, bob].map((p) => media.peer(p.id)?.home?.worker));
		expect(homes.size).toBe(2);

		await bob.walkTo(1040 + 48, 368 + 32);
		await expect.poll(() => alice.seesVideoOf(bob), { timeout: 20_000, interval: 200 }).toBe(true);
		await expect.poll(() => bob.seesVideoOf(alice), { timeout: 20_000, interval: 200 }).toBe(true);
		const before = (await bob.video(alice))!.frames;
		await new Promise((r) => setTimeout(r, 1000));
		expect((await bob.video(alice))!.frames).toBeGreaterThan(before);
		expect(media.pipeCount).toBeGreaterThan(0);
		expect([...(await alice.errors()), ...(await bob.errors())]).toEqual([]);
	});
});
