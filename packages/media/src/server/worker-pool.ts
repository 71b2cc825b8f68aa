import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { HallwayError } from '../errors.js';
import { closeWorkerAndWait, PooledWorker, poolLogger, type PooledWorkerHooks } from './pooled-worker.js';
import type {
	ResolvedWorkerPoolOptions,
	WorkerPoolEvents,
	WorkerPoolOptions,
	WorkerSlotState,
	WorkerStats,
} from './worker-pool-types.js';

export { PooledWorker, type PooledWorkerState } from './pooled-worker.js';
export type {
	WorkerDiedEvent,
	WorkerLoad,
	WorkerLostEvent,
	WorkerPoolEvents,
	WorkerPoolOptions,
	WorkerReplacedEvent,
	WorkerSlotState,
	WorkerStats,
} from './worker-pool-types.js';

const log = poolLogger();
const NO_WORKERS: ReadonlySet<PooledWorker> = new Set();

/** One place in the pool: its current (or last) worker and its respawn history. */
interface Slot {
	readonly index: number;
	entry: PooledWorker;
	state: WorkerSlotState;
	/** Start times (ms since epoch) of respawn attempts, pruned to the window. */
	attempts: number[];
	respawns: number;
	timer: NodeJS.Timeout | undefined;
}

function resolveOptions(options: WorkerPoolOptions): ResolvedWorkerPoolOptions {
	const resolved: ResolvedWorkerPoolOptions = {
		workers: options.workers ?? availableParallelism(),
		listenIp: options.listenIp ?? '127.0.0.1',
		announcedAddress: options.announcedAddress,
		protocols: options.protocols ?? ['udp', 'tcp'],
		basePort: options.basePort ?? 0,
		portRange: options.portRange ?? { min: 10_000, max: 59_999 },
		maxRespawns: options.maxRespawns ?? 5,
		respawnWindowMs: options.respawnWindowMs ?? 60_000,
		respawnDelayMs: options.respawnDelayMs ?? 1_000,
		closeTimeoutMs: options.closeTimeoutMs ?? 3_000,
		workerSettings: options.workerSettings ?? {},
	};
	const invalid = (message: string): never => {
		throw new HallwayError('E_WORKER_POOL_OPTIONS', message);
	};
	const isCount = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;
	if (!isCount(resolved.workers, 1)) invalid(`workers must be an integer ≥ 1, got ${resolved.workers}.`);
	if (!isCount(resolved.basePort, 0) || resolved.basePort + resolved.workers - 1 > 65_535) {
		invalid(
			`basePort must be 0 (any free port) or a port such that basePort + workers - 1 ≤ 65535, ` +
				`got ${resolved.basePort} with ${resolved.workers} workers.`,
		);
	}
	const { min, max } = resolved.portRange;
	if (!isCount(min, 1) || !isCount(max, min) || max > 65_535) {
		invalid(`portRange must satisfy 1 ≤ min ≤ max ≤ 65535, got ${min}-${max}.`);
	}
	const { protocols } = resolved;
	if (protocols.length === 0 || protocols.some((p) => p !== 'udp' && p !== 'tcp') || new Set(protocols).size !== protocols.length) {
		invalid(`protocols must list 'udp' and/or 'tcp' once each, got ${JSON.stringify(protocols)}.`);
	}
	if (!isCount(resolved.maxRespawns, 0)) invalid(`maxRespawns must be an integer ≥ 0, got ${resolved.maxRespawns}.`);
	for (const key of ['respawnWindowMs', 'respawnDelayMs', 'closeTimeoutMs'] as const) {
		const value = resolved[key];
		if (!Number.isFinite(value) || value < 0) invalid(`${key} must be a finite number of milliseconds ≥ 0, got ${value}.`);
	}
	return resolved;
}

