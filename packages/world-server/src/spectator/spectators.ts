import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { ResolvedWorldConfig } from '../room/world-config.js';
import type { WorldRoom } from '../room/world-room.js';
import { PLAYLIST_NAME } from './ffmpeg-args.js';
import { Spectator, type SpectatorRoom } from './spectator.js';
import { watchPage } from './watch-page.js';

/**
 * hls.js, served beside every watch page (the light build: no subtitles,
 * alternate audio or DRM, which a broadcast has none of). Read on first
 * request, not at import: a server without broadcasts never needs it.
 */
let hlsJs: Promise<Buffer> | undefined;
function readHlsJs(): Promise<Buffer> {
	if (!hlsJs) {
		hlsJs = readFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.light.min.js'));
		// A failed read is not kept: the next request tries again.
		hlsJs.catch(() => (hlsJs = undefined));
	}
	return hlsJs;
}

/** What a room offers the spectator: its players' positions, its map's spotlight zones, its media plane. */
export function spectatorRoomOf(room: WorldRoom): SpectatorRoom {
	return {
		*players() {
			for (const id of room.state.players.keys()) {
				const at = room.movementOf(id);
				if (at) yield { id, x: at.x, y: at.y };
			}
		},
		onStage: (x, y) => room.map.zoneIndex.query(x, y).spotlight,
		media: () => room.media,
	};
}

/**
 * The broadcasts of a server's worlds: one `Spectator` per room of a world
 * with `spectator` on, opened when the room is created and closed when it
 * is disposed, and their HTTP side:
 * - `GET /hallway/worlds/:world/maps/:map/watch`: the watch page;
 * - `…/watch/status`: `{ state, speakers }` (state `off`, `starting` or `live`);
 * - `…/watch/index.m3u8` and `…/watch/seg_NNNNN.ts`: the HLS stream;
 * - `…/watch/hls.js`: the player the page uses;
 * - `GET /watch`: a redirect to the default map's page of the first such world.
 * Every response carries its length (Colyseus' router stalls without).
 */
export class Spectators {
	readonly #worlds: ReadonlyMap<string, ResolvedWorldConfig>;
	/** Open (or opening) spectators by room id, with the world and map they broadcast. */
	readonly #byRoom = new Map<string, { world: string; map: string; spectator: Promise<Spectator | undefined> }>();
	/** Broadcasts of disposed rooms still stopping FFmpeg and removing their files. */
	readonly #closing = new Set<Promise<void>>();

	constructor(worlds: ReadonlyMap<string, ResolvedWorldConfig>) {
		this.#worlds = worlds;
	}

	/** Starts the broadcast of a new room, when its world has one. */
	attach(world: string, room: WorldRoom): void {
		const options = this.#worlds.get(world)?.spectator;
		if (!options) return;
		const spectator = Spectator.open(spectatorRoomOf(room), options).catch((error: unknown) => {
			options.log(`[spectator] cannot start for ${world}/${room.map.name}: ${String(error)}`);
			return undefined;
		});
		this.#byRoom.set(room.roomId, { world, map: room.map.name, spectator });
	}

	/** Stops a disposed room's broadcast and removes its files. */
	detach(room: WorldRoom): Promise<void> {
		const entry = this.#byRoom.get(room.roomId);
		if (!entry) return Promise.resolve();
		this.#byRoom.delete(room.roomId);
		// Kept until done, so that close() (server shutdown) waits for it too.
		const closing = entry.spectator.then((spectator) => spectator?.close());
		this.#closing.add(closing);
		void closing.finally(() => this.#closing.delete(closing));
		return closing;
	}

	/**
	 * The broadcast of a map: the live one when the map runs in several rooms
	 * (a full room opens another), else the first. Undefined while no room runs it.
	 */
	async spectatorOf(world: string, map: string): Promise<Spectator | undefined> {
		const found: Spectator[] = [];
		for (const entry of this.#byRoom.values()) {
			if (entry.world !== world || entry.map !== map) continue;
			const spectator = await entry.spectator;
			if (spectator) found.push(spectator);
		}
		return found.find((s) => s.state !== 'off') ?? found[0];
	}

	/** Closes every broadcast, and waits for those of rooms already disposed (server shutdown). */
	async close(): Promise<void> {
		const entries = [...this.#byRoom.values()];
		this.#byRoom.clear();
		await Promise.all([...entries.map(async (entry) => (await entry.spectator)?.close()), ...this.#closing]);
	}

	/** A connect/express-style handler: answers the watch routes, passes everything else on. */
	readonly handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		this.#serve(req, res).then(
			(served) => {
				if (!served) next();
			},
			(error: unknown) => sendJson(res, 500, { code: 'E_INTERNAL', message: String(error) }),
		);
	};

	async #serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
		if (pathname === '/watch' || pathname === '/watch/') return this.#redirectToDefault(res);
		const route = /^\/hallway\/worlds\/([^/]+)\/maps\/([^/]+)\/watch(?:\/([^/]*))?$/.exec(pathname);
		if (!route) return false;
		const [, rawWorld = '', rawMap = '', file] = route;
		const world = safeDecode(rawWorld);
		const map = safeDecode(rawMap);
		const config = world === undefined ? undefined : this.#worlds.get(world);
		if (!config?.spectator || map === undefined || !config.maps.has(map)) {
			sendJson(res, 404, { code: 'E_NO_BROADCAST', message: `no spectator broadcast for map "${map}" of world "${world}"` });
			return true;
		}
		if (file === undefined || file === '') {
			send(res, 200, 'text/html; charset=utf-8', watchPage(world!, map));
			return true;
		}
		if (file === 'hls.js') {
			send(res, 200, 'text/javascript; charset=utf-8', await readHlsJs(), 'public, max-age=3600');
			return true;
		}
		const spectator = await this.spectatorOf(world!, map);
		if (file === 'status') {
			const status = spectator?.status();
			sendJson(res, 200, { world, map, state: status?.state ?? 'off', speakers: status?.speakers.length ?? 0 });
			return true;
		}
		const path = spectator?.hls.fileFor(file);
		const body = path === undefined ? undefined : await readFile(path).catch(() => undefined);
		if (!body) {
			sendJson(res, 404, { code: 'E_OFF_AIR', message: `no "${file}": nobody is on stage in "${map}", or that segment is gone` });
			return true;
		}
		if (file === PLAYLIST_NAME) send(res, 200, 'application/vnd.apple.mpegurl', body);
		else send(res, 200, 'video/mp2t', body, 'public, max-age=60');
		return true;
	}

	#redirectToDefault(res: ServerResponse): boolean {
		for (const [world, config] of this.#worlds) {
			if (!config.spectator) continue;
			const location = `/hallway/worlds/${encodeURIComponent(world)}/maps/${encodeURIComponent(config.defaultMap)}/watch`;
			res.writeHead(302, { location, 'content-length': '0' });
			res.end();
			return true;
		}
		return false;
	}
}

function safeDecode(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	send(res, status, 'application/json', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-cache'): void {
	const bytes = typeof body === 'string' ? Buffer.from(body) : body;
	res.writeHead(status, {
		'content-type': type,
		'content-length': String(bytes.length),
		// A broadcast is public: a page on another origin may play it.
		'access-control-allow-origin': '*',
		'cache-control': cache,
	});
	res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
