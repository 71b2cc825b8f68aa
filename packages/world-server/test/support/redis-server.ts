import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';

/** Debian's redis-server (`apt-get install redis-server`; `npm test`'s preflight installs it when root). */
export const REDIS_SERVER_PATH = process.env.HALLWAY_REDIS_SERVER ?? '/usr/bin/redis-server';

/** How long redis-server gets to say it accepts connections. */
const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
	/** `redis://127.0.0.1:<port>`: for `startWorldServer({ redis })` and `REDIS_URL`. */
	url: string;
	port: number;
	/** Stops redis-server (SIGTERM, SIGKILL after 2 s). Idempotent. */
	close(): Promise<void>;
}

/**
 * Starts a throwaway redis-server on a free loopback port: no config file,
 * no persistence (no RDB snapshot, no append-only file), nothing written to
 * disk. Resolves once it logs that it accepts connections.
 */
export async function startRedisServer(): Promise<RedisServer> {
	if (!existsSync(REDIS_SERVER_PATH)) {
		throw new Error(`E_NO_REDIS: ${REDIS_SERVER_PATH} not found; run \`npm test\` (its preflight installs it) or apt-get install redis-server (or set HALLWAY_REDIS_SERVER)`);
	}
	const port = await freeTcpPort();
	const child = spawn(REDIS_SERVER_PATH, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	const onData = (chunk: Buffer) => {
		log += chunk.toString();
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	try {
		await waitFor(child, () => log.includes('Ready to accept connections'), () => log);
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	return { url: `redis://127.0.0.1:${port}`, port, close: () => stop(child) };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freeTcpPort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

function waitFor(child: ChildProcess, ready: () => boolean, log: () => string): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`E_REDIS_START: redis-server not ready within ${START_TIMEOUT_MS} ms:\n${log()}`)), START_TIMEOUT_MS);
		const check = () => {
			if (ready()) done();
		};
		const exited = (code: number | null) => done(new Error(`E_REDIS_START: redis-server exited (code ${code}):\n${log()}`));
		function done(error?: Error) {
			clearTimeout(timer);
			child.stdout!.off('data', check);
			child.off('exit', exited);
			if (error) reject(error);
			else resolve();
		}
		child.stdout!.on('data', check);
		child.once('exit', exited);
		check();
	});
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
	await exited;
	clearTimeout(timer);
}
