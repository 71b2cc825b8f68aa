// `npm start`: the office demo. Builds the web client (examples/office) with
// Vite when its sources changed, installs FFmpeg for the stage broadcast when
// it is missing and this is root on Debian, then runs the world server, which
// serves the client and prints its URL. Open it in two tabs and walk up to
// each other.
//
//   node scripts/start.mjs              (from the repo root; npm start does this)
//   HALLWAY_REBUILD=1 npm start         (build the client even if it looks fresh)
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackages } from './debian-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = path.join(root, 'examples', 'office');
const builtIndex = path.join(example, 'dist', 'index.html');

/** Upper bound for the server's graceful close after Ctrl+C, ms; then it is killed. */
const SHUTDOWN_TIMEOUT_MS = 8000;

await buildClientIfStale();
ensureFfmpeg();
runServer();

/**
 * The stage broadcast (/watch) runs FFmpeg. Installed like the tests'
 * packages when this is root on Debian; otherwise (or if apt-get fails) the
 * demo runs without /watch and the server says how to get it.
 */
function ensureFfmpeg() {
	const command = process.env.HALLWAY_FFMPEG || 'ffmpeg';
	if (spawnSync(command, ['-version'], { stdio: 'ignore' }).status === 0) return;
	try {
		ensurePackages([{ what: "the demo's stage broadcast (/watch) needs FFmpeg", path: process.env.HALLWAY_FFMPEG || '/usr/bin/ffmpeg', packages: ['ffmpeg'], env: 'HALLWAY_FFMPEG' }], 'for the stage broadcast');
	} catch (error) {
		console.error(`[hallway] could not install FFmpeg (${error instanceof Error ? error.message : String(error)}): the demo runs without /watch.`);
	}
}

async function buildClientIfStale() {
	const builtAt = mtimeOf(builtIndex);
	// The client bundles the workspace packages from their sources: their changes count too.
	const inputs = [
		path.join(example, 'src'),
		path.join(example, 'index.html'),
		path.join(example, 'vite.config.ts'),
		path.join(example, 'package.json'),
		...['media', 'world-client', 'world-server'].flatMap((name) => [path.join(root, 'packages', name, 'src'), path.join(root, 'packages', name, 'package.json')]),
	];
	if (!process.env.HALLWAY_REBUILD && builtAt > 0 && newestMtime(inputs) <= builtAt) {
		console.log('Office client is up to date (examples/office/dist).');
		return;
	}
	console.log('Building the office client (examples/office) with Vite…');
	const started = performance.now();
	const { build } = await import('vite');
	try {
		await build({ root: example, configFile: path.join(example, 'vite.config.ts'), logLevel: 'warn' });
	} catch (error) {
		console.error(`\nThe office client did not build: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
	console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/**
 * Runs examples/office/server.ts through scripts/run-ts.mjs, in its own
 * process group so that this script alone decides how it stops: Ctrl+C (or a
 * SIGTERM from whoever started `npm start`) is passed to the server, which
 * closes the world and the mediasoup workers; run-ts then removes its
 * bundle and exits, and so does this script.
 */
function runServer() {
	const detached = process.platform !== 'win32';
	const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'examples/office/server.ts'], { cwd: root, stdio: 'inherit', detached });
	let stopping = false;
	const stop = (signal) => {
		// npm forwards the terminal's Ctrl+C that this process also got: one is enough.
		if (stopping) return;
		stopping = true;
		deliver(signal);
		setTimeout(() => {
			signalProcess(detached ? -child.pid : child.pid, 'SIGKILL');
			process.exit(1);
		}, SHUTDOWN_TIMEOUT_MS).unref();
	};
	// To the server; in its first second it may not be spawned yet (run-ts is bundling): wait for it a little.
	const deliver = (signal, attempts = 20) => {
		const server = detached ? serverPid(child.pid) : undefined;
		if (server !== undefined) return signalProcess(server, signal);
		if (detached && attempts > 0) return void setTimeout(() => deliver(signal, attempts - 1), 100);
		signalProcess(detached ? -child.pid : child.pid, signal);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	// `kill <npm's pid>` stops npm and its shell without reaching this script:
	// a parent gone means stop, or the server would outlive `npm start`.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) stop('SIGTERM');
	}, 500).unref();
	child.on('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
}

/**
 * The server process: the child of run-ts.mjs that runs its bundle (the
 * other child is esbuild's service). run-ts waits in spawnSync without signal
 * handlers, so signalling it would kill it before it removes its temporary
 * bundle; the server itself owns shutdown. Linux lists children in /proc;
 * elsewhere the caller signals the whole group instead.
 */
function serverPid(runTsPid) {
	try {
		const children = readFileSync(`/proc/${runTsPid}/task/${runTsPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
		const server = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('.run-ts-'));
		return server ? Number(server) : undefined;
	} catch {
		return undefined;
	}
}

function signalProcess(pid, signal) {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

function mtimeOf(file) {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

/** Newest modification time of files and of everything under directories (0 if none exist). */
function newestMtime(paths) {
	let newest = 0;
	for (const entry of paths) {
		let info;
		try {
			info = statSync(entry);
		} catch {
			continue;
		}
		if (info.isDirectory()) {
			newest = Math.max(newest, newestMtime(readdirSync(entry).map((name) => path.join(entry, name))));
		} else newest = Math.max(newest, info.mtimeMs);
	}
	return newest;
}
