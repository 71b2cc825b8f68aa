// Crossing into range -> first remote video frame decoded, in Chromium,
// against the server's crossing time, with and without the approach ring.
//
// Listener A stands still on the open floor south of the office lobby;
// speaker B walks straight at it from OUT_DISTANCE (beyond every radius) to
// IN_DISTANCE (inside enterRadius), waits for A's first frame of B's camera,
// then walks back out and waits until A's consumers of B are closed, so every
// crossing starts from nothing. The crossing time is `Date.now()` when the
// WorldRoom's `hearingDiff` adds the edge A <- B; the frame time is A's first
// requestVideoFrameCallback of B's camera after it, in epoch ms
// (performance.timeOrigin + performance.now() read in the callback): same
// machine, same clock. The server side of A's consumer (created, resumed,
// first key frame sent) is recorded too, for the timeline. Four modes: with
// and without the approach ring, each with the page attaching a <video> on
// subscribe or only once active. About 2 minutes per mode with 30 crossings.
//
//   node scripts/run-ts.mjs packages/media/bench/crossing-latency.bench.ts [--crossings 30] [--modes prewarm,prewarm-attach-on-active,no-prewarm,no-prewarm-attach-on-active]
import { DEFAULT_PROXIMITY_OPTIONS, type HearingDiff, type ProximityOptions } from '@hallway/world-server';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../tests/e2e/support/chromium.js';
import { mean, quantile, writeResult } from '../../world-server/bench/bench-report.js';
import type { CameraLog } from './bench-page-api.js';
import { BenchPlayer, sleep, startBenchWorld, waitFor } from './bench-world.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const CROSSINGS = Number(args.get('--crossings') ?? 30);
const ALL_MODES = ['prewarm', 'prewarm-attach-on-active', 'no-prewarm', 'no-prewarm-attach-on-active'] as const;
type ModeName = (typeof ALL_MODES)[number];
const MODES = (args.get('--modes')?.split(',') ?? [...ALL_MODES]) as ModeName[];
for (const mode of MODES) if (!ALL_MODES.includes(mode)) throw new Error(`unknown mode ${mode} (known: ${ALL_MODES.join(', ')})`);

/** A frame later than this after the crossing counts as a miss. */
const MISS_AFTER_MS = 3000;
/** Where A stands: row 25 of the demo office is open floor from x 64 to 864. */
const A_SPOT = { x: 300, y: 816 };
/** B's stops, straight east of A: inside enterRadius (128) and beyond the prewarm ring (208 + 16 hysteresis). */
const IN_DISTANCE = 120;
const OUT_DISTANCE = 260;
/** Consumers that are no longer wanted close this long after (default 2000; shorter keeps the run bounded, crossings never happen within it). */
const CLOSE_GRACE_MS = 300;
/** B stays in range this long after A's first frame, so the call is a call. */
const DWELL_MS = 300;

interface Mode {
	name: ModeName;
	description: string;
	proximity: Partial<ProximityOptions>;
	attach: 'subscribed' | 'active';
}

const MODE_SETUP: Record<ModeName, Mode> = {
	prewarm: {
		name: 'prewarm',
		description: 'default radii (approach ring 128-208 px); page attaches a <video> when the track is subscribed, prewarmed ones included',
		proximity: {},
		attach: 'subscribed',
	},
	'prewarm-attach-on-active': {
		name: 'prewarm-attach-on-active',
		description: 'default radii; page attaches a <video> only once the track is active (as tests/e2e/world/page.ts does)',
		proximity: {},
		attach: 'active',
	},
	'no-prewarm': {
		name: 'no-prewarm',
		description: 'maxPrewarmPeers: 0 (no pair is ever prewarmed; consumers are created on crossing); page attaches on subscribe',
		proximity: { maxPrewarmPeers: 0 },
		attach: 'subscribed',
	},
	'no-prewarm-attach-on-active': {
		name: 'no-prewarm-attach-on-active',
		description: 'maxPrewarmPeers: 0; page attaches a <video> only once the track is active',
		proximity: { maxPrewarmPeers: 0 },
		attach: 'active',
	},
};

