import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from './support/chromium.js';
import {
	type BubbleWish,
	cameraBubble,
	clientEvents,
	demoState as seen,
	type OfficeDemo,
	settledPosition,
	startOfficeDemo,
	waitForCameraBubble,
	watchClient,
} from './support/office-demo.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots go to docs/images with HALLWAY_SCREENSHOTS=1 (to refresh the docs), else to test-results/. */
const screenshots = process.env['HALLWAY_SCREENSHOTS'] ? path.join(repo, 'docs/images') : path.join(repo, 'test-results');

/** The lobby spawn; the row y = 784 is open floor from x = 224 to x = 864. */
const LOBBY = { x: 624, y: 784 };

/** One player: the office demo page, driven like a person would (keyboard, chat box, status menu). */
class DemoPlayer {
	constructor(
		readonly page: Page,
		readonly id: string,
		readonly name: string,
	) {}

	/** `renderer: 'canvas'` for pages that are never photographed: WebGL without a GPU costs ~100 ms a frame. */
	static async open(browser: Browser, url: string, name: string, renderer: 'auto' | 'canvas' = 'auto'): Promise<DemoPlayer> {
		const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
		await page.goto(`${url}?name=${name}&autojoin=1&spawn=lobby&renderer=${renderer}`);
		await vi.waitFor(async () => expect(await seen(page).then((s) => s?.connected && s.camera === 'on')).toBe(true), { timeout: 30_000, interval: 250 });
		// Kept for failure messages: a connection that dropped, errors, the tracks and bubbles of others.
		await watchClient(page);
		return new DemoPlayer(page, (await seen(page))!.self.id, name);
	}

	position(): Promise<{ x: number; y: number }> {
		return seen(this.page).then((s) => s!.self);
	}

	/**
	 * Walks along the row with real arrow-key events until the avatar stands
	 * within `tolerance` px of `x`, as a person would: hold, release, correct.
	 * (A busy page may deliver the key-up late, so one hold can overshoot.)
	 */
	async walkWithKeysTo(x: number, tolerance = 40): Promise<void> {
		// Keys walk the avatar unless a text field has the focus (the chat box takes them then).
		await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		// Where each hold started and where it settled: when a walk fails, this
		// tells a prediction the server took back from keys that did not move.
		const holds: string[] = [];
		for (let attempt = 0; attempt < 6; attempt++) {
			const at = await this.settledPosition();
			if (holds.length > 0) holds[holds.length - 1] += ` settled ${at.x}`;
			if (Math.abs(at.x - x) <= tolerance) return;
			const key = x < at.x ? 'ArrowLeft' : 'ArrowRight';
			await this.page.keyboard.down(key);
			try {
				await vi.waitFor(async () => expect(((await this.position()).x - x) * (key === 'ArrowLeft' ? 1 : -1)).toBeLessThanOrEqual(0), { timeout: 15_000, interval: 30 });
			} catch {
				holds.push(`${key} from ${at.x} stopped at ${(await this.position()).x} for 15 s`);
				throw await this.#walkFailure(x, holds);
			} finally {
				await this.page.keyboard.up(key);
			}
			holds.push(`${key} from ${at.x} reached ${(await this.position()).x}`);
		}
		// The last hold may have been the one that got there.
		const at = await this.settledPosition();
		if (Math.abs(at.x - x) <= tolerance) return;
		holds[holds.length - 1] += ` settled ${at.x}`;
		throw await this.#walkFailure(x, holds);
	}

