// The child process of `startRelayProcess` (run by Node's own type
// stripping, so it imports nothing but Node): a LossyUdpRelay whose loss the
// parent sets over IPC.
import dgram from 'node:dgram';

/**
 * A UDP relay on loopback that drops a share of the packets it forwards, both
 * ways: browsers send to it instead of the mediasoup worker, and it forwards
 * to the worker from one socket per browser address (so the worker answers
 * each browser through its own socket). Stands in for a lossy network where
 * `tc netem` is not available (this machine's kernel has no `sch_netem`).
 * Drops are random with a fixed seed, so a run is reproducible.
 */
class LossyUdpRelay {
	/** The share of packets dropped in each direction, 0..1; change it at any time. */
	loss = 0;
	/** Packets forwarded and dropped so far, both directions. */
	readonly counts = { forwarded: 0, dropped: 0 };
	readonly #front = dgram.createSocket('udp4');
	readonly #upstreams = new Map<string, dgram.Socket>();
	readonly #target: number;
	#seed: number;

	private constructor(target: number, seed: number) {
		this.#target = target;
		this.#seed = seed;
	}

	/** Opens a relay in front of `127.0.0.1:targetPort`, listening on `host:port` (port 0: any free one). */
	static async open(targetPort: number, host = '127.0.0.1', port = 0, seed = 0x5eed): Promise<LossyUdpRelay> {
		const relay = new LossyUdpRelay(targetPort, seed);
		relay.#front.on('message', (message, from) => relay.#fromBrowser(message, from));
		await new Promise<void>((resolve, reject) => {
			relay.#front.once('error', reject);
			relay.#front.bind(port, host, () => resolve());
		});
		return relay;
	}

	/** The port browsers send to. */
	get port(): number {
		return this.#front.address().port;
	}

	close(): void {
		this.#front.close();
		for (const socket of this.#upstreams.values()) socket.close();
		this.#upstreams.clear();
	}

	#fromBrowser(message: Buffer, from: dgram.RemoteInfo): void {
		const key = `${from.address}:${from.port}`;
		let upstream = this.#upstreams.get(key);
		if (!upstream) {
			const socket = dgram.createSocket('udp4');
			socket.on('message', (reply) => {
				if (this.#keep()) this.#front.send(reply, from.port, from.address);
			});
			socket.on('error', () => undefined);
			socket.bind(0, '127.0.0.1');
			this.#upstreams.set(key, (upstream = socket));
		}
		if (this.#keep()) upstream.send(message, this.#target, '127.0.0.1');
	}

	/** Whether to forward the next packet (mulberry32: small, seeded, uniform enough). */
	#keep(): boolean {
		this.#seed = (this.#seed + 0x6d2b79f5) | 0;
		let t = this.#seed;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		const random = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		const keep = random >= this.loss;
		if (keep) this.counts.forwarded++;
		else this.counts.dropped++;
		return keep;
	}
}

const [target, host, port] = process.argv.slice(2);
const relay = await LossyUdpRelay.open(Number(target), host, Number(port ?? 0));
process.on('message', (message: { loss?: number }) => {
	if (typeof message.loss === 'number') relay.loss = message.loss;
	process.send?.({ counts: relay.counts });
});
process.on('disconnect', () => {
	relay.close();
	process.exit(0);
});
process.send?.({ port: relay.port });
