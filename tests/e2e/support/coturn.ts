import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaRoomOptions } from '@hallway/media/server';

type IceServer = NonNullable<MediaRoomOptions['iceServers']>[number];

/** Debian's coturn (`apt-get install coturn`; `npm test`'s preflight installs it when root). */
export const TURNSERVER_PATH = process.env.HALLWAY_TURNSERVER ?? '/usr/bin/turnserver';

/**
 * Relay ports: above Linux's ephemeral range (32768-60999) and mediasoup's
 * default port range (10000-59999), so that neither takes the ports coturn
 * relays from. A hundred allocations are plenty for a test.
 */
const RELAY_PORTS = { min: 61_000, max: 61_099 };

/** How long coturn gets to answer its first STUN binding request. */
const START_TIMEOUT_MS = 10_000;

export interface TurnServer {
	/** What to put in `MediaRoomOptions.iceServers`: UDP TURN on 127.0.0.1 with long-term credentials. */
	iceServer: IceServer;
	/** Everything coturn logged so far. */
	log(): string;
	/** Allocations coturn granted so far (one per relayed browser transport). */
	allocations(): number;
	/** Stops coturn (SIGTERM, SIGKILL after 2 s) and removes its temporary files. Idempotent. */
	close(): Promise<void>;
}

/**
 * Starts a throwaway coturn on 127.0.0.1: no config file, no daemon, no CLI,
 * UDP only, one user `hallway` in realm `hallway`, log on stdout. Resolves
 * once it answers a STUN binding request.
 */
export async function startCoturn(): Promise<TurnServer> {
	if (!existsSync(TURNSERVER_PATH)) {
		throw new Error(`E_NO_COTURN: ${TURNSERVER_PATH} not found; run \`npm test\` (its preflight installs it) or apt-get install coturn (or set HALLWAY_TURNSERVER)`);
	}
	const dir = await mkdtemp(path.join(tmpdir(), 'hallway-coturn-'));
	const port = await freeUdpPort();
	const credential = randomBytes(9).toString('base64url');
	const child = spawn(
		TURNSERVER_PATH,
		[
			'-n', // no config file: everything is on this line
			'--listening-ip=127.0.0.1',
			'--relay-ip=127.0.0.1',
			`--listening-port=${port}`,
			`--min-port=${RELAY_PORTS.min}`,
			`--max-port=${RELAY_PORTS.max}`,
			'--lt-cred-mech',
			`--user=hallway:${credential}`,
			'--realm=hallway',
			'--fingerprint',
			// The browsers reach coturn over UDP only; fewer listeners, fewer ports to collide.
			'--no-tcp',
			'--no-tls',
			'--no-dtls',
			'--no-tcp-relay',
			// The peers (mediasoup's WebRtcServer) are on 127.0.0.1, which coturn refuses by default.
			'--allow-loopback-peers',
			'--no-cli',
			'--no-rfc5780',
			// Its pid file and SQLite user database would otherwise go to /var/run and /var/lib/turn.
			`--pidfile=${path.join(dir, 'turnserver.pid')}`,
			`--userdb=${path.join(dir, 'turndb')}`,
			'--log-file=stdout',
			'--simple-log',
			// Logs each session's ALLOCATE/CREATE_PERMISSION, which the tests count.
			'--verbose',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let log = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	let closed = false;
	const server: TurnServer = {
		iceServer: { urls: `turn:127.0.0.1:${port}?transport=udp`, username: 'hallway', credential },
		log: () => log,
		allocations: () => log.match(/ALLOCATE processed, success/g)?.length ?? 0,
		async close() {
			if (closed) return;
			closed = true;
			await stop(child, exited);
			await rm(dir, { recursive: true, force: true });
		},
	};
	try {
		await waitForStun(port, exited, () => log);
	} catch (error) {
		await server.close();
		throw error;
	}
	return server;
}

/** A UDP port free on 127.0.0.1 right now (the kernel picks it; coturn binds it a moment later). */
async function freeUdpPort(): Promise<number> {
	const socket = createSocket('udp4');
	await new Promise<void>((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(0, '127.0.0.1', resolve);
	});
	const { port } = socket.address();
	await new Promise<void>((resolve) => socket.close(() => resolve()));
	return port;
}

/**
 * Sends STUN binding requests (RFC 5389 §6: type 0x0001, no attributes,
 * magic cookie, random transaction id) every 100 ms until one is answered:
 * coturn answers them without credentials once its listener is up.
 */
async function waitForStun(port: number, exited: Promise<void>, log: () => string): Promise<void> {
	const socket = createSocket('udp4');
	const request = Buffer.alloc(20);
	request.writeUInt16BE(0x0001, 0);
	request.writeUInt32BE(0x2112a442, 4);
	randomBytes(12).copy(request, 8);
	let timer: NodeJS.Timeout | undefined;
	try {
		const answered = new Promise<'answered'>((resolve) =>
			socket.on('message', (message) => {
				if (message.length >= 20 && message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(request.subarray(8, 20))) resolve('answered');
			}),
		);
		socket.on('error', () => undefined); // ICMP port unreachable before coturn binds: keep asking
		const ask = () => socket.send(request, port, '127.0.0.1', () => undefined);
		ask();
		timer = setInterval(ask, 100);
		const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, START_TIMEOUT_MS, 'timeout').unref());
		const outcome = await Promise.race([answered, exited.then(() => 'exited' as const), timeout]);
		if (outcome === 'exited') throw new Error(`E_COTURN_EXITED: turnserver exited before listening on 127.0.0.1:${port}:\n${log()}`);
		if (outcome === 'timeout') throw new Error(`E_COTURN_TIMEOUT: turnserver did not answer STUN on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${log()}`);
	} finally {
		clearInterval(timer);
		socket.close();
	}
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
	await exited;
	clearTimeout(timer);
}
