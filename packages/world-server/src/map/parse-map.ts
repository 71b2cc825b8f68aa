import { gunzipSync, inflateSync } from 'node:zlib';
import type { z } from 'zod';
import type { Point } from '../geometry.js';
import { boundsOfPoints, pointInPolygon, pointInRect, polygonArea, rotatePoint } from '../geometry.js';
import type { MapErrorCode } from './map-error.js';
import { describeLayer, describeObject, MapError } from './map-error.js';
import type { MapArea, MapProperties, MapPropertyValue, Portal, SpawnPoint, WorldMap, Zone, ZoneKind } from './map-types.js';
import type {
	TiledLayer,
	TiledObject,
	TiledObjectLayer,
	TiledProperty,
	TiledTileLayer,
	TiledTilesetData,
	TiledTilesetRef,
} from './tiled-schema.js';
import { TiledMapSchema, TiledTilesetFileSchema } from './tiled-schema.js';
import { ZoneIndex } from './zone-index.js';

export interface ParseMapOptions {
	/** Map name (portals refer to maps by it), usually the file name without extension. */
	name: string;
	/** How the map is named in error messages; defaults to `name`. `loadMapFile` passes the file name. */
	file?: string;
	/**
	 * Returns the parsed JSON of an external tileset, given its `source` as
	 * written in the map (relative to the map file), or undefined when it does
	 * not exist. Needed only for maps with external tilesets.
	 */
	resolveTileset?(source: string): unknown;
}

/** Ellipse zones are approximated by a polygon with this many corners (error < 0.5% of the radius). */
export const ELLIPSE_SEGMENTS = 32;

/** Tiled stores flip/rotation flags in the top 4 bits of a gid (H, V, D, hex 120°). */
const GID_MASK = 0x0fffffff;

/** Object layers whose objects all get a role from the layer's name. */
const ZONE_LAYER_KINDS: Readonly<Record<string, ZoneKind>> = {
	private: 'private',
	spotlight: 'spotlight',
	stage: 'spotlight',
	silent: 'silent',
};

/** Tile layers (by lower-cased name) whose every non-empty tile blocks movement. */
const COLLISION_LAYER_NAMES = new Set(['collisions', 'collision']);

type ObjectRole = { role: 'zone'; kind: ZoneKind } | { role: 'spawn' } | { role: 'portal' } | { role: 'none' };

interface TilesetRange {
	firstgid: number;
	/** Exclusive end of the gid range (the next tileset's firstgid, or firstgid + tilecount). */
	end: number;
	label: string;
	/** Local ids that exist (image-collection tilesets may have gaps and ids beyond tilecount). */
	tileIds: ReadonlySet<number> | null;
	tilecount: number;
	/** Local ids of tiles with the property `collides: true`. */
	collides: ReadonlySet<number>;
}

interface FlatLayer<T extends TiledLayer> {
	layer: T;
	/** `group/name` for layers inside groups. */
	path: string;
	offsetX: number;
	offsetY: number;
}

/**
 * Turns a parsed Tiled JSON map into a `WorldMap`. Pure apart from calling
 * `resolveTileset`; throws `MapError` naming the layer and object at fault.
 */
