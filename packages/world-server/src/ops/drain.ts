import { ServerError } from '@colyseus/core';
import type { WorldRoom } from '../room/world-room.js';
import type { RoomTracker } from './room-tracker.js';
import { CLOSE_SERVER_SHUTDOWN, E_SERVER_DRAINING, SHUTDOWN_MESSAGE, type ShutdownPayload } from './shutdown-message.js';

export interface DrainOptions {
	/** Why, sent to players in the `shutdown` message. Default `server shutting down`. */
	reason?: string;
	/**
	 * Time between telling players and disconnecting them, in ms: clients can
	 * say so, and load balancers see `/healthz` answer 503 meanwhile. Skipped
	 * when nobody is connected. Default 1000 for `drain()`, 0 for `close()`.
	 */
	noticeMs?: number;
	/**
	 * Bound on the whole drain, in ms. Past it the remaining rooms are left as
	 * they are, the port is closed and the drain resolves with `timedOut`.
	 * Default 10 000.
	 */
	timeoutMs?: number;
}

export interface DrainResult {
	/** Players sent the `shutdown` message. */
	playersTold: number;
	/** The drain hit `timeoutMs`: some room did not dispose in time. */
	timedOut: boolean;
	durationMs: number;
}

/** What a drain acts on: the server's rooms, and how to close the rest of it. */
export interface DrainTarget {
	rooms: RoomTracker;
	/** Closes the port and Colyseus (matchmaker, presence) once the rooms are gone. */
	close(): Promise<void>;
	/** Closes the port at once (after a timeout): no waiting for anything. */
	forceClose(): void;
}

/**
 * A world server's shutdown, once: from the first call on it refuses joins
 * (`E_SERVER_DRAINING`, HTTP 503), then tells every player (`shutdown`
 * message), disconnects them (`CLOSE_SERVER_SHUTDOWN`), lets the rooms
 * dispose (their media rooms close with them) and closes the port, within
 * `timeoutMs`. Later calls return the first call's promise.
 */
export class Drain {
	#running: Promise<DrainResult> | undefined;

	get draining(): boolean {
		return this.#running !== undefined;
	}

	/** Throws the refusal a join gets while the server drains. */
	refuseIfDraining(): void {
		if (this.draining) {
			throw new ServerError(503, `${E_SERVER_DRAINING}: this server is shutting down; join again in a moment (another server will take you)`);
		}
	}

	run(target: DrainTarget, options: DrainOptions = {}): Promise<DrainResult> {
		this.#running ??= this.#run(target, options);
		return this.#running;
	}

	async #run(target: DrainTarget, options: DrainOptions): Promise<DrainResult> {
		const started = performance.now();
		const reason = options.reason ?? 'server shutting down';
		const noticeMs = options.noticeMs ?? 1_000;
		const timeoutMs = options.timeoutMs ?? 10_000;
		let playersTold = 0;
		const steps = async (): Promise<void> => {
			const rooms = [...target.rooms.entries()].map(([room]) => room);
			const payload: ShutdownPayload = { code: 'E_SERVER_SHUTDOWN', reason, closesInMs: noticeMs };
			for (const room of rooms) {
				// Locked, the matchmaker stops seating players here; a new room is refused in onCreate.
				void room.lock().catch(() => undefined);
				for (const client of room.clients) {
					client.send(SHUTDOWN_MESSAGE, payload);
					playersTold++;
				}
			}
			if (playersTold > 0 && noticeMs > 0) await sleep(noticeMs);
			// Rooms created during the notice (a seat reserved just before the drain) go too.
			await Promise.all([...target.rooms.entries()].map(([room]) => disconnect(room)));
			await target.close();
		};
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<'timeout'>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		});
		const outcome = await Promise.race([steps().then(() => 'done' as const), deadline]);
		clearTimeout(timer);
		if (outcome === 'timeout') target.forceClose();
		return { playersTold, timedOut: outcome === 'timeout', durationMs: Math.round(performance.now() - started) };
	}
}

/** Disconnects a room's players with the shutdown close code and waits for the room to dispose. */
async function disconnect(room: WorldRoom): Promise<void> {
	try {
		await room.disconnect(CLOSE_SERVER_SHUTDOWN);
	} catch {
		// Still in onCreate: it is refused there (draining), and disposes by itself.
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The room class a server defines: the world's room, refusing to be created
 * or joined while the server drains. A subclass, so the world room itself
 * knows nothing of shutdown.
 */
export function refusingJoinsWhileDraining(base: typeof WorldRoom, drain: Drain): typeof WorldRoom {
	// Signatures taken from WorldRoom, so that this follows its auth as it changes. A synchronous
	// throw is fine: Colyseus awaits both inside its try.
	return class DrainableWorldRoom extends base {
		override onCreate(...args: Parameters<WorldRoom['onCreate']>): ReturnType<WorldRoom['onCreate']> {
			drain.refuseIfDraining();
			return super.onCreate(...args);
		}

		override onAuth(...args: Parameters<WorldRoom['onAuth']>): ReturnType<WorldRoom['onAuth']> {
			drain.refuseIfDraining();
			return super.onAuth(...args);
		}
	};
}
