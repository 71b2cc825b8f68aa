/**
 * Load and soak benchmark (DESIGN.md, "Performance targets": one server
 * process, 300 bot clients moving at 10 Hz, tick p99 < 10 ms, no errors,
 * memory flat over 5 minutes), plus worker CPU per consumer for 20 media
 * peers in proximity groups. Prints tables and writes bench/results/load.json.
 *
 *   npm run bench:load                                   the full run: 300 clients, 5 minutes, media part
 *   node scripts/run-ts.mjs packages/world-server/bench/load.bench.ts --duration 60 [flags]
 *
 * Flags: --clients 300, --duration 300 (measured seconds), --warmup 15
 * (seconds between the last join and the measurement), --input-hz 10,
 * --client-procs 1, --sample 10 (seconds between server samples),
 * --media-layouts 5x4,2x10,1x20 (groups × peers per group), --media-seconds 10,
 * --no-media (skip the media part), --encoder-buffer-kb N (set
 * @colyseus/schema's `Encoder.BUFFER_SIZE` in the server before the room is
 * created; default: the library's 16 KiB, as the world server runs today).
 *
 * Known at the time of writing: with the default 16 KiB, a client that joins
 * once the full state outgrows it (≈ 250 players' roster) never receives its
 * own avatar's position: @colyseus/core 0.18.17 `SchemaSerializer.getFullState`
 * encodes the shared part into a grown buffer but the view part into the
 * stale `fullEncodeBuffer` (and warns "buffer overflow" on every such join).
 * The bots count it as an error; `--encoder-buffer-kb 64` avoids it.
 *
 * Three kinds of process, one bundle (`--role` picks the part):
 * - this one, the orchestrator: forks the others, relays control over IPC,
 *   prints and writes the result, then runs the media part itself;
 * - the server (`load-server.ts`, forked with `--expose-gc`): a world server
 *   (`startWorldServer`, Prometheus metrics on as in production, guest auth,
 *   default rate limits, no media plane) with one room on a 5,120 px plaza
 *   without walls, 30 spawn points on a 6 × 5 grid. It measures every tick
 *   (movement, zones, proximity, interest: `room.events` 'tick'), every patch
 *   broadcast (per-client StateView encoding and sending, which Colyseus runs
 *   on its own 50 ms timer outside the tick) and the gap between ticks, and
 *   samples RSS, heap, CPU and event-loop delay every 10 s;
 * - the clients (`load-clients.ts`): raw `@colyseus/sdk` clients, each walking
 *   around a conversation cluster with a new direction input 10 times a
 *   second (see that file). Raw clients rather than `WorldClient` bots: they
 *   send the same `input` messages and decode the same state, without
 *   prediction and interpolation, so the clients take less of the CPU the
 *   server needs.
 *
 * The machine has 2 cores and the clients' process competes with the server
 * for them (and with anything else running on the machine): a tick that
 * waits for a core shows in the tick interval and the event-loop delay; a
 * tick preempted half-way shows in its wall-clock duration (what the target
 * and the Prometheus histogram use) but not in its main-thread CPU time,
 * which is reported beside it.
 *
 * Verdicts: tick p99 < 10 ms; no errors (failed joins, server `error`
 * messages, drops, unexpected leaves, server exceptions or console errors);
 * memory flat: the heap used right after a forced full GC grows by less than
 * 10% (or 5 MB, whichever is larger) from the start to the end of the
 * measurement, and RSS by less than 5% over its second half. RSS itself is
 * reported at the start and the end (both after a full GC): it climbs for the
 * first minute or so while V8 sizes its young generation to the allocation
 * rate and sockets size their buffers, then levels off.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeResult } from './bench-report.js';
import { runLoadClients } from './load-clients.js';
import { type MediaLoadResult, runMediaLoad } from './load-media.js';
import { runLoadServer } from './load-server.js';
import {
	type ClientMessage,
	type ClientStats,
	type ControlMessage,
	distribution,
	JOIN_CHECK_MS,
	MAP_PX,
	round,
	type ServerMessage,
	type ServerReport,
	type ServerSample,
} from './load-shared.js';

const argv = process.argv.slice(2);
const args = new Map(argv.map((a, i, all) => [a, all[i + 1]]));
const number = (flag: string, fallback: number) => Number(args.get(flag) ?? fallback);

const CLIENTS = number('--clients', 300);
const DURATION_SECONDS = number('--duration', 300);
const WARMUP_SECONDS = number('--warmup', 30);
const INPUT_HZ = number('--input-hz', 10);
const CLIENT_PROCS = number('--client-procs', 1);
const SAMPLE_SECONDS = number('--sample', 10);
const MEDIA = !argv.includes('--no-media');
const ENCODER_BUFFER_KB = args.has('--encoder-buffer-kb') ? number('--encoder-buffer-kb', 0) : undefined;
const MEDIA_LAYOUTS = (args.get('--media-layouts') ?? '5x4,2x10,1x20').split(',').map((l) => l.split('x').map(Number) as [number, number]);
const MEDIA_SECONDS = number('--media-seconds', 10);

const TICK_P99_TARGET_MS = 10;
/** Heap after GC may grow this much over the run (or HEAP_GROWTH_FLOOR_MB, whichever is larger). */
const MEMORY_GROWTH_LIMIT = 0.1;
const HEAP_GROWTH_FLOOR_MB = 5;
/** RSS may grow this much over the second half of the run. */
const RSS_SECOND_HALF_LIMIT = 0.05;