interface Crossing {
	/** Server: Date.now() when the edge A <- B was added. */
	crossedAt: number;
	/** Server: the pair A <- B was prewarmed this long before the crossing (null: not prewarmed). */
	prewarmLeadMs: number | null;
	/**
	 * Server side of A's consumer of B's camera, ms after the crossing
	 * (negative: before): created, resumed, first key frame sent to A (consumer
	 * 'keyframe' trace, worker clock mapped to epoch); and, up to A's first
	 * frame, how many key frames the worker sent A and how many PLIs A's
	 * browser sent (a key frame the browser could not use shows as a second one).
	 */
	server: { createdMs: number | null; resumedMs: number | null; keyFrameOutMs: number | null; keyFramesBeforeFrame: number; plisIn: number };
	/**
	 * A's page, ms after the crossing: the camera track subscribed, active, and
	 * its first frame: `frameMs` when A's requestVideoFrameCallback ran for it
	 * (the measure), `frameTimeMs` the callback's `now` (the rendering frame's
	 * start, can precede the decoding), `presentedMs` its
	 * `metadata.presentationTime`, `receivedMs` its `metadata.receiveTime`
	 * (the frame's last packet arrived).
	 */
	subscribedMs: number | null;
	activeMs: number | null;
	receivedMs: number | null;
	presentedMs: number | null;
	frameTimeMs: number | null;
	frameMs: number | null;
	/** Width of the first frame (the simulcast layer decoded). */
	width: number | null;
	/** Page clock minus epoch clock at the time (should be ~0). */
	clockSkewMs: number;
}

/** What the server did with one of A's consumers of B's camera (epoch ms). */
interface ServerConsumer {
	createdAt: number;
	resumedAt: number | null;
	keyFramesOut: number[];
	plisIn: number[];
}

interface ModeResult {
	mode: ModeName;
	description: string;
	proximity: ProximityOptions;
	crossings: Crossing[];
	misses: number;
	/** Over the crossings with a frame. */
	latencyMs: Stats;
	/** Misses counted as infinitely late (what the target is checked against). */
	withMissesMs: { p50: number; p95: number };
	/** Medians over the crossings with a frame, ms after the crossing. */
	breakdownP50Ms: Record<BreakdownStep, number>;
}

const BREAKDOWN: Record<BreakdownStep, (c: Crossing) => number | null> = {
	serverCreated: (c) => c.server.createdMs,
	pageSubscribed: (c) => c.subscribedMs,
	serverResumed: (c) => c.server.resumedMs,
	keyFrameOut: (c) => c.server.keyFrameOutMs,
	pageActive: (c) => c.activeMs,
	frame: (c) => c.frameMs,
};
type BreakdownStep = 'serverCreated' | 'pageSubscribed' | 'serverResumed' | 'keyFrameOut' | 'pageActive' | 'frame';

interface Stats {
	n: number;
	p50: number;
	p95: number;
	mean: number;
	max: number;
	min: number;
}

function stats(values: number[]): Stats {
	return {
		n: values.length,
		p50: round(quantile(values, 0.5)),
		p95: round(quantile(values, 0.95)),
		mean: round(mean(values)),
		max: round(Math.max(...values)),
		min: round(Math.min(...values)),
	};
}

const round = (v: number): number => Math.round(v * 10) / 10;