export function parseMap(json: unknown, options: ParseMapOptions): WorldMap {
	const file = options.file ?? options.name;
	const fail = (code: MapErrorCode, detail: string, cause?: unknown): MapError =>
		new MapError(code, file, detail, cause === undefined ? undefined : { cause });

	// Checked before the schema: infinite maps have no `data` on their layers and
	// the schema error would hide the real reason.
	if (isRecord(json)) {
		if (json['infinite'] === true) {
			throw fail(
				'E_MAP_UNSUPPORTED',
				'infinite maps are not supported; in Tiled, open Map > Map Properties, uncheck "Infinite" and save again',
			);
		}
		if (json['type'] !== undefined && json['type'] !== 'map') {
			throw fail('E_MAP_INVALID', `"type" is ${JSON.stringify(json['type'])}, expected "map" (is this a tileset file?)`);
		}
	} else {
		throw fail('E_MAP_INVALID', 'expected a Tiled JSON map (an object), got ' + describeValue(json));
	}
	const parsed = TiledMapSchema.safeParse(json);
	if (!parsed.success) throw fail('E_MAP_INVALID', formatIssues(json, parsed.error.issues));
	const tiled = parsed.data;
	if (tiled.orientation !== 'orthogonal') {
		throw fail(
			'E_MAP_UNSUPPORTED',
			`orientation "${tiled.orientation}" is not supported; only orthogonal maps are (Map > Map Properties > Orientation)`,
		);
	}

	const cols = tiled.width;
	const rows = tiled.height;
	const tileWidth = tiled.tilewidth;
	const tileHeight = tiled.tileheight;
	const widthPx = cols * tileWidth;
	const heightPx = rows * tileHeight;

	const tilesets = resolveTilesets(tiled.tilesets, options, fail);
	const tileLayers: FlatLayer<TiledTileLayer>[] = [];
	const objectLayers: FlatLayer<TiledObjectLayer>[] = [];
	flattenLayers(tiled.layers, '', 0, 0, tileLayers, objectLayers);

	const collision = new Uint8Array(cols * rows);
	for (const flat of tileLayers) {
		buildCollision(flat, { cols, rows }, tilesets, collision, fail);
	}

	const zones: Zone[] = [];
	const spawns: SpawnPoint[] = [];
	const portals: Portal[] = [];
	const spawnObjectByName = new Map<string, number>();
	for (const flat of objectLayers) {
		const layerName = flat.layer.name.trim().toLowerCase();
		for (const obj of flat.layer.objects) {
			const where = `${describeLayer(flat.path)}, ${describeObject(obj.id, obj.name)}`;
			const role = objectRole(obj, layerName, where, fail);
			if (role.role === 'none') continue;
			if (obj.template !== undefined) {
				throw fail(
					'E_MAP_UNSUPPORTED',
					`${where}: uses the object template "${obj.template}"; templates are not supported, detach it in Tiled (right click > Detach Template)`,
				);
			}
			const properties = toProperties(obj.properties);
			if (role.role === 'zone') {
				const area = buildArea(obj, flat, where, 'zone', fail);
				zones.push({ ...area, id: String(obj.id), name: obj.name ?? '', kind: role.kind, objectId: obj.id, properties });
			} else if (role.role === 'portal') {
				const area = buildArea(obj, flat, where, 'portal', fail);
				portals.push({
					...area,
					id: String(obj.id),
					name: obj.name ?? '',
					targetMap: mapNameOf(requireStringProperty(properties, 'targetMap', where, 'the name of the target map, e.g. "garden"', fail)),
					targetSpawn: requireStringProperty(properties, 'targetSpawn', where, 'the name of a spawn point in the target map', fail),
					objectId: obj.id,
					properties,
				});
			} else {
				const spawn = buildSpawn(obj, flat, where, properties, fail);
				const previous = spawnObjectByName.get(spawn.name);
				if (previous !== undefined) {
					throw fail(
						'E_MAP_INVALID',
						`${where}: spawn name "${spawn.name}" is already used by object ${previous}; spawn names must be unique`,
					);
				}
				if (spawn.x < 0 || spawn.y < 0 || spawn.x >= widthPx || spawn.y >= heightPx) {
					throw fail('E_MAP_INVALID', `${where}: spawn point (${spawn.x}, ${spawn.y}) is outside the map (${widthPx}x${heightPx} px)`);
				}
				const col = Math.floor(spawn.x / tileWidth);
				const row = Math.floor(spawn.y / tileHeight);
				if (collision[row * cols + col] === 1) {
					throw fail(
						'E_MAP_INVALID',
						`${where}: spawn point is on a blocked tile (col ${col}, row ${row}); move it onto a walkable tile`,
					);
				}
				spawnObjectByName.set(spawn.name, obj.id);
				spawns.push(spawn);
			}
		}
	}
	if (spawns.length === 0) {
		throw fail(
			'E_MAP_INVALID',
			'the map has no spawn point; add a named point object to an object layer named "spawns" (or give it the class "spawn")',
		);
	}

	return {
		name: options.name,
		cols,
		rows,
		tileWidth,
		tileHeight,
		widthPx,
		heightPx,
		collision,
		spawns,
		zones,
		zoneIndex: new ZoneIndex(zones, widthPx, heightPx),
		portals,
		properties: toProperties(tiled.properties),
	};
}