/**
 * mediasoup workers, one per CPU core by default, each with a WebRtcServer so
 * that all WebRTC traffic of a worker goes through one UDP and one TCP port.
 * Places routers on the least-loaded worker and replaces workers that die,
 * within a respawn budget.
 *
 * Signals: every mediasoup Worker adds SIGINT/SIGTERM listeners that close it,
 * which removes Node's default exit on those signals. The pool registers no
 * signal handler of its own: the server owns signal handling and must call
 * `await pool.close()` (then exit) in its own SIGINT/SIGTERM handler.
 * (mediasoup leaves those listeners in place when a worker dies, one pair per
 * death; the respawn budget bounds them.)
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
	readonly #options: ResolvedWorkerPoolOptions;
	readonly #slots: Slot[] = [];
	readonly #hooks: PooledWorkerHooks = {
		onDied: (entry, error) => this.#onDied(entry, error),
		onClosed: (entry) => this.#onClosed(entry),
	};
	/** Respawns in flight, awaited by close() so that no worker outlives the pool. */
	readonly #spawning = new Set<Promise<unknown>>();
	#closing: Promise<void> | undefined;

	private constructor(options: ResolvedWorkerPoolOptions) {
		super();
		this.#options = options;
	}

	/**
	 * Starts every worker and its WebRtcServer, in parallel. Rejects, with every
	 * started worker closed again, if one fails: `E_WORKER_BINARY_MISSING` when
	 * no worker binary is installed, `E_WEBRTC_SERVER_LISTEN` when a port is
	 * taken, `E_WORKER_POOL_OPTIONS` for invalid options.
	 */
	static async start(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
		const pool = new WorkerPool(resolveOptions(options));
		const { workers } = pool.#options;
		const results = await Promise.allSettled(
			Array.from({ length: workers }, (_, index) => PooledWorker.spawn(index, pool.#options, pool.#hooks)),
		);
		const failure = results.find((result) => result.status === 'rejected');
		for (const [index, result] of results.entries()) {
			if (result.status === 'fulfilled') {
				pool.#slots.push({ index, entry: result.value, state: 'alive', attempts: [], respawns: 0, timer: undefined });
			}
		}
		if (failure) {
			await pool.close();
			throw failure.reason;
		}
		log('started', {
			workers: pool.#slots.map((slot) => ({
				index: slot.index,
				pid: slot.entry.pid,
				udpPort: slot.entry.udpPort,
				tcpPort: slot.entry.tcpPort,
			})),
		});
		return pool;
	}

	/** Number of worker slots (alive or not). */
	get size(): number {
		return this.#slots.length;
	}

	/** True once `close()` was called. */
	get closed(): boolean {
		return this.#closing !== undefined;
	}

	/** The alive workers, in slot order. */
	get workers(): PooledWorker[] {
		return this.#slots.filter((slot) => slot.state === 'alive').map((slot) => slot.entry);
	}

	/** The current (or last) entry of slot `index`, whatever its state; undefined for an unknown index. */
	slot(index: number): PooledWorker | undefined {
		return this.#slots[index]?.entry;
	}

	/**
	 * The alive worker that should host the next router: the fewest producers
	 * + consumers (media forwarded), then the fewest routers (open or being
	 * created through `PooledWorker.createRouter()`), then the fewest
	 * transports, then the lowest index. Throws `E_NO_WORKER_AVAILABLE` when
	 * every slot is respawning, lost or closed.
	 */
	leastLoaded(): PooledWorker {
		const best = this.leastLoadedExcept(NO_WORKERS);
		if (!best) {
			const states = this.#slots.map((slot) => `${slot.index}:${slot.state}`).join(', ');
			throw new HallwayError(
				'E_NO_WORKER_AVAILABLE',
				this.closed
					? 'the worker pool is closed; start a new one.'
					: `no mediasoup worker is alive (${states}); wait for workerReplaced, or restart the server if workers were lost.`,
			);
		}
		return best;
	}

	/**
	 * Like `leastLoaded()`, among the alive workers not in `excluded`: a room
	 * that outgrows its router asks for a worker it has no router on yet.
	 * Undefined when every alive worker is excluded (or none is alive).
	 */
	leastLoadedExcept(excluded: ReadonlySet<PooledWorker>): PooledWorker | undefined {
		let best: { entry: PooledWorker; key: number[] } | undefined;
		for (const entry of this.workers) {
			if (excluded.has(entry)) continue;
			const load = entry.load;
			const key = [load.producers + load.consumers, load.routers + entry.pendingRouters, load.transports];
			if (!best || isLess(key, best.key)) best = { entry, key };
		}
		return best?.entry;
	}

	/** Load and resource usage of every slot, in slot order. */
	async stats(): Promise<WorkerStats[]> {
		return Promise.all(
			this.#slots.map(async (slot): Promise<WorkerStats> => {
				const { entry } = slot;
				const usage = slot.state === 'alive' ? await entry.getResourceUsage().catch(() => undefined) : undefined;
				return {
					index: slot.index,
					state: slot.state,
					pid: entry.pid,
					udpPort: entry.udpPort,
					tcpPort: entry.tcpPort,
					...entry.load,
					cpuMs: usage && usage.ru_utime + usage.ru_stime,
					maxRssKb: usage?.ru_maxrss,
					respawns: slot.respawns,
				};
			}),
		);
	}

	/**
	 * Closes every worker (and with them their WebRtcServers, routers,
	 * transports) and resolves once their processes have exited (SIGKILL after
	 * `closeTimeoutMs`). Cancels pending respawns; nothing respawns afterwards.
	 * Idempotent: later calls return the same promise.
	 */
	close(): Promise<void> {
		this.#closing ??= this.#closeAll();
		return this.#closing;
	}

	async #closeAll(): Promise<void> {
		log('closing');
		for (const slot of this.#slots) {
			clearTimeout(slot.timer);
			slot.timer = undefined;
			slot.state = 'closed';
		}
		// A respawn that finishes after this point closes its own worker (see #respawn).
		await Promise.allSettled([...this.#spawning]);
		await Promise.all(this.#slots.map((slot) => closeWorkerAndWait(slot.entry.worker, this.#options.closeTimeoutMs)));
		log('closed');
	}

	#onDied(entry: PooledWorker, error: Error): void {
		const slot = this.#slots[entry.index];
		if (!slot || slot.entry !== entry || this.closed) return;
		log('worker died', { index: slot.index, pid: entry.pid, error });
		slot.state = 'respawning';
		this.#safeEmit('workerDied', { index: slot.index, pid: entry.pid, error, worker: entry });
		this.#scheduleRespawn(slot, error);
	}

	#onClosed(entry: PooledWorker): void {
		const slot = this.#slots[entry.index];
		if (!slot || slot.entry !== entry || this.closed) return;
		log('worker closed outside the pool; its slot stays empty', { index: slot.index, pid: entry.pid });
		slot.state = 'closed';
	}

	/** Respawns the slot now or after the back-off, or gives it up when its budget is spent. */
	#scheduleRespawn(slot: Slot, error: Error): void {
		if (this.closed) return;
		const now = Date.now();
		slot.attempts = slot.attempts.filter((time) => now - time < this.#options.respawnWindowMs);
		const attempts = slot.attempts.length;
		if (attempts >= this.#options.maxRespawns) {
			slot.state = 'lost';
			log('worker lost', { index: slot.index, pid: slot.entry.pid, respawnsInWindow: attempts, error });
			this.#safeEmit('workerLost', { index: slot.index, pid: slot.entry.pid, respawnsInWindow: attempts, error });
			return;
		}
		// Reserve the attempt now, so that a burst of failures cannot exceed the budget.
		slot.attempts.push(now);
		const delay = attempts * this.#options.respawnDelayMs;
		log('respawn scheduled', { index: slot.index, attempt: attempts + 1, delayMs: delay });
		if (delay === 0) this.#respawn(slot);
		else slot.timer = setTimeout(() => this.#respawn(slot), delay);
	}

	#respawn(slot: Slot): void {
		slot.timer = undefined;
		if (this.closed) return;
		const oldPid = slot.entry.pid;
		const spawning = PooledWorker.spawn(slot.index, this.#options, this.#hooks).then(
			async (entry) => {
				if (this.closed) {
					await closeWorkerAndWait(entry.worker, this.#options.closeTimeoutMs);
					return;
				}
				slot.entry = entry;
				slot.state = 'alive';
				slot.respawns += 1;
				log('worker replaced', { index: slot.index, oldPid, pid: entry.pid, udpPort: entry.udpPort, tcpPort: entry.tcpPort });
				this.#safeEmit('workerReplaced', { index: slot.index, oldPid, newWorker: entry });
			},
			(error: unknown) => {
				log('respawn failed', { index: slot.index, error });
				this.#scheduleRespawn(slot, error instanceof Error ? error : new Error(String(error)));
			},
		);
		this.#spawning.add(spawning);
		void spawning.finally(() => this.#spawning.delete(spawning));
	}

	/**
	 * Emits without letting a throwing listener break the pool's bookkeeping
	 * (the respawn must still happen); the error becomes a process warning.
	 */
	#safeEmit<K extends keyof WorkerPoolEvents>(event: K, ...args: WorkerPoolEvents[K]): void {
		try {
			(this.emit as (event: K, ...args: WorkerPoolEvents[K]) => boolean)(event, ...args);
		} catch (error) {
			process.emitWarning(
				`a '${event}' listener of WorkerPool threw: ${error instanceof Error ? error.message : String(error)}`,
				{ code: 'HALLWAY_LISTENER_ERROR', detail: error instanceof Error ? error.stack : undefined },
			);
		}
	}
}

/** Lexicographic comparison of equal-length number arrays. */
function isLess(a: number[], b: number[]): boolean {
	for (let i = 0; i < a.length; i += 1) {
		const x = a[i] ?? 0;
		const y = b[i] ?? 0;
		if (x !== y) return x < y;
	}
	return false;
}
