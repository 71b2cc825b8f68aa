// The office demo's server: one world ("office") with the office and garden
// maps, the media plane on a mediasoup WorkerPool, the stage broadcast to
// /watch (FFmpeg, HLS), and the built web client (examples/office/dist)
// served from the same port.
//
//   node scripts/run-ts.mjs examples/office/server.ts     (npm start builds the client first)
//
// Environment: HOST (default 127.0.0.1), PORT (default 3000),
// MEDIA_ANNOUNCED_IP (the address browsers reach when HOST is 0.0.0.0),
// OFFICE_CLIENT_DIR (the built client; default examples/office/dist).
// Several processes: REDIS_URL (e.g. redis://127.0.0.1:6379) makes this one
// of several processes sharing that Redis, each on its own PORT; PUBLIC_ADDRESS
// is the host:port at which browsers reach this very process (default
// HOST:PORT). See docs/scaling.md. Without REDIS_URL: one process, no Redis.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WorkerPool, type WorkerPoolOptions } from '@hallway/media/server';
import { loadMapFile, startWorldServer, type WorldServer } from '@hallway/world-server';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const redis = process.env.REDIS_URL || undefined;
const publicAddress = process.env.PUBLIC_ADDRESS || undefined;
const resolvePackage = createRequire(import.meta.url).resolve;

// Found through the package, not this file: scripts/run-ts.mjs runs a bundle from a temp directory.
const mapsDir = path.join(path.dirname(resolvePackage('@hallway/world-server/package.json')), 'maps');

const clientDir = findClientDir();
if (!clientDir) {
	console.warn('No built web client found (examples/office/dist): run `npm start` from the repo root, which builds it first.');
}

const [office, garden] = await Promise.all([loadMapFile(path.join(mapsDir, 'office.tmj')), loadMapFile(path.join(mapsDir, 'garden.tmj'))]);

let pool: WorkerPool;
try {
	pool = await WorkerPool.start(mediaOptions());
} catch (error) {
	// Usually a missing mediasoup worker binary: the error names the command that builds it.
	console.error(`Could not start the media plane: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}

// The rest of the demo runs without FFmpeg: say how to get /watch rather than fail on the first speaker.
const hasFfmpeg = spawnSync(process.env.HALLWAY_FFMPEG ?? 'ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
if (!hasFfmpeg) console.log('No FFmpeg here: the stage broadcast (/watch) is off. sudo apt-get install ffmpeg, then restart.');

let world: WorldServer;
try {
	world = await startWorldServer({
		host,
		port,
		worlds: {
			office: {
				maps: new Map([
					[office.name, office],
					[garden.name, garden],
				]),
				defaultMap: office.name,
				media: { pool },
				// Whoever stands on a stage is broadcast to /watch (needs Debian's ffmpeg; only its own lines are logged).
				...(hasFfmpeg ? { spectator: { log: (line: string) => line.startsWith('[spectator]') && console.log(line) } } : {}),
			},
		},
		...(clientDir ? { static: { '/': clientDir } } : {}),
		// Any process seats a player in the office room wherever it lives; the browser then opens the
		// room's WebSocket on the process that holds it (its public address), where the room's media is too.
		...(redis ? { redis, ...(publicAddress ? { publicAddress } : {}) } : {}),
		// Ctrl+C / SIGTERM: stop joins, tell everyone, close the rooms and the workers, exit 0.
		// (mediasoup's workers add their own signal listeners, so the server must own the exit.)
		handleSignals: { reason: 'the demo server is stopping', timeoutMs: 5000 },
	});
} catch (error) {
	await pool.close();
	const busy = (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
	console.error(busy ? `Port ${port} is in use: stop what runs there, or start with PORT=3001.` : `Could not start the world server: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}

// Browsers on this machine reach a wildcard listener through loopback.
const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
console.log(`\nHallway office demo: http://${shownHost}:${world.port}/\n`);
if (redis) console.log(`One of several processes on ${redis.replace(/\/\/[^@]*@/, '//')} (process ${world.processId}, reached at ${world.publicAddress}).`);
console.log('Open it in two browser tabs, pick two names, and walk up to each other. Ctrl+C stops the server.');
if (hasFfmpeg) console.log(`Whoever stands on the stage is broadcast to http://${shownHost}:${world.port}/watch (HLS, a few seconds behind).`);

/** The pool's network options from the environment: loopback by default, a LAN address when HOST says so. */
function mediaOptions(): WorkerPoolOptions {
	const announced = process.env.MEDIA_ANNOUNCED_IP;
	if (host === '127.0.0.1' || host === 'localhost') return {};
	if (!announced && (host === '0.0.0.0' || host === '::')) {
		console.warn(`HOST=${host}: set MEDIA_ANNOUNCED_IP to this machine's address, or other machines will not get media.`);
	}
	return { listenIp: host, ...(announced ? { announcedAddress: announced } : {}) };
}

/** The built client: OFFICE_CLIENT_DIR, else this example's dist through its package, else from the working directory. */
function findClientDir(): string | undefined {
	const candidates = [process.env.OFFICE_CLIENT_DIR];
	try {
		candidates.push(path.join(path.dirname(resolvePackage('@hallway/example-office/package.json')), 'dist'));
	} catch {
		// Not linked yet (npm install adds the workspace link): the paths below still work.
	}
	candidates.push(path.resolve('examples/office/dist'), path.resolve('dist'));
	return candidates.find((dir) => dir !== undefined && existsSync(path.join(dir, 'index.html')));
}