/** `garden`, `maps/garden.tmj` and `garden.json` all name the map `garden`. */
export function mapNameOf(fileOrName: string): string {
	const base = fileOrName.split(/[\\/]/).pop() ?? fileOrName;
	return base.replace(/\.(tmj|json)$/i, '');
}

type Fail = (code: MapErrorCode, detail: string, cause?: unknown) => MapError;

function resolveTilesets(refs: readonly TiledTilesetRef[], options: ParseMapOptions, fail: Fail): TilesetRange[] {
	const loaded = refs.map((ref, index): Omit<TilesetRange, 'end'> => {
		let data: TiledTilesetData;
		let label: string;
		if (ref.source !== undefined) {
			label = `tileset "${ref.source}"`;
			if (/\.(tsx|xml)$/i.test(ref.source)) {
				throw fail(
					'E_MAP_UNSUPPORTED',
					`${label} is an XML tileset; export it as JSON (.tsj) in Tiled and point the map at the .tsj`,
				);
			}
			if (!options.resolveTileset) {
				throw fail('E_MAP_TILESET', `${label} is external; pass resolveTileset to parseMap (loadMapFile does)`);
			}
			let raw: unknown;
			try {
				raw = options.resolveTileset(ref.source);
			} catch (error) {
				throw fail('E_MAP_TILESET', `${label} could not be read: ${errorMessage(error)}`, error);
			}
			if (raw === undefined) throw fail('E_MAP_TILESET', `${label} does not exist (paths are relative to the map file)`);
			const result = TiledTilesetFileSchema.safeParse(raw);
			if (!result.success) throw fail('E_MAP_TILESET', `${label}: ${formatIssues(raw, result.error.issues)}`);
			data = result.data;
		} else {
			label = `tileset ${index}${ref.name ? ` ("${ref.name}")` : ''}`;
			if (ref.tilecount === undefined) {
				throw fail('E_MAP_INVALID', `${label}: an embedded tileset needs "tilecount" (or a "source" for an external one)`);
			}
			data = { ...ref, tilecount: ref.tilecount };
		}
		const collides = new Set<number>();
		for (const tile of data.tiles ?? []) {
			if (propertyValue(tile.properties, 'collides') === true) collides.add(tile.id);
		}
		// Image-collection tilesets (no single image) can have gaps in their ids.
		const isCollection = data.image === undefined && (data.columns ?? 0) === 0 && data.tiles !== undefined;
		return {
			firstgid: ref.firstgid,
			label,
			tilecount: data.tilecount,
			tileIds: isCollection ? new Set((data.tiles ?? []).map((t) => t.id)) : null,
			collides,
		};
	});
	loaded.sort((a, b) => a.firstgid - b.firstgid);
	return loaded.map((ts, i) => {
		const next = loaded[i + 1];
		if (next && next.firstgid === ts.firstgid) {
			throw fail('E_MAP_INVALID', `${ts.label} and ${next.label} both start at firstgid ${ts.firstgid}`);
		}
		const end = ts.tileIds ? (next?.firstgid ?? Number.MAX_SAFE_INTEGER) : ts.firstgid + ts.tilecount;
		return { ...ts, end: next ? Math.min(end, next.firstgid) : end };
	});
}

function flattenLayers(
	layers: readonly TiledLayer[],
	prefix: string,
	offsetX: number,
	offsetY: number,
	tileLayers: FlatLayer<TiledTileLayer>[],
	objectLayers: FlatLayer<TiledObjectLayer>[],
): void {
	for (const layer of layers) {
		const path = prefix ? `${prefix}/${layer.name}` : layer.name;
		// Offsets accumulate through groups; they move objects (zones follow what
		// the author sees) but tile layers stay on the grid.
		const ox = offsetX + (layer.offsetx ?? 0);
		const oy = offsetY + (layer.offsety ?? 0);
		if (layer.type === 'tilelayer') tileLayers.push({ layer, path, offsetX: ox, offsetY: oy });
		else if (layer.type === 'objectgroup') objectLayers.push({ layer, path, offsetX: ox, offsetY: oy });
		else if (layer.type === 'group') flattenLayers(layer.layers, path, ox, oy, tileLayers, objectLayers);
	}
}

