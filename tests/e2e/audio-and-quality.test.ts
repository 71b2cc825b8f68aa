import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { type RelayProcess, startRelayProcess } from './support/lossy-udp-relay.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

type AudioTestPage = {
	ready: boolean;
	errors: string[];
	qualityEvents: { player: string; self: boolean; level: string; loss: number | undefined; at: number }[];
	selfId: string;
	walkTo(x: number, y: number): void;
	position(): { x: number; y: number };
	setAudioOnly(on: boolean): Promise<void>;
	setAudioProcessing(change: Record<string, boolean>): Promise<void>;
	mediaState(): { camera: string; microphone: string; audioOnly: boolean; audioProcessing: Record<string, boolean> };
	microphoneSettings(): Record<string, boolean | undefined> | null;
	tracksOf(playerId: string): { source: string; kind: string; active: boolean; band: string; volume: number; spatialLayer?: number }[];
	audioOf(playerId: string): { volume: number; paused: boolean } | null;
	bubbleOf(playerId: string): { state?: string; quality?: string; visible: boolean; videoVisible: boolean; playing: boolean; placeholder: string | null } | null;
	quality(playerId: string | null): { level: string; loss?: number; rtt?: number } | null;
};

/** The lobby spawn; the row y = 784 is open floor from x = 224 to x = 864. */
const LOBBY = { x: 624, y: 784 };
/** Volume by band, as the server sends it (`VOLUME_BY_BAND`). */
const VOLUME = { near: 1, mid: 0.6, far: 0.3 } as const;

/** One player: the audio test page (WorldClient + Phaser layer), driven through `window.audioTest`. */
class Player {
	private constructor(
		readonly page: Page,
		readonly id: string,
	) {}

	static async open(browser: Browser, url: string, name: string, query = ''): Promise<Player> {
		const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
		await page.goto(`${url}?name=${name}&spawn=lobby${query}`);
		await vi.waitFor(async () => expect(await run(page, (t) => ({ ready: t.ready, errors: t.errors }))).toEqual({ ready: true, errors: [] }), { timeout: 30_000, interval: 250 });
		return new Player(page, await run(page, (t) => t.selfId));
	}

