import { PAIR_NONE } from './pair-state.js';
import { gathered, grown } from './typed-blocks.js';

/**
 * The states of pairs that are not neighbours (beyond the engine's query
 * radius): private-zone and spotlight edges, which span any distance, and
 * for a moment proximity states whose pair just left the radius.
 *
 * A spotlight speaker is heard by the whole world, so every listener has a
 * far state with it: those live in a column per spotlight speaker, a byte per
 * listener, which the engine reads with one array access. Everything else
 * lives in a small map per listener, created on first use. Each listener's
 * count of far states tells at once that it has none, the common case.
 */
export class FarStates {
	#slots = 0;
	/** Far states per listener. */
	#count = new Int32Array(0);
	readonly #maps: (Map<number, number> | undefined)[] = [];
	/** Per slot: the column holding the states of the pairs in which it speaks, or -1. */
	#columnOf = new Int32Array(0);
	/** Per column: the states, by listener (`undefined` once freed). */
	readonly #columns: (Uint8Array | undefined)[] = [];
	readonly #columnSpeaker: number[] = [];
	/** Columns of speakers that are spotlights no more: freed by `settle()`. */
	readonly #closing: boolean[] = [];

	/** Makes room for slots up to `slot`. */
	ensure(slot: number): void {
		if (slot < this.#slots) return;
		// Filled, not holey: a holey array changes shape as it fills, and each
		// change throws away the optimised code that reads it.
		while (this.#maps.length <= slot) this.#maps.push(undefined);
		this.#slots = slot + 1;
		if (this.#slots <= this.#count.length) return;
		const capacity = Math.max(64, this.#slots, this.#count.length * 2);
		this.#count = grown(this.#count, capacity);
		const columnOf = new Int32Array(capacity).fill(-1);
		columnOf.set(this.#columnOf);
		this.#columnOf = columnOf;
		for (let c = 0; c < this.#columns.length; c++) {
			const column = this.#columns[c];
			if (column !== undefined) this.#columns[c] = grown(column, capacity);
		}
	}

	/**
	 * Renumbers the slots as `PairTable.reorder` does (slot i is old slot
	 * `oldOf[i]`, old slot s is `newOf[s]`); slots from `count` on must have no
	 * far state, as listener or as speaker.
	 */
	reorder(oldOf: Int32Array, newOf: Int32Array, count: number): void {
		this.#count = gathered(this.#count, oldOf, count, 1);
		const maps: (Map<number, number> | undefined)[] = [];
		for (let slot = 0; slot < count; slot++) {
			const map = this.#maps[oldOf[slot]!];
			if (map === undefined || map.size === 0) {
				maps.push(undefined);
				continue;
			}
			const renumbered = new Map<number, number>();
			for (const [speaker, state] of map) renumbered.set(newOf[speaker]!, state);
			maps.push(renumbered);
		}
		this.#maps.length = 0;
		for (const map of maps) this.#maps.push(map);
		this.#columnOf = gathered(this.#columnOf, oldOf, count, 1, -1);
		for (let c = 0; c < this.#columns.length; c++) {
			const column = this.#columns[c];
			if (column === undefined) continue;
			this.#columns[c] = gathered(column, oldOf, count, 1);
			this.#columnSpeaker[c] = newOf[this.#columnSpeaker[c]!]!;
		}
		this.#slots = count;
	}

	/** How many far states listener `a` has. */
	count(a: number): number {
		return this.#count[a]!;
	}

	/** The state of "a listens to b" (PAIR_NONE when there is none). */
	get(a: number, b: number): number {
		const column = this.#columnOf[b]!;
		if (column >= 0) return this.#columns[column]![a]!;
		// Most listeners have no far state at all: the count (4 bytes a slot,
		// dense) says so without touching their map, a pointer and an object
		// elsewhere on the heap. Linking every new pair asks, both ways.
		if (this.#count[a] === 0) return PAIR_NONE;
		// Others mostly have column states only: no hashing then.
		const map = this.#maps[a];
		if (map === undefined || map.size === 0) return PAIR_NONE;
		return map.get(b) ?? PAIR_NONE;
	}

	/** Sets the state of "a listens to b"; PAIR_NONE removes it. */
	set(a: number, b: number, state: number): void {
		const counts = this.#count;
		const column = this.#columnOf[b]!;
		if (column >= 0) {
			const states = this.#columns[column]!;
			counts[a] = counts[a]! + (state !== PAIR_NONE ? 1 : 0) - (states[a] !== PAIR_NONE ? 1 : 0);
			states[a] = state;
			return;
		}
		if (state === PAIR_NONE && counts[a] === 0) return;
		let map = this.#maps[a];
		if (state === PAIR_NONE) {
			if (map !== undefined && map.size > 0 && map.delete(b)) counts[a] = counts[a]! - 1;
			return;
		}
		if (map === undefined) {
			map = new Map();
			this.#maps[a] = map;
		}
		const size = map.size;
		map.set(b, state);
		counts[a] = counts[a]! + map.size - size;
	}

	/** Writes a's far states into `speakers` and `states` (from index 0) and returns how many. */
	entries(a: number, speakers: number[], states: number[]): number {
		let n = 0;
		if (this.#count[a] === 0) return n;
		for (let c = 0; c < this.#columns.length; c++) {
			const state = this.#columns[c]?.[a] ?? PAIR_NONE;
			if (state === PAIR_NONE) continue;
			speakers[n] = this.#columnSpeaker[c]!;
			states[n++] = state;
		}
		const map = this.#maps[a];
		if (map !== undefined) {
			for (const [speaker, state] of map) {
				speakers[n] = speaker;
				states[n++] = state;
			}
		}
		return n;
	}

	/** Removes all of a's far states. */
	clear(a: number): void {
		if (this.#count[a] === 0) return;
		for (const column of this.#columns) if (column !== undefined) column[a] = PAIR_NONE;
		this.#maps[a]?.clear();
		this.#count[a] = 0;
	}

	/** `speaker` is now heard by everyone (a spotlight): keep its far states in a column. */
	openColumn(speaker: number): void {
		const existing = this.#columnOf[speaker]!;
		if (existing >= 0) {
			this.#closing[existing] = false;
			return;
		}
		let column = this.#columns.indexOf(undefined);
		if (column < 0) column = this.#columns.length;
		const states = new Uint8Array(this.#count.length);
		this.#columns[column] = states;
		this.#columnSpeaker[column] = speaker;
		this.#closing[column] = false;
		// States it already had move from the maps to the column.
		for (let a = 0; a < this.#slots; a++) {
			const map = this.#maps[a];
			const state = map?.get(speaker);
			if (state === undefined) continue;
			states[a] = state;
			map!.delete(speaker);
		}
		this.#columnOf[speaker] = column;
	}

	/** `speaker` is heard by everyone no more: its column goes at the next `settle()`. */
	closeColumn(speaker: number): void {
		const column = this.#columnOf[speaker]!;
		if (column >= 0) this.#closing[column] = true;
	}

	/**
	 * Frees the columns closed since the last call, once the tick is over (by
	 * then the listeners have re-decided their pairs with those speakers, so
	 * the columns are mostly empty); states left move to the maps.
	 */
	settle(): void {
		for (let column = 0; column < this.#columns.length; column++) {
			const states = this.#columns[column];
			if (states === undefined || !this.#closing[column]) continue;
			const speaker = this.#columnSpeaker[column]!;
			this.#columnOf[speaker] = -1;
			this.#columns[column] = undefined;
			for (let a = 0; a < this.#slots; a++) {
				const state = states[a]!;
				if (state === PAIR_NONE) continue;
				// Counted already: only where it is kept changes.
				let map = this.#maps[a];
				if (map === undefined) {
					map = new Map();
					this.#maps[a] = map;
				}
				map.set(speaker, state);
			}
		}
	}
}