function buildCollision(
	flat: FlatLayer<TiledTileLayer>,
	size: { cols: number; rows: number },
	tilesets: readonly TilesetRange[],
	collision: Uint8Array,
	fail: Fail,
): void {
	const { layer } = flat;
	const where = describeLayer(flat.path);
	const gids = decodeTileData(layer, size, where, fail);
	const wholeLayerBlocks =
		COLLISION_LAYER_NAMES.has(layer.name.trim().toLowerCase()) || propertyValue(layer.properties, 'collides') === true;
	// Most maps reuse a handful of gids: cache "does this gid block".
	const blocksByGid = new Map<number, boolean>();
	for (let i = 0; i < gids.length; i++) {
		const gid = gids[i]! & GID_MASK;
		if (gid === 0) continue;
		let blocks = blocksByGid.get(gid);
		if (blocks === undefined) {
			const tileset = findTileset(tilesets, gid);
			const local = tileset ? gid - tileset.firstgid : -1;
			if (!tileset || (tileset.tileIds ? !tileset.tileIds.has(local) : local >= tileset.tilecount)) {
				const col = i % size.cols;
				const row = Math.floor(i / size.cols);
				throw fail(
					'E_MAP_UNKNOWN_GID',
					`${where}: tile at col ${col}, row ${row} has gid ${gid}, which no tileset of the map covers (a tileset was removed or shrunk?)`,
				);
			}
			blocks = wholeLayerBlocks || tileset.collides.has(local);
			blocksByGid.set(gid, blocks);
		}
		if (blocks) collision[i] = 1;
	}
}

function findTileset(tilesets: readonly TilesetRange[], gid: number): TilesetRange | undefined {
	for (let i = tilesets.length - 1; i >= 0; i--) {
		const ts = tilesets[i]!;
		if (gid >= ts.firstgid) return gid < ts.end ? ts : undefined;
	}
	return undefined;
}

function decodeTileData(
	layer: TiledTileLayer,
	size: { cols: number; rows: number },
	where: string,
	fail: Fail,
): ArrayLike<number> {
	const expected = size.cols * size.rows;
	if ((layer.width !== undefined && layer.width !== size.cols) || (layer.height !== undefined && layer.height !== size.rows)) {
		throw fail(
			'E_MAP_INVALID',
			`${where}: tile layer is ${layer.width}x${layer.height} tiles but the map is ${size.cols}x${size.rows}; resize the layer to the map`,
		);
	}
	if (layer.data === undefined) {
		if (layer.chunks !== undefined) {
			throw fail('E_MAP_UNSUPPORTED', `${where}: tile data is in chunks (an infinite map); only finite maps are supported`);
		}
		throw fail('E_MAP_INVALID', `${where}: tile layer has no "data"`);
	}
	let gids: ArrayLike<number>;
	if (typeof layer.data === 'string') {
		if (layer.encoding !== 'base64') {
			throw fail('E_MAP_INVALID', `${where}: "data" is a string but "encoding" is ${JSON.stringify(layer.encoding)}, expected "base64"`);
		}
		let bytes: Buffer = Buffer.from(layer.data, 'base64');
		const compression = layer.compression ?? '';
		try {
			if (compression === 'zlib') bytes = inflateSync(bytes);
			else if (compression === 'gzip') bytes = gunzipSync(bytes);
			else if (compression !== '') {
				throw fail(
					'E_MAP_UNSUPPORTED',
					`${where}: compression "${compression}" is not supported; use CSV, Base64 (uncompressed), zlib or gzip in Map Properties > Tile Layer Format`,
				);
			}
		} catch (error) {
			if (error instanceof MapError) throw error;
			throw fail('E_MAP_INVALID', `${where}: tile data could not be decompressed (${compression}): ${errorMessage(error)}`, error);
		}
		if (bytes.length !== expected * 4) {
			throw fail('E_MAP_INVALID', `${where}: tile data holds ${bytes.length / 4} tiles, expected ${expected} (${size.cols}x${size.rows})`);
		}
		const decoded = new Uint32Array(expected);
		for (let i = 0; i < expected; i++) decoded[i] = bytes.readUInt32LE(i * 4);
		gids = decoded;
	} else {
		gids = layer.data;
		if (gids.length !== expected) {
			throw fail('E_MAP_INVALID', `${where}: tile data holds ${gids.length} tiles, expected ${expected} (${size.cols}x${size.rows})`);
		}
	}
	return gids;
}

