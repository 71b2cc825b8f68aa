import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirstCallServer, type FirstCallServer } from './first-call/server.js';
import { bundleForBrowser } from './support/bundle.js';
import { launchChromium } from './support/chromium.js';

interface PageStatus {
	errors: string[];
	producing: boolean;
	consumers: number;
}

async function remoteVideoState(page: Page) {
	return page.evaluate(async () => {
		const video = document.querySelector<HTMLVideoElement>('#remote');
		const call = (window as unknown as { firstCall: PageStatus & { inboundBytes(): Promise<number> } }).firstCall;
		return {
			readyState: video?.readyState ?? 0,
			videoWidth: video?.videoWidth ?? 0,
			inboundBytes: await call.inboundBytes(),
			errors: call.errors,
			producing: call.producing,
			consumers: call.consumers,
		};
	});
}

describe('first real call: two Chromium pages through a mediasoup worker', () => {
	let server: FirstCallServer;
	let browser: Browser;
	let pages: Page[];

	beforeAll(async () => {
		const script = await bundleForBrowser(fileURLToPath(new URL('./first-call/page.ts', import.meta.url)));
		server = await startFirstCallServer(script);
		browser = await launchChromium();
		pages = await Promise.all([browser.newPage(), browser.newPage()]);
		await Promise.all(pages.map((page) => page.goto(server.url)));
	});

	afterAll(async () => {
		await browser?.close();
		await server?.close();
	});

	it('plays each page the other page\'s camera, with inbound RTP growing', async () => {
		for (const page of pages) {
			await expect
				.poll(async () => remoteVideoState(page), { timeout: 30_000, interval: 250 })
				.toMatchObject({ errors: [], producing: true, consumers: 2 });
			await expect
				.poll(async () => {
					const state = await remoteVideoState(page);
					return state.readyState >= 2 && state.videoWidth > 0;
				}, { timeout: 30_000, interval: 250 })
				.toBe(true);
		}
		for (const page of pages) {
			const before = (await remoteVideoState(page)).inboundBytes;
			await page.waitForTimeout(1_000);
			const after = await remoteVideoState(page);
			expect(after.errors).toEqual([]);
			expect(after.inboundBytes).toBeGreaterThan(before);
		}
	});

	it('keeps the worker alive through both DTLS handshakes (the KTLS shim is in)', async () => {
		expect(server.worker.closed).toBe(false);
		const usage = await server.worker.getResourceUsage();
		expect(usage.ru_utime).toBeGreaterThan(0);
	});
});
