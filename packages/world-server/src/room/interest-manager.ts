import { SpatialHash } from '../proximity/spatial-hash.js';

/** Area-of-interest settings: who receives whose position. */
export interface InterestOptions {
	/**
	 * A client receives the position of avatars within this distance of its
	 * own, in world px. Default 640 (20 tiles of 32 px: a laptop screen's worth
	 * around the player, more than the proximity prewarm ring).
	 */
	viewRadius: number;
	/**
	 * Extra distance before an avatar is dropped again, in px, so that one
	 * walking along the edge is not added and removed every tick. Default 96.
	 */
	hysteresis: number;
}

export const DEFAULT_INTEREST_OPTIONS: InterestOptions = { viewRadius: 640, hysteresis: 96 };

/** A change in visibility: `viewer` starts or stops receiving `subject`'s position. */
export interface InterestChange {
	viewer: string;
	subject: string;
}

export interface InterestDiff {
	shown: InterestChange[];
	hidden: InterestChange[];
}

/**
 * Who sees whom, for Colyseus StateViews. Visibility is symmetric (same radius
 * for everyone), so one neighbour set per avatar serves both directions. Only
 * avatars that moved are re-examined each update. An avatar never appears in
 * its own set: a client always sees itself.
 */
export class InterestManager {
	readonly options: InterestOptions;
	readonly #hash: SpatialHash;
	readonly #slotOf = new Map<string, number>();
	readonly #ids: string[] = [];
	readonly #xs: number[] = [];
	readonly #ys: number[] = [];
	readonly #neighbours: Set<number>[] = [];
	readonly #freeSlots: number[] = [];
	readonly #moved = new Set<number>();
	readonly #scratch: number[] = [];
	#pendingHidden: InterestChange[] = [];

	constructor(options: Partial<InterestOptions> = {}) {
		this.options = { ...DEFAULT_INTEREST_OPTIONS, ...options };
		if (!(this.options.viewRadius > 0) || !(this.options.hysteresis >= 0)) {
			throw new Error(
				`E_INTEREST_OPTIONS: viewRadius (${this.options.viewRadius}) must be > 0 and hysteresis (${this.options.hysteresis}) >= 0`,
			);
		}
		this.#hash = new SpatialHash(this.options.viewRadius);
	}

	/** Ids of the avatars `id` currently sees (not including itself). */
	visibleTo(id: string): string[] {
		const slot = this.#slotOf.get(id);
		if (slot === undefined) return [];
		return [...this.#neighbours[slot]!].map((s) => this.#ids[s]!);
	}

	/** Adds or moves an avatar; its visibility is settled by the next `update()`. */
	set(id: string, x: number, y: number): void {
		let slot = this.#slotOf.get(id);
		if (slot === undefined) {
			slot = this.#freeSlots.pop() ?? this.#ids.length;
			this.#slotOf.set(id, slot);
			this.#ids[slot] = id;
			this.#neighbours[slot] = new Set();
			this.#xs[slot] = x;
			this.#ys[slot] = y;
			this.#hash.insert(slot, x, y);
		} else {
			this.#xs[slot] = x;
			this.#ys[slot] = y;
			this.#hash.move(slot, x, y);
		}
		this.#moved.add(slot);
	}

	/** Removes an avatar; everyone who saw it gets a `hidden` change in the next `update()`. */
	remove(id: string): void {
		const slot = this.#slotOf.get(id);
		if (slot === undefined) return;
		for (const other of this.#neighbours[slot]!) {
			this.#neighbours[other]!.delete(slot);
			this.#pendingHidden.push({ viewer: this.#ids[other]!, subject: id });
		}
		this.#hash.remove(slot);
		this.#slotOf.delete(id);
		this.#moved.delete(slot);
		this.#neighbours[slot] = new Set();
		this.#freeSlots.push(slot);
	}

	/** Settles visibility for everything that moved since the last update. */
	update(): InterestDiff {
		const shown: InterestChange[] = [];
		const hidden = this.#pendingHidden;
		this.#pendingHidden = [];
		const enter2 = this.options.viewRadius ** 2;
		const leave2 = (this.options.viewRadius + this.options.hysteresis) ** 2;
		const candidates = this.#scratch;

		for (const slot of this.#moved) {
			const x = this.#xs[slot]!;
			const y = this.#ys[slot]!;
			const mine = this.#neighbours[slot]!;
			for (const other of mine) {
				if (this.#distance2(slot, other) > leave2) {
					mine.delete(other);
					this.#neighbours[other]!.delete(slot);
					hidden.push({ viewer: this.#ids[slot]!, subject: this.#ids[other]! }, { viewer: this.#ids[other]!, subject: this.#ids[slot]! });
				}
			}
			const n = this.#hash.queryInto(x, y, this.options.viewRadius, candidates);
			for (let i = 0; i < n; i++) {
				const other = candidates[i]!;
				if (other === slot || mine.has(other) || this.#distance2(slot, other) > enter2) continue;
				mine.add(other);
				this.#neighbours[other]!.add(slot);
				shown.push({ viewer: this.#ids[slot]!, subject: this.#ids[other]! }, { viewer: this.#ids[other]!, subject: this.#ids[slot]! });
			}
		}
		this.#moved.clear();
		return { shown, hidden };
	}

	#distance2(a: number, b: number): number {
		const dx = this.#xs[a]! - this.#xs[b]!;
		const dy = this.#ys[a]! - this.#ys[b]!;
		return dx * dx + dy * dy;
	}
}
