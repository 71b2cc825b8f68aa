import type { ClientMap } from '@hallway/world-client';

export interface Point {
	readonly x: number;
	readonly y: number;
}

export interface WanderAreaOptions {
	/** Never pick a destination inside a private zone (a meeting room). Default true. */
	avoidPrivateZones?: boolean;
	/**
	 * Tiles kept free of destinations around each portal, so that the server's
	 * shortest path to a destination does not cut through the portal and take
	 * the bot to another map. Default 1.
	 */
	portalMargin?: number;
}

/**
 * Where a bot may walk on a map: the centres of the tiles it can reach from
 * where it stands (4-neighbour flood fill over the collision grid, portals
 * counted as walls), minus the tiles it should leave alone. Destinations off
 * this list would make the server walk the bot to the closest reachable tile
 * instead, or into a wall's shadow, and the bot would wait for an arrival
 * that never comes.
 */
export function wanderArea(map: ClientMap, from: Point, options: WanderAreaOptions = {}): Point[] {
	const { cols, rows, tileWidth, tileHeight, collision } = map;
	const centre = (index: number): Point => ({ x: ((index % cols) + 0.5) * tileWidth, y: (Math.floor(index / cols) + 0.5) * tileHeight });
	const portalTiles = tilesWhere(map, (p) => map.portals.some((portal) => portal.contains(p.x, p.y)));
	const passable = (index: number): boolean => collision[index] === 0 && !portalTiles.has(index);

	const startCol = Math.floor(from.x / tileWidth);
	const startRow = Math.floor(from.y / tileHeight);
	if (startCol < 0 || startRow < 0 || startCol >= cols || startRow >= rows) return [];
	const start = startRow * cols + startCol;
	if (!passable(start)) return [];

	const reached = new Set<number>([start]);
	const queue = [start];
	for (let i = 0; i < queue.length; i++) {
		const index = queue[i]!;
		const col = index % cols;
		const neighbours = [col > 0 ? index - 1 : -1, col < cols - 1 ? index + 1 : -1, index - cols, index + cols];
		for (const next of neighbours) {
			if (next < 0 || next >= cols * rows || reached.has(next) || !passable(next)) continue;
			reached.add(next);
			queue.push(next);
		}
	}

	const nearPortal = dilate(portalTiles, cols, rows, options.portalMargin ?? 1);
	const avoidPrivate = options.avoidPrivateZones ?? true;
	const targets: Point[] = [];
	for (const index of reached) {
		if (nearPortal.has(index)) continue;
		const point = centre(index);
		if (avoidPrivate && map.zones.some((zone) => zone.kind === 'private' && zone.contains(point.x, point.y))) continue;
		targets.push(point);
	}
	return targets;
}

/** True when the point lies on a blocked tile (or off the map). */
export function isBlocked(map: ClientMap, point: Point): boolean {
	const col = Math.floor(point.x / map.tileWidth);
	const row = Math.floor(point.y / map.tileHeight);
	if (col < 0 || row < 0 || col >= map.cols || row >= map.rows) return true;
	return map.collision[row * map.cols + col] === 1;
}

function tilesWhere(map: ClientMap, test: (centre: Point) => boolean): Set<number> {
	const tiles = new Set<number>();
	for (let row = 0; row < map.rows; row++) {
		for (let col = 0; col < map.cols; col++) {
			if (test({ x: (col + 0.5) * map.tileWidth, y: (row + 0.5) * map.tileHeight })) tiles.add(row * map.cols + col);
		}
	}
	return tiles;
}

/** The tiles within `margin` tiles (Chebyshev distance) of any of `tiles`. */
function dilate(tiles: ReadonlySet<number>, cols: number, rows: number, margin: number): Set<number> {
	const out = new Set<number>();
	for (const index of tiles) {
		const col = index % cols;
		const row = Math.floor(index / cols);
		for (let r = Math.max(0, row - margin); r <= Math.min(rows - 1, row + margin); r++) {
			for (let c = Math.max(0, col - margin); c <= Math.min(cols - 1, col + margin); c++) out.add(r * cols + c);
		}
	}
	return out;
}
