import { HallwayError } from '@hallway/media';

/**
 * Stable codes of the errors the map loader throws. The message after the
 * code always names the map file and, when it applies, the layer, the object
 * or the tile that is wrong, and what to change.
 */
export type MapErrorCode =
	/** The file is not a Tiled map the loader can use: wrong JSON shape, bad shape, missing property. */
	| 'E_MAP_INVALID'
	/** A valid Tiled feature Hallway does not handle (infinite maps, non-orthogonal maps, templates...). */
	| 'E_MAP_UNSUPPORTED'
	/** An external tileset could not be found, read or parsed. */
	| 'E_MAP_TILESET'
	/** A tile layer uses a gid that no tileset of the map covers. */
	| 'E_MAP_UNKNOWN_GID'
	/** The map file itself could not be read or is not JSON. */
	| 'E_MAP_READ'
	/** A portal points at a map or spawn point that does not exist. */
	| 'E_MAP_PORTAL';

/**
 * Thrown when a map cannot be loaded. `message` reads like
 * `E_MAP_INVALID: office.tmj: layer "zones", object 12 ("Room A"): polygon needs at least 3 points`.
 */
export class MapError extends HallwayError<MapErrorCode> {
	override readonly name = 'MapError';

	constructor(
		code: MapErrorCode,
		/** The map file (or map name) the error is about. */
		readonly file: string,
		/** What is wrong, prefixed with where (`layer "zones", object 12 ("Room A"): ...`). */
		readonly detail: string,
		options?: ErrorOptions,
	) {
		super(code, `${file}: ${detail}`, options);
	}
}

/** `layer "zones"` (or `layer "group/zones"` for layers inside groups). */
export function describeLayer(layerPath: string): string {
	return `layer "${layerPath}"`;
}

/** `object 12 ("Room A")`, or `object 12` when it has no name. */
export function describeObject(id: number, name: string | undefined): string {
	return name ? `object ${id} ("${name}")` : `object ${id}`;
}