async function runMode(browser: Browser, mode: Mode): Promise<ModeResult> {
	const bench = await startBenchWorld({ proximity: mode.proximity, media: { closeGraceMs: CLOSE_GRACE_MS } });
	const players: BenchPlayer[] = [];
	try {
		const a = await BenchPlayer.open(browser, bench.url, { name: 'A', spawn: 'lobby', attach: mode.attach });
		players.push(a);
		const b = await BenchPlayer.open(browser, bench.url, { name: 'B', spawn: 'lobby', attach: mode.attach });
		players.push(b);
		const room = await bench.room();
		const at = (id: string) => room.movementOf(id)!;
		const arrive = async (who: BenchPlayer, x: number, y: number, what: string) => {
			await who.walkTo(x, y);
			await waitFor(async () => {
				const m = at(who.id);
				return !m.moving && Math.hypot(m.x - x, m.y - y) < 2;
			}, 20_000, what);
		};

		// Server-side events for the pair A <- B.
		let addedAt: number | null = null;
		let prewarmedAt: number | null = null;
		room.events.on('hearingDiff', (diff: HearingDiff) => {
			const now = Date.now();
			const isPair = (p: { listener: string; speaker: string }) => p.listener === a.id && p.speaker === b.id;
			if (diff.prewarmAdded.some(isPair)) prewarmedAt = now;
			if (diff.added.some(isPair)) addedAt = now;
		});
		// The server side of A's consumers of B's camera (A's receive transport lives for the whole run).
		const serverConsumers = new Map<string, ServerConsumer>();
		room.media!.peer(a.id)!.recvTransport!.observer.on('newconsumer', (consumer) => {
			const { speaker, source } = consumer.appData as { speaker?: string; source?: string };
			if (speaker !== b.id || source !== 'camera') return;
			const record: ServerConsumer = { createdAt: Date.now(), resumedAt: null, keyFramesOut: [], plisIn: [] };
			serverConsumers.set(consumer.id, record);
			consumer.observer.on('resume', () => (record.resumedAt ??= Date.now()));
			const lastStamp = { keyFramesOut: -1, plisIn: -1 };
			consumer.on('trace', (trace) => {
				// The worker stamps traces with uv_hrtime (CLOCK_MONOTONIC, ms), the clock of process.hrtime: mapped to epoch
				// ms, the stamp leaves out the channel's delivery delay.
				const kind = trace.type === 'keyframe' && trace.direction === 'out' ? 'keyFramesOut' : trace.type === 'pli' && trace.direction === 'in' ? 'plisIn' : null;
				// mediasoup 3.27.1 delivered every trace twice (same stamp) here: keep one.
				if (!kind || lastStamp[kind] === trace.timestamp) return;
				lastStamp[kind] = trace.timestamp;
				record[kind].push(trace.timestamp + (Date.now() - Number(process.hrtime.bigint() / 1_000_000n)));
			});
			void consumer.enableTraceEvent(['keyframe', 'pli']).catch(() => undefined);
		});

		const out = { x: A_SPOT.x + OUT_DISTANCE, y: A_SPOT.y };
		const inRange = { x: A_SPOT.x + IN_DISTANCE, y: A_SPOT.y };
		await arrive(a, A_SPOT.x, A_SPOT.y, 'A to reach its spot');
		await arrive(b, out.x, out.y, 'B to reach its start');

		const crossings: Crossing[] = [];
		let misses = 0;
		for (let i = 0; i < CROSSINGS; i++) {
			// Start from nothing: no consumer of B at A.
			await waitFor(async () => (await a.run((h, id) => h.remote().filter((t) => t.peerId === id).length, b.id)) === 0, 10_000, 'A to close its consumers of B');
			addedAt = null;
			prewarmedAt = null;
			await b.walkTo(inRange.x, inRange.y);
			const crossedAt = await waitFor(async () => addedAt, 10_000, 'the server to add the edge A <- B', 10);
			const log = await waitFor(
				async () => {
					const cams = await a.run((h, id) => h.cameras(id), b.id);
					const withFrame = cams.find((c) => c.runs.some((r) => r.at >= crossedAt));
					if (withFrame) return withFrame;
					if (Date.now() - crossedAt > MISS_AFTER_MS) return 'miss' as const;
					return null;
				},
				MISS_AFTER_MS + 5000,
				'a frame of B at A',
				10,
			);
			const clockSkewMs = await a.run((h) => h.clockSkew());
			const cams = await a.run((h, id) => h.cameras(id), b.id);
			const camera = log === 'miss' ? cams.at(-1) : log;
			const run = log === 'miss' ? undefined : log.runs.find((r) => r.at >= crossedAt);
			const crossing: Crossing = {
				crossedAt,
				prewarmLeadMs: prewarmedAt === null ? null : crossedAt - prewarmedAt,
				server: serverSide(camera ? serverConsumers.get(camera.consumerId) : undefined, crossedAt, run?.at ?? Number.POSITIVE_INFINITY),
				...pageSide(camera, crossedAt),
				frameMs: run ? round(run.at - crossedAt) : null,
				receivedMs: run?.receivedAt ? round(run.receivedAt - crossedAt) : null,
				presentedMs: run ? round(run.presentedAt - crossedAt) : null,
				frameTimeMs: run ? round(run.frameTime - crossedAt) : null,
				width: run?.width ?? null,
				clockSkewMs: round(clockSkewMs),
			};
			crossings.push(crossing);
			if (log === 'miss') misses++;
			console.log(
				`  ${mode.name} #${i + 1}: ${crossing.frameMs === null ? `MISS (no frame within ${MISS_AFTER_MS} ms)` : `frame ${crossing.frameMs} ms`} ` +
					`(server created ${crossing.server.createdMs}, page subscribed ${crossing.subscribedMs}, server resumed ${crossing.server.resumedMs}, ` +
					`key frame out ${crossing.server.keyFrameOutMs}, page active ${crossing.activeMs}; ${crossing.width ?? '-'} px wide; key frames ${crossing.server.keyFramesBeforeFrame}, PLIs ${crossing.server.plisIn})`,
			);
			await sleep(DWELL_MS);
			await arrive(b, out.x, out.y, 'B to walk back out');
		}
		const errors = [...(await a.run((h) => h.errors)), ...(await b.run((h) => h.errors))];
		if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
		const hits = crossings.flatMap((c) => (c.frameMs === null ? [] : [c]));
		const p50Of = (pick: (c: Crossing) => number | null) => round(quantile(hits.flatMap((c) => (pick(c) === null ? [] : [pick(c)!])), 0.5));
		return {
			mode: mode.name,
			description: mode.description,
			proximity: { ...DEFAULT_PROXIMITY_OPTIONS, ...mode.proximity },
			crossings,
			misses,
			latencyMs: stats(hits.map((c) => c.frameMs!)),
			withMissesMs: {
				p50: round(quantile(crossings.map((c) => c.frameMs ?? Number.POSITIVE_INFINITY), 0.5)),
				p95: round(quantile(crossings.map((c) => c.frameMs ?? Number.POSITIVE_INFINITY), 0.95)),
			},
			breakdownP50Ms: Object.fromEntries(Object.entries(BREAKDOWN).map(([step, pick]) => [step, p50Of(pick)])) as Record<BreakdownStep, number>,
		};
	} finally {
		for (const player of players) await player.close().catch(() => undefined);
		await bench.close();
	}
}

