/** A source of numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * A seeded generator (mulberry32): the same seed replays the same wander,
 * which makes a load test or a flaky run reproducible.
 */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A number in [min, max). */
export function between(random: Random, min: number, max: number): number {
	return min + (max - min) * random();
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
	if (items.length === 0) throw new Error('E_EMPTY: nothing to pick from');
	return items[Math.floor(random() * items.length)]!;
}
