/**
 * Tiled maps: loading, collision grid, zones, spawn points and portals.
 */
export { type ClientArea, type ClientMap, type ClientMapData, fromClientMapData, toClientMapData } from './client-map.js';
export { readMapWithEmbeddedTilesets } from './embed-tilesets.js';
export type { LoadMapOptions } from './load-map.js';
export { loadMapFile } from './load-map.js';
export type { MapErrorCode } from './map-error.js';
export { MapError } from './map-error.js';
export { findSpawn, isBlockedAt, isTileBlocked, portalAt, validatePortalLinks } from './map-queries.js';
export type {
	AreaShape,
	CollisionGrid,
	MapArea,
	MapProperties,
	MapPropertyValue,
	Portal,
	SpawnPoint,
	WorldMap,
	Zone,
	ZoneKind,
	ZoneQuery,
} from './map-types.js';
export type { ParseMapOptions } from './parse-map.js';
export { ELLIPSE_SEGMENTS, mapNameOf, parseMap } from './parse-map.js';
export { ZONE_INDEX_CELL_SIZE, ZoneIndex } from './zone-index.js';
