/**
 * Click-to-move pathfinding: A* on the tile grid (8 neighbours, no corner
 * cutting) with a binary heap and a bound on expanded tiles, then
 * line-of-sight string pulling so the avatar walks straight lines instead of
 * tile-centre zigzags.
 */
import type { Point } from '../geometry.js';
import { isTileBlocked } from '../map/map-queries.js';
import type { CollisionGrid } from '../map/map-types.js';
import { sweptBoxClear } from './collision.js';

export interface TilePathOptions {
	/** Most tiles expanded before giving up on the exact target (see `TilePath.reachedGoal`). */
	maxNodes: number;
}

export interface TilePath {
	/**
	 * Tile indices (`row * cols + col`) from the start tile to the goal tile, or,
	 * when the goal cannot be reached within the bound, to the explored tile
	 * closest to it (straight-line distance; ties go to the shorter walk).
	 * `[start]` alone when nothing closer is reachable.
	 */
	tiles: number[];
	/** True when `tiles` ends on the goal tile. */
	reachedGoal: boolean;
	/** Tiles expanded, for tests and metrics. */
	expanded: number;
}

export interface PathOptions extends TilePathOptions {
	/** Half-side of the avatar's square footprint, px (line-of-sight checks sweep this box). */
	halfSize: number;
}

export interface PathResult {
	/** Waypoints to walk in order, excluding the start position; empty when there is nowhere to go. */
	points: Point[];
	/** True when the last waypoint is the requested target (clamped into its tile), false when it is the closest reachable tile. */
	reachedGoal: boolean;
}

/**
 * A min-heap of tile indices keyed by (f, h): lowest f first, and among equal
 * f the tile closer to the goal, which keeps A* from fanning out over open
 * floors where many paths tie.
 */
class TileHeap {
	#items: number[] = [];
	#f: Float64Array;
	#h: Float64Array;

	constructor(f: Float64Array, h: Float64Array) {
		this.#f = f;
		this.#h = h;
	}

	get size(): number {
		return this.#items.length;
	}

	clear(): void {
		this.#items.length = 0;
	}

	push(node: number): void {
		const items = this.#items;
		let i = items.push(node) - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.#less(node, items[parent]!)) break;
			items[i] = items[parent]!;
			i = parent;
		}
		items[i] = node;
	}

	pop(): number {
		const items = this.#items;
		const top = items[0]!;
		const last = items.pop()!;
		if (items.length > 0) {
			let i = 0;
			const n = items.length;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const child = r < n && this.#less(items[r]!, items[l]!) ? r : l;
				if (!this.#less(items[child]!, last)) break;
				items[i] = items[child]!;
				i = child;
			}
			items[i] = last;
		}
		return top;
	}

	#less(a: number, b: number): boolean {
		const fa = this.#f[a]!;
		const fb = this.#f[b]!;
		return fa < fb || (fa === fb && this.#h[a]! < this.#h[b]!);
	}
}

/**
 * Scratch buffers for one grid, reused across searches: a search touches only
 * the tiles it visits, and a generation stamp marks which entries are current,
 * so nothing is cleared between searches.
 */
interface Scratch {
	g: Float64Array;
	f: Float64Array;
	h: Float64Array;
	parent: Int32Array;
	/** Generation in which the tile was first reached (its g/f/h/parent are valid). */
	seen: Uint32Array;
	/** Generation in which the tile was expanded. */
	closed: Uint32Array;
	generation: number;
	heap: TileHeap;
}

const scratchByGrid = new WeakMap<CollisionGrid, Scratch>();

function scratchFor(grid: CollisionGrid): Scratch {
	const size = grid.cols * grid.rows;
	let s = scratchByGrid.get(grid);
	if (!s || s.g.length !== size) {
		const f = new Float64Array(size);
		const h = new Float64Array(size);
		s = {
			g: new Float64Array(size),
			f,
			h,
			parent: new Int32Array(size),
			seen: new Uint32Array(size),
			closed: new Uint32Array(size),
			generation: 0,
			heap: new TileHeap(f, h),
		};
		scratchByGrid.set(grid, s);
	}
	s.generation++;
	if (s.generation === 0xffffffff) {
		s.seen.fill(0);
		s.closed.fill(0);
		s.generation = 1;
	}
	s.heap.clear();
	return s;
}

const NEIGHBOURS: readonly (readonly [number, number])[] = [
	[1, 0],
	[-1, 0],
	[0, 1],
	[0, -1],
	[1, 1],
	[1, -1],
	[-1, 1],
	[-1, -1],
];

/**
 * A* from one tile to another over walkable tiles, moving to the 8 neighbours;
 * a diagonal step needs both tiles beside it free (no squeezing between two
 * blocked tiles that touch at a corner). Costs are in pixels, so non-square
 * tiles work. Expands at most `maxNodes` tiles.
 */
