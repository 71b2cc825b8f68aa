// Page open -> room joined and own camera published, in Chromium on loopback.
// Opens a fresh page (new browser context: no cache, no connection reuse) N
// times; the page marks each join step in ms since navigation start
// (performance.timeOrigin). A resident player without media (a node Colyseus
// client standing in the east wing) keeps the room alive, so every page joins
// an existing room, as players usually do; the room's first join, which also
// opens its router, is measured once separately.
//
//   node scripts/run-ts.mjs packages/media/bench/join-latency.bench.ts [--runs 10]
import { Client } from '@colyseus/sdk';
import { launchChromium } from '../../../tests/e2e/support/chromium.js';
import { mean, quantile, writeResult } from '../../world-server/bench/bench-report.js';
import type { JoinMarks } from './bench-page-api.js';
import { BenchPlayer, startBenchWorld } from './bench-world.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const RUNS = Number(args.get('--runs') ?? 10);
const TARGET_MS = 1500;

const STEPS = ['scriptStarted', 'joined', 'mediaJoined', 'devices', 'microphonePublished', 'cameraPublished'] as const;
type Step = (typeof STEPS)[number];

interface Run {
	/** The room existed already (a resident player), or this page created it. */
	roomExisted: boolean;
	marks: Record<Step, number>;
	/** Navigation timing: the HTML document's response ended, ms since navigation start. */
	documentResponseEnd: number;
}

const round = (v: number): number => Math.round(v * 10) / 10;

async function openOnce(browser: Awaited<ReturnType<typeof launchChromium>>, url: string, roomExisted: boolean): Promise<Run> {
	const player = await BenchPlayer.open(browser, url, { name: 'Joiner', spawn: 'lobby' });
	try {
		const marks = await player.run((h) => h.marks);
		const documentResponseEnd = await player.page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd);
		const missing = STEPS.filter((s) => marks[s] === undefined);
		if (missing.length) throw new Error(`E_BENCH: the page did not mark ${missing.join(', ')}`);
		return { roomExisted, marks: marks as Required<JoinMarks>, documentResponseEnd: round(documentResponseEnd) };
	} finally {
		await player.close();
	}
}

const bench = await startBenchWorld();
const browser = await launchChromium();
const runs: Run[] = [];
let firstJoin: Run;
try {
	// The room's first player: creates the room and its router.
	firstJoin = await openOnce(browser, bench.url, false);
	// From now on the room stays: a player without media stands far from the lobby.
	const resident = await new Client(bench.world.url).joinOrCreate('office', { map: 'office', name: 'Resident', spawn: 'east-wing' });
	for (let i = 0; i < RUNS; i++) {
		const run = await openOnce(browser, bench.url, true);
		runs.push(run);
		console.log(
			`  run ${String(i + 1).padStart(2)}: ${STEPS.map((s) => `${s} ${run.marks[s].toFixed(0)}`).join(', ')} ms`,
		);
	}
	await resident.leave();
} finally {
	await browser.close();
	await bench.close();
}

const summary = Object.fromEntries(
	STEPS.map((step) => {
		const values = runs.map((r) => r.marks[step]);
		return [step, { p50: round(quantile(values, 0.5)), p95: round(quantile(values, 0.95)), mean: round(mean(values)), max: round(Math.max(...values)) }];
	}),
) as Record<Step, { p50: number; p95: number; mean: number; max: number }>;
const done = runs.map((r) => Math.max(r.marks.joined, r.marks.cameraPublished));
const doneStats = { p50: round(quantile(done, 0.5)), p95: round(quantile(done, 0.95)), mean: round(mean(done)), max: round(Math.max(...done)) };

console.log(`\nPage open (navigation start) -> each join step, ms, ${runs.length} fresh pages joining an existing room`);
console.log('step                   p50     p95    mean     max');
for (const step of STEPS) {
	const s = summary[step];
	console.log(`${step.padEnd(20)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.mean)} ${fmt(s.max)}`);
}
console.log(`first page of the room (creates the room and its router): joined ${firstJoin!.marks.joined.toFixed(0)} ms, camera published ${firstJoin!.marks.cameraPublished.toFixed(0)} ms`);
const met = doneStats.p95 < TARGET_MS;
console.log(`target: room joined and camera published < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'} (p50 ${doneStats.p50}, p95 ${doneStats.p95}, max ${doneStats.max})`);
const file = writeResult('join-latency', {
	benchmark: 'page open (navigation start) -> room joined and own camera producer created, Chromium, loopback',
	setup: {
		runs: RUNS,
		page: 'packages/media/bench/bench-page.ts: joinOrCreate -> MediaClient.join -> getUserMedia (fake 640x480 camera + mic) -> publish microphone -> publish camera (3 simulcast layers), one after another',
		freshPage: 'new browser context per run',
		roomExisted: 'a resident node Colyseus client (no media) keeps the room open',
	},
	target: { doneMs: TARGET_MS, checkedOn: 'p95' },
	targetMet: met,
	doneMs: doneStats,
	steps: summary,
	firstJoinOfRoom: firstJoin!,
	runs,
});
console.log(`wrote ${file}`);
process.exit(0);

function fmt(v: number, width = 7): string {
	return v.toFixed(0).padStart(width);
}
