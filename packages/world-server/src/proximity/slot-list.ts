/**
 * A list of slots (small non-negative integers) in an Int32Array that keeps
 * its memory when cleared. The engine refills its per-tick lists every tick,
 * and a JS array emptied with `length = 0` hands its storage back and
 * reallocates it while refilling; iterating a Set allocates too. Garbage made
 * every tick is what the engine avoids: besides the collections it costs,
 * fresh allocations push the engine's own data out of the cache.
 *
 * Read it with an index loop: `for (let i = 0; i < list.length; i++) list.at(i)`.
 */
export class SlotList {
	#items = new Int32Array(16);
	#length = 0;

	get length(): number {
		return this.#length;
	}

	/** The slot at `index` (0 ≤ index < length). */
	at(index: number): number {
		return this.#items[index]!;
	}

	/** Replaces the slot at `index` (0 ≤ index < length). */
	set(index: number, slot: number): void {
		this.#items[index] = slot;
	}

	push(slot: number): void {
		if (this.#length === this.#items.length) {
			const items = new Int32Array(this.#items.length * 2);
			items.set(this.#items);
			this.#items = items;
		}
		this.#items[this.#length++] = slot;
	}

	/**
	 * Removes one occurrence of `slot`, if any; the last slot takes its place
	 * (order is not kept). Linear in the length: the engine removes this way
	 * only when a spotlight ends or someone leaves a zone.
	 */
	delete(slot: number): void {
		const items = this.#items;
		for (let i = this.#length - 1; i >= 0; i--) {
			if (items[i] !== slot) continue;
			items[i] = items[--this.#length]!;
			return;
		}
	}

	clear(): void {
		this.#length = 0;
	}
}
