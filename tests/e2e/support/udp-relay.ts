import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface Address {
	host: string;
	port: number;
}

/**
 * A UDP relay on loopback between browsers and a mediasoup worker: the
 * worker listens on 127.0.0.1 and announces another loopback address in its
 * ICE candidates (`announcedAddress: '127.0.0.2'`, same port), where the
 * relay listens; the relay forwards each browser's datagrams from a socket of its own and
 * the answers back. `cut()` drops everything both ways, as a network that
 * went away does, until `restore()`; ICE then has to find its way back.
 */
export class UdpRelay {
	readonly #front: Socket;
	readonly #target: Address;
	/** One upstream socket per browser address ("ip:port"). */
	readonly #upstreams = new Map<string, Socket>();
	#cut = false;
	/** Datagrams dropped while cut, both ways. */
	dropped = 0;

	private constructor(front: Socket, target: Address) {
		this.#front = front;
		this.#target = target;
		front.on('message', (message, from) => this.#fromBrowser(message, from));
	}

	/** Listens on `listen` (a loopback address) and forwards to `target`. */
	static async start(listen: Address, target: Address): Promise<UdpRelay> {
		const front = createSocket('udp4');
		await new Promise<void>((resolve, reject) => {
			front.once('error', reject);
			front.bind(listen.port, listen.host, () => resolve());
		});
		return new UdpRelay(front, target);
	}

	cut(): void {
		this.#cut = true;
	}

	restore(): void {
		this.#cut = false;
	}

	close(): void {
		for (const socket of this.#upstreams.values()) socket.close();
		this.#upstreams.clear();
		this.#front.close();
	}

	#fromBrowser(message: Buffer, from: RemoteInfo): void {
		if (this.#cut) {
			this.dropped += 1;
			return;
		}
		const key = `${from.address}:${from.port}`;
		let upstream = this.#upstreams.get(key);
		if (!upstream) {
			upstream = createSocket('udp4');
			upstream.bind(0, '127.0.0.1');
			upstream.on('message', (answer) => {
				if (this.#cut) this.dropped += 1;
				else this.#front.send(answer, from.port, from.address);
			});
			this.#upstreams.set(key, upstream);
		}
		upstream.send(message, this.#target.port, this.#target.host);
	}
}

/** A UDP port that was free a moment ago on loopback (bound, read, released). */
export async function freeUdpPort(): Promise<number> {
	const probe = createSocket('udp4');
	await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
	const { port } = probe.address();
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}
