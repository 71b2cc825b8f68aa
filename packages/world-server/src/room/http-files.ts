import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { toClientMapData } from '../map/client-map.js';
import { readMapWithEmbeddedTilesets } from '../map/embed-tilesets.js';
import type { ResolvedWorldConfig } from './world-config.js';

/**
 * Files a world server hands to browsers over plain HTTP:
 * - `GET /hallway/worlds/:world/maps/:map`: the map as `ClientMapData` (Tiled
 *   JSON with tilesets embedded, plus the server's collision grid and zones);
 * - `GET /hallway/worlds/:world/maps/:map/assets/:file`: the images those
 *   tilesets name (only those: nothing else on disk is reachable);
 * - static directories (`static` option of `startWorldServer`), e.g. a built demo.
 *
 * Why not Colyseus' router: in 0.18 it stalls on bodies of ~100 KB sent
 * without a Content-Length, and a keep-alive socket stops answering after
 * one. These responses always carry their length.
 */
export class HttpFiles {
	readonly #worlds: ReadonlyMap<string, ResolvedWorldConfig>;
	readonly #staticDirs: [prefix: string, dir: string][];
	/** Prepared map JSON and its asset files, by `world/map`, built on first request. */
	readonly #maps = new Map<string, Promise<{ json: string; assets: Map<string, string> }>>();

	constructor(worlds: ReadonlyMap<string, ResolvedWorldConfig>, staticDirs: Record<string, string> = {}) {
		this.#worlds = worlds;
		// Longest prefix first, so `/docs/` wins over `/`.
		this.#staticDirs = Object.entries(staticDirs)
			.map(([prefix, dir]): [string, string] => [prefix.endsWith('/') ? prefix : `${prefix}/`, path.resolve(dir)])
			.sort((a, b) => b[0].length - a[0].length);
	}

	/** A connect/express-style handler: answers what it serves, passes everything else on. */
	readonly handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		this.#serve(req, res).then(
			(served) => {
				if (!served) next();
			},
			(error: unknown) => send(res, 500, 'application/json', JSON.stringify({ code: 'E_INTERNAL', message: String(error) })),
		);
	};

	async #serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const pathname = decodeURIComponent(url.pathname);
		const mapRoute = /^\/hallway\/worlds\/([^/]+)\/maps\/([^/]+)(?:\/assets\/([^/]+))?$/.exec(pathname);
		if (mapRoute) {
			const [, world = '', map = '', asset] = mapRoute;
			const prepared = this.#prepared(world, map);
			if (!prepared) {
				sendJson(res, 404, { code: 'E_UNKNOWN_MAP', message: `no map "${map}" in world "${world}" (or it was not loaded from a file)` });
				return true;
			}
			const { json, assets } = await prepared;
			if (asset === undefined) {
				send(res, 200, 'application/json', json);
				return true;
			}
			const file = assets.get(asset);
			if (!file) sendJson(res, 404, { code: 'E_UNKNOWN_ASSET', message: `map "${map}" has no asset "${asset}"` });
			else send(res, 200, contentType(file), await readFile(file));
			return true;
		}
		for (const [prefix, dir] of this.#staticDirs) {
			if (!pathname.startsWith(prefix)) continue;
			const relative = pathname.slice(prefix.length) || 'index.html';
			const file = path.resolve(dir, relative);
			// Nothing outside the directory, whatever `..` the path holds.
			if (file !== dir && !file.startsWith(dir + path.sep)) return false;
			const info = await stat(file).catch(() => undefined);
			const target = info?.isDirectory() ? path.join(file, 'index.html') : file;
			const body = await readFile(target).catch(() => undefined);
			if (!body) return false;
			send(res, 200, contentType(target), body);
			return true;
		}
		return false;
	}

	#prepared(world: string, mapName: string): Promise<{ json: string; assets: Map<string, string> }> | undefined {
		const map = this.#worlds.get(world)?.maps.get(mapName);
		if (!map?.source) return undefined;
		const key = `${world}/${mapName}`;
		let prepared = this.#maps.get(key);
		if (!prepared) {
			const source = map.source;
			prepared = readMapWithEmbeddedTilesets(source).then((tiled) => {
				const assets = new Map<string, string>();
				for (const tileset of Array.isArray(tiled['tilesets']) ? (tiled['tilesets'] as Record<string, unknown>[]) : []) {
					if (typeof tileset['image'] !== 'string') continue;
					const file = path.resolve(path.dirname(source), tileset['image']);
					const name = path.basename(file);
					assets.set(name, file);
					// Relative to the map's own URL, so it works behind any prefix or proxy.
					tileset['image'] = `${encodeURIComponent(mapName)}/assets/${encodeURIComponent(name)}`;
				}
				return { json: JSON.stringify(toClientMapData(map, tiled)), assets };
			});
			// A failure is not cached: the next request tries again (the file may be fixed).
			prepared.catch(() => this.#maps.delete(key));
			this.#maps.set(key, prepared);
		}
		return prepared;
	}
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.tmj': 'application/json',
	'.tsj': 'application/json',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.svg': 'image/svg+xml',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.map': 'application/json',
};

function contentType(file: string): string {
	return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	send(res, status, 'application/json', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
	const bytes = typeof body === 'string' ? Buffer.from(body) : body;
	res.writeHead(status, {
		'content-type': type,
		'content-length': String(bytes.length),
		// Maps and demo files are public; a game on another origin may fetch them.
		'access-control-allow-origin': '*',
		'cache-control': 'no-cache',
	});
	res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