function objectRole(obj: TiledObject, layerName: string, where: string, fail: Fail): ObjectRole {
	const cls = (obj.class || obj.type || '').trim().toLowerCase();
	const kindByClass = ZONE_LAYER_KINDS[cls];
	if (kindByClass) return { role: 'zone', kind: kindByClass };
	if (cls === 'spawn') return { role: 'spawn' };
	if (cls === 'portal') return { role: 'portal' };
	const kindByLayer = ZONE_LAYER_KINDS[layerName];
	if (kindByLayer) return { role: 'zone', kind: kindByLayer };
	if (layerName === 'spawns') return { role: 'spawn' };
	if (layerName === 'portals') return { role: 'portal' };
	if (layerName === 'zones') {
		// A "zones" layer exists to hold zones: an object the loader would skip is
		// almost certainly a typo, and a silently missing meeting room leaks audio.
		const got = cls ? `class "${cls}" is not a zone kind` : 'has no class';
		throw fail('E_MAP_INVALID', `${where}: ${got}; set its class (type) to private, spotlight (or stage) or silent`);
	}
	return { role: 'none' };
}

function buildArea(obj: TiledObject, flat: FlatLayer<TiledLayer>, where: string, what: string, fail: Fail): MapArea {
	const origin: Point = { x: obj.x + flat.offsetX, y: obj.y + flat.offsetY };
	const rotation = obj.rotation ?? 0;
	const needsArea = `a ${what} needs an area: draw a rectangle, polygon or ellipse`;
	if (obj.point) throw fail('E_MAP_INVALID', `${where}: is a point; ${needsArea}`);
	if (obj.polyline) throw fail('E_MAP_INVALID', `${where}: is a polyline (an open shape); ${needsArea}`);
	if (obj.text !== undefined) throw fail('E_MAP_INVALID', `${where}: is a text object; ${needsArea}`);
	if (obj.gid !== undefined) throw fail('E_MAP_INVALID', `${where}: is a tile object; ${needsArea}`);

	let points: Point[];
	if (obj.polygon) {
		if (obj.polygon.length < 3) {
			throw fail('E_MAP_INVALID', `${where}: polygon needs at least 3 points, it has ${obj.polygon.length}`);
		}
		// Polygon points are relative to the object's position.
		points = obj.polygon.map((p) => ({ x: origin.x + p.x, y: origin.y + p.y }));
	} else {
		const width = obj.width ?? 0;
		const height = obj.height ?? 0;
		if (width <= 0 || height <= 0) {
			throw fail('E_MAP_INVALID', `${where}: ${obj.ellipse ? 'ellipse' : 'rectangle'} has zero width or height (${width}x${height})`);
		}
		if (!obj.ellipse && rotation % 360 === 0) {
			const rect = { x: origin.x, y: origin.y, width, height };
			return { shape: { type: 'rect', rect }, bounds: rect, area: width * height, contains: (x, y) => pointInRect(rect, x, y) };
		}
		points = obj.ellipse ? ellipsePoints(origin, width, height) : rectPoints(origin, width, height);
	}
	if (rotation % 360 !== 0) points = points.map((p) => rotatePoint(p, origin, rotation));
	const area = polygonArea(points);
	if (!(area > 0)) throw fail('E_MAP_INVALID', `${where}: polygon has no area (its points are on one line)`);
	const bounds = boundsOfPoints(points);
	return {
		shape: { type: 'polygon', points },
		bounds,
		area,
		contains: (x, y) => pointInRect(bounds, x, y) && pointInPolygon(points, x, y),
	};
}

function rectPoints(o: Point, w: number, h: number): Point[] {
	return [
		{ x: o.x, y: o.y },
		{ x: o.x + w, y: o.y },
		{ x: o.x + w, y: o.y + h },
		{ x: o.x, y: o.y + h },
	];
}

/** Tiled's ellipse fills the object's bounding box (x, y is its top-left corner). */
function ellipsePoints(o: Point, w: number, h: number): Point[] {
	const cx = o.x + w / 2;
	const cy = o.y + h / 2;
	return Array.from({ length: ELLIPSE_SEGMENTS }, (_, i) => {
		const a = (i / ELLIPSE_SEGMENTS) * 2 * Math.PI;
		return { x: cx + (Math.cos(a) * w) / 2, y: cy + (Math.sin(a) * h) / 2 };
	});
}

