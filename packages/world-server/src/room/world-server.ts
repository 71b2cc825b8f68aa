import type { AddressInfo } from 'node:net';
import { createEndpoint, createRouter, type Endpoint, Server } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { resolveMovementOptions } from '../movement/index.js';
import { resolveProximityOptions } from '../proximity/index.js';
import { HttpFiles } from './http-files.js';
import type { WorldInfo } from './world-info.js';

export type { WorldInfo };
import { resolveWorldConfig, type ResolvedWorldConfig, type WorldConfig } from './world-config.js';
import { worldRoomClass } from './world-room.js';

export interface WorldServerOptions {
	/** The worlds this server hosts, by name (the Colyseus room name a client joins). */
	worlds: Record<string, WorldConfig>;
	/** Interface to listen on. Default `127.0.0.1`. */
	host?: string;
	/** Port; 0 picks a free one. Default 0. */
	port?: number;
	/**
	 * Largest WebSocket message accepted from a client, in bytes; a larger one
	 * closes that client's socket. Default 64 KiB (media signaling carries RTP
	 * parameters of a few KiB).
	 */
	maxMessageBytes?: number;
	/** Extra HTTP endpoints on the same port (`createEndpoint` from @colyseus/core), by name. */
	endpoints?: Record<string, Endpoint>;
	/**
	 * Directories served as static files, by URL prefix: `{ '/': 'dist' }`
	 * serves a built web client next to the world (index.html for `/`).
	 */
	static?: Record<string, string>;
}

export interface WorldServer {
	readonly server: Server;
	readonly port: number;
	/** `http://host:port`: the endpoint a `WorldClient` connects to. */
	readonly url: string;
	/** Stops accepting clients, disposes rooms and closes the port. */
	close(): Promise<void>;
}

export function worldInfo(world: string, config: ResolvedWorldConfig): WorldInfo {
	return {
		world,
		defaultMap: config.defaultMap,
		maps: [...config.maps.values()].map((m) => ({
			name: m.name,
			widthPx: m.widthPx,
			heightPx: m.heightPx,
			tileWidth: m.tileWidth,
			tileHeight: m.tileHeight,
		})),
		movement: resolveMovementOptions(config.movement),
		proximity: (({ enterRadius, leaveRadius }) => ({ enterRadius, leaveRadius }))(resolveProximityOptions(config.proximity)),
	};
}

/**
 * Starts a Colyseus server hosting the given worlds over WebSockets, with
 * `GET /hallway/worlds/:world` describing each world. One map of a world runs
 * in one room instance (rooms are matched by the `map` join option).
 */
export async function startWorldServer(options: WorldServerOptions): Promise<WorldServer> {
	const host = options.host ?? '127.0.0.1';
	const worlds = new Map(Object.entries(options.worlds).map(([name, config]) => [name, resolveWorldConfig(config)]));
	const transport = new WebSocketTransport({ maxPayload: options.maxMessageBytes ?? 64 * 1024 });
	const files = new HttpFiles(worlds, options.static);
	const server = new Server({
		transport,
		greet: false,
		gracefullyShutdown: false,
		// Requests Colyseus' router does not match fall through to this app.
		express: (app: { use(handler: HttpFiles['handle']): void }) => app.use(files.handle),
	});
	server.router = createRouter({
		...options.endpoints,
		worldInfo: createEndpoint('/hallway/worlds/:world', { method: 'GET' }, async (ctx) => {
			const name = ctx.params.world;
			const config = worlds.get(name);
			const cors = { 'access-control-allow-origin': '*' };
			if (!config) return Response.json({ code: 'E_UNKNOWN_WORLD', message: `no world "${name}"` }, { status: 404, headers: cors });
			return Response.json(worldInfo(name, config), { headers: cors });
		}),
	});
	for (const [name, config] of worlds) {
		server.define(name, worldRoomClass(config)).filterBy(['map']);
	}
	await server.listen(options.port ?? 0, host);
	const { port } = transport.server!.address() as AddressInfo;
	return {
		server,
		port,
		url: `http://${host}:${port}`,
		close: () => server.gracefullyShutdown(false),
	};
}
