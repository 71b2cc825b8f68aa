// The server process of the load benchmark (load.bench.ts forks it with
// `--role server`): one world server, one room created up front, measured from
// the inside. Everything it knows goes to the parent over IPC.
//
// Measured on the room: every simulation tick (`room.events` 'tick' and
// 'proximityTick', the same wall-clock figures the Prometheus tick histogram
// observes), every `broadcastPatch()` (wrapped on the instance: Colyseus'
// patch timer calls `this.broadcastPatch()`, so the wrapper sees each one),
// and the time between tick ends. Wall-clock durations include any time the
// OS gave the core to another process mid-tick; the CPU time of the main
// thread over the same spans (`process.threadCpuUsage()`, taken in a wrapper
// of `room.clock.tick`, which Colyseus calls right before each simulation
// step) does not, so both are kept. Inside the tick, the time spent in
// `StateView.add` / `remove` (the interest changes applied to clients' views)
// is timed by wrapping those two methods in this process.
//
// On the process: RSS, heap, CPU, event-loop utilisation and delay, and the
// whole machine's CPU (/proc/stat: how busy other processes keep the cores),
// sampled every `--sample` seconds; GC pauses (perf_hooks 'gc' entries); a
// full GC (`--expose-gc`) at the start and at the end of the measurement
// gives the memory that is really retained.
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { getHeapSpaceStatistics } from 'node:v8';
import { matchMaker } from '@colyseus/core';
import { Encoder, StateView } from '@colyseus/schema';
import { startWorldServer, type WorldRoom } from '../src/room/index.js';
import {
	type ControlMessage,
	distribution,
	type GcSummary,
	MAP,
	machineCpuPercent,
	machineCpuTimes,
	type MemorySnapshot,
	mb,
	plazaMap,
	round,
	type ServerMessage,
	type ServerSample,
	WORLD,
} from './load-shared.js';

export interface LoadServerOptions {
	/** Players the room admits (WorldConfig.maxPlayers). */
	maxPlayers: number;
	/** Seconds between samples sent to the parent. */
	sampleSeconds: number;
	/**
	 * `Encoder.BUFFER_SIZE` of @colyseus/schema in KiB, set before the room is
	 * created; undefined keeps the library default (16 KiB), as the world
	 * server does today.
	 */
	encoderBufferKb?: number;
}

