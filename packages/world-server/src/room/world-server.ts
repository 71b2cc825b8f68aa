import { type AddressInfo, createServer } from 'node:net';
import { createEndpoint, createRouter, type Endpoint, matchMaker, Server } from '@colyseus/core';
import { Encoder } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { HallwayError } from '@hallway/media';
import type { WorkerPool } from '@hallway/media/server';
import { connectRedis, type RedisConnection, type RedisMatchmaking } from '../cluster/redis-matchmaking.js';
import { RoomPlacement } from '../cluster/room-placement.js';
import { resolveMovementOptions } from '../movement/index.js';
import { Drain, type DrainOptions, type DrainResult, refusingJoinsWhileDraining } from '../ops/drain.js';
import { OpsHttp } from '../ops/ops-http.js';
import { RoomTracker } from '../ops/room-tracker.js';
import { installShutdownHandlers, type ShutdownHandlerOptions } from '../ops/shutdown-signals.js';
import { type MetricsOptions, WorldMetrics } from '../ops/world-metrics.js';
import { resolveProximityOptions } from '../proximity/index.js';
import { Spectators } from '../spectator/spectators.js';
import { HttpFiles } from './http-files.js';
import type { WorldInfo } from './world-info.js';

export type { WorldInfo };
import { resolveWorldConfig, type ResolvedWorldConfig, type WorldConfig } from './world-config.js';
import { type WorldRoom, worldRoomClass } from './world-room.js';

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
	/**
	 * Prometheus metrics at `GET /metrics` (rooms, players, tick and proximity
	 * durations, media objects, mediasoup workers, RTT and loss), in a
	 * registry of this server's own. `false` turns the endpoint off;
	 * `GET /healthz` is always served. Default on.
	 */
	metrics?: boolean | MetricsOptions;
	/**
	 * Drain on SIGTERM/SIGINT, close the worlds' mediasoup pools and exit the
	 * process (0, or 1 past the time bound): see `installShutdownHandlers`.
	 * For a server that owns its process; leave it off in tests and when
	 * embedding in a larger server (call `drain()` from your own handler).
	 * Default off.
	 */
	handleSignals?: boolean | Omit<ShutdownHandlerOptions, 'pools'>;
	/**
	 * Run as one of several processes (on one machine or many) that share a
	 * Redis: Colyseus' `RedisPresence` and `RedisDriver` list every room in
	 * Redis and let any process seat a player in a room that lives in another
	 * one. Each process hosts its own rooms, and a room's media (`MediaRoom`,
	 * routers) lives in the process of the room, on that process's pool.
	 * Start every process with the same worlds. Fails with `E_REDIS` when Redis
	 * does not answer. Default none: one process, matchmaking in memory.
	 */
	redis?: RedisConnection;
	/**
	 * Where clients reach this very process, as `host:port` (optionally
	 * followed by a path prefix a proxy routes on), without a scheme: the
	 * client keeps ws or wss from its endpoint. Colyseus writes it into every
	 * room this process creates and into every seat reservation for such a
	 * room, and the client opens the room's WebSocket there, whichever process
	 * answered its matchmaking request. Needed with `redis`; defaults then to
	 * `host:port` (with port 0, a free port is chosen before listening), which
	 * requires a host other than a wildcard (0.0.0.0, ::). Without `redis`:
	 * default none (the client connects back to its own endpoint).
	 */
	publicAddress?: string;
}

