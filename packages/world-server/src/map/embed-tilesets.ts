import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MapError } from './map-error.js';

/**
 * Reads a Tiled JSON map and returns its JSON with every external tileset
 * (`{ firstgid, source }`) replaced by the tileset's content, image paths
 * rewritten relative to the map file.
 *
 * Why: Phaser's Tiled loader does not read external tilesets ("External
 * tilesets unsupported. Use Embed Tileset and re-export"), while maps are
 * easier to maintain with one shared `.tsj`. A server can hand the result to
 * browsers as is (`this.load.tilemapTiledJSON(key, json)`).
 *
 * Throws `MapError` (`E_MAP_READ` for the map, `E_MAP_TILESET` for a tileset).
 */
export async function readMapWithEmbeddedTilesets(file: string): Promise<Record<string, unknown>> {
	const label = path.basename(file);
	const map = await readJsonObject(file, (detail, cause) => new MapError('E_MAP_READ', label, detail, { cause }));
	const tilesets = map['tilesets'];
	if (!Array.isArray(tilesets)) return map;
	const dir = path.dirname(file);
	const embedded = [];
	for (const entry of tilesets as unknown[]) {
		if (!isRecord(entry) || typeof entry['source'] !== 'string') {
			embedded.push(entry);
			continue;
		}
		const source = entry['source'];
		const tilesetFile = path.resolve(dir, source);
		const tileset = await readJsonObject(
			tilesetFile,
			(detail, cause) => new MapError('E_MAP_TILESET', label, `tileset "${source}": ${detail}`, { cause }),
		);
		// A .tsj's own "type"/"version" keys do not belong inside a map's tileset entry.
		const { type: _type, version: _version, tiledversion: _tiledversion, ...content } = tileset;
		if (typeof content['image'] === 'string') {
			const image = path.resolve(path.dirname(tilesetFile), content['image']);
			content['image'] = path.relative(dir, image).split(path.sep).join('/');
		}
		embedded.push({ firstgid: entry['firstgid'], ...content });
	}
	return { ...map, tilesets: embedded };
}

async function readJsonObject(
	file: string,
	fail: (detail: string, cause: unknown) => MapError,
): Promise<Record<string, unknown>> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const notFound = (error as { code?: unknown }).code === 'ENOENT';
		throw fail(notFound ? `${file} does not exist` : `cannot read ${file}: ${String(error)}`, error);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw fail(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
	}
	if (!isRecord(json)) throw fail(`${file} does not hold a JSON object`, undefined);
	return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
