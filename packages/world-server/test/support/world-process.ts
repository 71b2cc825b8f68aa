import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalRoom, WORLD_PROCESS_READY, type WorldProcessReady } from './world-process-protocol.js';

export type { LocalRoom };

const root = repositoryRoot();
const entry = path.join(root, 'packages/world-server/test/support/world-process-entry.ts');

/** Bundling the entry and starting a mediasoup worker take a few seconds on a busy machine. */
const START_TIMEOUT_MS = 45_000;

export interface WorldProcessOptions {
	/** The shared Redis, `redis://127.0.0.1:<port>`. */
	redisUrl: string;
	/** A bundled browser script the process serves as `/page.js` under a page at `/`. */
	pagePath?: string;
	/** The secured world's HS256 secret. */
	secret?: string;
}

/** A world server running in a child process of its own (own event loop, own mediasoup workers). */
export interface WorldProcess extends WorldProcessReady {
	/** The rooms that live in this process, from the process itself. */
	rooms(): Promise<LocalRoom[]>;
	/** Everything the process printed so far. */
	log(): string;
	/** SIGTERM (the server drains, closes its workers, exits), SIGKILL to its process group after 10 s. Idempotent. */
	close(): Promise<void>;
}

/**
 * Starts `world-process-entry.ts` through scripts/run-ts.mjs (esbuild bundle,
 * workspace packages from their sources) and resolves once it listens.
 */
export async function startWorldProcess(options: WorldProcessOptions): Promise<WorldProcess> {
	const child = spawn(process.execPath, ['scripts/run-ts.mjs', entry], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group: the SIGKILL fallback reaches run-ts, the server and its mediasoup worker.
		detached: true,
		env: {
			...process.env,
			REDIS_URL: options.redisUrl,
			...(options.pagePath ? { HALLWAY_TEST_PAGE: options.pagePath } : {}),
			...(options.secret ? { HALLWAY_TEST_SECRET: options.secret } : {}),
		},
	});
	let log = '';
	child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
	let ready: WorldProcessReady;
	try {
		ready = await readyLine(child, () => log);
	} catch (error) {
		killGroup(child);
		throw error;
	}
	return {
		...ready,
		async rooms() {
			const response = await fetch(`${ready.url}/test/rooms`);
			if (!response.ok) throw new Error(`E_TEST_ROOMS: ${response.status} from ${ready.url}/test/rooms`);
			return (await response.json()) as LocalRoom[];
		},
		log: () => log,
		close: () => stop(child),
	};
}

function readyLine(child: ChildProcess, log: () => string): Promise<WorldProcessReady> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`E_WORLD_PROCESS_START: no ready line within ${START_TIMEOUT_MS} ms:\n${log()}`)), START_TIMEOUT_MS);
		const check = () => {
			const line = log()
				.split('\n')
				.find((l) => l.startsWith(`${WORLD_PROCESS_READY} `));
			if (line) done(undefined, JSON.parse(line.slice(WORLD_PROCESS_READY.length + 1)) as WorldProcessReady);
		};
		const exited = (code: number | null) => done(new Error(`E_WORLD_PROCESS_START: exited (code ${code}) before listening:\n${log()}`));
		function done(error?: Error, ready?: WorldProcessReady) {
			clearTimeout(timer);
			child.stdout!.off('data', check);
			child.off('exit', exited);
			if (error) reject(error);
			else resolve(ready!);
		}
		child.stdout!.on('data', check);
		child.once('exit', exited);
	});
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	// To run-ts alone, which passes it on to the server: the server owns its workers' shutdown.
	child.kill('SIGTERM');
	const timer = setTimeout(() => killGroup(child), 10_000);
	await exited;
	clearTimeout(timer);
}

function killGroup(child: ChildProcess): void {
	try {
		process.kill(-child.pid!, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/**
 * The repository root: the nearest directory above the working directory
 * whose package.json declares workspaces (this file may run bundled, from
 * elsewhere, as part of a benchmark).
 */
function repositoryRoot(): string {
	for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && 'workspaces' in JSON.parse(readFileSync(manifest, 'utf8'))) return dir;
		if (path.dirname(dir) === dir) throw new Error('E_NO_REPOSITORY: run from inside the Hallway repository');
	}
}
