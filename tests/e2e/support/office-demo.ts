import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkerPool } from '@hallway/media/server';
import type { RemoteTrack, WorldClient } from '@hallway/world-client';
import { loadMapFile, startWorldServer } from '@hallway/world-server';
import type { Page } from 'playwright-core';
import { build } from 'vite';

// Through the workspace packages rather than this file's URL: benchmarks run this file bundled elsewhere.
const resolvePackage = (name: string) => path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const example = resolvePackage('@hallway/example-office');
const mapsDir = path.join(resolvePackage('@hallway/world-server'), 'maps');

/** The office demo built with Vite and served by a world server on loopback (both maps, one mediasoup worker). */
export interface OfficeDemo {
	/** The page's URL, with a trailing slash. */
	readonly url: string;
	/** The world server's endpoint (`http://host:port`), for a `WorldClient`. */
	readonly endpoint: string;
	close(): Promise<void>;
}

export async function startOfficeDemo(): Promise<OfficeDemo> {
	const site = await mkdtemp(path.join(tmpdir(), 'hallway-office-'));
	await build({ root: example, configFile: path.join(example, 'vite.config.ts'), logLevel: 'warn', build: { outDir: site, emptyOutDir: true } });
	const [office, garden] = await Promise.all([loadMapFile(path.join(mapsDir, 'office.tmj')), loadMapFile(path.join(mapsDir, 'garden.tmj'))]);
	const pool = await WorkerPool.start({ workers: 1 });
	const world = await startWorldServer({
		worlds: { office: { maps: new Map([[office.name, office], [garden.name, garden]]), defaultMap: 'office', media: { pool } } },
		static: { '/': site },
	}).catch(async (error: unknown) => {
		await pool.close();
		throw error;
	});
	return {
		url: `${world.url}/`,
		endpoint: world.url,
		async close() {
			await world.close();
			await pool.close();
			await rm(site, { recursive: true, force: true });
		},
	};
}

/** What a demo page's `window.hallwayDemo.client` says (undefined before it joined). */
export interface DemoState {
	readonly connected: boolean;
	readonly camera: string;
	readonly map: string;
	readonly self: { readonly id: string; readonly x: number; readonly y: number };
}

export function demoState(page: Page): Promise<DemoState | undefined> {
	return page.evaluate(() => {
		const demo = (window as unknown as { hallwayDemo?: { client: any } }).hallwayDemo;
		if (!demo) return undefined;
		const { client } = demo;
		return {
			connected: client.connectionState === 'connected',
			camera: client.media.state.camera,
			map: client.map.name,
			self: { id: client.self.id, x: client.self.x, y: client.self.y },
		};
	});
}

/** The own avatar's position once it has stopped: two reads `pollMs` apart agree. */
export async function settledPosition(page: Page, pollMs: number): Promise<{ x: number; y: number }> {
	const position = () => demoState(page).then((s) => ({ x: s!.self.x, y: s!.self.y }));
	let last = await position();
	for (;;) {
		await new Promise((r) => setTimeout(r, pollMs));
		const now = await position();
		if (now.x === last.x && now.y === last.y) return now;
		last = now;
	}
}

/** Where a world point is drawn on the page (CSS px), from the demo's Phaser camera. */
export function worldToScreen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
	return page.evaluate(
		([wx, wy]) => {
			const demo = (window as unknown as { hallwayDemo: { game: any } }).hallwayDemo;
			const camera = demo.game.scene.getScenes(true)[0].cameras.main;
			const canvas = demo.game.canvas.getBoundingClientRect();
			const scale = canvas.width / demo.game.scale.width;
			return {
				x: canvas.left + (wx! - camera.worldView.x) * camera.zoom * scale,
				y: canvas.top + (wy! - camera.worldView.y) * camera.zoom * scale,
			};
		},
		[x, y],
	);
}

/** Something a demo page's client did, as `watchClient` records it. */
export interface ClientEvent {
	/** `Date.now()` on the page (the same clock as the test's). */
	readonly at: number;
	/** The player it is about; null: this client itself (connection, errors, own media). */
	readonly player: string | null;
	readonly text: string;
}

/** What `watchClient` keeps on a page: a test hook, the demo knows nothing of it. */
interface TestHook {
	readonly events: ClientEvent[];
	/** Every remote track the client handed out, by consumer id, closed ones too. */
	readonly tracks: Map<string, RemoteTrack>;
}

type TestWindow = { hallwayDemo: { client: WorldClient }; hallwayTest?: TestHook };

/**
 * Starts recording, for failure messages, what a joined demo page's client
 * does: its connection, errors and own media; every player's status and
 * tracks (prewarmed, subscribed, unsubscribed, muted); and the video events
 * of the camera bubbles of others.
 */
