/**
 * Proximity engine benchmark: the incremental engine against the all-pairs
 * baseline on the same scripted worlds, checked against the targets of
 * DESIGN.md ("Performance targets"). Prints a table and writes
 * bench/results/proximity.json at the repo root.
 *
 *   node scripts/run-ts.mjs packages/world-server/bench/proximity.bench.ts
 *
 * A world has 1 avatar per 100×100 px on average: 60% scattered, 40% in
 * conversation groups of 4-12 within 50 px of each other; meeting rooms
 * (private zones, one per 100 avatars), a stage (spotlight) with two
 * presenters and a quiet corner (silent zone). Every tick 10% of the avatars,
 * chosen at random, take one walking step (8 px, i.e. 160 px/s at 20 Hz) and
 * get their zones from the map; a few toggle do-not-disturb. The time of a
 * tick covers the `upsert()` calls and `tick()`. Each scenario runs on several
 * fresh engines (same script); the table and the verdict take the median run.
 *
 * In the target scenarios the stage is closed to walkers (presenters move on
 * it, the audience bounces off its edge), as on a real event map. The extra
 * "stage churn" scenario lets walkers wander on and off the stage, so the
 * spotlight set changes every few ticks: each change re-decides every
 * listener in the world (a new stage speaker takes a video slot everywhere),
 * which shows in its p95/p99. It has no target; it is there to be honest
 * about that cost.
 *
 * Around each engine run the bench samples the host's memory latency
 * (host-probe.ts) and prints it under the table: on a shared VM it moves by
 * several times with what other tenants do, and the engine's time at ten
 * thousand avatars moves with it.
 *
 * For profiling and A/B work on the engine (prints the table, writes its JSON
 * to the OS temp directory, leaves bench/results alone):
 *   --scenario <text>  only scenarios whose name contains the text ("10,000")
 *   --engine-only      no all-pairs baseline and no graph check
 *   --runs <n>         engine runs per scenario
 *   --ticks <n>        measured ticks per run (the script's first ticks are
 *                      the same whatever the count, so two counts differ by
 *                      exactly the later ticks: see docs/benchmarks.md for the
 *                      deterministic cachegrind comparison built on that)
 *   --compare <file>   an ES module exporting another `ProximityEngine` (an
 *                      older one, bundled with esbuild): engine runs alternate
 *                      between it and this one (ABBA, in one process, which
 *                      cancels most of the host's drift) and each pair of
 *                      runs is compared; see docs/benchmarks.md
 * e.g. NODE_OPTIONS=--cpu-prof node scripts/run-ts.mjs packages/world-server/bench/proximity.bench.ts --scenario 10,000 --engine-only --runs 1
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { AllPairsReference } from '../src/proximity/all-pairs-reference.js';
import { ProximityEngine } from '../src/proximity/index.js';
import type { HearingDiff, ProximityAvatar } from '../src/proximity/index.js';
import { Random } from '../test/support/random.js';
import { MemoryLatencyProbe } from './host-probe.js';

interface ScenarioSpec {
	name: string;
	avatars: number;
	/** Whether walkers may step onto the stage (each crossing changes the spotlight set). */
	walkableStage: boolean;
	warmupTicks: number;
	ticks: number;
	baselineWarmupTicks: number;
	baselineTicks: number;
	/** Engine runs (each a fresh engine replaying the script); the verdict takes the median run. */
	engineRuns: number;
	/** Mean engine tick must stay below this, ms (0: not a target). */
	targetMeanMs: number;
	/** Baseline mean / engine mean must reach this (0: not a target). */
	targetSpeedup: number;
}

