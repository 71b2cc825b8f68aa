// Shared by the three processes of the load benchmark (load.bench.ts): the
// world they play in and the messages they exchange over IPC.
import { readFileSync } from 'node:fs';
import { parseMap } from '../src/map/index.js';
import type { WorldMap } from '../src/map/index.js';

/** The world (Colyseus room name) and its one map. */
export const WORLD = 'plaza';
export const MAP = 'plaza';

export const TILE = 32;
/** 160 tiles of 32 px: a 5,120 px square. */
export const SIZE_TILES = 160;
export const MAP_PX = SIZE_TILES * TILE;
/** Conversation clusters on a CLUSTER_COLUMNS × CLUSTER_ROWS grid, one spawn point at each centre (≈ 850 px apart). */
export const CLUSTER_COLUMNS = 6;
export const CLUSTER_ROWS = 5;
export const CLUSTERS = CLUSTER_COLUMNS * CLUSTER_ROWS;

/** Centre of cluster `i`, world px. */
export function clusterCentre(i: number): { x: number; y: number } {
	const stepX = MAP_PX / CLUSTER_COLUMNS;
	const stepY = MAP_PX / CLUSTER_ROWS;
	return { x: stepX * ((i % CLUSTER_COLUMNS) + 0.5), y: stepY * (Math.floor(i / CLUSTER_COLUMNS) + 0.5) };
}

/** A large open plaza: one floor tile everywhere (no walls), a spawn point at each cluster centre (`spawn-<i>`). */
export function plazaMap(): WorldMap {
	const spawns = Array.from({ length: CLUSTERS }, (_, i) => ({
		id: i + 2,
		name: `spawn-${i}`,
		point: true,
		...clusterCentre(i),
		width: 0,
		height: 0,
		rotation: 0,
		visible: true,
		type: '',
	}));
	return parseMap(
		{
			type: 'map', version: '1.8', tiledversion: '1.8.2', orientation: 'orthogonal', renderorder: 'right-down', infinite: false,
			width: SIZE_TILES, height: SIZE_TILES, tilewidth: TILE, tileheight: TILE, nextlayerid: 3, nextobjectid: spawns.length + 2,
			tilesets: [{ firstgid: 1, name: 'floor', tilewidth: TILE, tileheight: TILE, tilecount: 1, columns: 1, image: 'floor.png', imagewidth: TILE, imageheight: TILE, margin: 0, spacing: 0 }],
			layers: [
				{ id: 1, name: 'floor', type: 'tilelayer', width: SIZE_TILES, height: SIZE_TILES, x: 0, y: 0, opacity: 1, visible: true, data: new Array(SIZE_TILES * SIZE_TILES).fill(1) },
				{ id: 2, name: 'spawns', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: spawns },
			],
		},
		{ name: MAP },
	);
}

/** After the last join, the clients wait this long (every bot's first patch), check that each knows its own position, then start walking. */
export const JOIN_CHECK_MS = 1000;