	/** Why a walk failed: each hold, the connection, and what the client reported meanwhile. */
	async #walkFailure(x: number, holds: string[]): Promise<Error> {
		const state = await seen(this.page);
		// Its own events: the connection, errors, its media.
		const log = (await clientEvents(this.page)).filter((e) => e.player === null).map((e) => `${new Date(e.at).toISOString().slice(11, 23)} ${e.text}`);
		return new Error(
			`could not walk to x = ${x} (at ${state?.self.x}, y ${state?.self.y}, connected: ${state?.connected}; holds: ${holds.join('; ')}; ` +
				`client log: ${log.length > 0 ? log.join(' | ') : 'nothing'})`,
		);
	}

	/** The position once the avatar has stopped. */
	settledPosition(): Promise<{ x: number; y: number }> {
		return settledPosition(this.page, 250);
	}

	/** The live camera bubble of a player on this page, as laid out on screen. */
	bubbleOf(playerId: string): ReturnType<typeof cameraBubble> {
		return cameraBubble(this.page, playerId);
	}

	/** Waits until this page plays `speaker`'s camera, shows none, or has no bubble of it left; a timeout says what both sides saw and did since `since`. */
	waitForBubbleOf(speaker: DemoPlayer, want: BubbleWish, timeout: number, since?: number): Promise<void> {
		return waitForCameraBubble(this, speaker, want, { timeout, since });
	}

	/** Where an avatar is drawn on screen, from the Phaser camera. */
	avatarOnScreen(playerId: string): Promise<{ x: number; y: number }> {
		return this.page.evaluate((id) => {
			const demo = (window as unknown as { hallwayDemo: { client: { players: Map<string, { x: number; y: number }> }; game: any } }).hallwayDemo;
			const player = demo.client.players.get(id)!;
			const scene = demo.game.scene.getScenes(true)[0];
			const camera = scene.cameras.main;
			const canvas = demo.game.canvas.getBoundingClientRect();
			const scale = canvas.width / demo.game.scale.width;
			return {
				x: canvas.left + (player.x - camera.worldView.x) * camera.zoom * scale,
				y: canvas.top + (player.y - camera.worldView.y) * camera.zoom * scale,
			};
		}, playerId);
	}
}

