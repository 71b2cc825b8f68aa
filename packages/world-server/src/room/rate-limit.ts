/**
 * A steady rate with a burst allowance: `perSecond` tokens flow into a bucket
 * that holds at most `burst`; each message takes one. A client that stays
 * under `perSecond` on average never waits, and one that was quiet may send
 * `burst` at once.
 */
export interface RateLimit {
	/** Tokens added per second (the sustained rate). Must be > 0. */
	perSecond: number;
	/** Most tokens the bucket holds (the largest burst). Must be ≥ 1. */
	burst: number;
}

/**
 * A token bucket. Pure: the caller passes the time, so tests step it with
 * plain numbers and the room uses one clock for every client.
 */
export class TokenBucket {
	readonly limit: Readonly<RateLimit>;
	#tokens: number;
	#updatedAt: number;

	/** Starts full: a client that just joined may burst at once. `now` in ms, any monotonic origin. */
	constructor(limit: RateLimit, now: number) {
		assertRateLimit(limit);
		this.limit = { ...limit };
		this.#tokens = limit.burst;
		this.#updatedAt = now;
	}

	/** Tokens available at `now` (fractional while refilling). */
	available(now: number): number {
		this.#refill(now);
		return this.#tokens;
	}

	/** Takes one token if there is one: true means the message may go through. */
	take(now: number): boolean {
		this.#refill(now);
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	#refill(now: number): void {
		// A clock that goes backwards (or a stale `now`) must not mint tokens.
		const elapsedMs = now - this.#updatedAt;
		if (!(elapsedMs > 0)) return;
		this.#tokens = Math.min(this.limit.burst, this.#tokens + (elapsedMs / 1000) * this.limit.perSecond);
		this.#updatedAt = now;
	}
}

/** Throws `E_RATE_LIMIT_CONFIG` for a limit that could never admit a message or never refill. */
export function assertRateLimit(limit: RateLimit, name = 'rate limit'): void {
	if (!(Number.isFinite(limit.perSecond) && limit.perSecond > 0)) {
		throw new Error(`E_RATE_LIMIT_CONFIG: ${name}: perSecond ${limit.perSecond} must be a finite number > 0`);
	}
	if (!(Number.isFinite(limit.burst) && limit.burst >= 1)) {
		throw new Error(`E_RATE_LIMIT_CONFIG: ${name}: burst ${limit.burst} must be a finite number ≥ 1`);
	}
}
