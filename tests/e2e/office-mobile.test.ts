import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// The pure helper's own module, not the package entry (which imports Phaser).
import { bubbleSizeFor } from '../../packages/world-client/src/phaser/bubble-layout.js';
import { launchChromium } from './support/chromium.js';
import { cameraBubble, demoState, type OfficeDemo, settledPosition, startOfficeDemo, worldToScreen } from './support/office-demo.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots go to docs/images with HALLWAY_SCREENSHOTS=1 (to refresh the docs), else to test-results/. */
const screenshots = process.env['HALLWAY_SCREENSHOTS'] ? path.join(repo, 'docs/images') : path.join(repo, 'test-results');

/** A phone held upright: the CSS viewport of an iPhone 14 / 15. */
const PHONE = { width: 390, height: 844 };
/** The demo's bubble size on large screens (world-view.ts). */
const DEMO_BUBBLE_SIZE = 96;
/** The lobby's open floor row: y = 784 from x = 224 to x = 864. */
const FLOOR = { y: 784, minX: 224 + 32, maxX: 864 - 32 };

/** One person on a phone: the office demo in a mobile Chromium context (touch, no mouse), driven with fingers. */
class PhonePlayer {
	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
		readonly cdp: CDPSession,
		readonly id: string,
	) {}

	static async open(browser: Browser, url: string, name: string, renderer: 'auto' | 'canvas' = 'auto'): Promise<PhonePlayer> {
		const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await page.goto(`${url}?name=${name}&autojoin=1&spawn=lobby&renderer=${renderer}`);
		await vi.waitFor(async () => expect(await demoState(page).then((s) => s?.connected && s.camera === 'on')).toBe(true), { timeout: 30_000, interval: 250 });
		return new PhonePlayer(context, page, await context.newCDPSession(page), (await demoState(page))!.self.id);
	}

	position(): Promise<{ x: number; y: number }> {
		return demoState(this.page).then((s) => ({ x: s!.self.x, y: s!.self.y }));
	}

	/** Where another client (the server's word, through its state sync) sees this player. */
	seenBy(other: PhonePlayer): Promise<{ x: number; y: number } | undefined> {
		return other.page.evaluate((id) => {
			const player = (window as any).hallwayDemo.client.players.get(id);
			return player?.inView ? { x: player.x, y: player.y } : undefined;
		}, this.id);
	}

	/** The position once the avatar has stopped. */
	settledPosition(): Promise<{ x: number; y: number }> {
		return settledPosition(this.page, 300);
	}

	/** A finger pressed at a point, moved through `path`, lifted (CDP touch events, as a phone's screen sends them). */
	async drag(from: { x: number; y: number }, path: readonly { x: number; y: number }[], holdMs = 0): Promise<void> {
		await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...from, id: 1 }] });
		for (const point of path) {
			await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ ...point, id: 1 }] });
			await new Promise((r) => setTimeout(r, 30));
		}
		await new Promise((r) => setTimeout(r, holdMs));
		await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	}

	/** Two fingers moving apart (`to` > `from`: zoom in) or together around a point, `from`/`to` px apart. */
	async pinch(centre: { x: number; y: number }, from: number, to: number, steps = 8): Promise<void> {
		const points = (spread: number) => [
			{ x: centre.x - spread / 2, y: centre.y, id: 1 },
			{ x: centre.x + spread / 2, y: centre.y, id: 2 },
		];
		await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(from) });
		for (let step = 1; step <= steps; step++) {
			await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(from + ((to - from) * step) / steps) });
			await new Promise((r) => setTimeout(r, 40));
		}
		await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	}

	/** The live camera bubble of a player on this page: its layout size (before the distance scale) and whether video plays. */
	bubbleOf(playerId: string): ReturnType<typeof cameraBubble> {
		return cameraBubble(this.page, playerId);
	}

	zoom(): Promise<number> {
		return this.page.evaluate(() => (window as any).hallwayDemo.game.scene.getScenes(true)[0].cameras.main.zoom as number);
	}

	/** The sheet with people and chat: open (on screen, done sliding) or not. */
	panel(): Promise<{ open: boolean; top: number; bottom: number; barTop: number }> {
		return this.page.evaluate(() => {
			const panel = document.querySelector<HTMLElement>('.side-panel')!;
			const box = panel.getBoundingClientRect();
			const bar = document.querySelector<HTMLElement>('.controls')!.getBoundingClientRect();
			const style = getComputedStyle(panel);
			const settled = panel.getAnimations().length === 0;
			return { open: settled && style.visibility !== 'hidden' && style.display !== 'none' && box.bottom <= innerHeight + 1, top: box.top, bottom: box.bottom, barTop: bar.top };
		});
	}

	async close(): Promise<void> {
		await this.context.close();
	}
}

