import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { HallwayError } from '@hallway/media';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Where the shared Redis is: a URL (`redis://user:pass@host:6379/0`) or
 * ioredis options. Every process of a deployment must name the same database.
 */
export type RedisConnection = string | RedisOptions;

/** How long `connectRedis()` waits for the first PING before giving up, ms. */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/** Colyseus' Redis presence (pub/sub between processes, shared keys) and driver (the room listings). */
export interface RedisMatchmaking {
	presence: RedisPresence;
	driver: RedisDriver;
}

/**
 * Connects to Redis once and hands Colyseus a presence and a driver on that
 * connection (each duplicates it: the presence for its subscriber socket, the
 * driver for its commands). Fails with `E_REDIS` when Redis does not answer a
 * PING within `timeoutMs`, instead of leaving the server retrying forever
 * behind a port that accepts joins it cannot place.
 */
export async function connectRedis(connection: RedisConnection, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<RedisMatchmaking> {
	const options: RedisOptions = { lazyConnect: true, connectTimeout: timeoutMs };
	const client = typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...connection, ...options });
	// Errors surface through the PING below; afterwards the presence logs them (ioredis reconnects by itself).
	const quiet = () => undefined;
	client.on('error', quiet);
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([
			client.connect().then(() => client.ping()),
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
			}),
		]);
	} catch (error) {
		client.disconnect();
		const reason = error instanceof Error ? error.message : String(error);
		throw new HallwayError('E_REDIS', `cannot reach Redis at ${describe(connection)}: ${reason}`, { cause: error });
	} finally {
		clearTimeout(timer);
		client.off('error', quiet);
	}
	// The presence publishes on `client` and subscribes on a duplicate; the driver gets a connection of its own,
	// since Colyseus' shutdown quits the presence's and the driver's connections separately.
	return { presence: new RedisPresence(client), driver: new RedisDriver(client.duplicate()) };
}

/** Host and port of a connection, without credentials, for error messages. */
function describe(connection: RedisConnection): string {
	if (typeof connection !== 'string') return `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
	try {
		const url = new URL(connection);
		return `${url.hostname}:${url.port || 6379}`;
	} catch {
		return 'the given URL';
	}
}