const SCENARIOS: ScenarioSpec[] = [
	{ name: '1,000 avatars', avatars: 1_000, walkableStage: false, warmupTicks: 100, ticks: 200, baselineWarmupTicks: 3, baselineTicks: 40, engineRuns: 5, targetMeanMs: 1, targetSpeedup: 10 },
	{ name: '10,000 avatars', avatars: 10_000, walkableStage: false, warmupTicks: 50, ticks: 200, baselineWarmupTicks: 1, baselineTicks: 5, engineRuns: 5, targetMeanMs: 10, targetSpeedup: 0 },
	{ name: '1,000 avatars, stage churn', avatars: 1_000, walkableStage: true, warmupTicks: 100, ticks: 200, baselineWarmupTicks: 3, baselineTicks: 20, engineRuns: 3, targetMeanMs: 0, targetSpeedup: 0 },
];

const argv = process.argv.slice(2);
const flagValue = (name: string): string | undefined => {
	const at = argv.indexOf(name);
	return at >= 0 ? argv[at + 1] : undefined;
};
const SCENARIO_FILTER = flagValue('--scenario');
const ENGINE_ONLY = argv.includes('--engine-only');
const RUNS = flagValue('--runs') === undefined ? undefined : Math.max(1, Number(flagValue('--runs')) | 0);
const TICKS = flagValue('--ticks') === undefined ? undefined : Math.max(1, Number(flagValue('--ticks')) | 0);
const COMPARE = flagValue('--compare');
/** A developer's run (a subset, no baseline, other run or tick counts, a comparison): not the recorded result. */
const PARTIAL = SCENARIO_FILTER !== undefined || ENGINE_ONLY || RUNS !== undefined || TICKS !== undefined || COMPARE !== undefined;
type EngineClass = new () => Driver & { edges(): unknown[]; prewarms(): unknown[] };
const OtherEngine: EngineClass | undefined =
	COMPARE === undefined ? undefined : ((await import(pathToFileURL(path.resolve(COMPARE)).href)) as { ProximityEngine: EngineClass }).ProximityEngine;

const MOVING_SHARE = 0.1;
const STEP_PX = 8;
const AREA_PER_AVATAR = 100 * 100;
const GROUPED_SHARE = 0.4;
const DND_TOGGLES_PER_AVATAR_TICK = 0.0005;