export function findTilePath(
	grid: CollisionGrid,
	start: { col: number; row: number },
	goal: { col: number; row: number },
	options: TilePathOptions,
): TilePath {
	const { cols, rows, tileWidth: tw, tileHeight: th } = grid;
	const startCol = clampInt(start.col, 0, cols - 1);
	const startRow = clampInt(start.row, 0, rows - 1);
	const goalCol = clampInt(goal.col, 0, cols - 1);
	const goalRow = clampInt(goal.row, 0, rows - 1);
	const startIdx = startRow * cols + startCol;
	const goalIdx = goalRow * cols + goalCol;
	const diagonal = Math.hypot(tw, th);
	const square = tw === th;
	// Octile distance is exact on an empty square grid; Euclidean stays
	// admissible when tiles are not square.
	const heuristic = (col: number, row: number): number => {
		const ax = Math.abs(col - goalCol) * tw;
		const ay = Math.abs(row - goalRow) * th;
		return square ? Math.max(ax, ay) + (Math.SQRT2 - 1) * Math.min(ax, ay) : Math.hypot(ax, ay);
	};

	const s = scratchFor(grid);
	const gen = s.generation;
	s.g[startIdx] = 0;
	s.h[startIdx] = heuristic(startCol, startRow);
	s.f[startIdx] = s.h[startIdx]!;
	s.parent[startIdx] = -1;
	s.seen[startIdx] = gen;
	s.heap.push(startIdx);

	let best = startIdx;
	let expanded = 0;
	let reached = false;
	while (s.heap.size > 0 && expanded < options.maxNodes) {
		const current = s.heap.pop();
		if (s.closed[current] === gen) continue; // a stale duplicate entry
		s.closed[current] = gen;
		expanded++;
		const h = s.h[current]!;
		if (h < s.h[best]! || (h === s.h[best]! && s.g[current]! < s.g[best]!)) best = current;
		if (current === goalIdx) {
			reached = true;
			break;
		}
		const col = current % cols;
		const row = (current - col) / cols;
		for (const [dc, dr] of NEIGHBOURS) {
			const nc = col + dc;
			const nr = row + dr;
			if (isTileBlocked(grid, nc, nr)) continue;
			if (dc !== 0 && dr !== 0 && (isTileBlocked(grid, col + dc, row) || isTileBlocked(grid, col, row + dr))) continue;
			const next = nr * cols + nc;
			if (s.closed[next] === gen) continue;
			const g = s.g[current]! + (dc === 0 ? th : dr === 0 ? tw : diagonal);
			if (s.seen[next] === gen && g >= s.g[next]!) continue;
			if (s.seen[next] !== gen) s.h[next] = heuristic(nc, nr);
			s.seen[next] = gen;
			s.g[next] = g;
			s.f[next] = g + s.h[next]!;
			s.parent[next] = current;
			s.heap.push(next);
		}
	}

	const end = reached ? goalIdx : best;
	const tiles: number[] = [];
	for (let i = end; i !== -1; i = s.parent[i]!) tiles.push(i);
	tiles.reverse();
	return { tiles, reachedGoal: reached, expanded };
}

/**
 * Waypoints from a position to a target for an avatar with a square footprint.
 * The target is clamped into the map; if its tile is blocked or not reachable
 * within `maxNodes`, the avatar goes to the closest reachable tile instead
 * (its centre). The raw tile path is string-pulled: a waypoint is skipped
 * whenever the footprint can sweep straight past it.
 */
export function findPath(grid: CollisionGrid, from: Point, target: Point, options: PathOptions): PathResult {
	const { tileWidth: tw, tileHeight: th, cols } = grid;
	const h = options.halfSize;
	const goal = {
		x: clamp(target.x, h, grid.widthPx - h),
		y: clamp(target.y, h, grid.heightPx - h),
	};
	const result = findTilePath(
		grid,
		{ col: Math.floor(from.x / tw), row: Math.floor(from.y / th) },
		{ col: Math.floor(goal.x / tw), row: Math.floor(goal.y / th) },
		options,
	);
	const centres = result.tiles.map((i): Point => {
		const col = i % cols;
		const row = (i - col) / cols;
		return { x: (col + 0.5) * tw, y: (row + 0.5) * th };
	});
	const lastTile = result.tiles[result.tiles.length - 1]!;
	let final: Point;
	if (result.reachedGoal) {
		// Keep the whole footprint inside the goal tile: it is walkable, its
		// neighbours may not be.
		const col = lastTile % cols;
		const row = (lastTile - col) / cols;
		final = {
			x: h * 2 <= tw ? clamp(goal.x, col * tw + h, (col + 1) * tw - h) : (col + 0.5) * tw,
			y: h * 2 <= th ? clamp(goal.y, row * th + h, (row + 1) * th - h) : (row + 0.5) * th,
		};
	} else {
		final = centres[centres.length - 1]!;
	}
	// The start tile's centre is a waypoint too: from an off-centre position
	// next to a wall, the straight line to the second tile may be blocked.
	const raw: Point[] = [{ x: from.x, y: from.y }, ...centres.slice(0, -1), final];
	const points = stringPull(grid, raw, h);
	if (points.length === 1 && distance(points[0]!, from) < 1e-9) points.length = 0;
	return { points, reachedGoal: result.reachedGoal };
}

/**
 * Greedy string pulling: from the current anchor, jump to the furthest
 * following waypoint the footprint can reach in a straight line. Consecutive
 * raw waypoints are always mutually visible (adjacent tiles, no corner
 * cutting), so the walk stays collision-free.
 */
export function stringPull(grid: CollisionGrid, raw: readonly Point[], halfSize: number): Point[] {
	const out: Point[] = [];
	let anchor = raw[0];
	let i = 1;
	while (anchor && i < raw.length) {
		let j = i;
		while (j + 1 < raw.length && sweptBoxClear(grid, anchor, raw[j + 1]!, halfSize)) j++;
		const next = raw[j]!;
		if (distance(next, anchor) > 1e-9 || j === raw.length - 1) out.push(next);
		anchor = next;
		i = j + 1;
	}
	return out;
}

function clamp(v: number, lo: number, hi: number): number {
	return v < lo ? lo : v > hi ? hi : v;
}

function clampInt(v: number, lo: number, hi: number): number {
	return clamp(Math.floor(v), lo, hi);
}

function distance(a: Point, b: Point): number {
	return Math.hypot(a.x - b.x, a.y - b.y);
}