/** Resolves with the next message of `type` from a child; rejects if the child exits first. */
function next<M extends { type: string }, T extends M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
	return new Promise((resolve, reject) => {
		const onMessage = (message: M) => {
			if (message.type !== type) return;
			child.off('message', onMessage);
			child.off('exit', onExit);
			resolve(message as Extract<M, { type: T }>);
		};
		const onExit = (code: number | null) => {
			child.off('message', onMessage);
			reject(new Error(`E_BENCH_CHILD: a ${String(child.spawnargs.at(-1))} process exited (code ${code}) before sending "${type}"`));
		};
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

function control(child: ChildProcess, message: ControlMessage): void {
	child.send(message);
}

const self = fileURLToPath(import.meta.url);
function forkRole(roleArgs: string[], execArgv: string[] = []): ChildProcess {
	return fork(self, roleArgs, { execArgv: ['--enable-source-maps', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Least-squares slope of y over t, per minute. */
function slopePerMinute(points: { t: number; y: number }[]): number {
	if (points.length < 2) return 0;
	const n = points.length;
	const mt = points.reduce((s, p) => s + p.t, 0) / n;
	const my = points.reduce((s, p) => s + p.y, 0) / n;
	const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
	const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
	return den === 0 ? 0 : (num / den) * 60;
}

function sumStats(all: ClientStats[]): ClientStats {
	return {
		joined: all.reduce((s, c) => s + c.joined, 0),
		joinFailures: all.reduce((s, c) => s + c.joinFailures, 0),
		inputsSent: all.reduce((s, c) => s + c.inputsSent, 0),
		framesReceived: all.reduce((s, c) => s + c.framesReceived, 0),
		bytesReceived: all.reduce((s, c) => s + c.bytesReceived, 0),
		errors: all.reduce((s, c) => s + c.errors, 0),
		withoutOwnPosition: all.reduce((s, c) => s + c.withoutOwnPosition, 0),
		errorSamples: all.flatMap((c) => c.errorSamples).slice(0, 20),
		maxAckLag: Math.max(...all.map((c) => c.maxAckLag)),
		loopDelayP99Ms: Math.max(...all.map((c) => c.loopDelayP99Ms)),
		loopDelayMaxMs: Math.max(...all.map((c) => c.loopDelayMaxMs)),
		cpuPercent: round(all.reduce((s, c) => s + c.cpuPercent, 0), 1),
		rssMb: round(all.reduce((s, c) => s + c.rssMb, 0), 1),
		seconds: Math.max(...all.map((c) => c.seconds)),
	};
}

function sampleLine(s: ServerSample): string {
	const f = (v: number, w: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '-').padStart(w);
	return `${s.t < 0 ? '  warm' : f(s.t, 6, 0)} ${String(s.players).padStart(7)} ${String(s.ticks).padStart(6)} ${f(s.tick.p50, 8, 2)} ${f(s.tick.p99, 8, 2)} ${f(s.tick.max, 8, 2)} ${f(s.patch.p99, 9, 2)} ${f(s.loopDelayP99Ms, 10)} ${f(s.rssMb, 7)} ${f(s.heapUsedMb, 7)} ${f(s.cpuPercent, 6)}% ${f(s.eventLoopUtilization, 5, 2)} ${f(s.machineCpuPercent, 8)}%`;
}
const SAMPLE_HEADER = '     t players  ticks tick p50 tick p99 tick max patch p99 loop p99ms  RSS MB heap MB    CPU   ELU  machine';

async function orchestrate(): Promise<void> {
	console.log(
		`Load: ${CLIENTS} clients at ${INPUT_HZ} Hz on one server process (${CLIENT_PROCS} clients process${CLIENT_PROCS > 1 ? 'es' : ''}), ` +
			`${WARMUP_SECONDS} s warm-up, ${DURATION_SECONDS} s measured`,
	);
	const server = forkRole(
		['--role', 'server', '--clients', String(CLIENTS), '--sample', String(SAMPLE_SECONDS), ...(ENCODER_BUFFER_KB ? ['--encoder-buffer-kb', String(ENCODER_BUFFER_KB)] : [])],
		['--expose-gc'],
	);
	const clients: ChildProcess[] = [];
	const stopAll = () => {
		for (const child of [server, ...clients]) if (child.exitCode === null) child.kill();
	};
	process.once('SIGINT', () => {
		stopAll();
		process.exit(130);
	});
	try {
		const ready = await next<ServerMessage, 'ready'>(server, 'ready');
		server.on('message', (message: ServerMessage) => {
			if (message.type === 'sample') console.log(sampleLine(message.sample));
		});

		const joinStarted = performance.now();
		const share = Math.ceil(CLIENTS / CLIENT_PROCS);
		for (let p = 0; p < CLIENT_PROCS; p++) {
			const count = Math.min(share, CLIENTS - p * share);
			clients.push(forkRole(['--url', ready.url, '--clients', String(count), '--offset', String(p * share), '--input-hz', String(INPUT_HZ), '--role', 'clients']));
		}
		const joined = sumStats((await Promise.all(clients.map((c) => next<ClientMessage, 'joined'>(c, 'joined')))).map((m) => m.stats));
		const joinSeconds = (performance.now() - joinStarted - JOIN_CHECK_MS) / 1000;
		console.log(
			`${joined.joined}/${CLIENTS} clients joined in ${joinSeconds.toFixed(1)} s (${joined.joinFailures} failed, ` +
				`${joined.withoutOwnPosition} without their own position ${JOIN_CHECK_MS / 1000} s later); warming up ${WARMUP_SECONDS} s`,
		);
		console.log(SAMPLE_HEADER);
		await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
		console.log('-- measuring --');
		for (const child of [server, ...clients]) control(child, { type: 'measure' });
		await new Promise((r) => setTimeout(r, DURATION_SECONDS * 1000));

		const reportPromise = next<ServerMessage, 'report'>(server, 'report');
		control(server, { type: 'stop' });
		const report = await reportPromise;
		const finals = clients.map((c) => next<ClientMessage, 'final'>(c, 'final'));
		for (const child of clients) control(child, { type: 'stop' });
		const clientStats = sumStats((await Promise.all(finals)).map((m) => m.stats));
		const serverExit = new Promise((r) => server.once('exit', r));
		control(server, { type: 'close' });
		await serverExit;

		let media: MediaLoadResult | undefined;
		if (MEDIA) {
			console.log(`\nmedia: ${MEDIA_LAYOUTS[0]![0] * MEDIA_LAYOUTS[0]![1]} PlainTransport peers, layouts ${MEDIA_LAYOUTS.map((l) => l.join('×')).join(', ')}, ${MEDIA_SECONDS} s windows`);
			media = await runMediaLoad({ layouts: MEDIA_LAYOUTS, seconds: MEDIA_SECONDS });
		}
		finish(report, clientStats, { joined, joinSeconds }, media);
	} catch (error) {
		stopAll();
		throw error;
	}
}

function finish(report: ServerReport, clients: ClientStats, join: { joined: ClientStats; joinSeconds: number }, media: MediaLoadResult | undefined): void {
	const tick = distribution(report.tickMs);
	const tickCpu = distribution(report.tickCpuMs);
	const patchCpu = distribution(report.patchCpuMs);
	const proximity = distribution(report.proximityMs);
	const viewTime = distribution(report.viewMs);
	const viewCalls = distribution(report.viewOps);
	const patch = distribution(report.patchMs);
	const interval = distribution(report.tickIntervalMs);
	const seconds = clients.seconds;
	const rssMax = Math.max(report.gcStart.rssMb, report.gcEnd.rssMb, ...report.samples.map((s) => s.rssMb));
	const rssGrowth = report.gcEnd.rssMb - report.gcStart.rssMb;
	const heapGrowth = report.gcEnd.heapUsedMb - report.gcStart.heapUsedMb;
	const rssSlope = slopePerMinute(report.samples.map((s) => ({ t: s.t, y: s.rssMb })));
	const heapSlope = slopePerMinute(report.samples.map((s) => ({ t: s.t, y: s.heapUsedMb })));
	const errors = join.joined.joinFailures + clients.errors + report.errors.length + report.leftDuringMeasure;
	const tickPass = tick.p99 < TICK_P99_TARGET_MS;
	const othersCpu = Math.max(0, report.machineCpuPercent - report.cpuPercent - clients.cpuPercent);
	// RSS settles during the first minute (V8 grows its young generation with the allocation rate,
	// ws and zlib their buffers): "flat" is judged on the heap after GC over the whole run and on
	// RSS over the second half.
	const half = report.samples.find((s) => s.t >= seconds / 2) ?? report.samples[0];
	const rssMid = half?.rssMb ?? report.gcStart.rssMb;
	const rssSecondHalfGrowth = report.gcEnd.rssMb - rssMid;
	const memoryPass =
		rssSecondHalfGrowth <= RSS_SECOND_HALF_LIMIT * rssMid && heapGrowth <= Math.max(HEAP_GROWTH_FLOOR_MB, MEMORY_GROWTH_LIMIT * report.gcStart.heapUsedMb);
	const errorsPass = errors === 0 && join.joined.joined === CLIENTS;
	const ms = (d: { p50: number; p95: number; p99: number; max: number }) => `p50 ${d.p50.toFixed(2)}  p95 ${d.p95.toFixed(2)}  p99 ${d.p99.toFixed(2)}  max ${d.max.toFixed(2)}`;
	const pct = (part: number, whole: number) => `${part >= 0 ? '+' : ''}${((part / whole) * 100).toFixed(1)}%`;

	console.log(`\nOne server process, ${CLIENTS} raw SDK clients at ${INPUT_HZ} Hz in one other process, ${round(seconds, 1)} s measured, ${MAP_PX} px plaza, 2 cores shared by both (and by whatever else runs on the machine)\n`);
	const rows: [string, string][] = [
		['clients joined', `${join.joined.joined} / ${CLIENTS} in ${join.joinSeconds.toFixed(1)} s`],
		[
			'errors',
			`${errors} (failed joins ${join.joined.joinFailures}, client-side ${clients.errors} of which ${clients.withoutOwnPosition} bots never got their own position, server ${report.errors.length}, dropped during run ${report.leftDuringMeasure})`,
		],
		['tick ms', `${ms(tick)}   (${tick.count} ticks; target p99 < ${TICK_P99_TARGET_MS}: ${tickPass ? 'PASS' : 'FAIL'})`],
		['  tick CPU ms', `${ms(tickCpu)}   (main-thread CPU time of the same ticks)`],
		['  proximity part ms', ms(proximity)],
		['  view add/remove ms', `${ms(viewTime)}   (${viewCalls.mean.toFixed(1)} calls per tick on average, max ${viewCalls.max})`],
		['patch broadcast ms', ms(patch)],
		['  patch CPU ms', ms(patchCpu)],
		['tick interval ms', `${ms(interval)}   (50 when on time)`],
		['RSS MB (after GC)', `start ${report.gcStart.rssMb}  end ${report.gcEnd.rssMb}  max ${rssMax}  growth ${rssGrowth.toFixed(1)} (${pct(rssGrowth, report.gcStart.rssMb)}); idle server ${report.idleRssMb}`],
		['  RSS second half', `${rssMid} at ${half?.t ?? 0} s → ${report.gcEnd.rssMb}: ${pct(rssSecondHalfGrowth, rssMid)} (limit +${RSS_SECOND_HALF_LIMIT * 100}%); slope over the run ${rssSlope.toFixed(1)} MB/min`],
		['heap MB (after GC)', `start ${report.gcStart.heapUsedMb}  end ${report.gcEnd.heapUsedMb}  growth ${heapGrowth.toFixed(1)} (${pct(heapGrowth, report.gcStart.heapUsedMb)}); memory flat: ${memoryPass ? 'PASS' : 'FAIL'}`],
		['  heap total, external', `heap total ${report.gcStart.heapTotalMb} → ${report.gcEnd.heapTotalMb}, external ${report.gcStart.externalMb} → ${report.gcEnd.externalMb} (array buffers ${report.gcStart.arrayBuffersMb} → ${report.gcEnd.arrayBuffersMb})`],
		['GC pauses', `${Object.entries(report.gc.byKind).map(([kind, g]) => `${kind} ${g.count}× ${g.totalMs} ms (max ${g.maxMs})`).join(', ')}; ${report.gc.slowTicksWithGc} of ${report.gc.slowTicks} ticks ≥ ${report.gc.slowTickMs} ms overlapped one`],
		['server CPU', `${report.cpuPercent}% of one core`],
		['clients CPU', `${clients.cpuPercent}% of one core (RSS ${clients.rssMb} MB, event-loop delay p99 ${clients.loopDelayP99Ms} ms, max ${clients.loopDelayMaxMs} ms)`],
		['other processes CPU', `${othersCpu.toFixed(1)}% of one core (machine ${report.machineCpuPercent}% of ${cpus().length * 100}%): other people's work, plus the kernel's loopback networking (softirq)`],
		['inputs / s', `${Math.round(clients.inputsSent / seconds)} sent (max ack lag ${clients.maxAckLag} inputs)`],
		['state frames / s', `${Math.round(clients.framesReceived / seconds)} received, ${Math.round(clients.bytesReceived / seconds / CLIENTS)} B/s per client`],
	];
	for (const [k, v] of rows) console.log(`${k.padEnd(20)} ${v}`);
	for (const w of report.warnings) console.log(`server warning ×${w.beforeMeasure} before, ×${w.duringMeasure} during the measurement: ${w.message}`);
	if (report.errors.length || clients.errorSamples.length) console.log(`first errors:\n  ${[...report.errors, ...clients.errorSamples].slice(0, 10).join('\n  ')}`);
	console.log(`\nverdict: tick p99 ${tickPass ? 'PASS' : 'FAIL'}, errors ${errorsPass ? 'PASS' : 'FAIL'}, memory flat ${memoryPass ? 'PASS' : 'FAIL'}`);

	if (media) {
		console.log(`\nMedia: ${media.peers} PlainTransport peers on one mediasoup worker, consumers by proximity group (producers only: worker ${media.producersOnly.workerCpuPercent}% CPU, ${media.producersOnly.inPacketsPerSecond} pkt/s in)`);
		console.log('layout    edges  video  consumers  worker CPU  CPU/consumer  marginal/consumer  µs/pkt  fwd pkt/s  fwd Mbit/s  fwd ratio  sender CPU');
		for (const r of media.layouts) {
			console.log(
				`${r.layout.padEnd(8)} ${String(r.edges).padStart(6)} ${String(r.videoEdges).padStart(6)} ${String(r.consumers).padStart(10)} ${`${r.workerCpuPercent.toFixed(1)}%`.padStart(11)} ${`${r.cpuPercentPerConsumer.toFixed(3)}%`.padStart(13)} ${`${r.marginalCpuPercentPerConsumer.toFixed(3)}%`.padStart(18)} ${r.microsPerForwardedPacket.toFixed(1).padStart(7)} ${String(r.forwardedPacketsPerSecond).padStart(10)} ${r.forwardedMbitPerSecond.toFixed(1).padStart(11)} ${r.forwardRatio.toFixed(3).padStart(10)} ${`${r.senderCpuPercent.toFixed(1)}%`.padStart(11)}`,
			);
		}
	}

	const file = writeResult('load', {
		benchmark: 'one world server process under N moving clients (tick, patch, memory over time), and mediasoup worker CPU per consumer for media peers in proximity groups',
		setup: {
			clients: CLIENTS,
			inputHz: INPUT_HZ,
			clientProcesses: CLIENT_PROCS,
			warmupSeconds: WARMUP_SECONDS,
			measuredSeconds: round(seconds, 1),
			map: `${MAP_PX} px square plaza, no walls, 30 conversation clusters (6 × 5 grid); bots walk around their cluster, 1 in 10 waypoints in another cluster`,
			server: 'startWorldServer defaults (20 Hz tick and patch, view radius 640 px, proximity enter radius 128 px, metrics on, guest auth), no media plane',
			clientKind: 'raw @colyseus/sdk clients (WebSocket + schema decoder), one new direction input per 100 ms each',
			tick: "room.events 'tick': movement, zones, proximity, interest (the Prometheus tick histogram's figure)",
			patch: 'Room.broadcastPatch(): per-client StateView encoding and send, on its own 50 ms timer',
			memory: 'process.memoryUsage() after global.gc() at the start and the end of the measurement; samples without GC every 10 s',
			machineNote: '2 cores shared by the server, the clients process and anything else running on the machine',
			...(media ? { media: 'PlainTransport senders (audio 50 pkt/s ~64 kbps, VP8 30 fps × 2 × 1,100 B ~530 kbps, key frame every second), consumers from ProximityEngine edges (audio always, video on audio+video edges), groups 2,000 px apart on a 50 px circle each' } : {}),
		},
		targets: { tickP99Ms: TICK_P99_TARGET_MS, errors: 0, memoryGrowth: `RSS and heap after GC grow < ${MEMORY_GROWTH_LIMIT * 100}% (heap: or < ${HEAP_GROWTH_FLOOR_MB} MB)` },
		pass: { tick: tickPass, errors: errorsPass, memory: memoryPass },
		join: { joined: join.joined.joined, failed: join.joined.joinFailures, seconds: round(join.joinSeconds, 1) },
		errors: { total: errors, clientSide: clients.errors, botsWithoutOwnPosition: clients.withoutOwnPosition, server: report.errors, droppedDuringRun: report.leftDuringMeasure, samples: clients.errorSamples },
		serverWarnings: report.warnings,
		tickMs: tick,
		tickCpuMs: tickCpu,
		proximityMs: proximity,
		viewAddRemoveMs: viewTime,
		viewAddRemoveCallsPerTick: { mean: round(viewCalls.mean, 1), p99: viewCalls.p99, max: viewCalls.max },
		patchMs: patch,
		patchCpuMs: patchCpu,
		tickIntervalMs: interval,
		memory: {
			idleServerRssMb: report.idleRssMb,
			afterGcStart: report.gcStart,
			afterGcEnd: report.gcEnd,
			rssMaxMb: rssMax,
			rssGrowthMb: round(rssGrowth, 1),
			heapGrowthMb: round(heapGrowth, 1),
			rssSlopeMbPerMinute: round(rssSlope, 2),
			rssAtHalfMb: rssMid,
			rssSecondHalfGrowthMb: round(rssSecondHalfGrowth, 1),
			heapSlopeMbPerMinute: round(heapSlope, 2),
		},
		gc: report.gc,
		cpu: { serverPercent: report.cpuPercent, clientsPercent: clients.cpuPercent, machinePercent: report.machineCpuPercent, otherProcessesPercent: round(othersCpu, 1) },
		clientsProcess: { rssMb: clients.rssMb, loopDelayP99Ms: clients.loopDelayP99Ms, loopDelayMaxMs: clients.loopDelayMaxMs },
		traffic: {
			inputsPerSecond: Math.round(clients.inputsSent / seconds),
			maxAckLagInputs: clients.maxAckLag,
			stateFramesPerSecond: Math.round(clients.framesReceived / seconds),
			stateBytesPerClientPerSecond: Math.round(clients.bytesReceived / seconds / CLIENTS),
		},
		samples: report.samples,
		...(media ? { media } : {}),
	});
	console.log(`wrote ${file}`);
	process.exit(0);
}

// Last, once every declaration above is initialised: one bundle, three roles.
const role = args.get('--role');
if (role === 'server') {
	await runLoadServer({ maxPlayers: CLIENTS, sampleSeconds: SAMPLE_SECONDS, ...(ENCODER_BUFFER_KB ? { encoderBufferKb: ENCODER_BUFFER_KB } : {}) });
} else if (role === 'clients') {
	await runLoadClients({ url: args.get('--url')!, clients: CLIENTS, offset: number('--offset', 0), inputHz: INPUT_HZ });
} else {
	await orchestrate();
}
