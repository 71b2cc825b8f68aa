import { describe, expect, it } from 'vitest';
import { ClientLimiter, DEFAULT_CLIENT_LIMITS, resolveClientLimits } from '../src/room/client-limits.js';
import { TokenBucket } from '../src/room/rate-limit.js';
import { RejoinCooldowns } from '../src/room/rejoin-cooldowns.js';

/** How many of `count` takes, one every `everyMs` from `start`, the bucket lets through. */
function admitted(bucket: TokenBucket, count: number, everyMs: number, start = 0): number {
	let passed = 0;
	for (let i = 0; i < count; i++) if (bucket.take(start + i * everyMs)) passed++;
	return passed;
}

describe('TokenBucket', () => {
	it('lets a full burst through at once, then nothing until it refills', () => {
		const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, 0);
		expect(admitted(bucket, 8, 0)).toBe(5);
		expect(bucket.take(99)).toBe(false);
		expect(bucket.take(100)).toBe(true);
		expect(bucket.take(100)).toBe(false);
	});

	it('sustains its rate forever, and no more', () => {
		const bucket = new TokenBucket({ perSecond: 20, burst: 1 }, 0);
		// One every 50 ms is exactly 20/s: all pass.
		expect(admitted(bucket, 200, 50, 50)).toBe(200);
		// One every millisecond for 10 s: the burst (1) plus 20/s for 10 s, less the last partial token.
		expect(admitted(bucket, 10_000, 1, 20_000)).toBe(200);
	});

	it('never holds more than its burst, however long it was idle', () => {
		const bucket = new TokenBucket({ perSecond: 1, burst: 3 }, 0);
		expect(bucket.available(3_600_000)).toBe(3);
		expect(admitted(bucket, 10, 0, 3_600_000)).toBe(3);
	});

	it('mints nothing when the clock goes backwards', () => {
		const bucket = new TokenBucket({ perSecond: 1000, burst: 2 }, 1000);
		expect(admitted(bucket, 2, 0, 1000)).toBe(2);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.available(1000)).toBe(0);
	});

	it('refuses limits that could never admit or never refill', () => {
		expect(() => new TokenBucket({ perSecond: 0, burst: 5 }, 0)).toThrow(/^E_RATE_LIMIT_CONFIG: /);
		expect(() => new TokenBucket({ perSecond: 1, burst: 0.5 }, 0)).toThrow(/^E_RATE_LIMIT_CONFIG: /);
		expect(() => new TokenBucket({ perSecond: Number.NaN, burst: 5 }, 0)).toThrow(/^E_RATE_LIMIT_CONFIG: /);
		expect(() => resolveClientLimits({ framesPerSecond: 0 })).toThrow(/^E_RATE_LIMIT_CONFIG: limits.framesPerSecond/);
	});
});

describe('ClientLimiter with the default limits', () => {
	const limits = resolveClientLimits();

	it('admits a well-behaved client: 20 inputs/s, a chat line every 2 s, media bursts at join', () => {
		const limiter = new ClientLimiter(limits, 0);
		for (let t = 0; t < 60_000; t += 50) expect(limiter.check('input', t)).toBeNull();
		for (let t = 0; t < 60_000; t += 2000) expect(limiter.check('chat', t)).toBeNull();
		// Walking into a group of 9 with camera and microphone: 18 consumerReady at once, plus the join's own requests.
		for (let i = 0; i < 30; i++) expect(limiter.check('signaling', 0)).toBeNull();
	});

	it('allows five chat lines in five seconds, then one a second', () => {
		const limiter = new ClientLimiter(limits, 0);
		const passed = (from: number, to: number, every: number) => {
			let n = 0;
			for (let t = from; t < to; t += every) if (limiter.check('chat', t) === null) n++;
			return n;
		};
		expect(passed(0, 5000, 100)).toBe(5 + 4);
		expect(limiter.check('chat', 4950)).toMatch(/^too many chat messages: at most 5 at once, then 1 per second$/);
	});

	it('keeps kinds apart: a chat flood does not eat the movement allowance', () => {
		const limiter = new ClientLimiter(limits, 0);
		for (let i = 0; i < 100; i++) limiter.check('chat', 0);
		expect(limiter.check('input', 0)).toBeNull();
		expect(limiter.check('signaling', 0)).toBeNull();
	});

	it('disconnects after 20 refusals in a row, but forgives one every 10 s', () => {
		const burst = new ClientLimiter(limits, 0);
		for (let i = 1; i < DEFAULT_CLIENT_LIMITS.refusals.burst; i++) expect(burst.refuse(0)).toBe(false);
		expect(burst.refuse(0)).toBe(true);

		// One mistake every 10 s for an hour: never disconnected.
		const occasional = new ClientLimiter(limits, 0);
		for (let t = 0; t < 3_600_000; t += 10_000) expect(occasional.refuse(t)).toBe(false);
	});
});

describe('RejoinCooldowns', () => {
	it('holds a user out until its cooldown ends, and only that user', () => {
		const cooldowns = new RejoinCooldowns();
		cooldowns.start('mallory', 1000, 10_000);
		expect(cooldowns.remaining('mallory', 1000)).toBe(10_000);
		expect(cooldowns.remaining('mallory', 10_999)).toBe(1);
		expect(cooldowns.remaining('alice', 1000)).toBe(0);
		expect(cooldowns.remaining('mallory', 11_000)).toBe(0);
		expect(cooldowns.size).toBe(0);
	});

	it('never shortens a running cooldown, and sweeps expired ones as it grows', () => {
		const cooldowns = new RejoinCooldowns();
		cooldowns.start('mallory', 0, 10_000);
		cooldowns.start('mallory', 1, 5);
		expect(cooldowns.remaining('mallory', 100)).toBe(9900);
		for (let i = 0; i < 5000; i++) cooldowns.start(`guest-${i}`, i * 10, 5);
		expect(cooldowns.size).toBeLessThan(1100);
	});
});
