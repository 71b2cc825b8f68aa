import { ROW_SPEAKER, ROW_STRIDE } from './pair-table.js';

/** Buckets of the table: a power of two, large enough that a row's few dozen slots seldom collide. */
const BUCKETS = 1024;
const MASK = BUCKETS - 1;

/**
 * Where each neighbour sits in one row, for the row a mover rebuilds, plus a
 * "found again" flag per entry: a table from slot to entry index, direct
 * mapped on the slot's low bits. Buckets carry the stamp of the build that
 * filled them, so a new build needs no clearing; when two of the row's slots
 * share a bucket, lookups that miss fall back to scanning the row. The table
 * is a dozen kilobytes that stay in the core's cache, where marking the
 * neighbours in per-slot arrays (a random write per neighbour, then random
 * reads per query result and per entry) costs cache misses with thousands of
 * avatars.
 */
export class RowIndex {
	readonly #stamps = new Int32Array(BUCKETS);
	readonly #slots = new Int32Array(BUCKETS);
	readonly #indices = new Int32Array(BUCKETS);
	#stamp = 0;
	/** Whether two entries of the current row share a bucket. */
	#collided = false;
	/** The current row's slots, by entry (for the scan; linking may move the row itself). */
	#rowSlots = new Int32Array(64);
	#size = 0;
	/** Per entry of the current row: the stamp of the build that found it again. */
	#found = new Int32Array(64);

	/** Indexes the `size` entries of the row that starts at `data[start]`, all not found yet. */
	build(data: Int32Array, start: number, size: number): void {
		if (this.#stamp === 0x3fff_ffff) {
			// Start over long before the stamps wrap.
			this.#stamps.fill(0);
			this.#found.fill(0);
			this.#stamp = 0;
		}
		const stamp = ++this.#stamp;
		if (size > this.#found.length) {
			this.#found = new Int32Array(2 * size);
			this.#rowSlots = new Int32Array(2 * size);
		}
		this.#size = size;
		let collided = false;
		const stamps = this.#stamps;
		const rowSlots = this.#rowSlots;
		for (let index = 0, o = start + ROW_SPEAKER; index < size; index++, o += ROW_STRIDE) {
			const slot = data[o]!;
			rowSlots[index] = slot;
			const bucket = slot & MASK;
			if (stamps[bucket] === stamp) {
				collided = true;
				continue;
			}
			stamps[bucket] = stamp;
			this.#slots[bucket] = slot;
			this.#indices[bucket] = index;
		}
		this.#collided = collided;
	}

	/** The entry index of `slot` in the row, or -1. */
	find(slot: number): number {
		const bucket = slot & MASK;
		if (this.#stamps[bucket] === this.#stamp && this.#slots[bucket] === slot) return this.#indices[bucket]!;
		if (!this.#collided) return -1;
		const rowSlots = this.#rowSlots;
		for (let index = 0; index < this.#size; index++) if (rowSlots[index] === slot) return index;
		return -1;
	}

	markFound(index: number): void {
		this.#found[index] = this.#stamp;
	}

	isFound(index: number): boolean {
		return this.#found[index] === this.#stamp;
	}
}
