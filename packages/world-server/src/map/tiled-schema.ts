/**
 * The subset of the Tiled JSON format (https://doc.mapeditor.org/en/stable/reference/json-map-format/)
 * that the loader reads, as zod schemas. Objects are "loose": fields Tiled
 * writes that Hallway does not use are kept and ignored, so maps saved by
 * newer Tiled versions still load.
 */
import { z } from 'zod';

/** A custom property (`properties: [{ name, type, value }]`, Tiled 1.2+). */
export interface TiledProperty {
	name: string;
	type?: string | undefined;
	value?: unknown;
}

export interface TiledPoint {
	x: number;
	y: number;
}

export interface TiledObject {
	id: number;
	name?: string | undefined;
	/** Object class in Tiled ≤ 1.8 and again from 1.10 on. */
	type?: string | undefined;
	/** Object class in Tiled 1.9. */
	class?: string | undefined;
	x: number;
	y: number;
	width?: number | undefined;
	height?: number | undefined;
	rotation?: number | undefined;
	point?: boolean | undefined;
	ellipse?: boolean | undefined;
	polygon?: TiledPoint[] | undefined;
	polyline?: TiledPoint[] | undefined;
	text?: unknown;
	gid?: number | undefined;
	template?: string | undefined;
	properties?: TiledProperty[] | undefined;
}

interface TiledLayerCommon {
	id?: number | undefined;
	name: string;
	class?: string | undefined;
	visible?: boolean | undefined;
	offsetx?: number | undefined;
	offsety?: number | undefined;
	properties?: TiledProperty[] | undefined;
}

export interface TiledTileLayer extends TiledLayerCommon {
	type: 'tilelayer';
	width?: number | undefined;
	height?: number | undefined;
	/** Gids as a JSON array (encoding "csv"), or a base64 string (encoding "base64"). */
	data?: number[] | string | undefined;
	encoding?: string | undefined;
	compression?: string | undefined;
	chunks?: unknown;
}

export interface TiledObjectLayer extends TiledLayerCommon {
	type: 'objectgroup';
	objects: TiledObject[];
}

export interface TiledImageLayer extends TiledLayerCommon {
	type: 'imagelayer';
}

export interface TiledGroupLayer extends TiledLayerCommon {
	type: 'group';
	layers: TiledLayer[];
}

export type TiledLayer = TiledTileLayer | TiledObjectLayer | TiledImageLayer | TiledGroupLayer;

export interface TiledTile {
	id: number;
	type?: string | undefined;
	class?: string | undefined;
	properties?: TiledProperty[] | undefined;
}

/** The fields shared by embedded tilesets and external `.tsj` files. */
export interface TiledTilesetData {
	name?: string | undefined;
	tilecount: number;
	columns?: number | undefined;
	image?: string | undefined;
	tiles?: TiledTile[] | undefined;
}

/** A map's tileset entry: either embedded (tileset fields inline) or external (`source`). */
export interface TiledTilesetRef extends Partial<TiledTilesetData> {
	firstgid: number;
	source?: string | undefined;
}

export interface TiledMap {
	type?: string | undefined;
	orientation: string;
	infinite?: boolean | undefined;
	width: number;
	height: number;
	tilewidth: number;
	tileheight: number;
	layers: TiledLayer[];
	tilesets: TiledTilesetRef[];
	properties?: TiledProperty[] | undefined;
}

const int = z.number().int();
const positiveInt = int.min(1);

export const TiledPropertySchema: z.ZodType<TiledProperty> = z.looseObject({
	name: z.string(),
	type: z.string().optional(),
	value: z.unknown(),
});

const properties = z.array(TiledPropertySchema).optional();

const PointSchema: z.ZodType<TiledPoint> = z.looseObject({ x: z.number(), y: z.number() });

export const TiledObjectSchema: z.ZodType<TiledObject> = z.looseObject({
	id: int,
	name: z.string().optional(),
	type: z.string().optional(),
	class: z.string().optional(),
	x: z.number(),
	y: z.number(),
	width: z.number().min(0).optional(),
	height: z.number().min(0).optional(),
	rotation: z.number().optional(),
	point: z.boolean().optional(),
	ellipse: z.boolean().optional(),
	polygon: z.array(PointSchema).optional(),
	polyline: z.array(PointSchema).optional(),
	text: z.unknown().optional(),
	gid: z.number().optional(),
	template: z.string().optional(),
	properties,
});

const layerCommon = {
	id: int.optional(),
	name: z.string(),
	class: z.string().optional(),
	visible: z.boolean().optional(),
	offsetx: z.number().optional(),
	offsety: z.number().optional(),
	properties,
};

const TileLayerSchema = z.looseObject({
	...layerCommon,
	type: z.literal('tilelayer'),
	width: int.min(0).optional(),
	height: int.min(0).optional(),
	// Gids are unsigned 32-bit with flip flags in the top bits, so up to 2^32 - 1.
	data: z.union([z.array(int.min(0).max(0xffffffff)), z.string()]).optional(),
	encoding: z.string().optional(),
	compression: z.string().optional(),
	chunks: z.unknown().optional(),
});

const ObjectLayerSchema = z.looseObject({
	...layerCommon,
	type: z.literal('objectgroup'),
	objects: z.array(TiledObjectSchema),
});

const ImageLayerSchema = z.looseObject({
	...layerCommon,
	type: z.literal('imagelayer'),
});

const GroupLayerSchema = z.looseObject({
	...layerCommon,
	type: z.literal('group'),
	layers: z.array(z.lazy(() => TiledLayerSchema)),
});

export const TiledLayerSchema: z.ZodType<TiledLayer> = z.lazy(() =>
	z.discriminatedUnion('type', [TileLayerSchema, ObjectLayerSchema, ImageLayerSchema, GroupLayerSchema]),
);

const TiledTileSchema: z.ZodType<TiledTile> = z.looseObject({
	id: int.min(0),
	type: z.string().optional(),
	class: z.string().optional(),
	properties,
});

const tilesetFields = {
	name: z.string().optional(),
	tilecount: int.min(0),
	columns: int.min(0).optional(),
	image: z.string().optional(),
	tiles: z.array(TiledTileSchema).optional(),
};

/** An external tileset file (`.tsj`). */
export const TiledTilesetFileSchema: z.ZodType<TiledTilesetData> = z.looseObject(tilesetFields);

const TiledTilesetRefSchema: z.ZodType<TiledTilesetRef> = z.looseObject({
	firstgid: positiveInt,
	source: z.string().optional(),
	name: tilesetFields.name,
	tilecount: tilesetFields.tilecount.optional(),
	columns: tilesetFields.columns,
	image: tilesetFields.image,
	tiles: tilesetFields.tiles,
});

export const TiledMapSchema: z.ZodType<TiledMap> = z.looseObject({
	type: z.string().optional(),
	orientation: z.string(),
	infinite: z.boolean().optional(),
	width: positiveInt,
	height: positiveInt,
	tilewidth: positiveInt,
	tileheight: positiveInt,
	layers: z.array(TiledLayerSchema),
	tilesets: z.array(TiledTilesetRefSchema),
	properties,
});
