import { assertRateLimit, type RateLimit, TokenBucket } from './rate-limit.js';

/**
 * How much one client may send, per kind of message. Every limit is a token
 * bucket (`perSecond` sustained, `burst` at once). A message over its limit is
 * dropped and answered with `E_RATE_LIMITED`, and counts as a refusal.
 */
export interface ClientLimits {
	/**
	 * Movement inputs. Default 30/s, burst 40: `WorldClient` sends at most one
	 * per tick (20/s); the headroom absorbs inputs bunched by a network stall.
	 */
	input: RateLimit;
	/** Chat lines. Default 1/s, burst 5 (five lines in five seconds, then one a second). Each reaches up to every player of the map. */
	chat: RateLimit;
	/** Emotes. Default 2/s, burst 6: each is broadcast to the whole map. */
	emote: RateLimit;
	/** Status changes. Default 2/s, burst 6: each re-runs zones and proximity for the player. */
	status: RateLimit;
	/**
	 * Requests: media signaling (`media.*`) and `locate`. Default 50/s, burst
	 * 100: walking into a group asks for a consumer per speaker and track at once.
	 */
	signaling: RateLimit;
	/**
	 * Refused messages (bad, unknown or over a limit). The bucket holds the
	 * refusals a client may collect; when it is empty the client is
	 * disconnected with close code 4400. Default burst 20, one forgiven every
	 * 10 s (0.1/s), so a long session with an occasional mistake is not cut off.
	 */
	refusals: RateLimit;
	/**
	 * WebSocket frames of any kind per second (Colyseus `maxMessagesPerSecond`):
	 * the backstop for frames no handler sees (unknown protocol codes, pings).
	 * Over it Colyseus closes the socket at once (close code 4002). Default 200:
	 * above the sum of every sustained rate above.
	 */
	framesPerSecond: number;
	/**
	 * After a disconnect for too many refusals (close code 4400), the same user
	 * id may not rejoin the world for this long, ms; the join is refused with
	 * `E_REJOIN_COOLDOWN`.
	 * Default 10,000. It keys on the user id, so it binds with real
	 * authentication (a JWT's `sub`); guests get a fresh id on every join.
	 */
	rejoinCooldownMs: number;
}

/** The defaults, in one place. */
export const DEFAULT_CLIENT_LIMITS: Readonly<ClientLimits> = Object.freeze({
	input: { perSecond: 30, burst: 40 },
	chat: { perSecond: 1, burst: 5 },
	emote: { perSecond: 2, burst: 6 },
	status: { perSecond: 2, burst: 6 },
	signaling: { perSecond: 50, burst: 100 },
	refusals: { perSecond: 0.1, burst: 20 },
	framesPerSecond: 200,
	rejoinCooldownMs: 10_000,
});

/** The kinds of message a client is rate-limited on. */
export type LimitedMessage = 'input' | 'chat' | 'emote' | 'status' | 'signaling';

/** Fills in defaults and checks every limit; throws `E_RATE_LIMIT_CONFIG` on a nonsensical one. */
export function resolveClientLimits(limits: Partial<ClientLimits> = {}): ClientLimits {
	const resolved: ClientLimits = { ...DEFAULT_CLIENT_LIMITS, ...limits };
	for (const name of ['input', 'chat', 'emote', 'status', 'signaling', 'refusals'] as const) assertRateLimit(resolved[name], `limits.${name}`);
	if (!(Number.isFinite(resolved.framesPerSecond) && resolved.framesPerSecond >= 1)) {
		throw new Error(`E_RATE_LIMIT_CONFIG: limits.framesPerSecond ${resolved.framesPerSecond} must be a finite number ≥ 1`);
	}
	if (!(resolved.rejoinCooldownMs >= 0 && Number.isFinite(resolved.rejoinCooldownMs))) {
		throw new Error(`E_RATE_LIMIT_CONFIG: limits.rejoinCooldownMs ${resolved.rejoinCooldownMs} must be a finite number ≥ 0`);
	}
	return resolved;
}

/** Describes a limit for an error message: "5 per 5 s" reads better than "1/s burst 5". */
function describeLimit({ perSecond, burst }: RateLimit): string {
	return `${burst} at once, then ${perSecond} per second`;
}

/** One client's buckets. Time is passed in (ms, monotonic), so this stays pure. */
export class ClientLimiter {
	readonly #limits: ClientLimits;
	readonly #buckets: Record<LimitedMessage, TokenBucket>;
	readonly #refusals: TokenBucket;

	constructor(limits: ClientLimits, now: number) {
		this.#limits = limits;
		this.#buckets = {
			input: new TokenBucket(limits.input, now),
			chat: new TokenBucket(limits.chat, now),
			emote: new TokenBucket(limits.emote, now),
			status: new TokenBucket(limits.status, now),
			signaling: new TokenBucket(limits.signaling, now),
		};
		this.#refusals = new TokenBucket(limits.refusals, now);
	}

	/** Null when the message may go through; otherwise why not (for `E_RATE_LIMITED`). */
	check(kind: LimitedMessage, now: number): string | null {
		if (this.#buckets[kind].take(now)) return null;
		return `too many ${kind} messages: at most ${describeLimit(this.#limits[kind])}`;
	}

	/** Records a refusal; true when the client has used up its allowance and must be disconnected. */
	refuse(now: number): boolean {
		this.#refusals.take(now);
		return this.#refusals.available(now) < 1;
	}
}
