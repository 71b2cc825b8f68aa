/**
 * How fast this host's memory is right now, to read a benchmark's timings by.
 *
 * On a shared VM the other tenants take turns with the last-level cache and
 * the memory bus. Measured here: sampled back to back for 40 s, a loop of arithmetic kept its
 * time within 5%, while a chain of dependent loads over 8 MiB took anywhere
 * from 26 to 111 ms per sample. Code whose working set outgrows the core's
 * own cache (the proximity engine at ten thousand avatars) slows down with
 * the second, so the benchmark measures it next to each run: a run that
 * misses its target while the probe reads slow was unlucky in its host, not
 * slower in its code.
 *
 * The probe follows one random cycle through an array (each load's address is
 * the previous load's value, so nothing overlaps or prefetches) and reports
 * the mean time per load.
 */
import { performance } from 'node:perf_hooks';
import { Random } from '../test/support/random.js';

/** 8 MiB of Int32: beyond any core's own cache, about the engine's working set at 10,000 avatars. */
const PROBE_ENTRIES = 1 << 21;
/** Loads per sample: 5 to 25 ms at the latencies seen on this host kind. */
const LOADS_PER_SAMPLE = 250_000;

export class MemoryLatencyProbe {
	/** next[i] is the entry visited after i: a single cycle through every entry. */
	readonly #next = new Int32Array(PROBE_ENTRIES);
	#at = 0;

	constructor(seed = 0x5eed) {
		// Sattolo's shuffle yields a single cycle, so a walk never settles into a short loop that fits a cache.
		const order = new Int32Array(PROBE_ENTRIES);
		for (let i = 0; i < PROBE_ENTRIES; i++) order[i] = i;
		const random = new Random(seed);
		for (let i = PROBE_ENTRIES - 1; i > 0; i--) {
			const j = Math.floor(random.next() * i);
			const swap = order[i]!;
			order[i] = order[j]!;
			order[j] = swap;
		}
		for (let i = 0; i < PROBE_ENTRIES; i++) this.#next[order[i]!] = order[(i + 1) % PROBE_ENTRIES]!;
		// A first sample, thrown away, gets the loop compiled before anything is measured.
		this.sample();
	}

	/** Mean nanoseconds per dependent load, over one sample. */
	sample(): number {
		const next = this.#next;
		let at = this.#at;
		const start = performance.now();
		for (let i = 0; i < LOADS_PER_SAMPLE; i++) at = next[at]!;
		const elapsed = performance.now() - start;
		// Kept, so the loop's result is used and the walk goes on where it stopped.
		this.#at = at;
		return (elapsed * 1e6) / LOADS_PER_SAMPLE;
	}
}