export interface WorldServer {
	readonly server: Server;
	readonly port: number;
	/** Colyseus' id of this process (in every seat reservation, and in the room WebSocket's path). */
	readonly processId: string;
	/** Where clients reach this process directly (`publicAddress`), if set. */
	readonly publicAddress: string | undefined;
	/** `http://host:port`: the endpoint a `WorldClient` connects to. */
	readonly url: string;
	/** This server's metrics registry (`GET /metrics`), undefined when `metrics: false`. */
	readonly metrics: WorldMetrics | undefined;
	/** The spectator broadcasts of the worlds that have `spectator` on (one per running map). */
	readonly spectators: Spectators;
	/** True from the start of `drain()` or `close()`: joins are refused and `/healthz` answers 503. */
	readonly draining: boolean;
	/**
	 * Shuts down gracefully: refuses new joins (`E_SERVER_DRAINING`), sends
	 * every player a `shutdown` message, disconnects them after `noticeMs`
	 * (close code `CLOSE_SERVER_SHUTDOWN`), lets the rooms dispose (their media
	 * rooms close) and closes the port, within `timeoutMs`. Does not close the
	 * mediasoup pools (the caller owns them) nor exit. Once: later calls, and
	 * `close()`, return the same promise.
	 */
	drain(options?: DrainOptions): Promise<DrainResult>;
	/** `drain()` without the notice: stops accepting clients, disconnects them, disposes rooms and closes the port. */
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
	const startedAt = performance.now();
	const host = options.host ?? '127.0.0.1';
	const worlds = new Map(Object.entries(options.worlds).map(([name, config]) => [name, resolveWorldConfig(config)]));
	const pools = [...new Set([...worlds.values()].flatMap((config): WorkerPool[] => (config.media ? [config.media.pool] : [])))];
	const rooms = new RoomTracker();
	const drain = new Drain();
	const draining = () => drain.draining;
	const metrics = options.metrics === false ? undefined : new WorldMetrics({ rooms, worlds: [...worlds.keys()], pools, draining }, options.metrics === true ? {} : options.metrics);
	const ops = new OpsHttp({ rooms, pools, draining, startedAt }, metrics);
	const transport = new WebSocketTransport({ maxPayload: options.maxMessageBytes ?? 64 * 1024 });
	reserveEncoderBuffer(worlds.values());
	const files = new HttpFiles(worlds, options.static);
	const redis = options.redis === undefined ? undefined : await connectRedis(options.redis);
	const placement = redis && new RoomPlacement(redis.presence);
	// Colyseus takes the public address when the Server is made, before it listens: the port must be known by then.
	const port = redis && !options.port && !options.publicAddress ? await freePort(host) : (options.port ?? 0);
	const publicAddress = options.publicAddress ?? (redis ? defaultPublicAddress(host, port) : undefined);
	const spectators = new Spectators(worlds);
	const server = new Server({
		transport,
		greet: false,
		gracefullyShutdown: false,
		...multiProcess(redis, placement, publicAddress),
		// Requests Colyseus' router does not match fall through to these handlers, in order.
		express: (app: { use(handler: HttpFiles['handle']): void }) => {
			app.use(ops.handle);
			app.use(spectators.handle);
			app.use(files.handle);
		},
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
		const handler = server.define(name, refusingJoinsWhileDraining(worldRoomClass(config), drain)).filterBy(['map']);
		handler.on('create', (room: WorldRoom) => {
			rooms.add(name, room);
			metrics?.watchRoom(name, room);
			spectators.attach(name, room);
		});
		handler.on('dispose', (room: WorldRoom) => {
			rooms.delete(room);
			void spectators.detach(room);
		});
	}
	try {
		await listenOrFail(server, transport, port, host);
	} catch (error) {
		redis?.presence.shutdown();
		await redis?.driver.shutdown().catch(() => undefined);
		throw error;
	}
	const listening = (transport.server!.address() as AddressInfo).port;
	const world: WorldServer = {
		server,
		port: listening,
		processId: matchMaker.processId,
		publicAddress,
		url: `http://${host}:${listening}`,
		metrics,
		spectators,
		get draining() {
			return drain.draining;
		},
		drain: (drainOptions) => {
			// Other processes stop placing new rooms here at once (a no-op on the second call).
			if (placement && !drain.draining) placement.markDraining().catch(() => undefined);
			return drain.run(
				{
					rooms,
					close: async () => {
						await placement?.forget().catch(() => undefined);
						await server.gracefullyShutdown(false);
						await spectators.close();
						await metrics?.close();
					},
					forceClose: () => {
						transport.shutdown();
						void spectators.close();
						void metrics?.close();
					},
				},
				drainOptions,
			);
		},
		close: async () => {
			await world.drain({ noticeMs: 0 });
		},
	};
	if (options.handleSignals) installShutdownHandlers(world, { ...(options.handleSignals === true ? {} : options.handleSignals), pools });
	return world;
}

/**
 * The Colyseus options of one process among several: Redis presence and
 * driver, placement that skips draining processes, and the public address.
 *
 * Why a room's WebSocket, and so its media, always lands here: a seat
 * reservation carries the room's `processId` and the `publicAddress` of the
 * process that created it; `@colyseus/sdk` opens
 * `ws(s)://<publicAddress>/<processId>/<roomId>`, and the WebSocket transport
 * of that process accepts it only for a room it holds itself
 * (`matchMaker.getLocalRoomById`). Media signaling travels as messages of
 * that WebSocket, so `MediaRoom`, its routers and the player's WebRTC
 * transports are made in the room's process, on its own `WorkerPool`.
 */
function multiProcess(redis: RedisMatchmaking | undefined, placement: RoomPlacement | undefined, publicAddress: string | undefined) {
	return {
		...(redis ? { presence: redis.presence, driver: redis.driver } : {}),
		...(placement ? { selectProcessIdToCreateRoom: placement.select } : {}),
		...(publicAddress ? { publicAddress } : {}),
	};
}

function defaultPublicAddress(host: string, port: number): string {
	if (host === '0.0.0.0' || host === '::') {
		throw new HallwayError('E_PUBLIC_ADDRESS', `with redis and host ${host}, set publicAddress to the host:port at which clients reach this process`);
	}
	return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A port free on `host` right now (the OS picks it), for a server that must know its port before listening. */
async function freePort(host: string): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, host, resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

/**
 * `server.listen` that fails when the port cannot be had. Colyseus 0.18
 * attaches its own error handler only once listening, so an address in use
 * (EADDRINUSE) left the promise pending forever.
 */
async function listenOrFail(server: Server, transport: WebSocketTransport, port: number, host: string): Promise<void> {
	const http = transport.server!;
	let onError: ((error: Error) => void) | undefined;
	const failed = new Promise<never>((_, reject) => {
		onError = (error) => reject(Object.assign(new Error(`E_LISTEN: cannot listen on ${host}:${port}: ${error.message}`, { cause: error }), { code: (error as { code?: string }).code }));
		http.once('error', onError);
	});
	try {
		await Promise.race([server.listen(port, host), failed]);
	} finally {
		if (onError) http.off('error', onError);
	}
}

/**
 * Bytes of encoder buffer per player a room may hold. In @colyseus/core
 * 0.18.17 a joining client's own view is encoded into the encoder's initial
 * buffer (16 KiB) after the shared full state: past ~200 players it overflowed
 * and the newcomer never received its own position (seen in the load bench,
 * with a "buffer overflow" warning per join).
 */
const ENCODER_BYTES_PER_PLAYER = 512;

function reserveEncoderBuffer(worlds: Iterable<ResolvedWorldConfig>): void {
	const players = Math.max(0, ...[...worlds].map((w) => w.maxPlayers));
	Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, players * ENCODER_BYTES_PER_PLAYER);
}
