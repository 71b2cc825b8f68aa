import { PAIR_NONE } from './pair-state.js';

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

/**
 * Who is near whom, and what each directed pair currently gets.
 *
 * Every avatar has a row: its neighbours within the engine's query radius
 * (symmetric: if b is in a's row, a is in b's) and the packed state of the
 * pair "a listens to b" (see pair-state.ts). A row is one dense array of
 * small integers, entry i at [4i, 4i + 4), so the engine's hot loops read it
 * sequentially; each entry also records where its mirror entry sits in the
 * other row ("twin"), so that removing a pair touches both rows in O(1), and
 * keeps a copy of the mirror's state, so that a moving avatar learns what each
 * neighbour gets from it without visiting the neighbour's row. States change
 * far less often than avatars move, so keeping the copy (`setState`) is cheap.
 * Distances are not stored: the engine recomputes them from positions, which
 * spares a write into every neighbour's row each time an avatar moves.
 *
 * A pair can have a state without being neighbours: a private-zone or
 * spotlight edge spans any distance. Those states live in a per-avatar side
 * map (`far`, created on first use), and move between the map and the row
 * when the pair comes within or leaves the query radius, so each state lives
 * in exactly one place.
 */
export class PairTable {
	readonly #rows: number[][] = [];
	readonly #far: (Map<number, number> | undefined)[] = [];

	/** Makes sure rows exist up to `slot`. */
	ensure(slot: number): void {
		while (this.#rows.length <= slot) {
			this.#rows.push([]);
			this.#far.push(undefined);
		}
	}

	/**
	 * The row of `a`: entry i is `row[i * ROW_STRIDE + ROW_SPEAKER]` (the
	 * neighbour), `row[i * ROW_STRIDE + ROW_STATE]` (what a gets from it;
	 * change it with `setState`) and `row[i * ROW_STRIDE + ROW_STATE_IN]` (what
	 * the neighbour gets from a). Read only; valid until the next link change.
	 */
	row(a: number): number[] {
		return this.#rows[a]!;
	}

	/** States of "a listens to s" for speakers s that are not neighbours of a, or undefined when there are none yet. */
	far(a: number): Map<number, number> | undefined {
		return this.#far[a];
	}

	/** Like `far`, creating the map if needed. */
	farForWriting(a: number): Map<number, number> {
		let far = this.#far[a];
		if (far === undefined) {
			far = new Map();
			this.#far[a] = far;
		}
		return far;
	}

	/** Makes `a` and `b` neighbours; they must not be already. */
	link(a: number, b: number): void {
		const rowA = this.#rows[a]!;
		const rowB = this.#rows[b]!;
		const indexInA = rowA.length / ROW_STRIDE;
		const indexInB = rowB.length / ROW_STRIDE;
		const stateAB = this.#takeFar(a, b);
		const stateBA = this.#takeFar(b, a);
		rowA.push(b, stateAB, indexInB, stateBA);
		rowB.push(a, stateBA, indexInA, stateAB);
	}

	/** Sets the state of "a listens to the neighbour at entry `index`" (and its copy in the neighbour's row). */
	setState(a: number, index: number, state: number): void {
		const row = this.#rows[a]!;
		const offset = index * ROW_STRIDE;
		row[offset + ROW_STATE] = state;
		this.#rows[row[offset]!]![row[offset + ROW_TWIN]! * ROW_STRIDE + ROW_STATE_IN] = state;
	}

	/** Unlinks `a` from the neighbour at entry `index` of its row; their states, if any, move to the side maps. */
	unlinkAt(a: number, index: number): void {
		const rowA = this.#rows[a]!;
		const offset = index * ROW_STRIDE;
		const b = rowA[offset]!;
		const indexInB = rowA[offset + ROW_TWIN]!;
		this.#keepFar(a, b, rowA[offset + ROW_STATE]!);
		this.#keepFar(b, a, rowA[offset + ROW_STATE_IN]!);
		this.#removeEntry(a, index);
		this.#removeEntry(b, indexInB);
	}

	/** Unlinks `a` from all its neighbours. */
	clear(a: number): void {
		const row = this.#rows[a]!;
		while (row.length > 0) this.unlinkAt(a, row.length / ROW_STRIDE - 1);
	}

	#takeFar(a: number, b: number): number {
		const far = this.#far[a];
		if (far === undefined || far.size === 0) return PAIR_NONE;
		const state = far.get(b);
		if (state === undefined) return PAIR_NONE;
		far.delete(b);
		return state;
	}

	#keepFar(a: number, b: number, state: number): void {
		if (state !== PAIR_NONE) this.farForWriting(a).set(b, state);
	}

	/** Swap-remove: the row's last entry takes the freed place, and its twin is told. */
	#removeEntry(a: number, index: number): void {
		const row = this.#rows[a]!;
		const offset = index * ROW_STRIDE;
		const last = row.length - ROW_STRIDE;
		if (offset !== last) {
			const moved = row[last]!;
			const movedTwin = row[last + ROW_TWIN]!;
			row[offset] = moved;
			row[offset + ROW_STATE] = row[last + ROW_STATE]!;
			row[offset + ROW_TWIN] = movedTwin;
			row[offset + ROW_STATE_IN] = row[last + ROW_STATE_IN]!;
			this.#rows[moved]![movedTwin * ROW_STRIDE + ROW_TWIN] = index;
		}
		row.length = last;
	}
}