describe('the office demo in Chromium: two people walk together, talk, chat, go do-not-disturb, take the portal', () => {
	let demo: OfficeDemo;
	let browser: Browser;
	let alice: DemoPlayer;
	let bob: DemoPlayer;

	beforeAll(async () => {
		demo = await startOfficeDemo();
		await mkdir(screenshots, { recursive: true });
		browser = await launchChromium();
		alice = await DemoPlayer.open(browser, demo.url, 'Alice');
		bob = await DemoPlayer.open(browser, demo.url, 'Bob', 'canvas');
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await demo?.close();
	});

	it('starts with Bob walking away with the arrow keys: no call at a distance', async () => {
		await bob.walkWithKeysTo(LOBBY.x - 330);
		await alice.waitForBubbleOf(bob, 'gone', 15_000);
	});

	it('walking up with the keyboard shows Bob\'s video bubble on Alice\'s screen, above Bob\'s avatar', async () => {
		// 60 to 120 px from Alice: within the engine's enterRadius (128 px). Between 128 and 160 px a call
		// that started closer goes on, but one that stopped (do-not-disturb, below) does not start again.
		await bob.walkWithKeysTo(LOBBY.x - 90, 30);
		await alice.waitForBubbleOf(bob, 'playing', 20_000);
		await bob.waitForBubbleOf(alice, 'playing', 20_000);
		// Let the layout settle (bubbles ease into place), then compare with where the avatars are drawn.
		await new Promise((r) => setTimeout(r, 800));
		const bubble = (await alice.bubbleOf(bob.id))!;
		const bobOnScreen = await alice.avatarOnScreen(bob.id);
		const aliceOnScreen = await alice.avatarOnScreen(alice.id);
		expect(bubble.bottom).toBeLessThan(bobOnScreen.y);
		expect(Math.abs(bubble.x - bobOnScreen.x)).toBeLessThan(Math.abs(bubble.x - aliceOnScreen.x));
		await alice.page.screenshot({ path: path.join(screenshots, 'office-call.png') });
	});

	it('delivers a chat line typed in the chat box, and typing does not walk the avatar', async () => {
		const before = await alice.position();
		const box = alice.page.getByLabel('Chat message');
		await box.click();
		await box.pressSequentially('hi Bob, wasd!');
		await box.press('Enter');
		await expect.poll(() => bob.page.locator('.chat-line').filter({ hasText: 'hi Bob, wasd!' }).count(), { timeout: 10_000, interval: 200 }).toBe(1);
		expect(await alice.position()).toEqual(before);
		// Back to the game: Escape leaves the chat box.
		await box.press('Escape');
	});

	it('do-not-disturb stops the call; available brings it back', async () => {
		// Failure messages show both clients' events from here on.
		const start = Date.now();
		await alice.page.locator('.status-pill select').selectOption('dnd');
		await bob.waitForBubbleOf(alice, 'gone', 15_000, start);
		await alice.waitForBubbleOf(bob, 'gone', 15_000, start);
		await alice.page.locator('.status-pill select').selectOption('available');
		await bob.waitForBubbleOf(alice, 'playing', 20_000, start);
	});

	it('walking away with the keyboard ends the call: the bubble goes', async () => {
		await bob.walkWithKeysTo(LOBBY.x - 330);
		await alice.waitForBubbleOf(bob, 'gone', 15_000);
		await bob.waitForBubbleOf(alice, 'gone', 15_000);
		// Out of the approach ring too (330 px > 224 px): the paused consumers that kept the
		// bubbles ready close, and the hidden bubbles go with them instead of piling up.
		await alice.waitForBubbleOf(bob, 'removed', 15_000);
		await bob.waitForBubbleOf(alice, 'removed', 15_000);
	});

	it('a visitor who blocks the camera and microphone still joins, is told why, and others see her avatar', async () => {
		const blocking = await launchChromium({ denyMedia: true });
		try {
			const page = await blocking.newPage({ viewport: { width: 1100, height: 700 } });
			await page.goto(`${demo.url}?name=Carol&autojoin=1&spawn=lobby&renderer=canvas`);
			await expect.poll(() => seen(page).then((s) => s?.connected && s.camera), { timeout: 30_000, interval: 250 }).toBe('denied');
			const state = await page.evaluate(() => (window as any).hallwayDemo.client.media.state);
			expect(state).toMatchObject({ camera: 'denied', microphone: 'denied', connected: true });
			// The control bar shows it on the camera button.
			await expect.poll(() => page.locator('button.control[data-source="camera"][data-state="denied"]').count(), { timeout: 10_000, interval: 200 }).toBe(1);
			// She is in the world all the same: the others see her.
			const carol = (await seen(page))!.self.id;
			await expect.poll(() => bob.page.evaluate((id) => (window as any).hallwayDemo.client.players.has(id), carol), { timeout: 10_000 }).toBe(true);
			await page.close();
		} finally {
			await blocking.close();
		}
	});

	it('the devices menu turns the audio settings and audio-only mode on and off', async () => {
		const media = () => alice.page.evaluate(() => {
			const { camera, audioOnly, audioProcessing } = (window as any).hallwayDemo.client.media.state;
			return { camera, audioOnly, echoCancellation: audioProcessing.echoCancellation as boolean };
		});
		await alice.page.getByRole('button', { name: /audio settings/ }).click();
		const audioOnly = alice.page.getByRole('checkbox', { name: 'Audio only' });
		const echo = alice.page.getByRole('checkbox', { name: 'Echo cancellation' });
		expect(await echo.isChecked()).toBe(true);
		expect(await audioOnly.isChecked()).toBe(false);

		await audioOnly.check();
		await expect.poll(media, { timeout: 10_000 }).toEqual({ camera: 'off', audioOnly: true, echoCancellation: true });
		expect(await alice.page.locator('button.control[data-source="camera"]').isDisabled()).toBe(true);
		await audioOnly.uncheck();
		await expect.poll(media, { timeout: 15_000 }).toEqual({ camera: 'on', audioOnly: false, echoCancellation: true });

		await echo.uncheck();
		await expect.poll(media, { timeout: 10_000 }).toMatchObject({ echoCancellation: false });
		// The state says what was asked at once; the microphone gets it when applied, or captured again.
		await expect
			.poll(() => alice.page.evaluate(() => (window as any).hallwayDemo.client.media.localTrack('microphone')?.getSettings().echoCancellation), { timeout: 10_000 })
			.toBe(false);
		await echo.check();
		await expect.poll(media, { timeout: 10_000 }).toMatchObject({ echoCancellation: true });
		await alice.page.keyboard.press('Escape');
	});

	it('the portal below the lobby takes Alice to the garden, camera still on', async () => {
		await alice.page.keyboard.down('ArrowDown');
		try {
			await expect.poll(() => seen(alice.page).then((s) => s?.map), { timeout: 20_000, interval: 200 }).toBe('garden');
		} finally {
			await alice.page.keyboard.up('ArrowDown');
		}
		await expect.poll(() => seen(alice.page).then((s) => s?.connected && s.camera === 'on'), { timeout: 20_000, interval: 250 }).toBe(true);
		// Bob, still in the office, sees Alice leave the map.
		await expect.poll(() => bob.page.evaluate((id) => (window as any).hallwayDemo.client.players.has(id), alice.id), { timeout: 10_000 }).toBe(false);
		await new Promise((r) => setTimeout(r, 500));
		await alice.page.screenshot({ path: path.join(screenshots, 'office-garden.png') });
	});
});
