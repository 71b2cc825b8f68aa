import type { TransportPortRange, WorkerSettings } from 'mediasoup/types';
import type { PooledWorker } from './pooled-worker.js';

/** How `WorkerPool.start()` spawns, listens and respawns. Every field is optional. */
export interface WorkerPoolOptions {
	/**
	 * Number of mediasoup workers (one subprocess each, single-threaded).
	 * Default `os.availableParallelism()`: one per CPU core.
	 */
	workers?: number;
	/**
	 * Local IPv4 or IPv6 address that every worker's WebRtcServer binds its UDP
	 * socket and TCP server to. Use '0.0.0.0' (or '::') to listen on every
	 * interface, together with `announcedAddress`. Default '127.0.0.1'.
	 */
	listenIp?: string;
	/**
	 * Public IP or hostname that clients must reach, written into the ICE
	 * candidates instead of `listenIp` (a server behind NAT, or one listening
	 * on 0.0.0.0). Default none: candidates carry `listenIp`.
	 */
	announcedAddress?: string;
	/**
	 * Transports every WebRtcServer listens with. TCP lets clients behind
	 * UDP-blocking firewalls connect without TURN. Default `['udp', 'tcp']`.
	 */
	protocols?: readonly ('udp' | 'tcp')[];
	/**
	 * Fixed ports: worker `i` listens on UDP port `basePort + i` and TCP port
	 * `basePort + i` (the two protocols do not collide), and a replacement
	 * worker takes the same ports again, so firewall rules stay valid. Open
	 * `basePort .. basePort + workers - 1` for both UDP and TCP.
	 * Default 0: no fixed port, each WebRtcServer takes a free port in
	 * `portRange` (its replacement gets a new one). Tests must use 0.
	 */
	basePort?: number;
	/**
	 * Ports to choose from when `basePort` is 0, inclusive. mediasoup tries a
	 * random port of the range, then the next ones, until `bind()` succeeds, so
	 * pools in concurrent processes do not collide. mediasoup has no "port 0
	 * means the OS chooses": its port 0 falls back to the worker's deprecated
	 * `rtcMinPort`/`rtcMaxPort`, hence this explicit range.
	 * Default `{ min: 10000, max: 59999 }` (mediasoup's own default).
	 */
	portRange?: TransportPortRange;
	/**
	 * Respawn budget per worker slot: at most this many respawn attempts
	 * (successful or not) within `respawnWindowMs`. A death beyond it emits
	 * `workerLost` and the slot stays empty until the pool is closed.
	 * 0 disables respawning. Default 5.
	 */
	maxRespawns?: number;
	/** Sliding window, in milliseconds, over which `maxRespawns` counts. Default 60 000 (one minute). */
	respawnWindowMs?: number;
	/**
	 * Linear back-off step, in milliseconds: the first respawn in the window
	 * starts at once, the n-th one waits `(n - 1) * respawnDelayMs`.
	 * Default 1 000.
	 */
	respawnDelayMs?: number;
	/**
	 * How long, in milliseconds, `close()` waits for a worker subprocess to exit
	 * after asking it to, before sending it SIGKILL. Default 3 000.
	 */
	closeTimeoutMs?: number;
	/**
	 * Settings passed to every worker (log level and tags, DTLS certificate,
	 * field trials, appData). The binary is always the one
	 * `resolveWorkerBinary()` finds. Default `{ logLevel: 'warn' }`.
	 */
	workerSettings?: Omit<WorkerSettings, 'workerBin'>;
}

/** Options after defaults, as the pool uses them. */
export type ResolvedWorkerPoolOptions = Required<Omit<WorkerPoolOptions, 'announcedAddress'>> &
	Pick<WorkerPoolOptions, 'announcedAddress'>;

/** The mediasoup objects that live on one worker, counted from its observers. */
export interface WorkerLoad {
	/** Open routers (one per media room that the worker hosts, plus piped ones). */
	routers: number;
	/** Open transports of every kind (WebRTC, pipe, plain, direct). */
	transports: number;
	/** Open producers (tracks sent to the SFU). */
	producers: number;
	/** Open consumers (tracks forwarded to a listener): the main cost of an SFU. */
	consumers: number;
}

/**
 * The life of a worker slot: `alive` serves, `respawning` has lost its worker
 * and waits for the replacement, `lost` ran out of respawns, `closed` was
 * closed (by the pool, or by someone calling `worker.close()`).
 */
export type WorkerSlotState = 'alive' | 'respawning' | 'lost' | 'closed';

/** One line of `pool.stats()`. */
export interface WorkerStats extends WorkerLoad {
	/** Slot number, 0 .. workers - 1; stays the same across respawns. */
	index: number;
	state: WorkerSlotState;
	/** PID of the slot's current (or last) worker process. */
	pid: number;
	/** UDP port of the slot's WebRtcServer, undefined if it has no UDP socket. */
	udpPort: number | undefined;
	/** TCP port of the slot's WebRtcServer, undefined if it has no TCP server. */
	tcpPort: number | undefined;
	/** User + system CPU time of the worker process, in milliseconds; undefined unless alive. */
	cpuMs: number | undefined;
	/** Peak resident memory of the worker process, in kilobytes; undefined unless alive. */
	maxRssKb: number | undefined;
	/** Respawns of this slot since the pool started. */
	respawns: number;
}

export interface WorkerDiedEvent {
	index: number;
	/** PID of the process that died. */
	pid: number;
	/** mediasoup's reason, e.g. `[pid:123, code:null, signal:SIGKILL]`. */
	error: Error;
	/** The dead entry; its routers, transports and consumers are already closed. */
	worker: PooledWorker;
}

export interface WorkerReplacedEvent {
	index: number;
	/** PID of the worker that died. */
	oldPid: number;
	/** The replacement, alive, with its own WebRtcServer: rebuild routers and peers on it. */
	newWorker: PooledWorker;
}

export interface WorkerLostEvent {
	index: number;
	/** PID of the slot's last worker. */
	pid: number;
	/** Respawn attempts of this slot inside the current window. */
	respawnsInWindow: number;
	/** The last death or failed respawn. */
	error: Error;
}

/**
 * Events of `WorkerPool`, in the order they happen for a slot: `workerDied`,
 * then either `workerReplaced` or (respawn budget spent) `workerLost`.
 * Failed respawn attempts in between are retried silently (see `DEBUG`).
 */
export type WorkerPoolEvents = {
	workerDied: [WorkerDiedEvent];
	workerReplaced: [WorkerReplacedEvent];
	workerLost: [WorkerLostEvent];
};
