import { BlockAllocator, grown } from './typed-blocks.js';

/** Numbers per avatar in a cell: slot, x, y. */
const STRIDE = 3;
/** Entries in a cell's first block; each regrowth doubles it. */
const FIRST_BLOCK_ENTRIES = 4;
/** Marks a free bucket of the cell table. */
const EMPTY = -1;
/**
 * A squared distance above radius² × (1 + this) is out of range whatever the
 * rounding (far above the 2⁻⁵² of a double), so the square root, which
 * decides the borderline cases exactly as `pairDistance` does, is only taken
 * for the avatars in or near range.
 */
const SQUARED_MARGIN = 2 ** -40;

/**
 * A uniform grid over the plane for "who is within r of this point" queries,
 * keyed by small integer slots (the engine's internal avatar handles). Only
 * avatars that move touch it; a move within the same cell rewrites two numbers.
 *
 * Cells keep each avatar's position next to its slot, so a query filters by
 * distance while scanning its cells sequentially and never reads the memory
 * of avatars out of range: with thousands of avatars, those scattered reads,
 * not the arithmetic, are what costs. For the same reason everything is in
 * typed arrays: the cells' entries in blocks of one Float64Array (a block
 * doubles when its cell fills up; freed blocks are reused), and the table
 * from cell key to cell in two Int32Arrays (open addressing), so a query's
 * nine cell lookups and scans read a few dense cache lines, not Map buckets
 * and JS arrays scattered over the heap.
 *
 * Cell keys pack the cell coordinates into 30 bits, which makes the plane
 * unbounded. The packing wraps every 32,768 cells, so far-apart cells may
 * share a cell; the distance filter drops their avatars, and a single query
 * never spans 32,768 cells (the options forbid cells smaller than 1/64 of the
 * query radius). Emptied cells are kept: on a bounded map they are few, and
 * avatars walking back and forth across a cell border would otherwise churn
 * the table.
 */
export class SpatialHash {
	readonly cellSize: number;
	readonly #inverse: number;

	// Cell table: open addressing, linear probing; capacity a power of two.
	#tableKeys = new Int32Array(64).fill(EMPTY);
	#tableCells = new Int32Array(64);
	#cellCount = 0;

	// Per cell: where its block starts in `#entries`, how many avatars it holds, its block's capacity.
	#cellStart = new Int32Array(16);
	#cellSize = new Int32Array(16);
	#cellCapacity = new Int32Array(16);
	#entries = new Float64Array(256);
	/** The cells' blocks in `#entries`. */
	readonly #blocks = new BlockAllocator(STRIDE);

	/** The point handed to `#query` and `#moveToPoint`, in an array (see `insertAt`). */
	readonly #point = new Float64Array(2);

	/** Per slot: its cell, or -1 when the slot is not in the hash. */
	#cellOf = new Int32Array(0);
	/** Per slot: its entry's index in its cell, for O(1) moves and removals. */
	#indexInCell = new Int32Array(0);

	constructor(cellSize: number) {
		this.cellSize = cellSize;
		this.#inverse = 1 / cellSize;
	}

	/** Adds a slot at a position. The slot must not be in the hash already. */
	insert(slot: number, x: number, y: number): void {
		this.#ensure(slot);
		this.#add(slot, this.#cellFor(this.#keyAt(x, y)), x, y);
	}

	/** Moves a slot; cheap when it stays in the same cell. */
	move(slot: number, x: number, y: number): void {
		this.#point[0] = x;
		this.#point[1] = y;
		this.#moveToPoint(slot);
	}

	/**
	 * `insert` with the position read from `positions` (x at 2 × slot, y
	 * next): the engine's hot loop calls this, and a double argument to a call
	 * V8 does not inline is allocated.
	 */
	insertAt(slot: number, positions: Float64Array): void {
		this.insert(slot, positions[2 * slot]!, positions[2 * slot + 1]!);
	}

	/** `move` with the position read from `positions`, like `insertAt`. */
	moveTo(slot: number, positions: Float64Array): void {
		this.#point[0] = positions[2 * slot]!;
		this.#point[1] = positions[2 * slot + 1]!;
		this.#moveToPoint(slot);
	}

