// Shared by the browser benchmarks of the media plane: a world server with the
// media plane on one mediasoup worker (loopback), serving bench-page.ts at
// `/`, and small helpers to drive that page from playwright.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { MediaRoomOptions } from '@hallway/media/server';
import type { ProximityOptions } from '@hallway/world-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWorldHarness, type WorldHarness } from '../../../tests/e2e/support/world-harness.js';
import type { BenchPageApi } from './bench-page-api.js';

const mediaDir = path.dirname(createRequire(import.meta.url).resolve('@hallway/media/package.json'));

export interface BenchWorldOptions {
	proximity?: Partial<ProximityOptions>;
	/** MediaRoom options other than the pool. */
	media?: Omit<MediaRoomOptions, 'pool'>;
}

export type BenchWorld = WorldHarness;

/** The e2e world harness (demo office, media on one worker) serving the bench page, without source maps. */
export function startBenchWorld(options: BenchWorldOptions = {}): Promise<BenchWorld> {
	return startWorldHarness(path.join(mediaDir, 'bench', 'bench-page.ts'), {
		...(options.proximity ? { world: { proximity: options.proximity } } : {}),
		...(options.media ? { media: options.media } : {}),
		sourcemap: false,
	});
}

/** A bench page in its own browser context (its own window: no tab competes for rendering). */
export class BenchPlayer {
	private constructor(
		readonly context: BrowserContext,
		readonly page: Page,
		readonly id: string,
	) {}

	/** Opens the page and waits until it joined and publishes camera and microphone. */
	static async open(browser: Browser, url: string, query: Record<string, string>, timeoutMs = 30_000): Promise<BenchPlayer> {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${url}?${new URLSearchParams(query)}`);
		await waitFor(async () => {
			const { ready, errors } = await run(page, (h) => ({ ready: h.ready, errors: h.errors }));
			if (errors.length) throw new Error(`bench page failed: ${errors.join('; ')}`);
			return ready;
		}, timeoutMs, 'the bench page to join and publish');
		return new BenchPlayer(context, page, await run(page, (h) => h.sessionId));
	}

	run<T, A = undefined>(fn: (h: BenchPageApi, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
		return run(this.page, fn, arg);
	}

	walkTo(x: number, y: number): Promise<void> {
		return this.run((h, [tx, ty]) => h.walkTo(tx, ty), [x, y] as const);
	}

	close(): Promise<void> {
		return this.context.close();
	}
}

/** Runs `fn(window.hallwayBench, arg)` in the page (the function is sent as source). */
export function run<T, A = undefined>(page: Page, fn: (h: BenchPageApi, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
	return page.evaluate(
		async ([body, a]) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { hallwayBench: BenchPageApi }).hallwayBench, a),
		[fn.toString(), arg] as const,
	) as Promise<T>;
}

/** Polls `check` every `intervalMs` until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string, intervalMs = 50): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`E_BENCH_TIMEOUT: waited ${timeoutMs} ms for ${what}`);
		await sleep(intervalMs);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
