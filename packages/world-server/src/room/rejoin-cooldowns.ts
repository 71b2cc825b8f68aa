/** Expired entries are swept once the map holds this many, so a long-running world does not grow it forever. */
const SWEEP_AT = 1024;

/**
 * Players who may not rejoin a world until a given time, by user id: a client
 * disconnected for abuse would otherwise reconnect at once with fresh rate
 * limits. Pure: the caller passes the time (ms, any monotonic origin).
 */
export class RejoinCooldowns {
	readonly #until = new Map<string, number>();

	/** Starts (or extends) a cooldown of `ms` for `userId`. */
	start(userId: string, now: number, ms: number): void {
		if (!(ms > 0)) return;
		this.#until.set(userId, Math.max(this.#until.get(userId) ?? 0, now + ms));
		if (this.#until.size >= SWEEP_AT) {
			for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
		}
	}

	/** Milliseconds until `userId` may join again; 0 when it may now. */
	remaining(userId: string, now: number): number {
		const until = this.#until.get(userId);
		if (until === undefined) return 0;
		if (until > now) return until - now;
		this.#until.delete(userId);
		return 0;
	}

	/** How many cooldowns are stored (expired ones included until swept). */
	get size(): number {
		return this.#until.size;
	}
}
