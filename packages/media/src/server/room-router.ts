import type { Router } from 'mediasoup/types';
import type { PooledWorker } from './pooled-worker.js';

/**
 * One router of a media room, on one worker of the pool. It is the home of
 * some of the room's peers (their transports and producers live on it) and
 * the target of the producers piped in for their consumers. It counts what
 * placement needs: its peers, and the consumers it forwards.
 */
export class RoomRouter {
	#peers = 0;
	#consumers = 0;

	constructor(
		readonly router: Router,
		readonly worker: PooledWorker,
	) {
		// Counted from the observers, like the pool's worker load, so that every way a
		// consumer closes (grace, transport, producer, router) is seen.
		router.observer.on('newtransport', (transport) => {
			transport.observer.on('newconsumer', (consumer) => {
				this.#consumers += 1;
				consumer.observer.once('close', () => (this.#consumers -= 1));
			});
		});
	}

	get id(): string {
		return this.router.id;
	}

	get closed(): boolean {
		return this.router.closed;
	}

	/** Peers whose home this router is. */
	get peers(): number {
		return this.#peers;
	}

	/**
	 * Open consumers on this router: the listeners' WebRTC consumers and the
	 * pipe consumers that feed other routers. Both cost this worker's CPU, so
	 * both count against the room's consumer budget.
	 */
	get consumers(): number {
		return this.#consumers;
	}

	/** Counts one more peer homed here (`RoomRouters` only). */
	addPeer(): void {
		this.#peers += 1;
	}

	/** Counts one peer less; returns how many are left (`RoomRouters` only). */
	removePeer(): number {
		this.#peers = Math.max(0, this.#peers - 1);
		return this.#peers;
	}
}
