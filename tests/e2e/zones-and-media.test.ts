import { fileURLToPath } from 'node:url';
import { matchMaker } from '@colyseus/core';
import type { WorldRoom } from '@hallway/world-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

/**
 * Meeting Room A of the demo office is the private zone x 32..320, y 32..256,
 * with its door in the wall row y 256..288 at x 128..192.
 */
const INSIDE_BY_THE_DOOR = { x: 160, y: 224 };
const INSIDE_FAR_CORNER = { x: 280, y: 72 };
const OUTSIDE_BY_THE_DOOR = { x: 160, y: 312 };

/** The office room instance in this process (the test harness runs the server in-process). */
async function officeRoom(): Promise<WorldRoom> {
	const [listing] = await matchMaker.query({ name: 'office' });
	return matchMaker.getLocalRoomById(listing!.roomId) as unknown as WorldRoom;
}

describe('zones, mute and screen share in Chromium', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;
	let carol: TestPlayer;

	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./world/page.ts', import.meta.url)));
		browser = await launchChromium();
		[alice, bob, carol] = await Promise.all([
			TestPlayer.open(browser, harness.url, 'Alice', 'east-wing'),
			TestPlayer.open(browser, harness.url, 'Bob', 'lobby'),
			TestPlayer.open(browser, harness.url, 'Carol', 'from-garden'),
		]);
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('keeps a meeting room private: someone just outside the door hears nothing, though closer than the enter radius', async () => {
		const [inside, outside] = await Promise.all([
			alice.walkTo(INSIDE_BY_THE_DOOR.x, INSIDE_BY_THE_DOOR.y, 30_000),
			bob.walkTo(OUTSIDE_BY_THE_DOOR.x, OUTSIDE_BY_THE_DOOR.y, 30_000),
		]);
		// Alice inside the room, Bob outside the wall, well within the 128 px enter radius of each other.
		expect(inside.y).toBeLessThan(256);
		expect(outside.y).toBeGreaterThan(288);
		expect(Math.hypot(inside.x - outside.x, inside.y - outside.y)).toBeLessThan(128);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await bob.activeFrom(alice)).toEqual([]);
		expect(await alice.activeFrom(bob)).toEqual([]);
		// Consumers made while their paths crossed on the way (paused, no media) close after the grace period.
		await expect.poll(async () => (await bob.remote()).filter((t) => t.peerId === alice.id), { timeout: 10_000, interval: 250 }).toEqual([]);
		expect(await bob.activeFrom(alice)).toEqual([]);
	});

	it('connects everyone inside the meeting room, whatever the distance', async () => {
		await carol.walkTo(INSIDE_FAR_CORNER.x, INSIDE_FAR_CORNER.y, 30_000);
		await expect.poll(() => carol.seesVideoOf(alice), { timeout: 20_000, interval: 250 }).toBe(true);
		await expect.poll(() => alice.seesVideoOf(carol), { timeout: 20_000, interval: 250 }).toBe(true);
		expect(await bob.activeFrom(carol)).toEqual([]);
	});

	it('tells listeners when a speaker mutes, and the server stops forwarding', async () => {
		await alice.mute('microphone', true);
		await expect
			.poll(async () => (await carol.remote()).find((t) => t.peerId === alice.id && t.source === 'microphone')?.muted, { timeout: 10_000 })
			.toBe(true);
		// The server paused the producer: nothing is forwarded to anyone.
		expect((await officeRoom()).media!.peer(alice.id)!.producers.get('microphone')!.paused).toBe(true);
		await alice.mute('microphone', false);
		await expect
			.poll(async () => (await carol.remote()).find((t) => t.peerId === alice.id && t.source === 'microphone')?.muted, { timeout: 10_000 })
			.toBe(false);
	});

	it('shows a screen share to players in the call only', async () => {
		await alice.shareScreen();
		await expect.poll(() => carol.seesVideoOf(alice, 'screen'), { timeout: 20_000, interval: 250 }).toBe(true);
		await new Promise((r) => setTimeout(r, 1000));
		expect((await bob.remote()).filter((t) => t.source === 'screen')).toEqual([]);
		expect(await alice.errors()).toEqual([]);
	});
});