/** Percentiles of one sample, ms. */
export interface Distribution {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

/** What the server process reports every sample interval (and once more at the end of the measurement). */
export interface ServerSample {
	/** Seconds since the measurement started (negative during warm-up). */
	t: number;
	players: number;
	rssMb: number;
	heapUsedMb: number;
	/** Off-heap memory (Buffers, ArrayBuffers) as `process.memoryUsage()` reports it. */
	externalMb: number;
	/** Server process CPU over the interval, % of one core (user + system). */
	cpuPercent: number;
	/** CPU of the whole machine over the interval (every process: server, clients, anything else), % of one core. */
	machineCpuPercent: number;
	/** Event loop utilisation over the interval, 0..1. */
	eventLoopUtilization: number;
	/** Event loop delay over the interval (perf_hooks monitorEventLoopDelay, 10 ms resolution), ms. */
	loopDelayP99Ms: number;
	loopDelayMaxMs: number;
	/** Simulation ticks in the interval (20 per second when the process keeps up). */
	ticks: number;
	tick: Distribution;
	/** `broadcastPatch()`: encoding each client's view of the state and sending it, ms. */
	patch: Distribution;
}

/** `process.memoryUsage()` in MB. */
export interface MemorySnapshot {
	rssMb: number;
	heapUsedMb: number;
	heapTotalMb: number;
	externalMb: number;
	arrayBuffersMb: number;
	/** V8 heap spaces (new_space, old_space, large_object_space, …): committed and used, MB. */
	heapSpacesMb: Record<string, { committed: number; used: number }>;
}

/** GC pauses during the measurement (perf_hooks 'gc' entries) and the slow ticks they overlap. */
export interface GcSummary {
	byKind: Record<string, { count: number; totalMs: number; maxMs: number }>;
	/** Ticks at least this long, ms, count as slow. */
	slowTickMs: number;
	slowTicks: number;
	/** Slow ticks during which a GC pause ran. */
	slowTicksWithGc: number;
}

/** The server's last word: everything measured between `measure` and `stop`. */
export interface ServerReport {
	type: 'report';
	/** Raw durations over the measurement window, ms (wall clock). */
	tickMs: number[];
	proximityMs: number[];
	patchMs: number[];
	/** Main-thread CPU time of each tick and each patch broadcast, ms: the wall-clock figures less time spent preempted. */
	tickCpuMs: number[];
	patchCpuMs: number[];
	/** Per tick: time in StateView.add / remove (interest changes), ms, and how many calls. */
	viewMs: number[];
	viewOps: number[];
	/** Wall time between consecutive tick ends, ms (50 at 20 Hz when on time). */
	tickIntervalMs: number[];
	gc: GcSummary;
	samples: ServerSample[];
	/** RSS before any client joined, after the server started, MB. */
	idleRssMb: number;
	/** `process.memoryUsage()` right after a forced full GC, at the start and at the end of the measurement. */
	gcStart: MemorySnapshot;
	gcEnd: MemorySnapshot;
	/** Players that left during the measurement (a bot never leaves by itself: each is a dropped client). */
	leftDuringMeasure: number;
	/** Uncaught exceptions, unhandled rejections and console.error lines in the server process. */
	errors: string[];
	/** console.warn lines (not printed), by first line, counted before and during the measurement. */
	warnings: { message: string; beforeMeasure: number; duringMeasure: number }[];
	/** CPU of the whole measurement window, % of one core. */
	cpuPercent: number;
	/** CPU of the whole machine over the measurement window, % of one core. */
	machineCpuPercent: number;
}

export type ServerMessage =
	| { type: 'ready'; url: string; roomId: string; idleRssMb: number }
	| { type: 'sample'; sample: ServerSample }
	| ServerReport;

/** What the clients process reports. */
export interface ClientStats {
	joined: number;
	joinFailures: number;
	/** `input` messages sent since the last reset. */
	inputsSent: number;
	/** WebSocket messages and bytes received since the last reset. */
	framesReceived: number;
	bytesReceived: number;
	/** `error` messages from the server (refused inputs), unexpected leaves, drops and room errors. */
	errors: number;
	errorSamples: string[];
	/**
	 * Bots whose decoded state lacked their own avatar's position (x, y) 1 s
	 * after joining, or still when they stop: the server never sent them their
	 * own `.view()` fields, though it sent the owner-only ones (lastInputSeq).
	 * A WorldClient in that state cannot place its player. Counted in `errors` too.
	 */
	withoutOwnPosition: number;
	/** Largest gap between the last input sent and the last one the server applied (`lastInputSeq`), checked every second. */
	maxAckLag: number;
	/** Event-loop delay of the clients process since the last reset, ms: its timers (the 10 Hz inputs) run this late. */
	loopDelayP99Ms: number;
	loopDelayMaxMs: number;
	/** Client process CPU since the last reset, % of one core. */
	cpuPercent: number;
	rssMb: number;
	/** Seconds since the last reset. */
	seconds: number;
}

/** `joined` once every join settled; `progress` every 10 s; `final` on `stop`, covering the measurement. */
export type ClientMessage = { type: 'joined'; stats: ClientStats } | { type: 'progress'; stats: ClientStats } | { type: 'final'; stats: ClientStats };

/**
 * Orchestrator → child. `measure`: warm-up is over, start counting. `stop`:
 * the server reports and keeps serving; the clients report, then leave.
 * `close` (server only): close the world and exit.
 */
export type ControlMessage = { type: 'measure' } | { type: 'stop' } | { type: 'close' };

export function distribution(values: readonly number[]): Distribution {
	if (values.length === 0) return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
	const sorted = Float64Array.from(values).sort();
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
	let sum = 0;
	for (const v of sorted) sum += v;
	return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]!, mean: sum / sorted.length };
}

export const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
export const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Busy and total jiffies of the whole machine (Linux /proc/stat), or undefined elsewhere. */
export function machineCpuTimes(): { busy: number; total: number } | undefined {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
		const total = fields.reduce((a, b) => a + b, 0);
		// idle + iowait
		return { busy: total - fields[3]! - (fields[4] ?? 0), total };
	} catch {
		return undefined;
	}
}

/** CPU the whole machine used between two `machineCpuTimes()`, % of one core (2 cores: up to 200%). */
export function machineCpuPercent(before: ReturnType<typeof machineCpuTimes>, after: ReturnType<typeof machineCpuTimes>, cores: number): number {
	if (!before || !after || after.total === before.total) return Number.NaN;
	return round(((after.busy - before.busy) / (after.total - before.total)) * cores * 100, 1);
}
