// Join latency across processes: a redis-server and two world server
// processes (as in test/multi-process.test.ts), one player kept in the office
// room so that it stays in one process (the "holder"), then joins through the
// holder and through the other process, alternating, each one left again
// right after. A join is `client.joinOrCreate()` from the SDK: the matchmaking
// POST (seat reservation: through the other process, a Redis lookup plus a
// pub/sub round trip to the holder) and the WebSocket to the holder up to the
// first full state. Writes bench/results/multi-process.json.
//
//   npm run bench -- multi-process            (or scripts/run-ts.mjs this file [--joins N])
import { loadavg } from 'node:os';
import { Client } from '@colyseus/sdk';
import { startRedisServer } from '../test/support/redis-server.js';
import { startWorldProcess, type WorldProcess } from '../test/support/world-process.js';
import { writeResult } from './bench-report.js';
import { distribution, round } from './load-shared.js';

const argv = process.argv.slice(2);
const JOINS = Number(argv[argv.indexOf('--joins') + 1] ?? 0) || 40;
const WARMUP_JOINS = 5;

const redis = await startRedisServer();
const processes: WorldProcess[] = [];
try {
	processes.push(...(await Promise.all([startWorldProcess({ redisUrl: redis.url }), startWorldProcess({ redisUrl: redis.url })])));
	const [a, b] = processes as [WorldProcess, WorldProcess];
	const anchor = await new Client(a.url).joinOrCreate('office', { map: 'office', name: 'Anchor' });
	const holder = (await a.rooms()).some((r) => r.roomId === anchor.roomId) ? a : b;
	const other = holder === a ? b : a;

	const joinOnce = async (through: WorldProcess): Promise<number> => {
		const started = performance.now();
		const room = await new Client(through.url).joinOrCreate('office', { map: 'office', name: 'Joiner' });
		const ms = performance.now() - started;
		if (room.roomId !== anchor.roomId) throw new Error(`E_BENCH: joined room ${room.roomId}, expected ${anchor.roomId}`);
		await room.leave();
		return ms;
	};
	for (let i = 0; i < WARMUP_JOINS; i++) {
		await joinOnce(holder);
		await joinOnce(other);
	}
	const times = { holder: [] as number[], other: [] as number[] };
	const loadBefore = loadavg()[0]!;
	for (let i = 0; i < JOINS; i++) {
		// Alternating, so that a busy moment of the shared machine hits both series alike.
		const [first, second] = i % 2 === 0 ? (['holder', 'other'] as const) : (['other', 'holder'] as const);
		times[first].push(await joinOnce(first === 'holder' ? holder : other));
		times[second].push(await joinOnce(second === 'holder' ? holder : other));
	}
	await anchor.leave();

	const summary = (values: number[]) => Object.fromEntries(Object.entries(distribution(values)).map(([k, v]) => [k, k === 'count' ? v : round(v, 1)]));
	const result = {
		benchmark: 'join latency (SDK joinOrCreate: matchmaking + WebSocket + first state) through the process that holds the room vs through another process on the same Redis',
		setup: {
			processes: 2,
			redis: 'redis-server 7 on loopback, no persistence',
			joins: JOINS,
			warmupJoins: WARMUP_JOINS,
			room: 'office map, one player kept in it; each joiner leaves right after joining',
			machineNote: '2 cores shared by redis, both server processes, this client and anything else running on the machine',
			// How busy the machine was (1-minute load average, before and after the measured joins).
			loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
		},
		joinMs: { throughHolder: summary(times.holder), throughOther: summary(times.other) },
	};
	console.table({ 'through the holder': result.joinMs.throughHolder, 'through the other process': result.joinMs.throughOther });
	console.log(`wrote ${writeResult('multi-process', result)}`);
} finally {
	await Promise.all(processes.map((p) => p.close()));
	await redis.close();
}
process.exit(0);
