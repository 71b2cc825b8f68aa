import type { ConnectionQualityLevel } from '../protocol/index.js';

export type { ConnectionQualityLevel };

/**
 * What one `getStats()` interval says about a connection. Every figure is
 * optional: a player who only listens has no outgoing bitrate, one who
 * receives no video drops no frames.
 */
export interface QualitySample {
	/** Round-trip time, seconds. */
	rtt?: number | undefined;
	/** Interarrival jitter, seconds (the worst stream). */
	jitter?: number | undefined;
	/** Fraction of packets lost over the interval, 0..1. */
	loss?: number | undefined;
	/** The sender's estimate of the bandwidth available to it, bits/s. */
	availableOutgoingBitrate?: number | undefined;
	/** Fraction of received video frames dropped over the interval, 0..1. */
	framesDroppedRatio?: number | undefined;
	/**
	 * How long no packet arrived on a stream that should flow (active,
	 * unmuted), ms; 0 while packets come.
	 */
	silentMs?: number | undefined;
}

/** The limits of one level: a figure at or above (bitrate: below) its limit makes the connection that bad. */
export interface QualityLimits {
	/** Fraction of packets lost, 0..1. */
	loss: number;
	/** Round-trip time, seconds. */
	rtt: number;
	/** Jitter, seconds. */
	jitter: number;
	/** Fraction of video frames dropped, 0..1. */
	framesDroppedRatio: number;
	/** Available outgoing bitrate, bits/s: below it is that bad. */
	availableOutgoingBitrate: number;
}

/** Thresholds and hysteresis of {@link QualityTracker}. */
export interface QualityOptions {
	/** At or beyond these, the connection is no better than `good`. */
	good: QualityLimits;
	/** At or beyond these, it is `poor`. */
	poor: QualityLimits;
	/** No packet for this long on a stream that should flow (ms): `lost`. Default 5,000. */
	lostAfterMs: number;
	/**
	 * To climb back to a better level, every figure must be under that level's
	 * limits times this factor (0..1): a figure hovering at a limit does not
	 * make the level flap. Default 0.7.
	 */
	recoverFactor: number;
	/**
	 * Consecutive samples that must say worse before the level drops. Default
	 * 2: one slow sample (a busy machine, a garbage collection) is not a bad network.
	 */
	downgradeAfter: number;
	/** Consecutive samples that must say better before the level rises. Default 3. */
	upgradeAfter: number;
}

/**
 * Defaults: `poor` at 5% loss, 400 ms RTT, 50 ms jitter, a fifth of the
 * frames dropped or under 100 kbit/s to send with; `good` (not excellent) at
 * 1%, 150 ms, 20 ms, 5% or under 300 kbit/s. Loss figures are what the
 * browser counts after retransmissions; audio has none, so its loss shows.
 */
export const DEFAULT_QUALITY_OPTIONS: Readonly<QualityOptions> = Object.freeze({
	good: Object.freeze({ loss: 0.01, rtt: 0.15, jitter: 0.02, framesDroppedRatio: 0.05, availableOutgoingBitrate: 300_000 }),
	poor: Object.freeze({ loss: 0.05, rtt: 0.4, jitter: 0.05, framesDroppedRatio: 0.2, availableOutgoingBitrate: 100_000 }),
	lostAfterMs: 5_000,
	recoverFactor: 0.7,
	downgradeAfter: 2,
	upgradeAfter: 3,
});

const RANK: Readonly<Record<ConnectionQualityLevel, number>> = { excellent: 0, good: 1, poor: 2, lost: 3 };

/** The worse of two levels. */
export function worseLevel(a: ConnectionQualityLevel, b: ConnectionQualityLevel): ConnectionQualityLevel {
	return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The level one sample says, with no memory: `lost` when silent too long,
 * else the worst level any figure reaches. `scale` multiplies the limits
 * (below 1: stricter, to climb back).
 */
export function scoreQuality(sample: QualitySample, options: QualityOptions = DEFAULT_QUALITY_OPTIONS, scale = 1): ConnectionQualityLevel {
	if ((sample.silentMs ?? 0) >= options.lostAfterMs) return 'lost';
	if (reaches(sample, options.poor, scale)) return 'poor';
	if (reaches(sample, options.good, scale)) return 'good';
	return 'excellent';
}

function reaches(sample: QualitySample, limits: QualityLimits, scale: number): boolean {
	const at = (value: number | undefined, limit: number) => value !== undefined && value >= limit * scale;
	const bitrate = sample.availableOutgoingBitrate;
	return (
		at(sample.loss, limits.loss) ||
		at(sample.rtt, limits.rtt) ||
		at(sample.jitter, limits.jitter) ||
		at(sample.framesDroppedRatio, limits.framesDroppedRatio) ||
		// Stricter to climb back means a higher bitrate is needed: divide.
		(bitrate !== undefined && bitrate > 0 && bitrate < limits.availableOutgoingBitrate / scale)
	);
}

/**
 * One connection's level over time, with hysteresis: it drops after
 * `downgradeAfter` worse samples in a row, and climbs back only after `upgradeAfter`
 * samples that are better with margin (`recoverFactor`). `lost` applies at
 * once, and leaves as soon as packets flow again.
 */
export class QualityTracker {
	readonly #options: QualityOptions;
	#level: ConnectionQualityLevel | undefined;
	#pending: ConnectionQualityLevel | undefined;
	#streak = 0;

	constructor(options: Partial<QualityOptions> = {}) {
		this.#options = { ...DEFAULT_QUALITY_OPTIONS, ...options };
	}

	/** The current level; undefined before the first sample. */
	get level(): ConnectionQualityLevel | undefined {
		return this.#level;
	}

	/** Takes one sample; returns the (maybe unchanged) level. */
	update(sample: QualitySample): ConnectionQualityLevel {
		const raw = scoreQuality(sample, this.#options);
		const current = this.#level;
		if (current === undefined || raw === 'lost' || current === 'lost') return this.#set(raw);
		if (RANK[raw] > RANK[current]) return this.#toward(raw, this.#options.downgradeAfter);
		if (RANK[raw] < RANK[current]) {
			// Better, but is it better with margin? The strict score may say the current level still.
			const strict = scoreQuality(sample, this.#options, this.#options.recoverFactor);
			if (RANK[strict] < RANK[current]) return this.#toward(strict, this.#options.upgradeAfter);
		}
		this.#pending = undefined;
		this.#streak = 0;
		return current;
	}

	#toward(level: ConnectionQualityLevel, needed: number): ConnectionQualityLevel {
		// A streak counts samples that move the same way; the level moved to is the latest one's.
		const sameWay = this.#pending !== undefined && RANK[this.#pending] > RANK[this.#level!] === RANK[level] > RANK[this.#level!];
		this.#streak = sameWay ? this.#streak + 1 : 1;
		this.#pending = level;
		return this.#streak >= needed ? this.#set(level) : this.#level!;
	}

	#set(level: ConnectionQualityLevel): ConnectionQualityLevel {
		this.#level = level;
		this.#pending = undefined;
		this.#streak = 0;
		return level;
	}
}
