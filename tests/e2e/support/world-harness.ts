import { createRequire } from 'node:module';
import path from 'node:path';
import { createEndpoint, matchMaker } from '@colyseus/core';
import { type MediaRoomOptions, WorkerPool, type WorkerPoolOptions } from '@hallway/media/server';
import { loadMapFile, startWorldServer, type WorldConfig, type WorldRoom, type WorldServer } from '@hallway/world-server';
import { bundleForBrowser } from './bundle.js';

/** The demo maps shipped in @hallway/world-server (found through the package, wherever this file is bundled). */
const mapsDir = `${path.dirname(createRequire(import.meta.url).resolve('@hallway/world-server/package.json'))}/maps/`;

export interface WorldHarness {
	world: WorldServer;
	pool: WorkerPool;
	/** The test page: `${url}?name=Alice&spawn=lobby`. */
	url: string;
	/** The office room instance in this process (it exists once a player joined). */
	room(): Promise<WorldRoom>;
	close(): Promise<void>;
}

export interface WorldHarnessOptions {
	/** World settings on top of the demo maps (proximity radii, interest, …). */
	world?: Partial<Omit<WorldConfig, 'maps' | 'media'>>;
	/** Media room settings other than the pool (grace period, key-frame delay, …). */
	media?: Omit<MediaRoomOptions, 'pool'>;
	/** Inline source maps in the page bundle. Default true (benchmarks timing page loads turn them off). */
	sourcemap?: boolean;
	/** mediasoup workers in the pool. Default 1. */
	workers?: number;
	/** Other pool settings (fixed or announced ports, protocols). */
	pool?: Omit<WorkerPoolOptions, 'workers'>;
}

/**
 * A real world server with the media plane (one mediasoup worker on
 * loopback), hosting the demo office, plus a test page bundled from
 * `pageEntry` and served on the same port at `/`.
 */
export async function startWorldHarness(pageEntry: string, options: WorldHarnessOptions = {}): Promise<WorldHarness> {
	const [script, office, garden, pool] = await Promise.all([
		bundleForBrowser(pageEntry, { sourcemap: options.sourcemap ?? true }),
		loadMapFile(`${mapsDir}office.tmj`),
		loadMapFile(`${mapsDir}garden.tmj`),
		WorkerPool.start({ ...options.pool, workers: options.workers ?? 1 }),
	]);
	const world = await startWorldServer({
		worlds: {
			office: {
				maps: new Map([
					[office.name, office],
					[garden.name, garden],
				]),
				...options.world,
				media: { pool, ...options.media },
			},
		},
		endpoints: {
			page: createEndpoint('/', { method: 'GET' }, async () =>
				fixedResponse('<!doctype html><meta charset="utf-8"><title>hallway test</title><body><script type="module" src="/page.js"></script>', 'text/html'),
			),
			script: createEndpoint('/page.js', { method: 'GET' }, async () => fixedResponse(script, 'text/javascript')),
		},
	});
	return {
		world,
		pool,
		url: `${world.url}/`,
		async room() {
			const [listing] = await matchMaker.query({ name: 'office' });
			const room = listing ? (matchMaker.getLocalRoomById(listing.roomId) as WorldRoom | undefined) : undefined;
			if (!room) throw new Error('E_NO_ROOM: no office room in this process (has a player joined?)');
			return room;
		},
		async close() {
			await world.close();
			await pool.close();
		},
	};
}

/**
 * A response with a known length, on a connection closed afterwards.
 * Colyseus 0.18's router stalls on bodies of about 100 KB and more sent
 * without a Content-Length, and after a large body the keep-alive socket
 * no longer answers the next request (a browser's matchmaking POST hung).
 */
function fixedResponse(body: string, type: string): Response {
	const blob = new Blob([body]);
	return new Response(blob, { headers: { 'content-type': type, 'content-length': String(blob.size), connection: 'close' } });
}