const GC_KINDS: Record<number, string> = {
	[constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
	[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
	[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** Ticks slower than this, ms, are matched against GC pauses. */
const SLOW_TICK_MS = 3;

/** GC pauses of the measurement, and how many slow ticks one of them overlapped. */
function gcSummary(pauses: { start: number; ms: number; kind: string }[], tickSpans: number[], tickMs: number[]): GcSummary {
	const byKind: GcSummary['byKind'] = {};
	for (const pause of pauses) {
		const k = (byKind[pause.kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
		k.count++;
		k.totalMs = round(k.totalMs + pause.ms, 1);
		k.maxMs = round(Math.max(k.maxMs, pause.ms), 2);
	}
	let slowTicks = 0;
	let slowTicksWithGc = 0;
	let p = 0;
	for (let i = 0; i < tickMs.length; i++) {
		if (tickMs[i]! < SLOW_TICK_MS) continue;
		slowTicks++;
		const start = tickSpans[2 * i]!;
		const end = tickSpans[2 * i + 1]!;
		while (p < pauses.length && pauses[p]!.start + pauses[p]!.ms < start) p++;
		if (p < pauses.length && pauses[p]!.start < end) slowTicksWithGc++;
	}
	return { byKind, slowTickMs: SLOW_TICK_MS, slowTicks, slowTicksWithGc };
}

function send(message: ServerMessage): void {
	process.send!(message);
}

function memory() {
	const usage = process.memoryUsage();
	return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external) };
}

function collectedMemory(): MemorySnapshot {
	(globalThis as { gc?: () => void }).gc?.();
	const usage = process.memoryUsage();
	return {
		rssMb: mb(usage.rss),
		heapUsedMb: mb(usage.heapUsed),
		heapTotalMb: mb(usage.heapTotal),
		externalMb: mb(usage.external),
		arrayBuffersMb: mb(usage.arrayBuffers),
		heapSpacesMb: Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, { committed: mb(space.physical_space_size), used: mb(space.space_used_size) }])),
	};
}

export async function runLoadServer(options: LoadServerOptions): Promise<void> {
	if (options.encoderBufferKb) Encoder.BUFFER_SIZE = options.encoderBufferKb * 1024;
	let measuring = false;
	const errors: string[] = [];
	const noteError = (what: string) => {
		if (errors.length < 50) errors.push(what.slice(0, 500));
	};
	process.on('uncaughtException', (error) => noteError(`uncaughtException: ${error.stack ?? String(error)}`));
	process.on('unhandledRejection', (reason) => noteError(`unhandledRejection: ${String(reason)}`));
	const originalError = console.error.bind(console);
	console.error = (...args: unknown[]) => {
		noteError(`console.error: ${args.map(String).join(' ')}`);
		originalError(...args);
	};
	// Warnings are counted by first line and phase, and not printed: a library may warn once per client.
	const warnings = new Map<string, { beforeMeasure: number; duringMeasure: number }>();
	console.warn = (...args: unknown[]) => {
		const key = args.map(String).join(' ').trim().split('\n')[0]!.slice(0, 200);
		const counts = warnings.get(key) ?? { beforeMeasure: 0, duringMeasure: 0 };
		if (measuring) counts.duringMeasure++;
		else counts.beforeMeasure++;
		warnings.set(key, counts);
	};

	const world = await startWorldServer({
		worlds: { [WORLD]: { maps: new Map([[MAP, plazaMap()]]), maxPlayers: options.maxPlayers, warn: () => {} } },
	});
	const listing = await matchMaker.createRoom(WORLD, { map: MAP });
	const room = matchMaker.getLocalRoomById(listing.roomId) as unknown as WorldRoom;
	// The clients join a few seconds later: keep the empty room alive until then.
	room.autoDispose = false;

	const tickMs: number[] = [];
	/** Start and end (performance.now()) of each measured tick, flattened, to match against GC pauses. */
	const tickSpans: number[] = [];
	const gcPauses: { start: number; ms: number; kind: string }[] = [];
	const gcObserver = new PerformanceObserver((list) => {
		if (!measuring) return;
		for (const entry of list.getEntries()) {
			const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
			gcPauses.push({ start: entry.startTime, ms: entry.duration, kind: GC_KINDS[kind ?? 0] ?? String(kind) });
		}
	});
	gcObserver.observe({ entryTypes: ['gc'] });
	const tickCpuMs: number[] = [];
	const viewMs: number[] = [];
	const viewOps: number[] = [];
	const proximityMs: number[] = [];
	const patchMs: number[] = [];
	const patchCpuMs: number[] = [];
	const tickIntervalMs: number[] = [];
	let windowTicks: number[] = [];
	let windowPatches: number[] = [];
	let lastTickEnd = 0;
	const cpuMs = (since: NodeJS.CpuUsage) => {
		const used = process.threadCpuUsage(since);
		return (used.user + used.system) / 1000;
	};
	let tickCpuStart = process.threadCpuUsage();
	let viewMsThisTick = 0;
	let viewOpsThisTick = 0;
	const clockTick = room.clock.tick.bind(room.clock);
	room.clock.tick = () => {
		tickCpuStart = process.threadCpuUsage();
		viewMsThisTick = 0;
		viewOpsThisTick = 0;
		clockTick();
	};
	// StateView.add / remove, timed where the tick calls them (interest changes: who starts or stops seeing whom).
	const proto = StateView.prototype as unknown as Record<'add' | 'remove', (this: StateView, ...args: unknown[]) => unknown>;
	for (const name of ['add', 'remove'] as const) {
		const original = proto[name];
		proto[name] = function (this: StateView, ...args: unknown[]) {
			const started = performance.now();
			try {
				return original.apply(this, args);
			} finally {
				viewMsThisTick += performance.now() - started;
				viewOpsThisTick++;
			}
		};
	}
	room.events.on('tick', (ms) => {
		const now = performance.now();
		windowTicks.push(ms);
		if (measuring) {
			tickMs.push(ms);
			tickCpuMs.push(cpuMs(tickCpuStart));
			viewMs.push(viewMsThisTick);
			viewOps.push(viewOpsThisTick);
			if (lastTickEnd) tickIntervalMs.push(now - lastTickEnd);
			tickSpans.push(now - ms, now);
		}
		lastTickEnd = now;
	});
	room.events.on('proximityTick', (ms) => {
		if (measuring) proximityMs.push(ms);
	});
	const broadcastPatch = room.broadcastPatch.bind(room);
	room.broadcastPatch = () => {
		const started = performance.now();
		const cpuStart = process.threadCpuUsage();
		const changed = broadcastPatch();
		const ms = performance.now() - started;
		windowPatches.push(ms);
		if (measuring) {
			patchMs.push(ms);
			patchCpuMs.push(cpuMs(cpuStart));
		}
		return changed;
	};
	let leftDuringMeasure = 0;
	room.events.on('playerLeft', () => {
		if (measuring) leftDuringMeasure++;
	});

	const loopDelay = monitorEventLoopDelay({ resolution: 10 });
	loopDelay.enable();
	let measureStartedAt = 0;
	let measureCpu = process.cpuUsage();
	let windowCpu = process.cpuUsage();
	let windowElu = performance.eventLoopUtilization();
	let windowStartedAt = performance.now();
	let windowMachine = machineCpuTimes();
	let measureMachine = windowMachine;
	const samples: ServerSample[] = [];

	const sample = (): ServerSample => {
		const now = performance.now();
		const seconds = (now - windowStartedAt) / 1000;
		const cpu = process.cpuUsage(windowCpu);
		const elu = performance.eventLoopUtilization(windowElu);
		const result: ServerSample = {
			t: measuring ? round((now - measureStartedAt) / 1000, 1) : -1,
			players: room.clients.length,
			...memory(),
			cpuPercent: round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1),
			machineCpuPercent: machineCpuPercent(windowMachine, machineCpuTimes(), cpus().length),
			eventLoopUtilization: round(elu.utilization, 3),
			loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
			loopDelayMaxMs: round(loopDelay.max / 1e6, 1),
			ticks: windowTicks.length,
			tick: distribution(windowTicks),
			patch: distribution(windowPatches),
		};
		windowTicks = [];
		windowPatches = [];
		windowCpu = process.cpuUsage();
		windowElu = performance.eventLoopUtilization();
		windowStartedAt = now;
		windowMachine = machineCpuTimes();
		loopDelay.reset();
		return result;
	};
	const report = () => {
		const s = sample();
		if (measuring) samples.push(s);
		send({ type: 'sample', sample: s });
	};
	let timer = setInterval(report, options.sampleSeconds * 1000);

	let gcStart = collectedMemory();
	process.on('message', async (message: ControlMessage) => {
		if (message.type === 'measure') {
			gcStart = collectedMemory();
			sample(); // starts a fresh window: the first sample covers measured time only
			measuring = true;
			measureStartedAt = performance.now();
			measureCpu = process.cpuUsage();
			measureMachine = machineCpuTimes();
			// Samples aligned on the measurement: t = 10, 20, … s.
			clearInterval(timer);
			timer = setInterval(report, options.sampleSeconds * 1000);
		} else if (message.type === 'stop') {
			clearInterval(timer);
			const last = sample();
			measuring = false;
			const seconds = (performance.now() - measureStartedAt) / 1000;
			const cpu = process.cpuUsage(measureCpu);
			if (last.ticks > 0) samples.push(last);
			const gcEnd = collectedMemory();
			send({
				type: 'report',
				tickMs,
				tickCpuMs,
				viewMs,
				viewOps,
				proximityMs,
				patchMs,
				patchCpuMs,
				tickIntervalMs,
				gc: gcSummary(gcPauses, tickSpans, tickMs),
				samples,
				idleRssMb,
				gcStart,
				gcEnd,
				leftDuringMeasure,
				errors,
				warnings: [...warnings].map(([message, counts]) => ({ message, ...counts })),
				cpuPercent: round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1),
				machineCpuPercent: machineCpuPercent(measureMachine, machineCpuTimes(), cpus().length),
			});
		} else if (message.type === 'close') {
			room.autoDispose = true;
			await world.close();
			process.disconnect();
			process.exit(0);
		}
	});
	const idleRssMb = memory().rssMb;
	send({ type: 'ready', url: world.url, roomId: listing.roomId, idleRssMb });
}
