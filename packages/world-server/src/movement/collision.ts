/**
 * Axis-aligned box vs tile grid collision. The avatar's footprint is a square
 * of half-side `h` centred on its position; it never overlaps a blocked tile
 * (nor leaves the map) after a move.
 *
 * Overlap is open: a box whose edge lies exactly on a tile's edge does not
 * overlap it, so an avatar clamped against a wall can slide along it. `EPS`
 * absorbs the rounding of `edge - h + h`.
 */
import type { Point } from '../geometry.js';
import { isTileBlocked } from '../map/map-queries.js';
import type { CollisionGrid } from '../map/map-types.js';

const EPS = 1e-6;

/** True when the box centred on x, y overlaps a blocked tile or sticks out of the map. */
export function boxOverlapsBlocked(grid: CollisionGrid, x: number, y: number, h: number): boolean {
	const c0 = Math.floor((x - h + EPS) / grid.tileWidth);
	const c1 = Math.floor((x + h - EPS) / grid.tileWidth);
	const r0 = Math.floor((y - h + EPS) / grid.tileHeight);
	const r1 = Math.floor((y + h - EPS) / grid.tileHeight);
	for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (isTileBlocked(grid, c, r)) return true;
	return false;
}

/**
 * Moves the box by dx along x, stopping flush against the first blocked tile
 * column (or the map edge) it would enter. Exact at any distance: it scans every
 * column between the start and the end, so nothing is tunnelled through.
 * Columns the box already overlaps are ignored, so a box stuck in a wall can
 * still walk out.
 */
export function sweepX(grid: CollisionGrid, x: number, y: number, h: number, dx: number): number {
	if (dx === 0) return x;
	const tw = grid.tileWidth;
	const r0 = Math.floor((y - h + EPS) / grid.tileHeight);
	const r1 = Math.floor((y + h - EPS) / grid.tileHeight);
	if (dx > 0) {
		const from = Math.floor((x + h - EPS) / tw) + 1;
		const to = Math.floor((x + dx + h - EPS) / tw);
		for (let c = from; c <= to; c++) if (columnBlocked(grid, c, r0, r1)) return Math.max(x, c * tw - h);
		return x + dx;
	}
	const from = Math.floor((x - h + EPS) / tw) - 1;
	const to = Math.floor((x + dx - h + EPS) / tw);
	for (let c = from; c >= to; c--) if (columnBlocked(grid, c, r0, r1)) return Math.min(x, (c + 1) * tw + h);
	return x + dx;
}

/** `sweepX` along y. */
export function sweepY(grid: CollisionGrid, x: number, y: number, h: number, dy: number): number {
	if (dy === 0) return y;
	const th = grid.tileHeight;
	const c0 = Math.floor((x - h + EPS) / grid.tileWidth);
	const c1 = Math.floor((x + h - EPS) / grid.tileWidth);
	if (dy > 0) {
		const from = Math.floor((y + h - EPS) / th) + 1;
		const to = Math.floor((y + dy + h - EPS) / th);
		for (let r = from; r <= to; r++) if (rowBlocked(grid, r, c0, c1)) return Math.max(y, r * th - h);
		return y + dy;
	}
	const from = Math.floor((y - h + EPS) / th) - 1;
	const to = Math.floor((y + dy - h + EPS) / th);
	for (let r = from; r >= to; r--) if (rowBlocked(grid, r, c0, c1)) return Math.min(y, (r + 1) * th + h);
	return y + dy;
}

/**
 * Moves the box by (dx, dy) with wall sliding: the motion is cut into
 * sub-steps of at most `maxSubstep` px, each moving x then y. A blocked axis
 * stops while the other keeps going, which is the slide along a wall.
 * Diagonal gaps between two blocked tiles that only touch at a corner are
 * never crossed: the box would have to overlap one of them.
 */
export function moveBox(grid: CollisionGrid, from: Point, dx: number, dy: number, h: number, maxSubstep: number): Point {
	const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) / maxSubstep));
	const sx = dx / steps;
	const sy = dy / steps;
	let x = from.x;
	let y = from.y;
	for (let i = 0; i < steps; i++) {
		x = sweepX(grid, x, y, h, sx);
		y = sweepY(grid, x, y, h, sy);
	}
	return { x, y };
}

/**
 * True when the box can travel in a straight line from a to b without
 * overlapping a blocked tile. Exact: for each tile row the swept box touches,
 * it computes the x-range the box covers within that row and checks those
 * tiles, so the cost grows with the length of the segment, not its area.
 */
export function sweptBoxClear(grid: CollisionGrid, a: Point, b: Point, h: number): boolean {
	const tw = grid.tileWidth;
	const th = grid.tileHeight;
	const r0 = Math.floor((Math.min(a.y, b.y) - h + EPS) / th);
	const r1 = Math.floor((Math.max(a.y, b.y) + h - EPS) / th);
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	for (let r = r0; r <= r1; r++) {
		// Centres whose box overlaps this row band lie in (top - h, bottom + h).
		let t0 = 0;
		let t1 = 1;
		if (dy !== 0) {
			const ta = (r * th - h - a.y) / dy;
			const tb = ((r + 1) * th + h - a.y) / dy;
			t0 = Math.max(0, Math.min(ta, tb));
			t1 = Math.min(1, Math.max(ta, tb));
			if (t0 > t1) continue;
		}
		const xa = a.x + dx * t0;
		const xb = a.x + dx * t1;
		const c0 = Math.floor((Math.min(xa, xb) - h + EPS) / tw);
		const c1 = Math.floor((Math.max(xa, xb) + h - EPS) / tw);
		for (let c = c0; c <= c1; c++) if (isTileBlocked(grid, c, r)) return false;
	}
	return true;
}

function columnBlocked(grid: CollisionGrid, c: number, r0: number, r1: number): boolean {
	for (let r = r0; r <= r1; r++) if (isTileBlocked(grid, c, r)) return true;
	return false;
}

function rowBlocked(grid: CollisionGrid, r: number, c0: number, c1: number): boolean {
	for (let c = c0; c <= c1; c++) if (isTileBlocked(grid, c, r)) return true;
	return false;
}
