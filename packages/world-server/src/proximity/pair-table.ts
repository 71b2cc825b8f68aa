import { FarStates } from './far-states.js';
import { PAIR_NONE } from './pair-state.js';
import { BlockAllocator, grown } from './typed-blocks.js';

/**
 * Numbers per row entry of a: the neighbour b, the state of "a listens to b",
 * the index of the mirror entry in b's row, and a copy of the state of
 * "b listens to a".
 */
export const ROW_STRIDE = 4;
/** Offsets inside a row entry. */
export const ROW_SPEAKER = 0;
export const ROW_STATE = 1;
export const ROW_TWIN = 2;
export const ROW_STATE_IN = 3;

/** Capacity, in entries, of a row's first block; each regrowth doubles it. */
const FIRST_BLOCK_ENTRIES = 8;
/** Per-slot numbers in `#meta`: where the row's block starts in `data`, its entries, its capacity. */
const META_STRIDE = 4;
const META_START = 0;
const META_SIZE = 1;
const META_CAPACITY = 2;

/**
 * Who is near whom, and what each directed pair currently gets.
 *
 * Every avatar has a row: its neighbours within the engine's query radius
 * (symmetric: if b is in a's row, a is in b's) and the packed state of the
 * pair "a listens to b" (see pair-state.ts). Entry i of a's row is at
 * `data[start(a) + i * ROW_STRIDE]`, ROW_STRIDE small integers, so the
 * engine's hot loops read it sequentially; each entry also records where its
 * mirror entry sits in the other row ("twin"), so that removing a pair touches
 * both rows in O(1), and keeps a copy of the mirror's state, so that a moving
 * avatar learns what each neighbour gets from it without visiting the
 * neighbour's row. States change far less often than avatars move, so keeping
 * the copy (`setState`) is cheap. Distances are not stored: the engine
 * recomputes them from positions, which spares a write into every neighbour's
 * row each time an avatar moves.
 *
 * All rows live in one Int32Array, each in a block of a power-of-two number of
 * entries that is replaced by one twice as large when it fills up (freed
 * blocks are reused by rows of the same size). With ten thousand avatars the
 * rows are the engine's largest data: one flat array of 32-bit integers takes
 * about half the memory of as many JS arrays of small integers, and reaching
 * an entry of another row (as `setState` does for the copy) takes two
 * dependent memory accesses (the row's start, the entry) instead of three (the
 * row array, its elements, the entry).
 *
 * A pair can have a state without being neighbours: a private-zone or
 * spotlight edge spans any distance. Those states live in `far` (see
 * far-states.ts), and move between it and the row when the pair comes within
 * or leaves the query radius, so each state lives in exactly one place.
 */
export class PairTable {
	#data = new Int32Array(1024);
	/** The rows' blocks in `#data`. */
	readonly #blocks = new BlockAllocator(ROW_STRIDE);
	#meta = new Int32Array(0);
	#slots = 0;
	/** States of pairs that are not neighbours. */
	readonly far = new FarStates();

	/**
	 * Every row's entries. Replaced by a larger array when a row grows (`link`),
	 * so read it again after linking.
	 */
	get data(): Int32Array {
		return this.#data;
	}

	/** Offset in `data` of entry 0 of a's row. Changes when the row grows (`link`). */
	start(a: number): number {
		return this.#meta[a * META_STRIDE + META_START]!;
	}

	/** Number of entries in a's row. */
	size(a: number): number {
		return this.#meta[a * META_STRIDE + META_SIZE]!;
	}

