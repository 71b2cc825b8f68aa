import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

type Hallway = {
	ready: boolean;
	errors: string[];
	sessionId: string;
	walkTo(x: number, y: number): void;
	position(id?: string): { x?: number; y?: number };
	remote(): { peerId: string; source: string; kind: string; active: boolean }[];
	video(peerId: string, source?: string): { readyState: number; width: number; frames: number } | null;
};

function hallway<T>(page: Page, fn: (h: Hallway, arg: string) => T, arg = ''): Promise<T> {
	return page.evaluate(
		([body, a]) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { hallway: Hallway }).hallway, a),
		[fn.toString(), arg] as const,
	) as Promise<T>;
}

/** Lobby (624, 784) and east wing (1040, 368) of the demo office: ~590 px apart, beyond the approach ring. */
const LOBBY = { x: 624, y: 784 };
const EAST_WING = { x: 1040, y: 368 };

describe('proximity call in Chromium: the server connects players who walk up to each other', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: Page;
	let bob: Page;
	let aliceId: string;
	let bobId: string;


	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./world/page.ts', import.meta.url)));
		browser = await launchChromium();
		[alice, bob] = await Promise.all([browser.newPage(), browser.newPage()]);
		await alice.goto(`${harness.url}?name=Alice&spawn=lobby`);
		await bob.goto(`${harness.url}?name=Bob&spawn=east-wing`);
		for (const page of [alice, bob]) {
			await vi.waitFor(async () => expect(await hallway(page, (h) => ({ ready: h.ready, errors: h.errors }))).toEqual({ ready: true, errors: [] }), {
				timeout: 20_000,
				interval: 200,
			});
		}
		aliceId = await hallway(alice, (h) => h.sessionId);
		bobId = await hallway(bob, (h) => h.sessionId);
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	it('connects nothing while the players are far apart', async () => {
		await new Promise((r) => setTimeout(r, 1000));
		expect(await hallway(alice, (h) => h.remote())).toEqual([]);
		expect(await hallway(bob, (h) => h.remote())).toEqual([]);
	});

	it('plays each other\'s camera once Bob walks up to Alice', async () => {
		await hallway(bob, (h, a) => {
			const [x, y] = a.split(',').map(Number);
			h.walkTo(x!, y!);
		}, `${LOBBY.x + 48},${LOBBY.y}`);
		for (const [page, other] of [
			[alice, bobId],
			[bob, aliceId],
		] as const) {
			await expect
				.poll(async () => {
					const video = await hallway(page, (h, peer) => h.video(peer), other);
					return video !== null && video.readyState >= 2 && video.width > 0;
				}, { timeout: 20_000, interval: 200 })
				.toBe(true);
		}
		const before = (await hallway(alice, (h, peer) => h.video(peer), bobId))!.frames;
		await new Promise((r) => setTimeout(r, 1000));
		const after = (await hallway(alice, (h, peer) => h.video(peer), bobId))!.frames;
		expect(after).toBeGreaterThan(before);
		const remote = await hallway(alice, (h) => h.remote());
		expect(remote.filter((t) => t.peerId === bobId && t.active).map((t) => t.source).sort()).toEqual(['camera', 'microphone']);
	});

	it('stops the call when Bob walks away: hidden at once, closed after the grace period', async () => {
		await hallway(bob, (h, a) => {
			const [x, y] = a.split(',').map(Number);
			h.walkTo(x!, y!);
		}, `${EAST_WING.x},${EAST_WING.y}`);
		await expect.poll(() => hallway(alice, (h, peer) => h.video(peer), bobId), { timeout: 15_000, interval: 200 }).toBeNull();
		await expect.poll(() => hallway(alice, (h) => h.remote()), { timeout: 15_000, interval: 250 }).toEqual([]);
		await expect.poll(() => hallway(bob, (h) => h.remote()), { timeout: 15_000, interval: 250 }).toEqual([]);
		expect(await hallway(alice, (h) => h.errors)).toEqual([]);
	});
});