function pageSide(log: CameraLog | undefined, crossedAt: number): Pick<Crossing, 'subscribedMs' | 'activeMs'> {
	const active = log?.activeAt.find((t) => t >= crossedAt - 1000);
	return {
		subscribedMs: log ? round(log.subscribedAt - crossedAt) : null,
		activeMs: active === undefined ? null : round(active - crossedAt),
	};
}

function serverSide(record: ServerConsumer | undefined, crossedAt: number, frameAt: number): Crossing['server'] {
	if (!record) return { createdMs: null, resumedMs: null, keyFrameOutMs: null, keyFramesBeforeFrame: 0, plisIn: 0 };
	// A consumer forwards nothing while paused, so its first key frame out follows the resume (whose node-side
	// time, taken when the worker answered, can be a little later than the key frame's worker-side stamp).
	const keyFrame = record.keyFramesOut[0];
	return {
		createdMs: round(record.createdAt - crossedAt),
		resumedMs: record.resumedAt === null ? null : round(record.resumedAt - crossedAt),
		keyFrameOutMs: keyFrame === undefined ? null : round(keyFrame - crossedAt),
		keyFramesBeforeFrame: record.keyFramesOut.filter((t) => t <= frameAt).length,
		plisIn: record.plisIn.filter((t) => t <= frameAt).length,
	};
}

const browser = await launchChromium();
const results: ModeResult[] = [];
try {
	for (const name of MODES) {
		console.log(`\n${name}: ${MODE_SETUP[name].description}`);
		results.push(await runMode(browser, MODE_SETUP[name]));
	}
} finally {
	await browser.close();
}

console.log(`\nCrossing into range -> first remote video frame presented at the listener (Chromium, loopback), ms after the server added the edge`);
console.log('mode                          n  miss     p50     p95    mean     min     max');
for (const r of results) {
	const s = r.latencyMs;
	console.log(`${r.mode.padEnd(28)} ${String(s.n).padStart(3)} ${String(r.misses).padStart(5)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.mean)} ${fmt(s.min)} ${fmt(s.max)}`);
}
console.log('\nMedian timeline, ms after the crossing (negative: before it)');
console.log(`mode                        ${Object.keys(BREAKDOWN).map((k) => k.padStart(15)).join('')}`);
for (const r of results) {
	console.log(`${r.mode.padEnd(28)}${Object.values(r.breakdownP50Ms).map((v) => fmt(v, 15)).join('')}`);
}
const prewarm = results.find((r) => r.mode === 'prewarm');
const target = { p50Ms: 150, p95Ms: 400 };
const met = prewarm ? prewarm.withMissesMs.p50 < target.p50Ms && prewarm.withMissesMs.p95 < target.p95Ms : null;
if (prewarm) {
	console.log(
		`target (prewarm, misses counted as infinitely late): p50 < ${target.p50Ms} ms, p95 < ${target.p95Ms} ms: ${met ? 'met' : 'NOT met'} (p50 ${prewarm.withMissesMs.p50}, p95 ${prewarm.withMissesMs.p95})`,
	);
}
const file = writeResult('crossing-latency', {
	benchmark: 'crossing into range -> first remote video frame (requestVideoFrameCallback) at the listener, Chromium, loopback',
	setup: {
		crossingsPerMode: CROSSINGS,
		listenerSpot: A_SPOT,
		speakerPath: `straight east of the listener, from ${OUT_DISTANCE} px to ${IN_DISTANCE} px at maxSpeed (160 px/s)`,
		closeGraceMs: CLOSE_GRACE_MS,
		missAfterMs: MISS_AFTER_MS,
		crossingTime: "server Date.now() when WorldRoom's hearingDiff adds the edge listener <- speaker",
		frameTime: 'epoch ms (performance.timeOrigin + performance.now()) read inside the first requestVideoFrameCallback of the speaker camera after the crossing',
		serverSide: "MediaRoom's consumer observed through A's receive transport observer; key frames from the consumer's 'keyframe' trace events (worker uv_hrtime stamps mapped to epoch through process.hrtime)",
	},
	target,
	targetMet: met,
	modes: results,
});
console.log(`wrote ${file}`);
process.exit(0);

function fmt(v: number, width = 7): string {
	return (Number.isNaN(v) ? '-' : v.toFixed(0)).padStart(width);
}
