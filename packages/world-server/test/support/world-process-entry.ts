// One world server process among several on a shared Redis, for the
// multi-process tests (started by `startWorldProcess()` through
// scripts/run-ts.mjs). Its own mediasoup WorkerPool (one worker), the demo
// office world with media, a "secured" world (JWT auth, a short rejoin
// cooldown, no media), and two test endpoints:
//   GET /test/rooms   the rooms that live in this process, with their players and media counts
//   GET /            the test page (`/page.js`) when HALLWAY_TEST_PAGE names a bundled script
// Prints one line `HALLWAY_WORLD_PROCESS {json}` once it listens; SIGTERM
// drains it, closes its workers and exits.
//
// Environment: REDIS_URL (required), HALLWAY_TEST_SECRET (the secured world's
// HS256 secret), HALLWAY_TEST_PAGE (optional).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createEndpoint, matchMaker } from '@colyseus/core';
import { WorkerPool } from '@hallway/media/server';
import { jwtAuthenticate, loadMapFile, startWorldServer, type WorldConfig, type WorldRoom } from '@hallway/world-server';
import { type LocalRoom, WORLD_PROCESS_READY, type WorldProcessReady } from './world-process-protocol.js';

const redis = process.env.REDIS_URL;
if (!redis) throw new Error('E_NO_REDIS_URL: set REDIS_URL');
const secret = process.env.HALLWAY_TEST_SECRET ?? 'hallway multi-process test secret, 32+ bytes';
const pagePath = process.env.HALLWAY_TEST_PAGE;

// The bundle runs from a temp directory: find the maps through the package.
const mapsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@hallway/world-server/package.json')), 'maps');
const [office, garden, pool, page] = await Promise.all([
	loadMapFile(path.join(mapsDir, 'office.tmj')),
	loadMapFile(path.join(mapsDir, 'garden.tmj')),
	WorkerPool.start({ workers: 1 }),
	pagePath ? readFile(pagePath, 'utf8') : undefined,
]);
const maps = new Map([
	[office.name, office],
	[garden.name, garden],
]);
const worlds: Record<string, WorldConfig> = {
	office: { maps, defaultMap: office.name, media: { pool } },
	secured: { maps, defaultMap: office.name, authenticate: jwtAuthenticate({ secret }), limits: { rejoinCooldownMs: 5_000 } },
};

const world = await startWorldServer({
	worlds,
	redis,
	endpoints: {
		rooms: createEndpoint('/test/rooms', { method: 'GET' }, async () => Response.json(await localRooms())),
		...(page === undefined
			? {}
			: {
					page: createEndpoint('/', { method: 'GET' }, async () => fixedResponse('<!doctype html><meta charset="utf-8"><title>hallway test</title><body><script type="module" src="/page.js"></script>', 'text/html')),
					script: createEndpoint('/page.js', { method: 'GET' }, async () => fixedResponse(page, 'text/javascript')),
				}),
	},
	handleSignals: { reason: 'test process stopping', timeoutMs: 5_000 },
});

const ready: WorldProcessReady = { url: world.url, port: world.port, processId: world.processId, publicAddress: world.publicAddress!, pid: process.pid };
console.log(`${WORLD_PROCESS_READY} ${JSON.stringify(ready)}`);

/** The rooms this process holds, found through the shared listing and kept if local. */
async function localRooms(): Promise<LocalRoom[]> {
	const listings = await matchMaker.query({ processId: world.processId });
	return listings.flatMap((listing): LocalRoom[] => {
		const room = matchMaker.getLocalRoomById(listing.roomId) as WorldRoom | undefined;
		if (!room) return [];
		return [{ roomId: room.roomId, world: room.roomName, map: room.map.name, players: room.clients.map((c) => c.sessionId), media: room.media?.counts() ?? null }];
	});
}

/** A body with a known length on a closed connection (see tests/e2e/support/world-harness.ts for why). */
function fixedResponse(body: string, type: string): Response {
	const blob = new Blob([body]);
	return new Response(blob, { headers: { 'content-type': type, 'content-length': String(blob.size), connection: 'close' } });
}
