import type { Point, Rect } from '../geometry.js';
import type { ZoneIndex } from './zone-index.js';

/** A custom property value as Tiled stores it (`class` properties are objects). */
export type MapPropertyValue = string | number | boolean | { readonly [key: string]: unknown };

/** Custom properties by name. */
export type MapProperties = Readonly<Record<string, MapPropertyValue>>;

/**
 * The walkability grid movement and pathfinding need. `WorldMap` is one; tests
 * can build a bare grid without a Tiled file.
 */
export interface CollisionGrid {
	/** Map width in tiles. */
	readonly cols: number;
	/** Map height in tiles. */
	readonly rows: number;
	/** Tile width in pixels. */
	readonly tileWidth: number;
	/** Tile height in pixels. */
	readonly tileHeight: number;
	/** `cols * tileWidth`. */
	readonly widthPx: number;
	/** `rows * tileHeight`. */
	readonly heightPx: number;
	/** `cols * rows` cells, row-major (`row * cols + col`); 1 = blocked, 0 = walkable. */
	readonly collision: Uint8Array;
}

/** The shape of a zone or portal, in world pixels (polygon points are absolute). */
export type AreaShape =
	| { readonly type: 'rect'; readonly rect: Rect }
	| { readonly type: 'polygon'; readonly points: readonly Point[] };

/** A region of the map: a rectangle or a polygon (ellipses and rotated shapes become polygons). */
export interface MapArea {
	readonly shape: AreaShape;
	/** Axis-aligned bounds of the shape, for quick rejection. */
	readonly bounds: Rect;
	/** Area in square pixels (the smallest zone wins when private zones overlap). */
	readonly area: number;
	/** True when the point lies inside the shape. */
	contains(x: number, y: number): boolean;
}

/**
 * What a zone does to the hearing graph:
 * - `private`: only members of the same private zone hear each other (a meeting room);
 * - `spotlight`: everyone in the world hears whoever stands here (a stage; Tiled class `stage` is an alias);
 * - `silent`: nobody hears or is heard here (a quiet zone).
 */
export type ZoneKind = 'private' | 'spotlight' | 'silent';

export interface Zone extends MapArea {
	/** Stable id: the Tiled object id as a string (Tiled keeps it when the zone is renamed or moved). */
	readonly id: string;
	/** The object's name in Tiled (may be empty), for display. */
	readonly name: string;
	readonly kind: ZoneKind;
	/** The Tiled object id. */
	readonly objectId: number;
	readonly properties: MapProperties;
}

/** A named place avatars appear at (on join, or when arriving through a portal). */
export interface SpawnPoint {
	readonly name: string;
	readonly x: number;
	readonly y: number;
	readonly objectId: number;
	readonly properties: MapProperties;
}

/** An area that sends an avatar to a spawn point of another (or the same) map. */
export interface Portal extends MapArea {
	/** The Tiled object id as a string. */
	readonly id: string;
	readonly name: string;
	/** Name of the target map (its file name without extension, e.g. `garden`). */
	readonly targetMap: string;
	/** Name of the spawn point in the target map. */
	readonly targetSpawn: string;
	readonly objectId: number;
	readonly properties: MapProperties;
}

/** Answer of `ZoneIndex.query` for one point. */
export interface ZoneQuery {
	/** Id of the private zone the point is in (the smallest one if several overlap), or null. */
	privateZone: string | null;
	/** True when the point is in a spotlight (stage) zone. */
	spotlight: boolean;
	/** True when the point is in a silent zone. */
	silent: boolean;
}

/** A loaded Tiled map, reduced to what the server simulates. */
export interface WorldMap extends CollisionGrid {
	/** Map name (the file name without extension); portals refer to maps by it. */
	readonly name: string;
	/** Spawn points in document order; the first one is the default. */
	readonly spawns: readonly SpawnPoint[];
	readonly zones: readonly Zone[];
	/** Fast point queries over `zones`. */
	readonly zoneIndex: ZoneIndex;
	readonly portals: readonly Portal[];
	/** The map's own custom properties. */
	readonly properties: MapProperties;
	/** Absolute path of the `.tmj` it was loaded from (`loadMapFile`), so the server can hand it to browsers. */
	readonly source?: string;
}
