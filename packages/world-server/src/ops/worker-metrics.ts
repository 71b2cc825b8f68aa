import type { WorkerPool, WorkerStats } from '@hallway/media/server';
import { Counter, Gauge, type Registry } from 'prom-client';

/** A scrape waits at most this long for the workers' resource usage, in ms; then it shows the last figures. */
const STATS_TIMEOUT_MS = 2_000;

type Labels = 'pool' | 'worker';
type Load = 'routers' | 'transports' | 'producers' | 'consumers';

/**
 * Per-worker metrics of the mediasoup pools the worlds use: up, CPU, memory,
 * what lives on each worker, respawns. One `pool.stats()` per scrape (one
 * `getResourceUsage()` request per worker), shared by every metric here.
 */
export class WorkerMetrics {
	readonly #pools: readonly WorkerPool[];
	#pending: Promise<[pool: number, stats: WorkerStats[]][]> | undefined;
	#last: [pool: number, stats: WorkerStats[]][] = [];

	constructor(registry: Registry, pools: readonly WorkerPool[]) {
		this.#pools = pools;
		const registers = [registry];
		const labelNames: Labels[] = ['pool', 'worker'];
		const each = (value: (stats: WorkerStats) => number | undefined) => {
			const snapshot = () => this.#snapshot();
			return async function collect(this: Gauge<Labels> | Counter<Labels>): Promise<void> {
				const pools = await snapshot();
				this.reset();
				for (const [pool, slots] of pools) {
					for (const stats of slots) {
						const v = value(stats);
						if (v !== undefined) this.inc({ pool: String(pool), worker: String(stats.index) }, v);
					}
				}
			};
		};
		new Gauge({ name: 'hallway_worker_up', help: 'Whether the mediasoup worker of this slot is alive (1) or respawning, lost or closed (0).', labelNames, registers, collect: each((s) => (s.state === 'alive' ? 1 : 0)) });
		// A counter read from the process: it restarts from 0 when the slot's worker is replaced, which rate() handles.
		new Counter({ name: 'hallway_worker_cpu_seconds_total', help: 'User and system CPU time of the mediasoup worker process.', labelNames, registers, collect: each((s) => s.cpuMs && s.cpuMs / 1000) });
		new Gauge({ name: 'hallway_worker_max_rss_bytes', help: 'Peak resident memory of the mediasoup worker process.', labelNames, registers, collect: each((s) => s.maxRssKb && s.maxRssKb * 1024) });
		const loads: [Load, string][] = [
			['routers', 'Routers on the worker.'],
			['transports', 'Transports on the worker (WebRTC and pipe).'],
			['producers', 'Producers on the worker (pipe producers included).'],
			['consumers', 'Consumers on the worker (pipe consumers included).'],
		];
		for (const [key, help] of loads) {
			new Gauge({ name: `hallway_worker_${key}`, help, labelNames, registers, collect: each((s) => s[key]) });
		}
		new Counter({ name: 'hallway_worker_respawns_total', help: 'Times the slot replaced a worker that died.', labelNames, registers, collect: each((s) => s.respawns) });
	}

	/** The pools' stats, fetched once for all the collectors of one scrape. */
	#snapshot(): Promise<[pool: number, stats: WorkerStats[]][]> {
		if (this.#pending) return this.#pending;
		const fetching = Promise.all(this.#pools.map(async (pool, index): Promise<[number, WorkerStats[]]> => [index, pool.closed ? [] : await pool.stats()]));
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<undefined>((resolve) => {
			timer = setTimeout(() => resolve(undefined), STATS_TIMEOUT_MS);
		});
		this.#pending = Promise.race([fetching.catch(() => undefined), timedOut])
			.then((snapshot) => {
				if (snapshot) this.#last = snapshot;
				return this.#last;
			})
			.finally(() => {
				clearTimeout(timer);
				this.#pending = undefined;
			});
		return this.#pending;
	}
}
