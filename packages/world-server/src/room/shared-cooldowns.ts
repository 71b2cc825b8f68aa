import type { Presence } from '@colyseus/core';

/**
 * Rejoin cooldowns kept in Colyseus' presence, for worlds whose maps run in
 * several processes (Redis presence): a player disconnected for abuse by the
 * room of one map must not walk straight into another map of the same world
 * that lives in another process. One key per world and user, expiring with
 * the cooldown; its value is the end of the cooldown in Unix ms (the
 * processes' clocks are assumed to agree to well under a second).
 * `RejoinCooldowns` stays the first check: exact, synchronous, local.
 */
export class SharedCooldowns {
	constructor(
		private readonly presence: Presence,
		private readonly world: string,
	) {}

	/** Starts a cooldown of `ms` for `userId` (a longer one already running is kept). */
	async start(userId: string, ms: number): Promise<void> {
		if (!(ms > 0)) return;
		const until = Date.now() + ms;
		if ((await this.#until(userId)) >= until) return;
		await this.presence.setex(this.#key(userId), String(until), Math.ceil(ms / 1000));
	}

	/** Milliseconds until `userId` may join the world again; 0 when it may now. */
	async remaining(userId: string): Promise<number> {
		return Math.max(0, (await this.#until(userId)) - Date.now());
	}

	async #until(userId: string): Promise<number> {
		const value = Number(await this.presence.get(this.#key(userId)));
		return Number.isFinite(value) ? value : 0;
	}

	#key(userId: string): string {
		return `hallway:cooldown:${this.world}:${userId}`;
	}
}
