/**
 * Coffee Run's server: the built game (dist/) and the "meadow" world, with
 * the media plane, on one port.
 *
 *   npm run build -w examples/embed-phaser && npm start -w examples/embed-phaser
 *   PORT=4000 npm start -w examples/embed-phaser
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WorkerPool } from '@hallway/media/server';
import { loadMapFile, startWorldServer } from '@hallway/world-server';
import { Meadow } from './src/meadow.js';
import { meadowTiledMap } from './src/meadow-tiled.js';

const port = Number(process.env.PORT ?? 3001);
const host = '127.0.0.1';

// `npm start` runs in this directory; `node scripts/run-ts.mjs examples/embed-phaser/server.ts` in the repo root.
const dist = [path.resolve('dist'), path.resolve('examples/embed-phaser/dist')].find((dir) => existsSync(path.join(dir, 'index.html')));
if (!dist) {
	console.error('E_NOT_BUILT: no dist/index.html; run `npm run build -w examples/embed-phaser` first');
	process.exit(1);
}

// The world server reads Tiled maps from files: write the game's level as one.
const mapDir = await mkdtemp(path.join(os.tmpdir(), 'coffee-run-'));
const mapFile = path.join(mapDir, 'meadow.tmj');
await writeFile(mapFile, JSON.stringify(meadowTiledMap(new Meadow())));
const meadow = await loadMapFile(mapFile);

// Usually fails for a missing mediasoup worker binary; the error names the command that provides it.
const pool = await WorkerPool.start({ workers: 1 }).catch((error: Error) => exit(`could not start the media plane: ${error.message}`));
const world = await startWorldServer({
	host,
	port,
	worlds: { meadow: { maps: new Map([[meadow.name, meadow]]), media: { pool } } },
	static: { '/': dist },
}).catch(async (error: Error & { code?: string }) => {
	await pool.close();
	return exit(error.code === 'EADDRINUSE' ? `port ${port} is in use: start with PORT=<another port>` : `could not start: ${error.message}`);
});
console.log(`Coffee Run on ${world.url}/ (open it in two tabs and walk up to each other)`);

// mediasoup's workers listen for SIGINT/SIGTERM themselves, which takes away
// Node's default exit: the server closes the world and the workers, then exits.
let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing`);
	await world.close().catch((error: unknown) => console.error(error));
	await pool.close().catch((error: unknown) => console.error(error));
	await rm(mapDir, { recursive: true, force: true });
	process.exit(0);
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

async function exit(message: string): Promise<never> {
	console.error(`Coffee Run: ${message}`);
	await rm(mapDir, { recursive: true, force: true });
	process.exit(1);
}
