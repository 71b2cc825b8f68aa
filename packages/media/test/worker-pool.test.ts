import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Router, WebRtcTransport } from 'mediasoup/types';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTER_MEDIA_CODECS } from '../src/server/index.js';
import {
	type PooledWorker,
	WorkerPool,
	type WorkerPoolEvents,
	type WorkerPoolOptions,
} from '../src/server/worker-pool.js';

const pools: WorkerPool[] = [];

async function startPool(options: WorkerPoolOptions): Promise<WorkerPool> {
	const pool = await WorkerPool.start(options);
	pools.push(pool);
	return pool;
}

afterEach(async () => {
	await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

/** Every event of the pool, in order, as `name:index`. */
function record(pool: WorkerPool): string[] {
	const seen: string[] = [];
	for (const name of ['workerDied', 'workerReplaced', 'workerLost'] as const) {
		pool.on(name, (event: WorkerPoolEvents[typeof name][0]) => seen.push(`${name}:${event.index}`));
	}
	return seen;
}

function next<K extends keyof WorkerPoolEvents>(pool: WorkerPool, name: K): Promise<WorkerPoolEvents[K][0]> {
	return once(pool, name, { signal: AbortSignal.timeout(5_000) }).then(([event]) => event as WorkerPoolEvents[K][0]);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * PIDs of this test process's mediasoup-worker children that have not exited
 * (Linux /proc). Relies on vitest's default `forks` pool: one process per test
 * file, so other files' workers are not children of this one.
 */
function workerChildren(): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}
		// pid (comm) state ppid ...
		const match = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat);
		if (match?.[1]?.startsWith('mediasoup-work') && match[2] !== 'Z' && Number(match[3]) === process.pid) {
			pids.push(Number(name));
		}
	}
	return pids;
}

async function routerWithTransports(
	entry: PooledWorker,
	count: number,
): Promise<{ router: Router; transports: WebRtcTransport[] }> {
	const router = await entry.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
	const transports: WebRtcTransport[] = [];
	for (let i = 0; i < count; i += 1) {
		transports.push(await router.createWebRtcTransport({ webRtcServer: entry.webRtcServer }));
	}
	return { router, transports };
}

/** A port free for both UDP and TCP on 127.0.0.1 right now (best effort, for the fixed-port test only). */
async function freeUdpTcpPort(): Promise<number> {
	for (let attempt = 0; attempt < 20; attempt += 1) {
		const udp = createSocket('udp4');
		await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
		const { port } = udp.address();
		const tcp = createServer();
		const tcpFree = await new Promise<boolean>((resolve) => {
			tcp.once('error', () => resolve(false));
			tcp.listen(port, '127.0.0.1', () => resolve(true));
		});
		await new Promise<void>((resolve) => udp.close(() => resolve()));
		if (tcpFree) {
			await new Promise<void>((resolve) => tcp.close(() => resolve()));
			return port;
		}
	}
	throw new Error('no port free for both UDP and TCP');
}

