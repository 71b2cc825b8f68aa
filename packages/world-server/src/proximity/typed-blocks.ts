/**
 * Storage helpers shared by the engine's typed-array structures: growing an
 * array, and handing out blocks inside one (the pair table's rows, the
 * spatial hash's cells).
 */

/**
 * A renumbered copy of `source`, as long: record i (of `stride` numbers, for
 * i < count) is record `oldOf[i]` of `source`, and every number after the
 * first `count` records is `rest`. Used to renumber slots (see
 * spatial-order.ts).
 */
export function gathered<T extends Float64Array | Int32Array | Uint8Array>(source: T, oldOf: Int32Array, count: number, stride: number, rest = 0): T {
	const target = new (source.constructor as new (length: number) => T)(source.length);
	for (let i = 0; i < count; i++) {
		const from = oldOf[i]! * stride;
		const to = i * stride;
		for (let k = 0; k < stride; k++) target[to + k] = source[from + k]!;
	}
	if (rest !== 0) target.fill(rest, count * stride);
	return target;
}

/** A copy of `array` with room for `length` numbers (the rest zero). */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, length: number): T {
	const copy = new (array.constructor as new (length: number) => T)(length);
	copy.set(array);
	return copy;
}

/**
 * Offsets of blocks inside one typed array, each holding a power-of-two
 * number of entries of `stride` numbers. A block that outgrows itself is
 * replaced by one twice its size and freed; freed blocks are reused by blocks
 * of the same size. The allocator only counts: the owner keeps the array and
 * grows it (with `grown`) to at least `top` numbers after each `allocate`.
 */
export class BlockAllocator {
	#top = 0;
	/** Freed blocks by size class (log2 of their capacity in entries): offsets. */
	readonly #free: number[][] = [];

	constructor(readonly stride: number) {}

	/** Numbers handed out to blocks so far: the array must hold at least this many. */
	get top(): number {
		return this.#top;
	}

	/** The offset of a block of `entries` entries (a power of two). */
	allocate(entries: number): number {
		const free = this.#free[Math.log2(entries)];
		if (free !== undefined && free.length > 0) return free.pop()!;
		const start = this.#top;
		this.#top = start + entries * this.stride;
		return start;
	}

	/** Forgets every block: the next ones are handed out from offset 0 again. */
	reset(): void {
		this.#top = 0;
		this.#free.length = 0;
	}

	/** Gives back the block at `start` of `entries` entries. */
	free(start: number, entries: number): void {
		const sizeClass = Math.log2(entries);
		while (this.#free.length <= sizeClass) this.#free.push([]);
		this.#free[sizeClass]!.push(start);
	}
}
