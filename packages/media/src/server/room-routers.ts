import { mediaError } from '../protocol/index.js';
import { ROUTER_MEDIA_CODECS } from './codecs.js';
import { poolLogger, type PooledWorker } from './pooled-worker.js';
import { RoomRouter } from './room-router.js';
import type { WorkerPool } from './worker-pool.js';

const log = poolLogger('hallway:media-room');

export interface RoomRoutersOptions {
	pool: WorkerPool;
	/** A router with this many consumers or more takes no new peer (see `MediaRoomOptions.routerConsumerBudget`). */
	consumerBudget: number;
	/** A router closed without being asked to (its worker died): its peers must join again. */
	onLost: (router: RoomRouter) => void;
	/**
	 * How long a placement waits for a worker when none is alive (the pool is
	 * respawning the only one), in ms. Default 10,000.
	 */
	workerWaitMs?: number;
}

/**
 * The routers of one media room and where each new peer lives. The room
 * starts with one router on the least-loaded worker; a new peer goes to the
 * first router (in opening order) under the consumer budget, so peers stay
 * together and few producers need piping. When every router is at the
 * budget, a router is opened on the least-loaded worker that hosts none of
 * the room's routers yet; when every worker already hosts one, the peer goes
 * to the router with the fewest consumers (the budget is a threshold for
 * spreading, not a cap). A router other than the primary closes as soon as
 * its last peer leaves.
 *
 * A router whose worker dies is forgotten (`onLost`); if it was the primary,
 * the next router opened becomes the primary, on whichever worker is alive
 * (a placement waits for the pool to respawn one when none is).
 */
export class RoomRouters {
	readonly #routers: RoomRouter[] = [];
	/** The router that stays open while the room does, even empty; none after its worker died, until the next one opens. */
	#primary: RoomRouter | undefined;
	readonly #options: RoomRoutersOptions;
	/** Routers closed on purpose (empty, or the room closing): their close is not a loss. */
	readonly #retired = new WeakSet<RoomRouter>();
	/** Placements run one after the other, so that peers joining together do not each open a router. */
	#placing: Promise<unknown> = Promise.resolve();
	#closed = false;

	private constructor(primary: RoomRouter, options: RoomRoutersOptions) {
		this.#options = options;
		this.#adopt(primary);
	}

	/** Opens the room's first router on the least-loaded worker of the pool. */
	static async open(options: RoomRoutersOptions): Promise<RoomRouters> {
		const worker = options.pool.leastLoaded();
		const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
		return new RoomRouters(new RoomRouter(router, worker), options);
	}

	/** The router that stays open while the room does; undefined between the death of its worker and the next placement. */
	get primary(): RoomRouter | undefined {
		return this.#primary;
	}

	/** Every open router of the room, in opening order (the primary first). */
	get all(): readonly RoomRouter[] {
		return this.#routers;
	}

	/**
	 * Chooses the home router of a new peer, opening one if the budget says
	 * so, and counts the peer on it. Hand it back with `leave()`.
	 */
	place(): Promise<RoomRouter> {
		const placed = this.#placing.then(() => this.#place());
		this.#placing = placed.catch(() => undefined);
		return placed;
	}

	/** A peer homed on `home` left: a router other than the primary closes with its last peer. */
	leave(home: RoomRouter): void {
		if (home.removePeer() > 0 || home === this.#primary || home.closed) return;
		this.#retire(home);
		log('router closed', { routerId: home.id, worker: home.worker.index, routers: this.#routers.length });
	}

	/** Closes every router (and with them every transport, producer, consumer and pipe). Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const home of [...this.#routers].reverse()) this.#retire(home);
	}

	async #place(): Promise<RoomRouter> {
		if (this.#closed) throw mediaError('E_NOT_JOINED', 'the media room is closed');
		const home = this.#routers.find((candidate) => candidate.consumers < this.#options.consumerBudget) ?? (await this.#grow());
		home.addPeer();
		return home;
	}

	/** Every router is at the budget (or none is left): a router on a new worker, else the least busy one we have. */
	async #grow(): Promise<RoomRouter> {
		if (this.#routers.length === 0) await this.#workerAlive();
		const worker = this.#options.pool.leastLoadedExcept(new Set(this.#routers.map((home) => home.worker)));
		if (worker) {
			const opened = await this.#openOn(worker).catch((error: unknown) => {
				// Over budget on a router we have beats refusing the player.
				log('router not opened; placing on an existing one', { worker: worker.index, error });
				return undefined;
			});
			if (this.#closed) {
				opened?.router.close();
				throw mediaError('E_NOT_JOINED', 'the media room is closed');
			}
			if (opened) return opened;
		}
		const least = this.#routers.reduce<RoomRouter | undefined>((best, home) => (!best || home.consumers < best.consumers ? home : best), undefined);
		if (!least) throw mediaError('E_MEDIA_UNAVAILABLE', 'no mediasoup worker can host a router for this room now');
		return least;
	}

	/** Resolves once the pool has an alive worker (at once if it has), or fails after `workerWaitMs`. */
	async #workerAlive(): Promise<void> {
		const { pool } = this.#options;
		if (pool.workers.length > 0 || pool.closed) return;
		const waitMs = this.#options.workerWaitMs ?? 10_000;
		log('waiting for a worker', { waitMs });
		await new Promise<void>((resolve, reject) => {
			const done = () => {
				clearTimeout(timer);
				pool.off('workerReplaced', done);
				resolve();
			};
			const timer = setTimeout(() => {
				pool.off('workerReplaced', done);
				reject(mediaError('E_MEDIA_UNAVAILABLE', `no mediasoup worker came back within ${waitMs} ms`));
			}, waitMs);
			pool.on('workerReplaced', done);
		});
	}

	async #openOn(worker: PooledWorker): Promise<RoomRouter> {
		const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
		const home = new RoomRouter(router, worker);
		if (!this.#closed) this.#adopt(home);
		log('router opened', { routerId: home.id, worker: worker.index, routers: this.#routers.length });
		return home;
	}

	#adopt(home: RoomRouter): void {
		this.#routers.push(home);
		this.#primary ??= home;
		home.router.observer.once('close', () => {
			this.#forget(home);
			if (!this.#retired.has(home)) this.#options.onLost(home);
		});
	}

	#retire(home: RoomRouter): void {
		this.#retired.add(home);
		this.#forget(home);
		home.router.close();
	}

	#forget(home: RoomRouter): void {
		const index = this.#routers.indexOf(home);
		if (index >= 0) this.#routers.splice(index, 1);
		if (this.#primary === home) this.#primary = undefined;
	}
}