describe('WorkerPool', () => {
	it('starts one worker per slot, and the WebRTC transports of a worker share its single UDP and TCP port', async () => {
		const pool = await startPool({ workers: 2 });
		expect(pool.size).toBe(2);
		const [first, second] = pool.workers;
		if (!first || !second) throw new Error('expected two workers');
		expect(first.pid).not.toBe(second.pid);
		expect(first.udpPort).toBeGreaterThan(0);
		expect(first.tcpPort).toBeGreaterThan(0);
		expect(second.udpPort).not.toBe(first.udpPort);

		const { transports } = await routerWithTransports(first, 2);
		for (const transport of transports) {
			const udp = transport.iceCandidates.filter((candidate) => candidate.protocol === 'udp');
			const tcp = transport.iceCandidates.filter((candidate) => candidate.protocol === 'tcp');
			expect(udp).toEqual([expect.objectContaining({ address: '127.0.0.1', port: first.udpPort })]);
			expect(tcp).toEqual([expect.objectContaining({ address: '127.0.0.1', port: first.tcpPort })]);
		}
		expect(first.load).toEqual({ routers: 1, transports: 2, producers: 0, consumers: 0 });

		const stats = await pool.stats();
		expect(stats).toEqual([
			expect.objectContaining({ index: 0, state: 'alive', pid: first.pid, routers: 1, transports: 2, respawns: 0 }),
			expect.objectContaining({ index: 1, state: 'alive', pid: second.pid, routers: 0, transports: 0 }),
		]);
		expect(stats[0]?.cpuMs).toBeGreaterThanOrEqual(0);
		expect(stats[0]?.maxRssKb).toBeGreaterThan(0);
	});

	it('announces announcedAddress in the ICE candidates instead of the listen IP', async () => {
		const pool = await startPool({ workers: 1, announcedAddress: 'media.example.test' });
		const { transports } = await routerWithTransports(pool.leastLoaded(), 1);
		expect(transports[0]?.iceCandidates.map((candidate) => candidate.address)).toEqual([
			'media.example.test',
			'media.example.test',
		]);
	});

	it('places routers on the least-loaded worker, even when they are created at the same moment', async () => {
		const pool = await startPool({ workers: 2 });
		const placed = await Promise.all(
			Array.from({ length: 4 }, async () => {
				const entry = pool.leastLoaded();
				return { entry, router: await entry.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS }) };
			}),
		);
		expect(placed.map(({ entry }) => entry.index).sort()).toEqual([0, 0, 1, 1]);
		expect(pool.workers.map((entry) => entry.load.routers)).toEqual([2, 2]);

		const onSecond = placed.find(({ entry }) => entry.index === 1);
		onSecond?.router.close();
		expect(pool.leastLoaded().index).toBe(1);

		// Forwarded media outweighs routers: transports with no media count less than consumers would.
		await routerWithTransports(pool.leastLoaded(), 3);
		expect(pool.workers.map((entry) => entry.load)).toEqual([
			{ routers: 2, transports: 0, producers: 0, consumers: 0 },
			{ routers: 2, transports: 3, producers: 0, consumers: 0 },
		]);
		expect(pool.leastLoaded().index).toBe(0);
	});

	it('replaces a worker killed with SIGKILL, and leaves the other one alone', async () => {
		const pool = await startPool({ workers: 2 });
		const seen = record(pool);
		const [victim, bystander] = pool.workers;
		if (!victim || !bystander) throw new Error('expected two workers');
		const doomed = await routerWithTransports(victim, 1);
		const spared = await routerWithTransports(bystander, 1);

		const died = next(pool, 'workerDied');
		const replaced = next(pool, 'workerReplaced');
		process.kill(victim.pid, 'SIGKILL');

		const death = await died;
		expect(death).toMatchObject({ index: 0, pid: victim.pid, worker: victim });
		expect(death.error.message).toMatch(/SIGKILL/);
		expect(victim.state).toBe('died');
		expect(doomed.router.closed).toBe(true);

		const { index, oldPid, newWorker } = await replaced;
		expect({ index, oldPid }).toEqual({ index: 0, oldPid: victim.pid });
		expect(seen).toEqual(['workerDied:0', 'workerReplaced:0']);
		expect(newWorker.pid).not.toBe(victim.pid);
		expect(newWorker.alive).toBe(true);
		expect(pool.workers).toEqual([newWorker, bystander]);
		expect(pool.slot(0)).toBe(newWorker);

		const rebuilt = await routerWithTransports(newWorker, 1);
		expect(rebuilt.transports[0]?.iceCandidates).toContainEqual(
			expect.objectContaining({ protocol: 'udp', port: newWorker.udpPort }),
		);

		expect(bystander.alive).toBe(true);
		expect(isRunning(bystander.pid)).toBe(true);
		expect(spared.router.closed).toBe(false);
		expect(spared.transports[0]?.closed).toBe(false);
		expect((await bystander.worker.dump()).routerIds).toEqual([spared.router.id]);

		expect((await pool.stats()).map(({ state, respawns }) => ({ state, respawns }))).toEqual([
			{ state: 'alive', respawns: 1 },
			{ state: 'alive', respawns: 0 },
		]);
	});

	it('keeps a fixed basePort across a respawn', async () => {
		const basePort = await freeUdpTcpPort();
		const pool = await startPool({ workers: 1, basePort });
		const first = pool.leastLoaded();
		expect({ udp: first.udpPort, tcp: first.tcpPort }).toEqual({ udp: basePort, tcp: basePort });

		const replaced = next(pool, 'workerReplaced');
		process.kill(first.pid, 'SIGKILL');
		const { newWorker } = await replaced;
		expect({ udp: newWorker.udpPort, tcp: newWorker.tcpPort }).toEqual({ udp: basePort, tcp: basePort });
		const { transports } = await routerWithTransports(newWorker, 1);
		expect(transports[0]?.iceCandidates).toContainEqual(expect.objectContaining({ protocol: 'udp', port: basePort }));
	});

	it('gives a slot up with workerLost once it has died more often than maxRespawns allows', async () => {
		const pool = await startPool({ workers: 1, maxRespawns: 1, respawnWindowMs: 60_000 });
		const seen = record(pool);

		const replaced = next(pool, 'workerReplaced');
		process.kill(pool.leastLoaded().pid, 'SIGKILL');
		const { newWorker } = await replaced;

		const lost = next(pool, 'workerLost');
		process.kill(newWorker.pid, 'SIGKILL');
		expect(await lost).toMatchObject({ index: 0, pid: newWorker.pid, respawnsInWindow: 1 });

		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(seen).toEqual(['workerDied:0', 'workerReplaced:0', 'workerDied:0', 'workerLost:0']);
		expect(workerChildren()).toEqual([]);
		expect(() => pool.leastLoaded()).toThrow(/E_NO_WORKER_AVAILABLE/);
		expect(await pool.stats()).toEqual([expect.objectContaining({ state: 'lost', respawns: 1, cpuMs: undefined })]);
	});

	it('retries a failed respawn with a growing delay, then reports workerLost with the last error', async () => {
		const pool = await startPool({ workers: 1, maxRespawns: 3, respawnDelayMs: 40 });
		const seen = record(pool);
		const saved = process.env.MEDIASOUP_WORKER_BIN;
		process.env.MEDIASOUP_WORKER_BIN = '/nonexistent/mediasoup-worker';
		try {
			const lost = next(pool, 'workerLost');
			const killedAt = Date.now();
			process.kill(pool.leastLoaded().pid, 'SIGKILL');
			const { error, respawnsInWindow } = await lost;
			// Attempts at +0, +40 and +80 ms, then the budget is spent.
			expect(Date.now() - killedAt).toBeGreaterThanOrEqual(120);
			expect(respawnsInWindow).toBe(3);
			expect(error.message).toMatch(/^E_WORKER_BINARY_MISSING/);
			expect(seen).toEqual(['workerDied:0', 'workerLost:0']);
		} finally {
			if (saved === undefined) delete process.env.MEDIASOUP_WORKER_BIN;
			else process.env.MEDIASOUP_WORKER_BIN = saved;
		}
	});

	it('fails to start with E_WEBRTC_SERVER_LISTEN when a fixed port is taken, leaving no worker behind', async () => {
		const squatter = createSocket('udp4');
		await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
		try {
			await expect(WorkerPool.start({ workers: 1, basePort: squatter.address().port })).rejects.toThrow(
				/^E_WEBRTC_SERVER_LISTEN: worker 0 \(pid \d+\) could not listen on 127\.0\.0\.1 port \d+/,
			);
		} finally {
			await new Promise<void>((resolve) => squatter.close(() => resolve()));
		}
		expect(workerChildren()).toEqual([]);
	});

	it('closes idempotently, ends every worker process and respawns nothing afterwards', async () => {
		const before = workerChildren();
		const pool = await startPool({ workers: 2 });
		const seen = record(pool);
		const pids = pool.workers.map((entry) => entry.pid);
		expect(workerChildren().sort()).toEqual([...before, ...pids].sort());

		// Slot 0 dies and its replacement is being spawned when the pool closes.
		const died = next(pool, 'workerDied');
		process.kill(pids[0] ?? 0, 'SIGKILL');
		await died;

		const closing = pool.close();
		expect(pool.close()).toBe(closing);
		expect(pool.closed).toBe(true);
		await closing;
		await pool.close();

		for (const pid of pids) expect(isRunning(pid)).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(workerChildren()).toEqual(before);
		expect(seen).toEqual(['workerDied:0']);
		expect(() => pool.leastLoaded()).toThrow(/E_NO_WORKER_AVAILABLE: the worker pool is closed/);
	});

	it('rejects invalid options with E_WORKER_POOL_OPTIONS', async () => {
		await expect(WorkerPool.start({ workers: 0 })).rejects.toThrow(/E_WORKER_POOL_OPTIONS: workers/);
		await expect(WorkerPool.start({ portRange: { min: 20_000, max: 10_000 } })).rejects.toThrow(/E_WORKER_POOL_OPTIONS: portRange/);
		await expect(WorkerPool.start({ protocols: [] })).rejects.toThrow(/E_WORKER_POOL_OPTIONS: protocols/);
		await expect(WorkerPool.start({ protocols: ['udp', 'udp'] })).rejects.toThrow(/E_WORKER_POOL_OPTIONS: protocols/);
	});

	it('listens with UDP only when asked, so browsers get UDP candidates only', async () => {
		const pool = await startPool({ workers: 1, protocols: ['udp'] });
		const [worker] = pool.workers;
		expect(worker!.tcpPort).toBeUndefined();
		const { transports } = await routerWithTransports(worker!, 1);
		expect(transports[0]!.iceCandidates).toEqual([expect.objectContaining({ protocol: 'udp', port: worker!.udpPort })]);
	});

	it('fails fast with E_WORKER_BINARY_MISSING when no worker binary is usable', async () => {
		const saved = process.env.MEDIASOUP_WORKER_BIN;
		process.env.MEDIASOUP_WORKER_BIN = '/nonexistent/mediasoup-worker';
		try {
			await expect(WorkerPool.start({ workers: 2 })).rejects.toThrow(/E_WORKER_BINARY_MISSING/);
		} finally {
			if (saved === undefined) delete process.env.MEDIASOUP_WORKER_BIN;
			else process.env.MEDIASOUP_WORKER_BIN = saved;
		}
		expect(workerChildren()).toEqual([]);
	});
});
