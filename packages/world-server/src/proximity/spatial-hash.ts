import { pairDistance } from './pair-distance.js';

/** Entries per avatar in a cell array: slot, x, y. */
const STRIDE = 3;

/**
 * A uniform grid over the plane for "who is within r of this point" queries,
 * keyed by small integer slots (the engine's internal avatar handles). Only
 * avatars that move touch it; a move within the same cell rewrites two numbers.
 *
 * Cells keep each avatar's position next to its slot, so a query filters by
 * distance while scanning its cells sequentially and never reads the memory
 * of avatars out of range: with thousands of avatars, those scattered reads,
 * not the arithmetic, are what costs.
 *
 * Cells live in a Map keyed by a packed 30-bit integer (a V8 small integer,
 * so lookups do not box), which makes the plane unbounded. The packing wraps
 * every 32,768 cells, so far-apart cells may share a bucket; the distance
 * filter drops their avatars, and a single query never spans 32,768 cells
 * (the options forbid cells smaller than 1/64 of the query radius).
 */
export class SpatialHash {
	readonly cellSize: number;
	readonly #inverse: number;
	readonly #cells = new Map<number, number[]>();
	/** Cell key per slot, or -1 when the slot is not in the hash. */
	readonly #cellOf: number[] = [];
	/** Offset of the slot's entry inside its cell's array, for O(1) moves and removals. */
	readonly #offsetInCell: number[] = [];

	constructor(cellSize: number) {
		this.cellSize = cellSize;
		this.#inverse = 1 / cellSize;
	}

	/** Adds a slot at a position. The slot must not be in the hash already. */
	insert(slot: number, x: number, y: number): void {
		while (this.#cellOf.length <= slot) {
			this.#cellOf.push(-1);
			this.#offsetInCell.push(0);
		}
		this.#add(slot, this.#keyAt(x, y), x, y);
	}

	/** Moves a slot; cheap when it stays in the same cell. */
	move(slot: number, x: number, y: number): void {
		const key = this.#keyAt(x, y);
		if (this.#cellOf[slot] === key) {
			const cell = this.#cells.get(key)!;
			const offset = this.#offsetInCell[slot]!;
			cell[offset + 1] = x;
			cell[offset + 2] = y;
			return;
		}
		this.remove(slot);
		this.#add(slot, key, x, y);
	}

	/** Removes a slot; a slot that is not in the hash is ignored. */
	remove(slot: number): void {
		const key = this.#cellOf[slot];
		if (key === undefined || key === -1) return;
		const cell = this.#cells.get(key)!;
		const offset = this.#offsetInCell[slot]!;
		// Swap-remove: the cell's last entry takes the freed place.
		const last = cell.length - STRIDE;
		if (offset !== last) {
			const moved = cell[last]!;
			cell[offset] = moved;
			cell[offset + 1] = cell[last + 1]!;
			cell[offset + 2] = cell[last + 2]!;
			this.#offsetInCell[moved] = offset;
		}
		cell.length = last;
		this.#cellOf[slot] = -1;
	}

	/**
	 * Writes into `slots` (from index 0) every slot within `radius` of (x, y),
	 * the point's own slot included if it is in the hash, and returns how many;
	 * when `distances` is given, the distance of each, from `pairDistance`, so
	 * they equal the ones computed anywhere else. The arrays are reused by the
	 * caller: a warm query allocates nothing.
	 */
	queryInto(x: number, y: number, radius: number, slots: number[], distances?: number[]): number {
		const inverse = this.#inverse;
		const cx0 = Math.floor((x - radius) * inverse);
		const cx1 = Math.floor((x + radius) * inverse);
		const cy0 = Math.floor((y - radius) * inverse);
		const cy1 = Math.floor((y + radius) * inverse);
		const cells = this.#cells;
		let n = 0;
		for (let cx = cx0; cx <= cx1; cx++) {
			const column = (cx & 0x7fff) << 15;
			for (let cy = cy0; cy <= cy1; cy++) {
				const cell = cells.get(column | (cy & 0x7fff));
				if (cell === undefined) continue;
				for (let i = 0; i < cell.length; i += STRIDE) {
					const d = pairDistance(x, y, cell[i + 1]!, cell[i + 2]!);
					if (d > radius) continue;
					slots[n] = cell[i]!;
					if (distances !== undefined) distances[n] = d;
					n++;
				}
			}
		}
		return n;
	}

	#keyAt(x: number, y: number): number {
		const cx = Math.floor(x * this.#inverse);
		const cy = Math.floor(y * this.#inverse);
		return ((cx & 0x7fff) << 15) | (cy & 0x7fff);
	}

	#add(slot: number, key: number, x: number, y: number): void {
		let cell = this.#cells.get(key);
		if (cell === undefined) {
			// Emptied cells are kept: on a bounded map they are few, and avatars
			// walking back and forth across a cell border would otherwise
			// allocate a new array each time.
			cell = [];
			this.#cells.set(key, cell);
		}
		this.#offsetInCell[slot] = cell.length;
		cell.push(slot, x, y);
		this.#cellOf[slot] = key;
	}
}
