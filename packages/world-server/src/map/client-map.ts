import type { Rect } from '../geometry.js';
import { pointInPolygon, pointInRect } from '../geometry.js';
import type { AreaShape, CollisionGrid, WorldMap, ZoneKind } from './map-types.js';

/**
 * What a browser gets of a map (`GET /hallway/worlds/:world/maps/:map`): the
 * Tiled JSON to render, and the server's own reading of it (collision grid,
 * zones, portals, spawns), so that client prediction collides against exactly
 * the walls the server uses. JSON-safe; browser-safe.
 */
export interface ClientMapData {
	name: string;
	cols: number;
	rows: number;
	tileWidth: number;
	tileHeight: number;
	/** `cols * rows` cells row-major, 1 = blocked, as base64. */
	collision: string;
	zones: { id: string; name: string; kind: ZoneKind; shape: AreaShape; bounds: Rect }[];
	portals: { id: string; name: string; targetMap: string; targetSpawn: string; shape: AreaShape; bounds: Rect }[];
	spawns: { name: string; x: number; y: number }[];
	/**
	 * The Tiled map with every tileset embedded (Phaser cannot read external
	 * ones) and image paths rewritten to URLs the server serves.
	 */
	tiled: Record<string, unknown>;
}

/** A map as a client uses it: a collision grid for prediction plus areas it can test points against. */
export interface ClientMap extends CollisionGrid {
	readonly name: string;
	readonly zones: readonly ClientArea<{ id: string; name: string; kind: ZoneKind }>[];
	readonly portals: readonly ClientArea<{ id: string; name: string; targetMap: string; targetSpawn: string }>[];
	readonly spawns: readonly { name: string; x: number; y: number }[];
	readonly tiled: Record<string, unknown>;
}

export type ClientArea<T> = T & { readonly shape: AreaShape; readonly bounds: Rect; contains(x: number, y: number): boolean };

/** Server side: the wire form of a loaded map, given its Tiled JSON prepared for browsers. */
export function toClientMapData(map: WorldMap, tiled: Record<string, unknown>): ClientMapData {
	return {
		name: map.name,
		cols: map.cols,
		rows: map.rows,
		tileWidth: map.tileWidth,
		tileHeight: map.tileHeight,
		collision: encodeBase64(map.collision),
		zones: map.zones.map(({ id, name, kind, shape, bounds }) => ({ id, name, kind, shape, bounds })),
		portals: map.portals.map(({ id, name, targetMap, targetSpawn, shape, bounds }) => ({ id, name, targetMap, targetSpawn, shape, bounds })),
		spawns: map.spawns.map(({ name, x, y }) => ({ name, x, y })),
		tiled,
	};
}

/** Client side: turns the wire form back into a grid and testable areas. */
export function fromClientMapData(data: ClientMapData): ClientMap {
	const collision = decodeBase64(data.collision);
	if (collision.length !== data.cols * data.rows) {
		throw new Error(`E_MAP_DATA: map "${data.name}" has ${collision.length} collision cells for ${data.cols}x${data.rows} tiles`);
	}
	return {
		name: data.name,
		cols: data.cols,
		rows: data.rows,
		tileWidth: data.tileWidth,
		tileHeight: data.tileHeight,
		widthPx: data.cols * data.tileWidth,
		heightPx: data.rows * data.tileHeight,
		collision,
		zones: data.zones.map((zone) => withContains(zone)),
		portals: data.portals.map((portal) => withContains(portal)),
		spawns: data.spawns,
		tiled: data.tiled,
	};
}

function withContains<T extends { shape: AreaShape }>(area: T): T & { contains(x: number, y: number): boolean } {
	const { shape } = area;
	return {
		...area,
		contains: shape.type === 'rect' ? (x, y) => pointInRect(shape.rect, x, y) : (x, y) => pointInPolygon(shape.points, x, y),
	};
}

// btoa/atob exist in browsers and in Node ≥ 16; Buffer does not exist in browsers.
function encodeBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

function decodeBase64(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
