import type { SlotList } from './slot-list.js';

/** Bits per cell coordinate on the curve: cells wrap every 8,192 (only locality suffers, never results). */
const COORDINATE_BITS = 13;
const COORDINATE_MASK = (1 << COORDINATE_BITS) - 1;
/** The radix sort takes the curve's 26-bit positions 9 bits at a time. */
const RADIX_BITS = 9;
const RADIX = 1 << RADIX_BITS;
const RADIX_PASSES = Math.ceil((2 * COORDINATE_BITS) / RADIX_BITS);

/**
 * The position of cell (cx, cy) along a Hilbert curve over a square of
 * 2¹³ × 2¹³ cells (coordinates taken modulo 2¹³). Consecutive positions are
 * side-by-side cells, and the curve fills each aligned 2ᵏ × 2ᵏ block before it
 * leaves it, starting with the block at the origin: sorted by it, things near
 * each other on the map are mostly near each other in the list.
 */
export function hilbertIndex(cx: number, cy: number): number {
	let x = cx & COORDINATE_MASK;
	let y = cy & COORDINATE_MASK;
	let index = 0;
	for (let s = 1 << (COORDINATE_BITS - 1); s > 0; s >>= 1) {
		const rx = (x & s) !== 0 ? 1 : 0;
		const ry = (y & s) !== 0 ? 1 : 0;
		index += s * s * ((3 * rx) ^ ry);
		// Turn the quadrant so that its curve starts and ends where the parent's does.
		if (ry === 0) {
			if (rx === 1) {
				x = s - 1 - x;
				y = s - 1 - y;
			}
			const t = x;
			x = y;
			y = t;
		}
	}
	return index;
}

/**
 * Sorts lists of slots by where the slots are on the map: along a Hilbert
 * curve over the cells of a grid.
 *
 * Why: the engine's movers each read the records of every avatar near them
 * (cells, rows, bounds), and a tick's movers come in the order the room
 * upserted them, i.e. from anywhere on the map. At ten thousand avatars those
 * records do not fit in the core's cache, so in that order nearly every
 * neighbour is a cache miss. In curve order consecutive movers are close,
 * their neighbourhoods overlap, and what one mover read is often still in
 * cache for the next (the listeners it queues come out in the same order).
 * The engine also renumbers all its slots in this order now and then. The
 * result of a tick never depends on the order.
 *
 * A least-significant-digit radix sort on the curve positions: a thousand
 * movers a tick take a few thousand steps, where a comparison sort (even a
 * typed array's own) took a tenth of the tick's budget for locality.
 */
export class SpatialOrder {
	readonly #inverseCell: number;
	/** Curve positions and slots, sorted from one pair of arrays into the other and back, pass by pass. */
	#keys = new Int32Array(64);
	#slots = new Int32Array(64);
	#keysOut = new Int32Array(64);
	#slotsOut = new Int32Array(64);
	readonly #bucketStart = new Int32Array(RADIX);

	constructor(cellSize: number) {
		this.#inverseCell = 1 / cellSize;
	}

	/**
	 * Reorders `list` in place by the cells of its slots' positions (x at
	 * 2 × slot, y next); slots in the same cell keep their order.
	 */
	sort(list: SlotList, positions: Float64Array): void {
		const length = list.length;
		if (length < 2) return;
		if (this.#keys.length < length) {
			const capacity = Math.max(length, this.#keys.length * 2);
			this.#keys = new Int32Array(capacity);
			this.#slots = new Int32Array(capacity);
			this.#keysOut = new Int32Array(capacity);
			this.#slotsOut = new Int32Array(capacity);
		}
		let keys = this.#keys;
		let slots = this.#slots;
		let keysOut = this.#keysOut;
		let slotsOut = this.#slotsOut;
		const inverse = this.#inverseCell;
		for (let i = 0; i < length; i++) {
			const slot = list.at(i);
			slots[i] = slot;
			keys[i] = hilbertIndex(Math.floor(positions[2 * slot]! * inverse), Math.floor(positions[2 * slot + 1]! * inverse));
		}
		const bucketStart = this.#bucketStart;
		for (let pass = 0, shift = 0; pass < RADIX_PASSES; pass++, shift += RADIX_BITS) {
			bucketStart.fill(0);
			for (let i = 0; i < length; i++) bucketStart[(keys[i]! >>> shift) & (RADIX - 1)]!++;
			for (let digit = 0, sum = 0; digit < RADIX; digit++) {
				const count = bucketStart[digit]!;
				bucketStart[digit] = sum;
				sum += count;
			}
			for (let i = 0; i < length; i++) {
				const at = bucketStart[(keys[i]! >>> shift) & (RADIX - 1)]!++;
				keysOut[at] = keys[i]!;
				slotsOut[at] = slots[i]!;
			}
			const sortedKeys = keysOut;
			keysOut = keys;
			keys = sortedKeys;
			const sortedSlots = slotsOut;
			slotsOut = slots;
			slots = sortedSlots;
		}
		for (let i = 0; i < length; i++) list.set(i, slots[i]!);
	}
}