	#moveToPoint(slot: number): void {
		const x = this.#point[0]!;
		const y = this.#point[1]!;
		this.#ensure(slot);
		const cell = this.#cellFor(this.#keyAt(x, y));
		if (this.#cellOf[slot] === cell) {
			const offset = this.#cellStart[cell]! + this.#indexInCell[slot]! * STRIDE;
			this.#entries[offset + 1] = x;
			this.#entries[offset + 2] = y;
			return;
		}
		this.remove(slot);
		this.#add(slot, cell, x, y);
	}

	/** Removes a slot; a slot that is not in the hash is ignored. */
	remove(slot: number): void {
		if (slot >= this.#cellOf.length) return;
		const cell = this.#cellOf[slot]!;
		if (cell === -1) return;
		const entries = this.#entries;
		const start = this.#cellStart[cell]!;
		const index = this.#indexInCell[slot]!;
		// Swap-remove: the cell's last entry takes the freed place.
		const last = this.#cellSize[cell]! - 1;
		if (index !== last) {
			const offset = start + index * STRIDE;
			const lastOffset = start + last * STRIDE;
			const moved = entries[lastOffset]!;
			entries[offset] = moved;
			entries[offset + 1] = entries[lastOffset + 1]!;
			entries[offset + 2] = entries[lastOffset + 2]!;
			this.#indexInCell[moved] = index;
		}
		this.#cellSize[cell] = last;
		this.#cellOf[slot] = -1;
	}

	/**
	 * Empties the hash: no cells, no slots. Re-inserting avatars in map order
	 * afterwards lays the cells' blocks out in that order too.
	 */
	clear(): void {
		this.#tableKeys.fill(EMPTY);
		this.#cellCount = 0;
		this.#cellSize.fill(0);
		this.#cellCapacity.fill(0);
		this.#blocks.reset();
		this.#cellOf.fill(-1);
	}

	/**
	 * Writes into `slots` (from index 0) every slot within `radius` of (x, y),
	 * the point's own slot included if it is in the hash, and returns how many;
	 * when `distances` is given, the distance of each, as `pairDistance` gives it, so
	 * they equal the ones computed anywhere else; when `positions` is given,
	 * the position of each (x at 2i, y at 2i + 1). The arrays are reused by the
	 * caller: a warm query allocates nothing.
	 */
	queryInto(x: number, y: number, radius: number, slots: number[], distances?: number[], positions?: number[]): number {
		this.#point[0] = x;
		this.#point[1] = y;
		return this.#query(radius, slots, distances, positions);
	}

	/** `queryInto` around the position of `slot` in `positions` (x at 2 × slot, y next), like `insertAt`. */
	queryAround(slot: number, positions: Float64Array, radius: number, slots: number[], distances?: number[], found?: number[]): number {
		this.#point[0] = positions[2 * slot]!;
		this.#point[1] = positions[2 * slot + 1]!;
		return this.#query(radius, slots, distances, found);
	}

	#query(radius: number, slots: number[], distances?: number[], positions?: number[]): number {
		const x = this.#point[0]!;
		const y = this.#point[1]!;
		const inverse = this.#inverse;
		const cx0 = Math.floor((x - radius) * inverse);
		const cx1 = Math.floor((x + radius) * inverse);
		const cy0 = Math.floor((y - radius) * inverse);
		const cy1 = Math.floor((y + radius) * inverse);
		const entries = this.#entries;
		const cellStart = this.#cellStart;
		const cellSize = this.#cellSize;
		const limit = radius * radius * (1 + SQUARED_MARGIN);
		let n = 0;
		for (let cx = cx0; cx <= cx1; cx++) {
			const column = (cx & 0x7fff) << 15;
			for (let cy = cy0; cy <= cy1; cy++) {
				const cell = this.#find(column | (cy & 0x7fff));
				if (cell < 0) continue;
				const start = cellStart[cell]!;
				const end = start + cellSize[cell]! * STRIDE;
				for (let o = start; o < end; o += STRIDE) {
					const ex = entries[o + 1]!;
					const ey = entries[o + 2]!;
					const dx = x - ex;
					const dy = y - ey;
					const squared = dx * dx + dy * dy;
					if (squared > limit) continue;
					// pairDistance(x, y, ex, ey), spelled out (see pair-distance.ts).
					const d = Math.sqrt(squared);
					if (d > radius) continue;
					// As an integer: slots are small integers everywhere else.
					slots[n] = entries[o]! | 0;
					if (distances !== undefined) distances[n] = d;
					if (positions !== undefined) {
						positions[2 * n] = ex;
						positions[2 * n + 1] = ey;
					}
					n++;
				}
			}
		}
		return n;
	}

	#ensure(slot: number): void {
		if (slot < this.#cellOf.length) return;
		const length = Math.max(64, slot + 1, this.#cellOf.length * 2);
		const cellOf = new Int32Array(length).fill(-1);
		cellOf.set(this.#cellOf);
		this.#cellOf = cellOf;
		this.#indexInCell = grown(this.#indexInCell, length);
	}

	#keyAt(x: number, y: number): number {
		const cx = Math.floor(x * this.#inverse);
		const cy = Math.floor(y * this.#inverse);
		return ((cx & 0x7fff) << 15) | (cy & 0x7fff);
	}

	/** The cell with this key, or -1. */
	#find(key: number): number {
		const keys = this.#tableKeys;
		const mask = keys.length - 1;
		for (let bucket = bucketOf(key, mask); ; bucket = (bucket + 1) & mask) {
			const found = keys[bucket]!;
			if (found === key) return this.#tableCells[bucket]!;
			if (found === EMPTY) return -1;
		}
	}

	/** The cell with this key, created if needed. */
	#cellFor(key: number): number {
		const existing = this.#find(key);
		if (existing >= 0) return existing;
		const cell = this.#cellCount++;
		if (cell >= this.#cellStart.length) {
			const length = this.#cellStart.length * 2;
			this.#cellStart = grown(this.#cellStart, length);
			this.#cellSize = grown(this.#cellSize, length);
			this.#cellCapacity = grown(this.#cellCapacity, length);
		}
		// At most half full, so probes stay short.
		if (this.#cellCount * 2 > this.#tableKeys.length) this.#rehash(this.#tableKeys.length * 2);
		this.#place(key, cell);
		return cell;
	}

	#place(key: number, cell: number): void {
		const keys = this.#tableKeys;
		const mask = keys.length - 1;
		let bucket = bucketOf(key, mask);
		while (keys[bucket] !== EMPTY) bucket = (bucket + 1) & mask;
		keys[bucket] = key;
		this.#tableCells[bucket] = cell;
	}

	#rehash(capacity: number): void {
		const oldKeys = this.#tableKeys;
		const oldCells = this.#tableCells;
		this.#tableKeys = new Int32Array(capacity).fill(EMPTY);
		this.#tableCells = new Int32Array(capacity);
		for (let bucket = 0; bucket < oldKeys.length; bucket++) {
			if (oldKeys[bucket] !== EMPTY) this.#place(oldKeys[bucket]!, oldCells[bucket]!);
		}
	}

	#add(slot: number, cell: number, x: number, y: number): void {
		const size = this.#cellSize[cell]!;
		const capacity = this.#cellCapacity[cell]!;
		if (size === capacity) {
			const grownCapacity = capacity === 0 ? FIRST_BLOCK_ENTRIES : capacity * 2;
			const start = this.#blocks.allocate(grownCapacity);
			const top = this.#blocks.top;
			if (top > this.#entries.length) this.#entries = grown(this.#entries, Math.max(top, this.#entries.length * 2));
			const old = this.#cellStart[cell]!;
			if (size > 0) this.#entries.copyWithin(start, old, old + size * STRIDE);
			if (capacity > 0) this.#blocks.free(old, capacity);
			this.#cellStart[cell] = start;
			this.#cellCapacity[cell] = grownCapacity;
		}
		const offset = this.#cellStart[cell]! + size * STRIDE;
		this.#entries[offset] = slot;
		this.#entries[offset + 1] = x;
		this.#entries[offset + 2] = y;
		this.#cellSize[cell] = size + 1;
		this.#cellOf[slot] = cell;
		this.#indexInCell[slot] = size;
	}

}

/** Multiplicative hashing, high bits folded down: neighbouring cells land in unrelated buckets. */
function bucketOf(key: number, mask: number): number {
	const h = Math.imul(key, 0x9e3779b1);
	return (h ^ (h >>> 16)) & mask;
}
