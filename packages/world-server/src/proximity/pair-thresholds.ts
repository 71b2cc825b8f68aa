import { BAND_FAR, BAND_MID, BAND_NEAR, PAIR_NONE, PAIR_PREWARM, REASON_PROXIMITY, bandOf, isEdge, reasonOf } from './pair-state.js';
import type { ProximityOptions } from './proximity-options.js';

/** Every packed pair state fits in 7 bits (see pair-state.ts). */
const STATE_COUNT = 128;

/**
 * The distances at which the rules can answer differently, and which of them
 * matter to a pair in a given state.
 *
 * Every rule compares a distance with a threshold (`d <= t`), so a pair whose
 * distance moved without passing a threshold gets the same answer as before.
 * Most thresholds only matter in some states, though: an edge ignores
 * `enterRadius` (it lasts until `leaveRadius`), a pair without an edge ignores
 * the band thresholds, and a near edge keeps its band until
 * nearBandRadius + bandHysteresis. The state a pair holds is always the one
 * the rules give at the distance it was decided at (hysteresis is built so
 * that deciding again at the same distance keeps it), so a pair needs
 * re-deciding only when its distance passed one of the thresholds of its own
 * state. The same thresholds decide which cap pools the pair is in, so under a
 * binding cap the engine's bounds check covers the rest (the pair's rank).
 * With an 8 px step that is about 2.5 times rarer than passing any threshold,
 * and each pair that is not re-decided spares its listener an evaluation.
 *
 * A crossing is a bit mask over the sorted thresholds; `relevant(state)` is
 * the mask of those that matter to `state`.
 */
export class PairThresholds {
	/** Distinct thresholds, ascending. */
	readonly #values: Float64Array;
	/** Per packed state, the thresholds that can change what the pair gets. */
	readonly #relevant = new Int32Array(STATE_COUNT);

	constructor(options: Readonly<ProximityOptions>) {
		const o = options;
		const nearKept = o.nearBandRadius + o.bandHysteresis;
		const midKept = o.midBandRadius + o.bandHysteresis;
		const prewarmKept = o.prewarmRadius + o.prewarmHysteresis;
		const values = [...new Set([o.enterRadius, o.leaveRadius, o.prewarmRadius, prewarmKept, o.nearBandRadius, nearKept, o.midBandRadius, midKept])].sort(
			(a, b) => a - b,
		);
		this.#values = Float64Array.from(values);
		const mask = (...thresholds: number[]): number => thresholds.reduce((m, t) => m | (1 << values.indexOf(t)), 0);
		for (let state = 0; state < STATE_COUNT; state++) {
			if (state === PAIR_NONE) {
				// Nothing yet: an edge from enterRadius on, a prewarm from prewarmRadius on.
				this.#relevant[state] = mask(o.enterRadius, o.prewarmRadius);
			} else if (state === PAIR_PREWARM) {
				this.#relevant[state] = mask(o.enterRadius, prewarmKept);
			} else if (!isEdge(state)) {
				// Not a state the engine stores; everything matters.
				this.#relevant[state] = -1;
			} else if (reasonOf(state) !== REASON_PROXIMITY) {
				// Private-zone and spotlight edges do not depend on the distance.
				this.#relevant[state] = 0;
			} else {
				// An edge keeps its band up to the band's kept limit, falls back to
				// the band below at the lower threshold, lasts until leaveRadius, and
				// is prewarmed rather than dropped up to prewarmRadius.
				const band = bandOf(state);
				const near = band === BAND_NEAR ? nearKept : o.nearBandRadius;
				const mid = band === BAND_NEAR || band === BAND_MID ? midKept : o.midBandRadius;
				this.#relevant[state] = band === BAND_FAR || band === BAND_MID || band === BAND_NEAR ? mask(near, mid, o.leaveRadius, o.prewarmRadius) : -1;
			}
		}
	}

	/**
	 * Bit mask of the thresholds t with `d <= t` true for one of `pair[0]` and
	 * `pair[1]` (the distances before and after a move) and false for the
	 * other. (In an array, not as arguments: the engine calls this tens of
	 * thousands of times a tick, and a double argument to a call that V8 does
	 * not inline is allocated.)
	 */
	crossed(pair: Float64Array): number {
		const before = pair[0]!;
		const after = pair[1]!;
		const low = before < after ? before : after;
		const high = before < after ? after : before;
		const values = this.#values;
		let crossed = 0;
		for (let i = 0; i < values.length; i++) {
			const t = values[i]!;
			if (t >= high) break;
			if (t >= low) crossed |= 1 << i;
		}
		return crossed;
	}

	/** Mask of the thresholds that can change what a pair in `state` gets. */
	relevant(state: number): number {
		return this.#relevant[state]!;
	}
}