function buildSpawn(obj: TiledObject, flat: FlatLayer<TiledLayer>, where: string, properties: MapProperties, fail: Fail): SpawnPoint {
	const name = (obj.name ?? '').trim();
	if (!name) throw fail('E_MAP_INVALID', `${where}: spawn point needs a name (portals and the server refer to spawns by name)`);
	let x = obj.x + flat.offsetX;
	let y = obj.y + flat.offsetY;
	if (!obj.point) {
		const isPlainRect = !obj.polygon && !obj.polyline && !obj.ellipse && obj.text === undefined && obj.gid === undefined;
		if (!isPlainRect || !((obj.width ?? 0) > 0 && (obj.height ?? 0) > 0)) {
			throw fail('E_MAP_INVALID', `${where}: a spawn must be a point object (or a rectangle, whose centre is used)`);
		}
		const centre = rotatePoint({ x: x + obj.width! / 2, y: y + obj.height! / 2 }, { x, y }, obj.rotation ?? 0);
		x = centre.x;
		y = centre.y;
	}
	return { name, x, y, objectId: obj.id, properties };
}

function requireStringProperty(properties: MapProperties, key: string, where: string, meaning: string, fail: Fail): string {
	const value = properties[key];
	if (typeof value !== 'string' || value.trim() === '') {
		const got = value === undefined ? 'it is missing' : `got ${describeValue(value)}`;
		throw fail('E_MAP_INVALID', `${where}: a portal needs a string property "${key}" (${meaning}); ${got}`);
	}
	return value.trim();
}

function propertyValue(list: readonly TiledProperty[] | undefined, name: string): unknown {
	return list?.find((p) => p.name === name)?.value;
}

function toProperties(list: readonly TiledProperty[] | undefined): MapProperties {
	const out: Record<string, MapPropertyValue> = {};
	for (const p of list ?? []) {
		const v = p.value;
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[p.name] = v;
		else if (isRecord(v)) out[p.name] = v;
	}
	return out;
}

/**
 * Turns zod issues into one sentence naming the layer and object:
 * `layer "zones", object 12 ("Room A"), field "x": Invalid input: expected number, received string`.
 */
function formatIssues(root: unknown, issues: readonly z.core.$ZodIssue[]): string {
	const shown = issues.slice(0, 3).map((issue) => `${describePath(root, issue.path)}: ${issue.message}`);
	const extra = issues.length - 3;
	const more = extra > 0 ? ` (and ${extra} more problem${extra === 1 ? '' : 's'})` : '';
	return shown.join('; ') + more;
}

function describePath(root: unknown, path: readonly PropertyKey[]): string {
	const parts: string[] = [];
	const layerNames: string[] = [];
	const field: string[] = [];
	let node: unknown = root;
	for (let i = 0; i < path.length; i++) {
		const key = path[i]!;
		const next = path[i + 1];
		const child = isRecord(node) ? node[key as string] : undefined;
		if (field.length === 0 && typeof next === 'number' && Array.isArray(child)) {
			const item: unknown = child[next];
			const name = isRecord(item) && typeof item['name'] === 'string' ? item['name'] : undefined;
			if (key === 'layers') {
				layerNames.push(name ?? `#${next}`);
				node = item;
				i++;
				continue;
			}
			if (key === 'objects') {
				if (layerNames.length > 0) parts.push(describeLayer(layerNames.join('/')));
				layerNames.length = 0;
				const id = isRecord(item) && typeof item['id'] === 'number' ? item['id'] : undefined;
				parts.push(id === undefined ? `object at index ${next}` : describeObject(id, name));
				node = item;
				i++;
				continue;
			}
			if (key === 'tilesets' || key === 'tiles' || key === 'properties') {
				const singular = key === 'tilesets' ? 'tileset' : key === 'tiles' ? 'tile' : 'property';
				parts.push(`${singular} ${next}${name ? ` ("${name}")` : ''}`);
				node = item;
				i++;
				continue;
			}
		}
		field.push(typeof key === 'number' ? `[${key}]` : field.length > 0 ? `.${String(key)}` : String(key));
		node = child;
	}
	if (layerNames.length > 0) parts.unshift(describeLayer(layerNames.join('/')));
	if (field.length > 0) parts.push(`field "${field.join('')}"`);
	return parts.length > 0 ? parts.join(', ') : 'map';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
	return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