interface Rect {
	id: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The whole run of one scenario, decided up front so both implementations replay the same world. */
interface Script {
	side: number;
	initial: ProximityAvatar[];
	ticks: ProximityAvatar[][];
	/** Per tick, how many avatars stepped on or off the stage. */
	spotlightChanges: number[];
}

interface Stats {
	ticks: number;
	meanMs: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	maxMs: number;
	firstTickMs: number;
}

interface ScenarioResult {
	name: string;
	avatars: number;
	walkableStage: boolean;
	worldSidePx: number;
	movingPerTick: number;
	/** The median engine run (by mean). */
	engine: Stats & { edges: number; prewarms: number; diffEntriesPerTick: number };
	/** Mean ms per tick of every engine run, in the order they ran. */
	engineRunMeansMs: number[];
	/** Host memory latency (ns per dependent load, see host-probe.ts) around each engine run: the mean of a sample just before and one just after. */
	hostMemoryNsPerLoad: number[];
	/** null with --engine-only. */
	allPairs: Stats | null;
	speedup: number | null;
	/** The engine's graph equals the baseline's after the baseline's last tick (null with --engine-only). */
	graphsMatch: boolean | null;
	/** Spotlight set changes during the measured ticks. */
	spotlightChanges: number;
	/** With --compare: the other engine's run means, and this engine's mean over the other's, per ABBA pair of runs. */
	comparison?: { otherRunMeansMs: number[]; ratios: number[] };
	targets: { meanMs: number; meanPass: boolean | null; speedup: number; speedupPass: boolean | null };
}

function buildScript(avatars: number, tickCount: number, seed: number, walkableStage: boolean): Script {
	const random = new Random(seed);
	const side = Math.round(Math.sqrt(avatars * AREA_PER_AVATAR));
	const rooms: Rect[] = [];
	for (let i = 0; i < Math.max(2, Math.round(avatars / 100)); i++) {
		rooms.push({ id: `room-${i}`, x: random.int(0, side - 192), y: random.int(0, side - 160), width: 192, height: 160 });
	}
	const stage = { x: side / 2 - 160, y: side / 2 - 96, width: 320, height: 192 };
	const quiet = { x: 64, y: 64, width: 256, height: 256 };
	const inRect = (r: { x: number; y: number; width: number; height: number }, x: number, y: number): boolean =>
		x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;
	const place = (a: ProximityAvatar): void => {
		// What the map module does: zone membership at the position.
		a.privateZone = rooms.find((r) => inRect(r, a.x, a.y))?.id ?? null;
		a.spotlight = inRect(stage, a.x, a.y);
		a.silent = inRect(quiet, a.x, a.y);
	};
	const clamp = (v: number): number => Math.min(side - 1, Math.max(0, v));

	const state: ProximityAvatar[] = [];
	const headings: number[] = [];
	// Two presenters on stage, then the audience.
	state.push(blank('presenter-0', stage.x + 80, stage.y + 96), blank('presenter-1', stage.x + 240, stage.y + 96));
	const grouped = Math.round(avatars * GROUPED_SHARE);
	while (state.length < grouped) {
		const size = random.int(4, 12);
		const cx = random.next() * side;
		const cy = random.next() * side;
		for (let k = 0; k < size && state.length < grouped; k++) {
			const angle = random.next() * Math.PI * 2;
			const r = random.next() * 50;
			state.push(blank(`p${state.length}`, clamp(cx + Math.cos(angle) * r), clamp(cy + Math.sin(angle) * r)));
		}
	}
	while (state.length < avatars) state.push(blank(`p${state.length}`, random.next() * side, random.next() * side));
	if (!walkableStage) {
		// Nobody in the audience starts on the closed stage.
		for (const a of state.slice(2)) if (inRect(stage, a.x, a.y)) a.y = clamp(stage.y + stage.height + 8 + random.next() * 64);
	}
	for (const a of state) {
		place(a);
		headings.push(random.next() * Math.PI * 2);
	}
	const initial = state.map((a) => ({ ...a }));

	const indices = state.map((_, i) => i);
	const moving = Math.round(avatars * MOVING_SHARE);
	const ticks: ProximityAvatar[][] = [];
	const spotlightChanges: number[] = [];
	for (let t = 0; t < tickCount; t++) {
		let stageCrossings = 0;
		const changed = new Map<number, ProximityAvatar>();
		// A random sample of `moving` avatars (partial Fisher-Yates).
		for (let k = 0; k < moving; k++) {
			const j = k + Math.floor(random.next() * (indices.length - k));
			const i = indices[j]!;
			indices[j] = indices[k]!;
			indices[k] = i;
			const a = state[i]!;
			let heading = headings[i]! + (random.next() - 0.5) * 0.6;
			let x = a.x + Math.cos(heading) * STEP_PX;
			let y = a.y + Math.sin(heading) * STEP_PX;
			if (x < 0 || x >= side) {
				heading = Math.PI - heading;
				x = clamp(x);
			}
			if (y < 0 || y >= side) {
				heading = -heading;
				y = clamp(y);
			}
			const onStage = inRect(stage, x, y);
			const isPresenter = i < 2;
			if (!walkableStage && onStage !== isPresenter) {
				// Presenters stay on the closed stage, the audience stays off it: turn back.
				headings[i] = heading + Math.PI;
				continue;
			}
			headings[i] = heading;
			if (onStage !== a.spotlight) stageCrossings++;
			a.x = x;
			a.y = y;
			place(a);
			changed.set(i, a);
		}
		// On average avatars × DND_TOGGLES_PER_AVATAR_TICK toggles per tick (0.5 at 1,000: one every other tick).
		const expectedToggles = avatars * DND_TOGGLES_PER_AVATAR_TICK;
		const toggles = Math.floor(expectedToggles) + (random.next() < expectedToggles % 1 ? 1 : 0);
		for (let k = 0; k < toggles; k++) {
			const i = random.int(0, avatars - 1);
			const a = state[i]!;
			a.doNotDisturb = !a.doNotDisturb;
			changed.set(i, a);
		}
		ticks.push([...changed.values()].map((a) => ({ ...a })));
		spotlightChanges.push(stageCrossings);
	}
	return { side, initial, ticks, spotlightChanges };
}

function blank(id: string, x: number, y: number): ProximityAvatar {
	return { id, x, y, privateZone: null, spotlight: false, silent: false, doNotDisturb: false };
}

interface Driver {
	upsert(avatar: ProximityAvatar): void;
	tick(): HearingDiff;
}

/** Replays ticks [0, warmup + measured) of the script; returns the measured tick times. */
function run(driver: Driver, script: Script, warmup: number, measured: number): { times: number[]; firstTickMs: number; diffEntries: number } {
	const start = performance.now();
	for (const a of script.initial) driver.upsert(a);
	driver.tick();
	const firstTickMs = performance.now() - start;
	const times: number[] = [];
	let diffEntries = 0;
	for (let t = 0; t < warmup + measured; t++) {
		const updates = script.ticks[t]!;
		const t0 = performance.now();
		for (const a of updates) driver.upsert(a);
		const diff = driver.tick();
		const elapsed = performance.now() - t0;
		if (t >= warmup) {
			times.push(elapsed);
			diffEntries += diff.added.length + diff.removed.length + diff.changed.length + diff.prewarmAdded.length + diff.prewarmRemoved.length;
		}
	}
	return { times, firstTickMs, diffEntries };
}

function stats(times: number[], firstTickMs: number): Stats {
	const sorted = [...times].sort((a, b) => a - b);
	const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
	return {
		ticks: times.length,
		meanMs: times.reduce((s, v) => s + v, 0) / times.length,
		p50Ms: at(0.5),
		p95Ms: at(0.95),
		p99Ms: at(0.99),
		maxMs: sorted[sorted.length - 1]!,
		firstTickMs,
	};
}

function graphKey(edges: { listener: string; speaker: string; band: string; media: string; reason: string }[], prewarms: { listener: string; speaker: string }[]): string {
	const e = edges.map((x) => `${x.listener}>${x.speaker} ${x.band} ${x.media} ${x.reason}`).sort();
	const p = prewarms.map((x) => `${x.listener}>${x.speaker}`).sort();
	return `${e.join('\n')}\n--\n${p.join('\n')}`;
}

function runScenario(spec: ScenarioSpec): ScenarioResult {
	const script = buildScript(spec.avatars, spec.warmupTicks + spec.ticks, 0xc0ffee + spec.avatars, spec.walkableStage);

	// Several fresh engines replay the same script: on a shared VM one run's
	// mean moves by ±20% with what other tenants of the host do to its caches
	// (see docs/benchmarks.md), so the verdict takes the median run, and the
	// JSON keeps every run's mean.
	const runs: { stats: Stats; diffEntries: number }[] = [];
	const hostMemoryNsPerLoad: number[] = [];
	const otherRunMeansMs: number[] = [];
	let engine: ProximityEngine | undefined;
	const runOther = (): void => {
		if (OtherEngine !== undefined) otherRunMeansMs.push(stats(run(new OtherEngine(), script, spec.warmupTicks, spec.ticks).times, 0).meanMs);
	};
	for (let r = 0; r < (RUNS ?? spec.engineRuns); r++) {
		// With --compare, ABBA: the other engine runs first in even pairs, second in odd ones.
		const otherFirst = (r & 1) === 0;
		if (otherFirst) runOther();
		const latencyBefore = memoryProbe.sample();
		engine = new ProximityEngine();
		const engineRun = run(engine, script, spec.warmupTicks, spec.ticks);
		hostMemoryNsPerLoad.push((latencyBefore + memoryProbe.sample()) / 2);
		runs.push({ stats: stats(engineRun.times, engineRun.firstTickMs), diffEntries: engineRun.diffEntries });
		if (!otherFirst) runOther();
	}
	const median = [...runs].sort((a, b) => a.stats.meanMs - b.stats.meanMs)[Math.floor(runs.length / 2)]!;
	const engineStats = median.stats;
	// Every run replays the same script, so the last engine's graph is every run's.
	const edges = engine!.edges().length;
	const prewarms = engine!.prewarms().length;

	let baselineStats: Stats | null = null;
	let graphsMatch: boolean | null = null;
	if (!ENGINE_ONLY) {
		const baseline = new AllPairsReference();
		const baselineRun = run(baseline, script, spec.baselineWarmupTicks, spec.baselineTicks);
		baselineStats = stats(baselineRun.times, baselineRun.firstTickMs);
		// Same world, same point in the script: the graphs must be identical.
		const check = new ProximityEngine();
		run(check, script, spec.baselineWarmupTicks, spec.baselineTicks);
		graphsMatch = graphKey(check.edges(), check.prewarms()) === graphKey(baseline.edges(), baseline.prewarms());
	}

	const speedup = baselineStats === null ? null : baselineStats.meanMs / engineStats.meanMs;
	return {
		name: spec.name,
		avatars: spec.avatars,
		walkableStage: spec.walkableStage,
		worldSidePx: script.side,
		movingPerTick: Math.round(spec.avatars * MOVING_SHARE),
		engine: { ...engineStats, edges, prewarms, diffEntriesPerTick: median.diffEntries / spec.ticks },
		engineRunMeansMs: runs.map((r) => r.stats.meanMs),
		hostMemoryNsPerLoad,
		allPairs: baselineStats,
		speedup,
		graphsMatch,
		spotlightChanges: script.spotlightChanges.slice(spec.warmupTicks).reduce((sum, v) => sum + v, 0),
		...(OtherEngine === undefined ? {} : { comparison: { otherRunMeansMs, ratios: runs.map((r, i) => r.stats.meanMs / otherRunMeansMs[i]!) } }),
		targets: {
			meanMs: spec.targetMeanMs,
			meanPass: spec.targetMeanMs > 0 ? engineStats.meanMs < spec.targetMeanMs : null,
			speedup: spec.targetSpeedup,
			speedupPass: spec.targetSpeedup > 0 && speedup !== null ? speedup >= spec.targetSpeedup : null,
		},
	};
}

function repoRoot(): string {
	let dir = process.cwd();
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) return process.cwd();
		dir = parent;
	}
}

