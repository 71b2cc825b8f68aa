import type { Browser, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { HallwayTestPage } from '../world/test-page-api.js';

/** A test player: a Chromium page running the test client, driven through `window.hallway`. */
export class TestPlayer {
	private constructor(
		readonly page: Page,
		readonly id: string,
	) {}

	/** Opens the page as `name` at a named spawn point and waits until it publishes camera and microphone. */
	static async open(browser: Browser, url: string, name: string, spawn = 'lobby'): Promise<TestPlayer> {
		const page = await browser.newPage();
		await page.goto(`${url}?name=${encodeURIComponent(name)}&spawn=${spawn}`);
		await vi.waitFor(async () => expect(await run(page, (h) => ({ ready: h.ready, errors: h.errors }))).toEqual({ ready: true, errors: [] }), {
			timeout: 20_000,
			interval: 200,
		});
		return new TestPlayer(page, await run(page, (h) => h.sessionId));
	}

	/**
	 * Walks (click-to-move) towards a point and waits until the avatar has
	 * stopped, within `tolerance` px of it (the path ends at the nearest free
	 * spot when furniture is in the way). Returns where it stopped.
	 */
	async walkTo(x: number, y: number, timeout = 20_000, tolerance = 24): Promise<{ x: number; y: number }> {
		await run(this.page, (h, [tx, ty]) => h.walkTo(tx, ty), [x, y] as const);
		let last = { x: Number.NaN, y: Number.NaN };
		await vi.waitFor(
			async () => {
				const at = await run(this.page, (h) => h.position());
				const here = { x: at.x ?? Number.NaN, y: at.y ?? Number.NaN };
				const stopped = here.x === last.x && here.y === last.y;
				last = here;
				expect(Math.hypot(here.x - x, here.y - y)).toBeLessThan(tolerance);
				expect(stopped).toBe(true);
			},
			{ timeout, interval: 300 },
		);
		return last;
	}

	remote() {
		return run(this.page, (h) => h.remote());
	}

	/** The active tracks received from `peer`, by source, e.g. `['camera', 'microphone']`. */
	async activeFrom(peer: TestPlayer): Promise<string[]> {
		return (await this.remote())
			.filter((t) => t.peerId === peer.id && t.active)
			.map((t) => t.source)
			.sort();
	}

	video(peer: TestPlayer, source = 'camera') {
		return run(this.page, (h, [id, src]) => h.video(id, src), [peer.id, source] as const);
	}

	/** True once the peer's video of `source` renders frames here. */
	async seesVideoOf(peer: TestPlayer, source = 'camera'): Promise<boolean> {
		const video = await this.video(peer, source);
		return video !== null && video.readyState >= 2 && video.width > 0;
	}

	speakers() {
		return run(this.page, (h) => h.speakers());
	}

	shareScreen() {
		return run(this.page, (h) => h.shareScreen());
	}

	mute(source: 'microphone' | 'camera' | 'screen', muted: boolean) {
		return run(this.page, (h, [src, m]) => h.mute(src, m), [source, muted] as const);
	}

	errors() {
		return run(this.page, (h) => h.errors);
	}
}

/** Runs `fn(window.hallway, arg)` in the page (the function is sent as source). */
function run<T, A = undefined>(page: Page, fn: (h: HallwayTestPage, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
	return page.evaluate(
		async ([body, a]) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { hallway: HallwayTestPage }).hallway, a),
		[fn.toString(), arg] as const,
	) as Promise<T>;
}