export function watchClient(page: Page): Promise<void> {
	return page.evaluate(() => {
		const win = window as unknown as TestWindow;
		const { client } = win.hallwayDemo;
		const hook: TestHook = (win.hallwayTest = { events: [], tracks: new Map() });
		const log = (text: string, player: string | null = null): void => void hook.events.push({ at: Date.now(), player, text });
		client.on('connectionStateChanged', (state) => log(`connection ${state}`));
		client.on('error', (error) => log(`error ${error.message}`));
		client.on('mapChanged', (map) => log(`map ${map.name}`));
		client.on('localTrackChanged', (source, track) => log(`own ${source} ${track ? 'started' : 'stopped'}`));
		let media = '';
		client.on('mediaStateChanged', ({ camera, connected }) => {
			const now = `own camera ${camera}, media ${connected ? 'connected' : 'not connected'}`;
			if (now !== media) log((media = now));
		});
		const statuses = new Map<string, string>();
		client.on('playerJoined', (player) => log('joined', player.id));
		client.on('playerLeft', (player) => log('left', player.id));
		client.on('playerUpdated', (player) => {
			const now = `status ${player.status}${player.inView ? '' : ', out of view'}`;
			if (statuses.get(player.id) === now) return;
			statuses.set(player.id, now);
			log(now, player.id);
		});
		for (const event of ['trackPrewarmed', 'trackSubscribed', 'trackUnsubscribed'] as const) {
			client.on(event, (player, track, source) => {
				hook.tracks.set(track.consumerId, track);
				log(`${source} ${event.slice('track'.length).toLowerCase()} (consumer ${track.consumerId.slice(0, 8)})`, player.id);
			});
		}
		client.on('trackMuted', (player, source, muted) => log(`${source} ${muted ? 'muted' : 'unmuted'} by the speaker`, player.id));
		// Media events do not bubble, but a listener on the document catches them on the way down.
		for (const type of ['loadeddata', 'playing', 'pause', 'waiting', 'emptied']) {
			document.addEventListener(
				type,
				(event) => {
					const bubble = (event.target as Element).closest?.<HTMLElement>('.hallway-bubble[data-source="camera"]');
					if (bubble && bubble.dataset['self'] !== 'true') log(`bubble video ${type}`, bubble.dataset['playerId'] ?? null);
				},
				true,
			);
		}
	});
}

/** What `watchClient` recorded on a page so far (nothing without it). */
export function clientEvents(page: Page): Promise<ClientEvent[]> {
	return page.evaluate(() => (window as unknown as TestWindow).hallwayTest?.events ?? []);
}

/** The live camera bubble of a player, as laid out on screen (its centre x, bottom, layout size), and whether its video plays. */
export interface LiveBubble {
	readonly x: number;
	readonly bottom: number;
	readonly size: number;
	readonly playing: boolean;
}

/** A remote track of a player, as a viewer's client has it. */
export interface ConsumerReport {
	/** The first 8 characters of the consumer id. */
	readonly id: string;
	readonly source: string;
	readonly active: boolean;
	readonly muted: boolean;
	readonly closed: boolean;
	/** The `MediaStreamTrack`: `live` or `ended`, and `muted` while no media comes. */
	readonly track: string;
}

/** Everything a viewer's page shows of a player's camera: the bubble in the DOM, its video, and the SDK's tracks. */
export interface BubbleReport {
	/** The bubble when it is live and visible, else null (what the tests wait on). */
	readonly live: LiveBubble | null;
	/** Camera bubble elements of the player (more than 1 is a leak). */
	readonly elements: number;
	/** The first one's `data-state`: `prewarmed`, `live`, `muted` or `audio-only`. */
	readonly state: string | undefined;
	readonly visible: boolean;
	readonly video: {
		readonly readyState: number;
		readonly paused: boolean;
		readonly currentTime: number;
		readonly width: number;
		readonly height: number;
		/** Tracks of its `srcObject` (`video live`, `video ended muted`…), none without one. */
		readonly tracks: string[];
		/** The consumer whose track it shows, when `watchClient` saw it. */
		readonly consumer: string | null;
	} | null;
	/**
	 * The player in the viewer's client (null: not on the map): status, how far
	 * from the viewer (px, as drawn: a call starts within the engine's enterRadius,
	 * 128 px by default, and ends beyond leaveRadius, 160 px), and the sources in `player.tracks`.
	 */
	readonly player: { readonly status: string; readonly inView: boolean; readonly distance: number; readonly tracks: string[] } | null;
	/** The player's tracks the client handed out since `watchClient`, oldest first (the last 4). */
	readonly consumers: ConsumerReport[];
}

