import dgram from 'node:dgram';
import { HallwayError } from '@hallway/media';

/** Tries per port pair before giving up: a busy machine rarely needs more than a few. */
const ATTEMPTS_PER_PAIR = 50;

/**
 * Finds `count` pairs of free UDP ports (`port`, `port + 1`) on `ip`, for
 * FFmpeg's RTP and RTCP sockets: no fixed port range to configure. Each
 * port is bound by this process while the search runs (so two pairs never
 * overlap) and released at the end, just before FFmpeg binds it; another
 * process grabbing one in between makes FFmpeg fail to start, and the
 * supervisor's restart finds new ports.
 */
export async function findFreePortPairs(count: number, ip: string): Promise<number[]> {
	const held: dgram.Socket[] = [];
	const ports: number[] = [];
	try {
		for (let i = 0; i < count; i++) {
			let found: number | undefined;
			for (let attempt = 0; attempt < ATTEMPTS_PER_PAIR && found === undefined; attempt++) {
				const rtp = await bind(ip, 0);
				const port = (rtp.address() as { port: number }).port;
				const rtcp = port < 65535 ? await bind(ip, port + 1).catch(() => undefined) : undefined;
				held.push(rtp);
				if (rtcp) {
					held.push(rtcp);
					found = port;
				}
			}
			if (found === undefined) throw new HallwayError('E_NO_UDP_PORTS', `found no two adjacent free UDP ports on ${ip} in ${ATTEMPTS_PER_PAIR} tries`);
			ports.push(found);
		}
		return ports;
	} finally {
		await Promise.all(held.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
	}
}

function bind(ip: string, port: number): Promise<dgram.Socket> {
	return new Promise((resolve, reject) => {
		const socket = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
		socket.once('error', (error) => {
			socket.close();
			reject(error);
		});
		socket.bind(port, ip, () => {
			socket.removeAllListeners('error');
			resolve(socket);
		});
	});
}
