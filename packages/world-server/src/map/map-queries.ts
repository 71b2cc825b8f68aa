import { MapError } from './map-error.js';
import type { CollisionGrid, Portal, SpawnPoint, WorldMap } from './map-types.js';

/** True when the tile blocks movement. Tiles outside the map count as blocked (the map edge is a wall). */
export function isTileBlocked(grid: CollisionGrid, col: number, row: number): boolean {
	if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return true;
	return grid.collision[row * grid.cols + col] === 1;
}

/** True when the tile under the pixel blocks movement (or the pixel is outside the map). */
export function isBlockedAt(grid: CollisionGrid, x: number, y: number): boolean {
	return isTileBlocked(grid, Math.floor(x / grid.tileWidth), Math.floor(y / grid.tileHeight));
}

/**
 * The spawn point with this name; without a name, the map's default spawn
 * (the first in document order). Undefined when the name is unknown.
 */
export function findSpawn(map: WorldMap, name?: string): SpawnPoint | undefined {
	return name === undefined ? map.spawns[0] : map.spawns.find((s) => s.name === name);
}

/** The portal whose area contains the point, if any (the smallest when several overlap). */
export function portalAt(map: WorldMap, x: number, y: number): Portal | undefined {
	let best: Portal | undefined;
	for (const portal of map.portals) {
		if (portal.contains(x, y) && (!best || portal.area < best.area)) best = portal;
	}
	return best;
}

/**
 * Checks that every portal of every map leads to a loaded map and an existing
 * spawn point there. Call it once after loading all the maps of a world;
 * throws `E_MAP_PORTAL` naming the first broken portal.
 */
export function validatePortalLinks(maps: Iterable<WorldMap>): void {
	const byName = new Map<string, WorldMap>();
	for (const map of maps) byName.set(map.name, map);
	for (const map of byName.values()) {
		for (const portal of map.portals) {
			const where = `portal ${portal.id}${portal.name ? ` ("${portal.name}")` : ''}`;
			const target = byName.get(portal.targetMap);
			if (!target) {
				const known = [...byName.keys()].map((n) => `"${n}"`).join(', ');
				throw new MapError('E_MAP_PORTAL', map.name, `${where}: targetMap "${portal.targetMap}" is not a loaded map (loaded: ${known})`);
			}
			if (!findSpawn(target, portal.targetSpawn)) {
				const known = target.spawns.map((s) => `"${s.name}"`).join(', ');
				throw new MapError(
					'E_MAP_PORTAL',
					map.name,
					`${where}: targetSpawn "${portal.targetSpawn}" is not a spawn point of map "${target.name}" (it has ${known})`,
				);
			}
		}
	}
}