/** What a viewer's page shows of a player's camera now (the tracks only with `watchClient`). */
export function cameraBubbleReport(page: Page, playerId: string): Promise<BubbleReport> {
	return page.evaluate((id) => {
		const win = window as unknown as TestWindow;
		const tracks = [...(win.hallwayTest?.tracks.values() ?? [])].filter((t) => t.peerId === id);
		const all = document.querySelectorAll<HTMLElement>(`.hallway-bubble[data-player-id="${id}"][data-source="camera"]`);
		const el = all[0];
		const visible = !!el && getComputedStyle(el).visibility !== 'hidden';
		const video = el?.querySelector('video') ?? null;
		const shown = video?.srcObject instanceof MediaStream ? video.srcObject.getTracks() : [];
		const playing = !!video && video.readyState >= 2 && video.videoWidth > 0;
		const box = el?.getBoundingClientRect();
		const { players, self } = win.hallwayDemo.client;
		const player = players.get(id);
		return {
			live: el && box && el.dataset['state'] === 'live' && visible ? { x: box.left + box.width / 2, bottom: box.bottom, size: el.offsetWidth, playing } : null,
			elements: all.length,
			state: el?.dataset['state'],
			visible,
			video: video && {
				readyState: video.readyState,
				paused: video.paused,
				currentTime: video.currentTime,
				width: video.videoWidth,
				height: video.videoHeight,
				tracks: shown.map((t) => `${t.kind} ${t.readyState}${t.muted ? ' muted' : ''}`),
				consumer: tracks.find((t) => shown.includes(t.track))?.consumerId.slice(0, 8) ?? null,
			},
			player: player ? { status: player.status, inView: player.inView, distance: Math.round(Math.hypot(player.x - self.x, player.y - self.y)), tracks: [...player.tracks.keys()] } : null,
			consumers: tracks.slice(-4).map((t) => ({
				id: t.consumerId.slice(0, 8),
				source: t.source,
				active: t.active,
				muted: t.muted,
				closed: t.consumer.closed,
				track: `${t.track.readyState}${t.track.muted ? ' muted' : ''}`,
			})),
		};
	}, playerId);
}

/** The live camera bubble of a player on a demo page, as laid out on screen, and whether its video plays; null when none is live and visible. */
export function cameraBubble(page: Page, playerId: string): Promise<LiveBubble | null> {
	return cameraBubbleReport(page, playerId).then((report) => report.live);
}

/** The bubble report in a few lines, for a failure message. */
function describeBubble(report: BubbleReport): string {
	const { video, player } = report;
	const element =
		report.elements === 0
			? 'no camera bubble element'
			: `${report.elements} element(s), data-state="${report.state}", ${report.visible ? 'visible' : 'hidden'}; video: ` +
				(video
					? `readyState ${video.readyState}, ${video.paused ? 'paused' : 'not paused'}, currentTime ${video.currentTime.toFixed(2)}, ${video.width}×${video.height}, ` +
						`srcObject ${video.tracks.length > 0 ? `[${video.tracks.join(', ')}]` : 'none'}${video.consumer ? ` of consumer ${video.consumer}` : ''}`
					: 'none');
	const consumers = report.consumers.map(
		(c) => `${c.source} ${c.id} ${c.closed ? 'closed' : c.active ? 'active' : 'paused (prewarmed)'}${c.muted ? ', muted by the speaker' : ''}, track ${c.track}`,
	);
	return [
		`bubble: ${element}`,
		`player: ${player ? `status ${player.status}, ${player.inView ? `in view, ${player.distance} px away${player.distance > 128 ? ' (beyond the default enterRadius, 128 px: no new call starts there)' : ''}` : 'out of view'}, player.tracks [${player.tracks.join(', ')}]` : 'not on the map'}`,
		`consumers: ${consumers.length > 0 ? consumers.join('; ') : 'none seen'}`,
	].join('\n');
}

/** What arrived so far for a player's video consumers that are not closed (totals of the WebRTC inbound-rtp stats), one line each. */
function receiveStats(page: Page, playerId: string): Promise<string[]> {
	return page.evaluate(async (id) => {
		const tracks = [...((window as unknown as TestWindow).hallwayTest?.tracks.values() ?? [])];
		const lines: string[] = [];
		for (const t of tracks) {
			if (t.peerId !== id || t.kind !== 'video' || t.consumer.closed) continue;
			const stats = [...(await t.consumer.getStats()).values()].find((s) => s.type === 'inbound-rtp') as Record<string, number> | undefined;
			lines.push(
				`${t.source} ${t.consumerId.slice(0, 8)}: ` +
					(stats
						? `${stats['packetsReceived'] ?? 0} packets, ${stats['framesDecoded'] ?? 0} frames decoded (${stats['keyFramesDecoded'] ?? 0} key), ` +
							`${stats['frameWidth'] ?? 0}×${stats['frameHeight'] ?? 0}, ${stats['pliCount'] ?? 0} PLI and ${stats['firCount'] ?? 0} FIR sent`
						: 'no inbound-rtp stats'),
			);
		}
		return lines;
	}, playerId);
}

