import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** The lossy UDP relay of `lossy-udp-relay-process.ts`, running in a child process, driven from the test. */
export interface RelayProcess {
	/** The port browsers send to. */
	readonly port: number;
	/** Sets the share of packets dropped each way (0..1; 1 cuts the path); resolves with the counts so far. */
	setLoss(loss: number): Promise<{ forwarded: number; dropped: number }>;
	/** Packets forwarded and dropped so far. */
	counts(): Promise<{ forwarded: number; dropped: number }>;
	close(): void;
}

/**
 * Starts the relay in its own process: every packet then waits for that
 * process's event loop only, not for the test process's (which also runs
 * the world server and Colyseus, and on a busy machine would add its own
 * delays and drops to the ones the test asks for).
 */
export async function startRelayProcess(targetPort: number, listen: { host: string; port: number } = { host: '127.0.0.1', port: 0 }): Promise<RelayProcess> {
	const args = [String(targetPort), listen.host, String(listen.port)];
	const child = fork(new URL('./lossy-udp-relay-process.ts', import.meta.url), args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const next = <T>(key: string) =>
		new Promise<T>((resolve, reject) => {
			const onMessage = (message: Record<string, unknown>) => {
				if (!(key in message)) return;
				child.off('message', onMessage);
				child.off('exit', onExit);
				resolve(message[key] as T);
			};
			const onExit = (code: number | null) => reject(new Error(`E_RELAY: the relay process exited (${code})`));
			child.on('message', onMessage);
			child.once('exit', onExit);
		});
	const port = await next<number>('port');
	return {
		port,
		setLoss(loss) {
			const counts = next<{ forwarded: number; dropped: number }>('counts');
			child.send({ loss });
			return counts;
		},
		counts() {
			const counts = next<{ forwarded: number; dropped: number }>('counts');
			child.send({});
			return counts;
		},
		close() {
			if (child.connected) child.disconnect();
		},
	};
}

/** A UDP port that was free a moment ago on loopback (bound, read, released). */
export async function freeUdpPort(): Promise<number> {
	const probe = createSocket('udp4');
	await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
	const { port } = probe.address();
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}