describe('the office demo on a phone (390×844, touch): tap to walk, joystick, pinch, bottom sheet, small bubbles, camera switch', () => {
	let demo: OfficeDemo;
	let browser: Browser;
	let alice: PhonePlayer;
	let bob: PhonePlayer;

	beforeAll(async () => {
		demo = await startOfficeDemo();
		await mkdir(screenshots, { recursive: true });
		// Two fake cameras, as a phone has a front and a back one.
		browser = await launchChromium({ fakeCameras: 2 });
		alice = await PhonePlayer.open(browser, demo.url, 'Alice');
		bob = await PhonePlayer.open(browser, demo.url, 'Bob', 'canvas');
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await demo?.close();
	});

	it('fits the phone: no horizontal scroll, the controls in a bar along the bottom, the world above it', async () => {
		const layout = await alice.page.evaluate(() => {
			const canvas = document.querySelector('.game canvas')!.getBoundingClientRect();
			const bar = document.querySelector('.controls')!.getBoundingClientRect();
			return {
				innerWidth,
				innerHeight,
				scrollWidth: document.documentElement.scrollWidth,
				bodyScrollWidth: document.body.scrollWidth,
				canvas: { left: canvas.left, right: canvas.right, bottom: canvas.bottom },
				bar: { left: bar.left, right: bar.right, top: bar.top, bottom: bar.bottom },
				controlsFit: [...document.querySelectorAll<HTMLElement>('.controls button, .controls .status-pill')]
					.filter((el) => el.offsetParent !== null)
					.every((el) => {
						const box = el.getBoundingClientRect();
						return box.left >= 0 && box.right <= innerWidth;
					}),
			};
		});
		expect(layout.innerWidth).toBe(PHONE.width);
		expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
		expect(layout.bodyScrollWidth).toBeLessThanOrEqual(layout.innerWidth);
		expect(layout.bar).toMatchObject({ left: 0, right: PHONE.width, bottom: PHONE.height });
		expect(layout.canvas.bottom).toBeLessThanOrEqual(layout.bar.top + 0.5);
		expect(layout.controlsFit).toBe(true);
		// Touch-first: the layer shows its joystick, and the demo its camera switch (two cameras here).
		await expect.poll(() => alice.page.locator('.hallway-joystick').isVisible(), { timeout: 20_000 }).toBe(true);
		await expect.poll(() => alice.page.locator('button[data-action="switch-camera"]').isVisible(), { timeout: 10_000 }).toBe(true);
	});

	it('shows the two players\' bubbles to each other, at the smaller phone size', async () => {
		await expect.poll(async () => (await alice.bubbleOf(bob.id))?.playing ?? false, { timeout: 30_000, interval: 250 }).toBe(true);
		await expect.poll(async () => (await bob.bubbleOf(alice.id))?.playing ?? false, { timeout: 30_000, interval: 250 }).toBe(true);
		const canvas = await alice.page.evaluate(() => {
			const box = document.querySelector('.game canvas')!.getBoundingClientRect();
			return { width: box.width, height: box.height };
		});
		const expected = bubbleSizeFor(DEMO_BUBBLE_SIZE, canvas);
		expect(expected).toBeLessThan(DEMO_BUBBLE_SIZE);
		expect((await alice.bubbleOf(bob.id))!.size).toBe(expected);
		expect((await bob.bubbleOf(alice.id))!.size).toBe(expected);
		await new Promise((r) => setTimeout(r, 800));
		await alice.page.screenshot({ path: path.join(screenshots, 'mobile-call.png'), scale: 'css' });
	});

	it('tapping a tile of the floor walks the avatar there (the server moves it: the other phone sees it arrive)', async () => {
		const start = await alice.settledPosition();
		// A tile of open floor beside her, on screen (the camera follows her).
		const target = { x: Math.max(FLOOR.minX, Math.min(FLOOR.maxX, start.x + (start.x < 560 ? 96 : -96))), y: FLOOR.y };
		const onScreen = await worldToScreen(alice.page, target.x, target.y);
		expect(onScreen.x).toBeGreaterThan(0);
		expect(onScreen.x).toBeLessThan(PHONE.width);
		await alice.page.touchscreen.tap(onScreen.x, onScreen.y);
		await expect.poll(async () => {
			const seen = await alice.seenBy(bob);
			return seen ? Math.hypot(seen.x - target.x, seen.y - target.y) : Infinity;
		}, { timeout: 15_000, interval: 200 }).toBeLessThan(24);
		const end = await alice.settledPosition();
		expect(Math.hypot(end.x - target.x, end.y - target.y)).toBeLessThan(24);
	});

	it('opens the people-and-chat sheet from the bar, chats, and a tap on the sheet does not walk', async () => {
		expect((await alice.panel()).open).toBe(false);
		await alice.page.locator('.controls button[aria-label="Show or hide people and chat"]').tap();
		await expect.poll(async () => (await alice.panel()).open, { timeout: 5_000, interval: 100 }).toBe(true);
		try {
			await chatOnTheSheet();
		} finally {
			// The grip at the top of the sheet closes it (and a failure above leaves the phone as the next tests expect it).
			await alice.page.locator('.sheet-handle').tap();
			await expect.poll(async () => (await alice.panel()).open, { timeout: 5_000, interval: 100 }).toBe(false);
		}
	});

	async function chatOnTheSheet(): Promise<void> {
		const sheet = await alice.panel();
		// Over the world, above the bar.
		expect(sheet.bottom).toBeLessThanOrEqual(sheet.barTop + 0.5);
		expect(sheet.top).toBeGreaterThan(0);
		expect(await alice.page.locator('.people .person').count()).toBe(2);

		const box = alice.page.getByLabel('Chat message');
		await box.tap();
		await alice.page.keyboard.type('hi Bob, from a phone');
		await alice.page.keyboard.press('Enter');
		await expect.poll(() => bob.page.locator('.chat-line').filter({ hasText: 'hi Bob, from a phone' }).count(), { timeout: 10_000, interval: 200 }).toBe(1);
		await alice.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

		// Taps on the sheet (its chat log, the people list, its header) are the page's, not the map's, though the map lies under them.
		const before = await alice.settledPosition();
		const log = (await alice.page.locator('.chat-log:not([hidden])').boundingBox())!;
		await alice.page.touchscreen.tap(log.x + log.width / 2, log.y + log.height / 2);
		const people = (await alice.page.locator('.people-section .section-header').boundingBox())!;
		await alice.page.touchscreen.tap(people.x + people.width - 20, people.y + people.height / 2);
		await new Promise((r) => setTimeout(r, 1_500));
		expect(await alice.position()).toEqual(before);
		expect(await alice.seenBy(bob)).toEqual(before);
		await alice.page.screenshot({ path: path.join(screenshots, 'mobile-panel.png'), scale: 'css' });
	}

	it('the joystick walks the avatar while held and stops it when released', async () => {
		const before = await alice.settledPosition();
		const stick = (await alice.page.locator('.hallway-joystick').boundingBox())!;
		const centre = { x: stick.x + stick.width / 2, y: stick.y + stick.height / 2 };
		// Pull towards the middle of the floor, at full reach.
		const sign = before.x > (FLOOR.minX + FLOOR.maxX) / 2 ? -1 : 1;
		await alice.drag(centre, [1, 2, 3, 4].map((step) => ({ x: centre.x + sign * step * 15, y: centre.y })), 700);
		const after = await alice.settledPosition();
		expect((after.x - before.x) * sign).toBeGreaterThan(24);
		expect(Math.abs(after.y - before.y)).toBeLessThan(8);
		// Released: it stays put.
		await new Promise((r) => setTimeout(r, 600));
		expect(await alice.position()).toEqual(after);
	});

	it('a pinch on the map zooms in, and neither it nor a two-finger tap walks', async () => {
		const before = await alice.settledPosition();
		const zoom = await alice.zoom();
		await alice.pinch({ x: PHONE.width / 2, y: 300 }, 80, 200);
		await expect.poll(() => alice.zoom(), { timeout: 5_000, interval: 100 }).toBeGreaterThan(zoom * 1.5);
		// And back out.
		await alice.pinch({ x: PHONE.width / 2, y: 300 }, 200, 80);
		await expect.poll(() => alice.zoom(), { timeout: 5_000, interval: 100 }).toBeLessThan(zoom * 1.2);
		// Two fingers down and up together, without moving: each alone would be a tap.
		await alice.pinch({ x: PHONE.width / 2, y: 300 }, 120, 120, 0);
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await alice.position()).toEqual(before);
		expect(await alice.seenBy(bob)).toEqual(before);
	});

	it('the camera switch moves to the other camera, and Bob keeps seeing Alice', async () => {
		const camera = () => alice.page.evaluate(() => (window as any).hallwayDemo.client.media.localTrack('camera')?.getSettings().deviceId as string | undefined);
		const first = await camera();
		expect(first).toBeTruthy();
		await alice.page.locator('button[data-action="switch-camera"]').tap();
		await expect.poll(camera, { timeout: 10_000, interval: 200 }).not.toBe(first);
		expect(await alice.page.evaluate(() => (window as any).hallwayDemo.client.media.state.camera)).toBe('on');
		await expect.poll(async () => (await bob.bubbleOf(alice.id))?.playing ?? false, { timeout: 15_000, interval: 250 }).toBe(true);
		// And back: two cameras, so the next switch returns to the first.
		await alice.page.locator('button[data-action="switch-camera"]').tap();
		await expect.poll(camera, { timeout: 10_000, interval: 200 }).toBe(first);
	});

	it('turned on its side, the page still fits: no scroll, the bar clear of the joystick, bubbles still small', async () => {
		await alice.page.setViewportSize({ width: PHONE.height, height: PHONE.width });
		try {
			await expect.poll(() => alice.page.evaluate(() => innerWidth), { timeout: 5_000 }).toBe(PHONE.height);
			// The layer resizes with the page on its next frames.
			await new Promise((r) => setTimeout(r, 1_000));
			const layout = await alice.page.evaluate(() => {
				const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().toJSON() as DOMRect;
				return { scrollWidth: document.documentElement.scrollWidth, innerWidth, joystick: box('.hallway-joystick'), bar: box('.controls'), canvas: box('.game canvas') };
			});
			expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
			expect(layout.bar.left).toBeGreaterThan(layout.joystick.right);
			expect(layout.bar.right).toBeLessThanOrEqual(layout.innerWidth);
			await expect.poll(async () => (await bob.bubbleOf(alice.id))?.playing ?? false, { timeout: 15_000, interval: 250 }).toBe(true);
			await expect.poll(async () => (await alice.bubbleOf(bob.id))?.size, { timeout: 5_000, interval: 200 }).toBe(bubbleSizeFor(DEMO_BUBBLE_SIZE, layout.canvas));
			await alice.page.screenshot({ path: path.join(screenshots, 'mobile-landscape.png'), scale: 'css' });
		} finally {
			await alice.page.setViewportSize(PHONE);
		}
	});

	it('the join screen fits the phone too', async () => {
		const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
		try {
			const page = await context.newPage();
			await page.goto(`${demo.url}?name=Carol`);
			await page.getByRole('button', { name: 'Join the office' }).waitFor({ timeout: 15_000 });
			expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
			await new Promise((r) => setTimeout(r, 800));
			await page.screenshot({ path: path.join(screenshots, 'mobile-join.png'), scale: 'css' });
		} finally {
			await context.close();
		}
	});
});
