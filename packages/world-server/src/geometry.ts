/**
 * Small 2D geometry helpers shared by the map (zones, portals) and movement
 * code. World coordinates are pixels, x to the right, y down (Tiled's and
 * Phaser's convention).
 */

/** A point in world pixels. */
export interface Point {
	x: number;
	y: number;
}

/** An axis-aligned rectangle in world pixels; `x`, `y` is the top-left corner. */
export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** True when the point lies in the rectangle (left/top edges inclusive, right/bottom exclusive). */
export function pointInRect(rect: Rect, x: number, y: number): boolean {
	return x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height;
}

/**
 * Even-odd ray casting: true when the point lies inside the polygon.
 * Works for concave and self-intersecting polygons; points exactly on an edge
 * may land on either side, which is fine for zones (an avatar is never
 * "half in" for more than a tick).
 */
export function pointInPolygon(points: readonly Point[], x: number, y: number): boolean {
	let inside = false;
	const n = points.length;
	for (let i = 0, j = n - 1; i < n; j = i++) {
		const a = points[i]!;
		const b = points[j]!;
		// Only edges that straddle the horizontal line through y can be crossed;
		// the strict/non-strict pair counts a shared vertex once.
		if (a.y > y !== b.y > y) {
			const crossX = a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y);
			if (x < crossX) inside = !inside;
		}
	}
	return inside;
}

/** The smallest axis-aligned rectangle around the points. */
export function boundsOfPoints(points: readonly Point[]): Rect {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const p of points) {
		if (p.x < minX) minX = p.x;
		if (p.y < minY) minY = p.y;
		if (p.x > maxX) maxX = p.x;
		if (p.y > maxY) maxY = p.y;
	}
	if (minX > maxX) return { x: 0, y: 0, width: 0, height: 0 };
	return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Area of a simple polygon (shoelace formula), always positive. */
export function polygonArea(points: readonly Point[]): number {
	let twice = 0;
	const n = points.length;
	for (let i = 0, j = n - 1; i < n; j = i++) {
		const a = points[i]!;
		const b = points[j]!;
		twice += (b.x + a.x) * (b.y - a.y);
	}
	return Math.abs(twice) / 2;
}

/** True when two rectangles overlap (touching edges do not count). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Rotates `p` by `degrees` clockwise on screen (y down) around `origin`, the
 * way Tiled rotates an object around its `x`, `y`.
 */
export function rotatePoint(p: Point, origin: Point, degrees: number): Point {
	const rad = (degrees * Math.PI) / 180;
	const cos = Math.cos(rad);
	const sin = Math.sin(rad);
	const dx = p.x - origin.x;
	const dy = p.y - origin.y;
	return { x: origin.x + dx * cos - dy * sin, y: origin.y + dx * sin + dy * cos };
}