/** A speaker's own side: status, connection, camera state and local camera track (its producers are private to the SDK). */
function senderReport(page: Page): Promise<string> {
	return page.evaluate(() => {
		const { client } = (window as unknown as TestWindow).hallwayDemo;
		const { camera, connected } = client.media.state;
		const track = client.media.localTrack('camera');
		const local = track ? `${track.readyState}, ${track.enabled ? 'enabled' : 'disabled'}${track.muted ? ', muted' : ''}` : 'none';
		return `status ${client.self.status}, connection ${client.connectionState}, camera ${camera}, media ${connected ? 'connected' : 'not connected'}, local camera track ${local}`;
	});
}

/** A demo page and who is on it, for failure messages. */
export interface Watched {
	readonly page: Page;
	readonly id: string;
	readonly name: string;
}

/** What `waitForCameraBubble` waits for: the video plays; no live bubble is shown; no bubble element is left, hidden ones included. */
export type BubbleWish = 'playing' | 'gone' | 'removed';

const BUBBLE_WISHES: Record<BubbleWish, { met(report: BubbleReport): boolean; failure: string }> = {
	playing: { met: (report) => report.live?.playing === true, failure: 'was not live and playing' },
	gone: { met: (report) => report.live === null, failure: 'was still live' },
	removed: { met: (report) => report.elements === 0, failure: 'still had an element (hidden ones count)' },
};

/**
 * Waits until `viewer` plays `speaker`'s camera (`playing`), shows no live
 * bubble of it (`gone`) or has no bubble element of it left (`removed`),
 * polling every 200 ms. On timeout the error says what
 * was last seen, what arrived, the speaker's side, and both clients' events
 * since `since` (default: the start of the wait; `watchClient` on both pages).
 */
export async function waitForCameraBubble(viewer: Watched, speaker: Watched, want: BubbleWish, options: { timeout: number; since?: number }): Promise<void> {
	const started = Date.now();
	const since = options.since ?? started;
	let last: BubbleReport | undefined;
	let lastAt = 0;
	let failure: unknown;
	for (;;) {
		try {
			last = await cameraBubbleReport(viewer.page, speaker.id);
			lastAt = Date.now();
			if (BUBBLE_WISHES[want].met(last)) return;
		} catch (error) {
			failure = error;
		}
		if (Date.now() - started >= options.timeout) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	const lines = [
		`${viewer.name}'s camera bubble of ${speaker.name} ${BUBBLE_WISHES[want].failure} after ${options.timeout / 1000} s.`,
		last ? `Last seen by ${viewer.name} at +${lastAt - since} ms:` : `Never seen by ${viewer.name}: ${String(failure)}`,
		...(last ? describeBubble(last).split('\n') : []),
		`${viewer.name} received (totals): ${(await receiveStats(viewer.page, speaker.id).catch((e: unknown) => [String(e)])).join('; ') || 'no open video consumer'}`,
		`${speaker.name}: ${await senderReport(speaker.page).catch((e: unknown) => String(e))}`,
		'Timeline (ms):',
		...(await timeline(viewer, speaker, since)),
	];
	throw new Error(lines.join('\n  '));
}

/** Both clients' events about the speaker since `since` (and their own), merged in time order, the last 40. */
async function timeline(viewer: Watched, speaker: Watched, since: number): Promise<string[]> {
	const [seen, own] = await Promise.all([clientEvents(viewer.page).catch(() => []), clientEvents(speaker.page).catch(() => [])]);
	const lines = [
		...seen.filter((e) => e.player === speaker.id || e.player === null).map((e) => ({ ...e, who: e.player === null ? `${viewer.name}:` : `${viewer.name} sees ${speaker.name}:` })),
		...own.filter((e) => e.player === speaker.id || e.player === null).map((e) => ({ ...e, who: `${speaker.name}:` })),
	]
		.filter((e) => e.at >= since)
		.sort((a, b) => a.at - b.at)
		.map((e) => `${`+${e.at - since}`.padStart(7)} ${e.who} ${e.text}`);
	return lines.length > 40 ? [`(${lines.length - 40} earlier)`, ...lines.slice(-40)] : lines.length > 0 ? lines : ['nothing recorded'];
}
