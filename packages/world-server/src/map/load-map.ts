import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MapError } from './map-error.js';
import type { WorldMap } from './map-types.js';
import { mapNameOf, parseMap } from './parse-map.js';

export interface LoadMapOptions {
	/** Map name; defaults to the file name without extension (`maps/office.tmj` is `office`). */
	name?: string;
}

/**
 * Reads a Tiled JSON map (`.tmj` / `.json`) and its external JSON tilesets
 * (`.tsj`, paths relative to the map file) and returns the `WorldMap`.
 * Throws `MapError` (`E_MAP_READ` when the map file itself is unreadable).
 */
export async function loadMapFile(file: string, options: LoadMapOptions = {}): Promise<WorldMap> {
	const fileLabel = path.basename(file);
	const json = await readJson(file, (detail, cause) => new MapError('E_MAP_READ', fileLabel, detail, { cause }));

	// parseMap is synchronous: read every external tileset up front. A tileset
	// that fails to read is remembered as its error and reported by parseMap,
	// which knows how to name it.
	const dir = path.dirname(file);
	const tilesets = new Map<string, { json: unknown } | { error: unknown }>();
	for (const source of externalTilesetSources(json)) {
		if (tilesets.has(source)) continue;
		try {
			tilesets.set(source, { json: JSON.parse(await readFile(path.resolve(dir, source), 'utf8')) });
		} catch (error) {
			tilesets.set(source, { error });
		}
	}

	const map = parseMap(json, {
		name: options.name ?? mapNameOf(file),
		file: fileLabel,
		resolveTileset(source) {
			const entry = tilesets.get(source);
			if (!entry) return undefined;
			if ('error' in entry) {
				if (isNotFound(entry.error)) return undefined;
				throw entry.error;
			}
			return entry.json;
		},
	});
	return { ...map, source: path.resolve(file) };
}

async function readJson(file: string, fail: (detail: string, cause: unknown) => MapError): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const reason = isNotFound(error) ? 'file not found' : error instanceof Error ? error.message : String(error);
		throw fail(`cannot read the map at ${file}: ${reason}`, error);
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw fail(`not valid JSON (${reason}); save the map as JSON (.tmj) in Tiled, not as .tmx`, error);
	}
}

function externalTilesetSources(json: unknown): string[] {
	if (typeof json !== 'object' || json === null) return [];
	const tilesets = (json as { tilesets?: unknown }).tilesets;
	if (!Array.isArray(tilesets)) return [];
	return tilesets.flatMap((t: unknown) =>
		typeof t === 'object' && t !== null && typeof (t as { source?: unknown }).source === 'string'
			? [(t as { source: string }).source]
			: [],
	);
}

function isNotFound(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
