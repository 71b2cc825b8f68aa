import type {
	AppData,
	Router,
	RouterOptions,
	TransportListenInfo,
	WebRtcServer,
	Worker,
	WorkerResourceUsage,
} from 'mediasoup/types';
import { HallwayError } from '../errors.js';
import { startWorker } from './start-worker.js';
import type { ResolvedWorkerPoolOptions, WorkerLoad } from './worker-pool-types.js';

/**
 * Whether `DEBUG` (comma- or space-separated patterns, `*` wildcards, `-`
 * to exclude, like the `debug` package) enables this namespace.
 */
function debugEnabled(namespace: string): boolean {
	let enabled = false;
	for (const pattern of (process.env.DEBUG ?? '').split(/[\s,]+/)) {
		if (!pattern) continue;
		const exclude = pattern.startsWith('-');
		const body = (exclude ? pattern.slice(1) : pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
		if (new RegExp(`^${body}$`).test(namespace)) enabled = !exclude;
	}
	return enabled;
}

/** Structured, quiet-by-default logger: `DEBUG=hallway:*` (or `hallway:worker-pool`) prints one JSON line per event to stderr. */
export function poolLogger(namespace = 'hallway:worker-pool'): (event: string, fields?: Record<string, unknown>) => void {
	if (!debugEnabled(namespace)) return () => {};
	return (event, fields = {}) => {
		const line = { time: new Date().toISOString(), ns: namespace, event, ...fields };
		process.stderr.write(`${JSON.stringify(line, (_key, value: unknown) => (value instanceof Error ? value.message : value))}\n`);
	};
}

/** The listen infos of slot `index`: a UDP socket and a TCP server (by default), at a fixed port or anywhere in the range. */
export function slotListenInfos(options: ResolvedWorkerPoolOptions, index: number): TransportListenInfo[] {
	const address = options.announcedAddress === undefined ? {} : { announcedAddress: options.announcedAddress };
	const where = options.basePort > 0 ? { port: options.basePort + index } : { portRange: { ...options.portRange } };
	return options.protocols.map((protocol) => ({ protocol, ip: options.listenIp, ...address, ...where }));
}

/** Waits for the worker subprocess to exit, SIGKILLs it after `timeoutMs`. Never rejects. */
export async function closeWorkerAndWait(worker: Worker, timeoutMs: number): Promise<void> {
	worker.close();
	if (worker.subprocessClosed) return;
	const exited = new Promise<void>((resolve) => worker.once('subprocessclose', resolve));
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const outcome = await Promise.race([exited, timedOut]);
	clearTimeout(timer);
	if (outcome !== 'timeout') return;
	try {
		process.kill(worker.pid, 'SIGKILL');
	} catch {
		return; // already gone
	}
	await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
}

/** What the pool learns about a worker that stops on its own. */
export interface PooledWorkerHooks {
	/** The worker process died (crash, SIGKILL, OOM). */
	onDied(entry: PooledWorker, error: Error): void;
	/** Someone called `worker.close()` directly, outside the pool. */
	onClosed(entry: PooledWorker): void;
}

export type PooledWorkerState = 'alive' | 'died' | 'closed';

/**
 * One mediasoup worker of a `WorkerPool`, with the WebRtcServer through which
 * all its WebRTC transports share one UDP and one TCP port, and live load
 * figures counted from mediasoup's observers. A slot's entry is replaced, not
 * revived, when its worker dies: keep `index` to follow a slot.
 *
 * Routers created on `worker` must create their WebRTC transports with
 * `{ webRtcServer: entry.webRtcServer }`; a transport of another worker's
 * server is rejected by mediasoup.
 */
export class PooledWorker {
	readonly #load: WorkerLoad = { routers: 0, transports: 0, producers: 0, consumers: 0 };
	#pendingRouters = 0;
	#state: PooledWorkerState = 'alive';

	private constructor(
		/** Slot number, 0 .. workers - 1; the replacement of a dead worker keeps it. */
		readonly index: number,
		readonly worker: Worker,
		readonly webRtcServer: WebRtcServer,
		/** UDP port every WebRTC transport of this worker shares, undefined without UDP. */
		readonly udpPort: number | undefined,
		/** TCP port every WebRTC transport of this worker shares, undefined without TCP. */
		readonly tcpPort: number | undefined,
		hooks: PooledWorkerHooks,
	) {
		this.#countLoad();
		worker.once('died', (error) => {
			if (this.#state !== 'alive') return;
			this.#state = 'died';
			hooks.onDied(this, error);
		});
		worker.observer.once('close', () => {
			// 'died' is emitted before the observer's 'close', so this is a plain close().
			if (this.#state !== 'alive') return;
			this.#state = 'closed';
			hooks.onClosed(this);
		});
	}

	/**
	 * Starts a worker (fails with `E_WORKER_BINARY_MISSING` when none is
	 * installed) and its WebRtcServer; closes the worker again if the server
	 * cannot listen.
	 */
	static async spawn(index: number, options: ResolvedWorkerPoolOptions, hooks: PooledWorkerHooks): Promise<PooledWorker> {
		const worker = await startWorker({ logLevel: 'warn', ...options.workerSettings });
		try {
			const listenInfos = slotListenInfos(options, index);
			let webRtcServer: WebRtcServer;
			try {
				webRtcServer = await worker.createWebRtcServer({ listenInfos });
			} catch (error) {
				const where =
					options.basePort > 0
						? `port ${options.basePort + index}`
						: `a port in ${options.portRange.min}-${options.portRange.max}`;
				throw new HallwayError(
					'E_WEBRTC_SERVER_LISTEN',
					`worker ${index} (pid ${worker.pid}) could not listen on ${options.listenIp} ${where} (UDP and TCP): ${(error as Error).message}. ` +
						'Check that listenIp is an address of this host and free the port, or choose another basePort/portRange.',
				);
			}
			const dump = await webRtcServer.dump();
			if (worker.died) throw new Error(`worker ${index} (pid ${worker.pid}) died while starting`);
			return new PooledWorker(index, worker, webRtcServer, dump.udpSockets[0]?.port, dump.tcpServers[0]?.port, hooks);
		} catch (error) {
			await closeWorkerAndWait(worker, options.closeTimeoutMs);
			throw error;
		}
	}

	/** PID of the worker process. */
	get pid(): number {
		return this.worker.pid;
	}

	/** `alive` until the process dies (`died`) or the worker is closed (`closed`); never goes back. */
	get state(): PooledWorkerState {
		return this.#state;
	}

	get alive(): boolean {
		return this.#state === 'alive';
	}

	/** A snapshot of what lives on this worker now. */
	get load(): WorkerLoad {
		return { ...this.#load };
	}

	/**
	 * Routers being created through `createRouter()` and not yet open: the pool
	 * counts them, so that rooms created at the same moment do not all land on
	 * the same worker.
	 */
	get pendingRouters(): number {
		return this.#pendingRouters;
	}

	/** Creates a router on this worker, counted as pending until it opens. */
	async createRouter<RouterAppData extends AppData = AppData>(
		options?: RouterOptions<RouterAppData>,
	): Promise<Router<RouterAppData>> {
		if (!this.alive) {
			throw new HallwayError(
				'E_WORKER_NOT_ALIVE',
				`worker ${this.index} (pid ${this.pid}) is ${this.#state}; place the router with pool.leastLoaded() again.`,
			);
		}
		this.#pendingRouters += 1;
		try {
			return await this.worker.createRouter(options);
		} finally {
			this.#pendingRouters -= 1;
		}
	}

	/** Resource usage of the worker process (CPU times in ms, memory in KB); rejects unless alive. */
	getResourceUsage(): Promise<WorkerResourceUsage> {
		return this.worker.getResourceUsage();
	}

	#countLoad(): void {
		const load = this.#load;
		this.worker.observer.on('newrouter', (router) => {
			load.routers += 1;
			router.observer.once('close', () => (load.routers -= 1));
			router.observer.on('newtransport', (transport) => {
				load.transports += 1;
				transport.observer.once('close', () => (load.transports -= 1));
				transport.observer.on('newproducer', (producer) => {
					load.producers += 1;
					producer.observer.once('close', () => (load.producers -= 1));
				});
				transport.observer.on('newconsumer', (consumer) => {
					load.consumers += 1;
					consumer.observer.once('close', () => (load.consumers -= 1));
				});
			});
		});
	}
}