const ms = (v: number): string => v.toFixed(v < 1 ? 3 : 2);

function printTable(results: ScenarioResult[]): void {
	const rows: string[][] = [['scenario', 'impl', 'ticks', 'mean ms', 'p50', 'p95', 'p99', 'max', 'first tick', 'run means']];
	for (const r of results) {
		for (const [name, s] of [
			['engine', r.engine],
			['all-pairs', r.allPairs],
		] as const) {
			if (s === null) continue;
			const runMeans = name === 'engine' ? r.engineRunMeansMs.map(ms).join(' ') : '';
			rows.push([r.name, name, String(s.ticks), ms(s.meanMs), ms(s.p50Ms), ms(s.p95Ms), ms(s.p99Ms), ms(s.maxMs), ms(s.firstTickMs), runMeans]);
		}
	}
	const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
	for (const [i, row] of rows.entries()) {
		console.log(row.map((cell, c) => (c < 2 || c === row.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
		if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	}
	console.log('');
	for (const r of results) {
		const verdicts: string[] = [];
		if (r.targets.meanPass !== null) verdicts.push(`mean < ${r.targets.meanMs} ms: ${r.targets.meanPass ? 'PASS' : 'FAIL'}`);
		if (r.targets.speedupPass !== null) verdicts.push(`speedup ≥ ${r.targets.speedup}×: ${r.targets.speedupPass ? 'PASS' : 'FAIL'}`);
		if (r.graphsMatch !== null) verdicts.push(`graphs match: ${r.graphsMatch ? 'yes' : 'NO'}`);
		console.log(
			`${r.name} (${r.worldSidePx} px square, ${r.movingPerTick} moving/tick, ${r.spotlightChanges} spotlight changes): ` +
				`${r.speedup === null ? '' : `speedup ${r.speedup.toFixed(1)}×, `}${r.engine.edges} edges, ${r.engine.prewarms} prewarms, ` +
				`${r.engine.diffEntriesPerTick.toFixed(1)} diff entries/tick; ${verdicts.join(', ')}`,
		);
		console.log(`  host memory latency around each engine run: ${r.hostMemoryNsPerLoad.map((v) => v.toFixed(0)).join(' ')} ns per load (host-probe.ts)`);
		if (r.comparison !== undefined) {
			const { otherRunMeansMs, ratios } = r.comparison;
			console.log(
				`  against ${COMPARE}: its runs ${otherRunMeansMs.map(ms).join(' ')} ms (median ${ms(median(otherRunMeansMs))}); ` +
					`this/other per pair of runs: median ${median(ratios).toFixed(3)}, this one faster in ${ratios.filter((x) => x < 1).length} of ${ratios.length}`,
			);
		}
	}
}

function median(values: number[]): number {
	return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

// Other processes on the machine skew the numbers: record how busy it was,
// and around each engine run how slow the host's memory was (other tenants).
const loadBefore = loadavg()[0]!;
const memoryProbe = new MemoryLatencyProbe();
const results = SCENARIOS.filter((spec) => SCENARIO_FILTER === undefined || spec.name.includes(SCENARIO_FILTER))
	.map((spec) => (TICKS === undefined ? spec : { ...spec, ticks: TICKS }))
	.map(runScenario);
if (results.length === 0) {
	console.error(`no scenario name contains "${SCENARIO_FILTER}": ${SCENARIOS.map((spec) => spec.name).join('; ')}`);
	process.exit(2);
}
printTable(results);

const cpuList = cpus();
const report = {
	benchmark: 'proximity',
	date: new Date().toISOString(),
	machine: {
		cpu: cpuList[0]?.model ?? 'unknown',
		cores: cpuList.length,
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
		loadAverage1mAfter: Math.round(loadavg()[0]! * 100) / 100,
	},
	method: {
		density: '1 avatar per 100x100 px; 40% in groups of 4-12 within 50 px',
		movement: `${MOVING_SHARE * 100}% of avatars move ${STEP_PX} px per tick, random sample each tick`,
		timed: 'upsert() of the changed avatars + tick()',
		engineRuns: 'each scenario replays the same script on several fresh engines; "engine" is the median run by mean, engineRunMeansMs lists all',
		baseline: 'AllPairsReference: every ordered pair each tick, same rules, then a diff of the two graphs',
		hostProbe: 'hostMemoryNsPerLoad: mean ns per dependent load over a random cycle through 8 MiB, the mean of a sample just before and one just after each engine run; other tenants of a shared host move it',
	},
	results,
	pass: results.every((r) => r.targets.meanPass !== false && r.targets.speedupPass !== false && r.graphsMatch !== false),
};
const outDir = path.join(repoRoot(), 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const outFile = PARTIAL ? path.join(tmpdir(), 'hallway-proximity-partial.json') : path.join(outDir, 'proximity.json');
writeFileSync(outFile, `${JSON.stringify(report, null, '\t')}\n`);
console.log(`\n${report.pass ? 'PASS' : 'FAIL'}; wrote ${path.relative(process.cwd(), outFile)}`);
if (!report.pass) process.exitCode = 1;