	/** Makes sure rows exist up to `slot`. */
	ensure(slot: number): void {
		if (slot < this.#slots) return;
		const needed = (slot + 1) * META_STRIDE;
		if (needed > this.#meta.length) {
			const meta = new Int32Array(Math.max(needed, this.#meta.length * 2, 64 * META_STRIDE));
			meta.set(this.#meta);
			this.#meta = meta;
		}
		this.far.ensure(slot);
		this.#slots = slot + 1;
	}

	/**
	 * Renumbers the slots: new slot i (i < count) is old slot `oldOf[i]`, and
	 * old slot s is new slot `newOf[s]`. Old slots left out must have no
	 * neighbour and no far state; slots from `count` on have no row. The rows are
	 * copied into a fresh array in the new slot order, each into a block of the
	 * same capacity, so neighbours' rows end up near each other and freed
	 * blocks are compacted away. Entry order within a row is kept, so twin
	 * indices stay valid.
	 */
	reorder(oldOf: Int32Array, newOf: Int32Array, count: number): void {
		const oldData = this.#data;
		const oldMeta = this.#meta;
		const meta = new Int32Array(oldMeta.length);
		const blocks = this.#blocks;
		blocks.reset();
		let top = 0;
		for (let slot = 0; slot < count; slot++) top += oldMeta[oldOf[slot]! * META_STRIDE + META_CAPACITY]! * ROW_STRIDE;
		// Headroom, as doubling would leave: the rows that grow next do not copy it all again at once.
		const data = new Int32Array(Math.max(1024, top + (top >> 1)));
		for (let slot = 0; slot < count; slot++) {
			const from = oldOf[slot]! * META_STRIDE;
			const capacity = oldMeta[from + META_CAPACITY]!;
			const size = oldMeta[from + META_SIZE]!;
			const at = slot * META_STRIDE;
			meta[at + META_SIZE] = size;
			meta[at + META_CAPACITY] = capacity;
			if (capacity === 0) continue;
			const start = blocks.allocate(capacity);
			meta[at + META_START] = start;
			const source = oldMeta[from + META_START]!;
			data.set(oldData.subarray(source, source + size * ROW_STRIDE), start);
			for (let o = start + ROW_SPEAKER; o < start + size * ROW_STRIDE; o += ROW_STRIDE) data[o] = newOf[data[o]!]!;
		}
		this.#data = data;
		this.#meta = meta;
		this.#slots = count;
		this.far.reorder(oldOf, newOf, count);
	}

	/** Makes `a` and `b` neighbours; they must not be already. May replace `data` and move rows. */
	link(a: number, b: number): void {
		const indexInA = this.#reserve(a);
		const indexInB = this.#reserve(b);
		const stateAB = this.#takeFar(a, b);
		const stateBA = this.#takeFar(b, a);
		const data = this.#data;
		const meta = this.#meta;
		const offsetA = meta[a * META_STRIDE + META_START]! + indexInA * ROW_STRIDE;
		data[offsetA + ROW_SPEAKER] = b;
		data[offsetA + ROW_STATE] = stateAB;
		data[offsetA + ROW_TWIN] = indexInB;
		data[offsetA + ROW_STATE_IN] = stateBA;
		const offsetB = meta[b * META_STRIDE + META_START]! + indexInB * ROW_STRIDE;
		data[offsetB + ROW_SPEAKER] = a;
		data[offsetB + ROW_STATE] = stateBA;
		data[offsetB + ROW_TWIN] = indexInA;
		data[offsetB + ROW_STATE_IN] = stateAB;
	}

	/** Sets the state of "a listens to the neighbour at entry `index`" (and its copy in the neighbour's row). */
	setState(a: number, index: number, state: number): void {
		const data = this.#data;
		const offset = this.#meta[a * META_STRIDE + META_START]! + index * ROW_STRIDE;
		data[offset + ROW_STATE] = state;
		data[this.#meta[data[offset + ROW_SPEAKER]! * META_STRIDE + META_START]! + data[offset + ROW_TWIN]! * ROW_STRIDE + ROW_STATE_IN] = state;
	}

	/** Unlinks `a` from the neighbour at entry `index` of its row; their states, if any, become far states. */
	unlinkAt(a: number, index: number): void {
		const data = this.#data;
		const offset = this.#meta[a * META_STRIDE + META_START]! + index * ROW_STRIDE;
		const b = data[offset + ROW_SPEAKER]!;
		const indexInB = data[offset + ROW_TWIN]!;
		this.#keepFar(a, b, data[offset + ROW_STATE]!);
		this.#keepFar(b, a, data[offset + ROW_STATE_IN]!);
		this.#removeEntry(a, index);
		this.#removeEntry(b, indexInB);
	}

	/** Unlinks `a` from all its neighbours. */
	clear(a: number): void {
		while (this.size(a) > 0) this.unlinkAt(a, this.size(a) - 1);
	}

	/** Appends an entry to a's row, growing its block if full; returns the new entry's index. */
	#reserve(a: number): number {
		const at = a * META_STRIDE;
		const meta = this.#meta;
		const size = meta[at + META_SIZE]!;
		const capacity = meta[at + META_CAPACITY]!;
		if (size === capacity) {
			const grownCapacity = capacity === 0 ? FIRST_BLOCK_ENTRIES : capacity * 2;
			const start = this.#blocks.allocate(grownCapacity);
			const top = this.#blocks.top;
			if (top > this.#data.length) this.#data = grown(this.#data, Math.max(top, this.#data.length * 2));
			const old = meta[at + META_START]!;
			if (size > 0) this.#data.copyWithin(start, old, old + size * ROW_STRIDE);
			if (capacity > 0) this.#blocks.free(old, capacity);
			meta[at + META_START] = start;
			meta[at + META_CAPACITY] = grownCapacity;
		}
		meta[at + META_SIZE] = size + 1;
		return size;
	}

	#takeFar(a: number, b: number): number {
		const state = this.far.get(a, b);
		if (state !== PAIR_NONE) this.far.set(a, b, PAIR_NONE);
		return state;
	}

	#keepFar(a: number, b: number, state: number): void {
		if (state !== PAIR_NONE) this.far.set(a, b, state);
	}

	/** Swap-remove: the row's last entry takes the freed place, and its twin is told. */
	#removeEntry(a: number, index: number): void {
		const data = this.#data;
		const meta = this.#meta;
		const at = a * META_STRIDE;
		const start = meta[at + META_START]!;
		const last = meta[at + META_SIZE]! - 1;
		if (index !== last) {
			const offset = start + index * ROW_STRIDE;
			const lastOffset = start + last * ROW_STRIDE;
			const moved = data[lastOffset + ROW_SPEAKER]!;
			const movedTwin = data[lastOffset + ROW_TWIN]!;
			data[offset + ROW_SPEAKER] = moved;
			data[offset + ROW_STATE] = data[lastOffset + ROW_STATE]!;
			data[offset + ROW_TWIN] = movedTwin;
			data[offset + ROW_STATE_IN] = data[lastOffset + ROW_STATE_IN]!;
			data[meta[moved * META_STRIDE + META_START]! + movedTwin * ROW_STRIDE + ROW_TWIN] = index;
		}
		meta[at + META_SIZE] = last;
	}
}
