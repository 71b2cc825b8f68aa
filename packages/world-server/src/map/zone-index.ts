import type { Zone, ZoneQuery } from './map-types.js';

/**
 * Side of the square buckets zones are sorted into, in pixels. A query only
 * tests the zones whose bounds touch its bucket; 256 px (8 tiles of 32 px) keeps
 * buckets small on office-sized maps without building thousands of them.
 */
export const ZONE_INDEX_CELL_SIZE = 256;

const EMPTY: readonly number[] = [];

/**
 * Answers "which zones is this point in" in about constant time: zones are
 * bucketed by a coarse grid over their bounding boxes, then a bounds check and
 * the exact shape test run on the few candidates.
 */
export class ZoneIndex {
	readonly zones: readonly Zone[];
	readonly #cellSize: number;
	readonly #cols: number;
	readonly #rows: number;
	/** Zone indices per bucket, row-major; buckets no zone touches share `EMPTY`. */
	readonly #buckets: (readonly number[])[];

	constructor(zones: readonly Zone[], widthPx: number, heightPx: number, cellSize = ZONE_INDEX_CELL_SIZE) {
		// Smallest first, so the first private zone a query meets is the most specific one.
		this.zones = [...zones].sort((a, b) => a.area - b.area || a.objectId - b.objectId);
		this.#cellSize = cellSize;
		this.#cols = Math.max(1, Math.ceil(widthPx / cellSize));
		this.#rows = Math.max(1, Math.ceil(heightPx / cellSize));
		const buckets: number[][] = Array.from({ length: this.#cols * this.#rows }, () => []);
		this.zones.forEach((zone, i) => {
			const b = zone.bounds;
			const c0 = this.#clampCol(Math.floor(b.x / cellSize));
			const c1 = this.#clampCol(Math.floor((b.x + b.width) / cellSize));
			const r0 = this.#clampRow(Math.floor(b.y / cellSize));
			const r1 = this.#clampRow(Math.floor((b.y + b.height) / cellSize));
			for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) buckets[r * this.#cols + c]!.push(i);
		});
		this.#buckets = buckets.map((list) => (list.length > 0 ? list : EMPTY));
	}

	/** Private zone, spotlight and silent flags at a point. Points outside the map are in no zone. */
	query(x: number, y: number): ZoneQuery {
		const result: ZoneQuery = { privateZone: null, spotlight: false, silent: false };
		for (const i of this.#candidates(x, y)) {
			const zone = this.zones[i]!;
			if (!zone.contains(x, y)) continue;
			if (zone.kind === 'private') result.privateZone ??= zone.id;
			else if (zone.kind === 'spotlight') result.spotlight = true;
			else result.silent = true;
		}
		return result;
	}

	/** All zones containing the point, smallest first. */
	zonesAt(x: number, y: number): Zone[] {
		const found: Zone[] = [];
		for (const i of this.#candidates(x, y)) {
			const zone = this.zones[i]!;
			if (zone.contains(x, y)) found.push(zone);
		}
		return found;
	}

	/** The zone with this id, if any. */
	get(id: string): Zone | undefined {
		return this.zones.find((z) => z.id === id);
	}

	#candidates(x: number, y: number): readonly number[] {
		if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || y < 0) return EMPTY;
		const c = Math.floor(x / this.#cellSize);
		const r = Math.floor(y / this.#cellSize);
		if (c >= this.#cols || r >= this.#rows) return EMPTY;
		return this.#buckets[r * this.#cols + c] ?? EMPTY;
	}

	#clampCol(c: number): number {
		return Math.min(this.#cols - 1, Math.max(0, c));
	}

	#clampRow(r: number): number {
		return Math.min(this.#rows - 1, Math.max(0, r));
	}
}