	do<T, A = undefined>(fn: (t: AudioTestPage, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
		return run(this.page, fn, arg);
	}

	/** Walks to a point and waits until the avatar stands there (within `tolerance` px: paths end on free spots). */
	async walkTo(x: number, y: number, tolerance = 12): Promise<void> {
		await this.do((t, [tx, ty]) => t.walkTo(tx, ty), [x, y] as const);
		await vi.waitFor(async () => {
			const at = await this.do((t) => t.position());
			expect(Math.hypot(at.x - x, at.y - y)).toBeLessThan(tolerance);
		}, { timeout: 20_000, interval: 250 });
	}
}

function run<T, A = undefined>(page: Page, fn: (t: AudioTestPage, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
	return page.evaluate(
		async ([body, a]) => {
			const api = (window as unknown as { audioTest?: AudioTestPage }).audioTest;
			if (!api) return { ready: false, errors: [] } as never;
			return new Function('t', 'a', `return (${body})(t, a)`)(api, a);
		},
		[fn.toString(), arg] as const,
	) as Promise<T>;
}

describe('audio settings, audio-only mode and connection quality in Chromium', () => {
	let harness: WorldHarness;
	let browser: Browser;

	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./audio/page.ts', import.meta.url)));
		browser = await launchChromium();
	}, 60_000);

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
	});

	describe('audio', () => {
		let alice: Player;
		let bob: Player;

		beforeAll(async () => {
			[alice, bob] = await Promise.all([Player.open(browser, harness.url, 'Alice'), Player.open(browser, harness.url, 'Bob')]);
		}, 60_000);

		afterAll(async () => {
			await Promise.all([alice?.page.close(), bob?.page.close()]);
		});

		const consumersOf = async (player: Player) => {
			const peer = (await harness.room()).media!.peer(player.id)!;
			const kinds = [...peer.consumers.values()].map((record) => record.consumer.kind);
			return { audio: kinds.filter((kind) => kind === 'audio').length, video: kinds.filter((kind) => kind === 'video').length };
		};

		it('plays a voice at the volume of its distance band', async () => {
			await expect.poll(() => alice.do((t, id) => t.bubbleOf(id)?.playing, bob.id), { timeout: 30_000, interval: 250 }).toBe(true);
			await alice.walkTo(LOBBY.x, LOBBY.y);
			await bob.walkTo(LOBBY.x + 20, LOBBY.y);
			const voiceOf = () => alice.do((t, id) => ({ track: t.tracksOf(id).find((track) => track.source === 'microphone'), audio: t.audioOf(id) }), bob.id);
			await expect.poll(async () => (await voiceOf()).track?.band, { timeout: 10_000 }).toBe('near');
			expect((await voiceOf()).audio?.volume).toBe(VOLUME.near);
			// 100 px apart: mid band; 140 px (still in the call, which ends at 160): far.
			for (const [dx, band] of [[100, 'mid'], [140, 'far']] as const) {
				await bob.walkTo(LOBBY.x + dx, LOBBY.y);
				await expect.poll(async () => (await voiceOf()).track?.band, { timeout: 10_000 }).toBe(band);
				await expect.poll(async () => (await voiceOf()).audio?.volume, { timeout: 5_000 }).toBeCloseTo(VOLUME[band], 5);
			}
			expect((await voiceOf()).audio?.paused).toBe(false);
			await bob.walkTo(LOBBY.x + 20, LOBBY.y);
			await expect.poll(async () => (await voiceOf()).audio?.volume, { timeout: 10_000 }).toBe(VOLUME.near);
		});

		it('in audio-only mode, receives voices and no video (counted on the server), and shows placeholders', async () => {
			await expect.poll(() => consumersOf(alice), { timeout: 15_000 }).toEqual({ audio: 1, video: 1 });

			await alice.do((t) => t.setAudioOnly(true));
			// Alice: Bob's voice only. Bob: Alice's voice only, for Alice stopped her camera.
			await expect.poll(() => consumersOf(alice), { timeout: 5_000 }).toEqual({ audio: 1, video: 0 });
			await expect.poll(() => consumersOf(bob), { timeout: 5_000 }).toEqual({ audio: 1, video: 0 });
			expect(await alice.do((t) => t.mediaState())).toMatchObject({ camera: 'off', microphone: 'on', audioOnly: true });
			const placeholder = await alice.do((t, id) => t.bubbleOf(id), bob.id);
			expect(placeholder).toMatchObject({ state: 'audio-only', visible: true, videoVisible: false, placeholder: 'B' });
			expect(await bob.do((t, id) => t.bubbleOf(id), alice.id)).toBeNull();
			// Bob's voice still plays for Alice.
			expect(await alice.do((t, id) => t.audioOf(id)?.paused, bob.id)).toBe(false);

			// Bob walks out of the call (it ends at 160 px) and back: still no video for Alice, the placeholder follows his voice.
			await bob.walkTo(LOBBY.x + 200, LOBBY.y);
			await expect.poll(() => alice.do((t, id) => t.bubbleOf(id), bob.id), { timeout: 10_000 }).toBeNull();
			await bob.walkTo(LOBBY.x + 20, LOBBY.y);
			await expect.poll(() => alice.do((t, id) => t.bubbleOf(id)?.state, bob.id), { timeout: 10_000 }).toBe('audio-only');
			expect(await consumersOf(alice)).toEqual({ audio: 1, video: 0 });

			await alice.do((t) => t.setAudioOnly(false));
			await expect.poll(() => consumersOf(alice), { timeout: 10_000 }).toEqual({ audio: 1, video: 1 });
			await expect.poll(() => alice.do((t, id) => t.bubbleOf(id), bob.id), { timeout: 20_000, interval: 250 }).toMatchObject({ state: 'live', playing: true });
			// Her camera came back on, and Bob sees it.
			expect((await alice.do((t) => t.mediaState())).camera).toBe('on');
			await expect.poll(() => bob.do((t, id) => t.bubbleOf(id)?.playing, alice.id), { timeout: 20_000, interval: 250 }).toBe(true);
			expect(await alice.do((t) => t.errors)).toEqual([]);
		});

		it('captures the microphone with echo cancellation, noise suppression and auto gain on, and turns each off live', async () => {
			const all = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
			expect(await alice.do((t) => t.microphoneSettings())).toEqual(all);
			expect((await alice.do((t) => t.mediaState())).audioProcessing).toEqual(all);
			for (const key of ['echoCancellation', 'noiseSuppression', 'autoGainControl'] as const) {
				await alice.do((t, k) => t.setAudioProcessing({ [k]: false }), key);
				// What the browser captures with now (Chromium may turn a related processing off with it: only this one is checked).
				expect((await alice.do((t) => t.microphoneSettings()))?.[key], key).toBe(false);
				expect((await alice.do((t) => t.mediaState())).audioProcessing).toEqual({ ...all, [key]: false });
				await alice.do((t, k) => t.setAudioProcessing({ [k]: true }), key);
				expect((await alice.do((t) => t.microphoneSettings()))?.[key], key).toBe(true);
			}
			expect(await alice.do((t) => t.microphoneSettings())).toEqual(all);
			// Bob kept hearing her throughout (a re-captured track replaces the old one in the same producer).
			expect((await bob.do((t, id) => t.tracksOf(id), alice.id)).find((track) => track.source === 'microphone')?.active).toBe(true);
			await expect.poll(() => bob.do((t, id) => t.audioOf(id)?.paused, alice.id)).toBe(false);
			expect(await alice.do((t) => t.errors)).toEqual([]);
		});
	});

	describe('connection quality through a lossy relay', () => {
		let relay: RelayProcess;
		let carol: Player;
		let dan: Player;

		beforeAll(async () => {
			const [worker] = await harness.pool.stats();
			relay = await startRelayProcess(worker!.udpPort!);
			const query = `&relay=${relay.port}&udp=${worker!.udpPort}&qualityMs=1000`;
			[carol, dan] = await Promise.all([Player.open(browser, harness.url, 'Carol', query), Player.open(browser, harness.url, 'Dan', query)]);
		}, 60_000);

		afterAll(async () => {
			await Promise.all([carol?.page.close(), dan?.page.close()]);
			relay?.close();
		});

		const selfLevel = (player: Player) => player.do((t) => t.quality(null)?.level);
		const carolsCamera = async () => {
			const peer = (await harness.room()).media!.peer(carol.id)!;
			const camera = [...peer.consumers.values()].find((record) => record.source === 'camera' && record.speaker === dan.id);
			return { cap: peer.maxSpatialLayer, preferred: camera?.consumer.preferredLayers?.spatialLayer };
		};

		const good = /^(excellent|good)$/;

		it('reports excellent or good on a clean loopback', async () => {
			await expect.poll(() => carol.do((t, id) => t.bubbleOf(id)?.playing, dan.id), { timeout: 30_000, interval: 250 }).toBe(true);
			expect((await relay.counts()).forwarded).toBeGreaterThan(0);
			// A busy machine may delay a few samples (RTT, jitter) at the start: the level settles.
			for (const player of [carol, dan]) await expect.poll(() => selfLevel(player), { timeout: 60_000, interval: 500 }).toMatch(good);
			expect((await carol.do((t) => t.quality(null)))?.loss ?? 0).toBeLessThan(0.01);
			await expect.poll(() => carol.do((t, id) => t.quality(id)?.level, dan.id), { timeout: 30_000, interval: 500 }).toMatch(good);
			await expect.poll(carolsCamera, { timeout: 10_000 }).toEqual({ cap: null, preferred: 2 });
			await expect.poll(() => carol.do((t, id) => t.bubbleOf(id)?.quality, dan.id), { timeout: 10_000 }).toMatch(good);
		});

		it('reports poor with 10% loss, and asks the server for the lowest layer of everyone it watches', async () => {
			const before = await relay.setLoss(0.1);
			// Poor because of the loss (not a slow sample of a busy machine): the loss figure says so.
			await expect
				.poll(async () => {
					const quality = await carol.do((t) => t.quality(null));
					return quality?.level === 'poor' && (quality.loss ?? 0) >= 0.05;
				}, { timeout: 30_000, interval: 500 })
				.toBe(true);
			// The layer went down: the cap on the server, the consumer's preferred layer, the client told.
			await expect.poll(carolsCamera, { timeout: 10_000 }).toEqual({ cap: 0, preferred: 0 });
			await expect
				.poll(() => carol.do((t, id) => t.tracksOf(id).find((track) => track.source === 'camera')?.spatialLayer, dan.id), { timeout: 10_000 })
				.toBe(0);
			// Dan's bubble on Carol's page shows how he comes through.
			await expect.poll(() => carol.do((t, id) => t.bubbleOf(id)?.quality, dan.id), { timeout: 15_000 }).toBe('poor');
			// The server's metrics have it too.
			await expect.poll(async () => (await harness.world.metrics?.render())?.body ?? '', { timeout: 10_000 }).toMatch(/hallway_media_quality_players\{world="office",level="poor"\} [12]/);
			// The relay did drop about a tenth of the packets meanwhile.
			const after = await relay.counts();
			const dropped = after.dropped - before.dropped;
			expect(dropped / (dropped + after.forwarded - before.forwarded)).toBeGreaterThan(0.07);
		});

		it('climbs back and lifts the cap once the loss is gone', async () => {
			await relay.setLoss(0);
			await expect.poll(() => selfLevel(carol), { timeout: 60_000, interval: 500 }).toMatch(good);
			await expect.poll(carolsCamera, { timeout: 10_000 }).toEqual({ cap: null, preferred: 2 });
			expect(await carol.do((t) => t.errors)).toEqual([]);
		});
	});
});
