// Consumers per worker and worker CPU for a meeting of N browser-free peers:
// one mediasoup worker, one router; every peer sends Opus-like audio (50
// packets/s, ~64 kbps) and VP8-like video (30 frames/s of two ~1,100-byte
// packets, ~530 kbps, a key frame every second) from node over a
// PlainTransport, and consumes every other peer (audio + video) through its
// own PlainTransport whose packets a node UDP socket only counts. Loopback.
//
// Worker CPU = delta of worker.getResourceUsage() (ru_utime + ru_stime) over
// the measurement window divided by the window: 100% is one core.
//
//   node scripts/run-ts.mjs packages/media/bench/consumer-load.bench.ts [--peers 4,8,16] [--seconds 10]
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { ROUTER_MEDIA_CODECS, startWorker } from '@hallway/media/server';
import type { PlainTransport, Producer, Router, Worker } from 'mediasoup/types';
import { writeResult } from '../../world-server/bench/bench-report.js';
import { sleep } from './bench-world.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const PEER_COUNTS = (args.get('--peers') ?? '4,8,16').split(',').map(Number);
const MEASURE_SECONDS = Number(args.get('--seconds') ?? 10);
/** Consumers wait for a key frame before forwarding video; the sender sends one every second. */
const WARMUP_SECONDS = 2;

const AUDIO_PT = 100;
const VIDEO_PT = 101;
const AUDIO_PACKETS_PER_SECOND = 50;
/** 20 ms of Opus at 64 kbps. */
const AUDIO_PAYLOAD_BYTES = 160;
const VIDEO_FPS = 30;
const VIDEO_PACKETS_PER_FRAME = 2;
/** Whole RTP packet (12-byte header + 4-byte VP8 descriptor + payload). */
const VIDEO_PACKET_BYTES = 1100;
const KEY_FRAME_EVERY = VIDEO_FPS;
const SEND_INTERVAL_MS = 5;

/** One RTP stream crafted in node: sequence numbers, timestamps, an SSRC. */
class RtpStream {
	#seq = Math.floor(Math.random() * 0xffff);
	#timestamp = Math.floor(Math.random() * 0xffffffff);

	constructor(
		readonly ssrc: number,
		readonly payloadType: number,
	) {}

	packet(payload: Buffer, marker: boolean): Buffer {
		const header = Buffer.alloc(12);
		header[0] = 0x80; // version 2
		header[1] = (marker ? 0x80 : 0) | this.payloadType;
		header.writeUInt16BE(this.#seq, 2);
		header.writeUInt32BE(this.#timestamp >>> 0, 4);
		header.writeUInt32BE(this.ssrc, 8);
		this.#seq = (this.#seq + 1) & 0xffff;
		return Buffer.concat([header, payload]);
	}

	advance(ticks: number): void {
		this.#timestamp = (this.#timestamp + ticks) >>> 0;
	}
}

interface Peer {
	index: number;
	send: PlainTransport;
	recv: PlainTransport;
	sendSocket: Socket;
	recvSocket: Socket;
	producers: Producer[];
	audio: RtpStream;
	video: RtpStream;
	audioSent: number;
	framesSent: number;
	pictureId: number;
}

interface Counters {
	rtpBytes: number;
	rtpPackets: number;
	rtcpBytes: number;
	sentBytes: number;
	sentPackets: number;
}

interface LoadResult {
	peers: number;
	consumers: number;
	producers: number;
	seconds: number;
	/** Worker process CPU, % of one core. */
	workerCpuPercent: number;
	/** Worker CPU time per consumer, % of one core. */
	workerCpuPercentPerConsumer: number;
	/** µs of worker CPU per forwarded RTP packet. */
	workerCpuMicrosPerForwardedPacket: number;
	/** RTP received by the worker from the peers. */
	inBytesPerSecond: number;
	inPacketsPerSecond: number;
	/** RTP the consumers delivered to the counting sockets. */
	forwardedBytesPerSecond: number;
	forwardedPacketsPerSecond: number;
	/** Forwarded packets / (in packets × (N − 1)): 1 when every consumer forwarded everything (window edges make it ±1%). */
	forwardRatio: number;
	/** Mean RTP packet size in and out: the worker adds the header extensions the consumers negotiated (mid, abs-send-time, …). */
	meanInPacketBytes: number;
	meanForwardedPacketBytes: number;
	/** RTCP the worker sent to the consumers' sockets. */
	rtcpBytesPerSecond: number;
	/** The node load generator (sending, counting), % of one core: it shares the 2 cores with the worker. */
	nodeCpuPercent: number;
	workerMaxRssKb: number;
}

const listenInfo = { protocol: 'udp', ip: '127.0.0.1' } as const;

async function bindSocket(onMessage?: (msg: Buffer) => void): Promise<Socket> {
	const socket = createSocket('udp4');
	if (onMessage) socket.on('message', onMessage);
	socket.bind(0, '127.0.0.1');
	await once(socket, 'listening');
	// Large enough that bursts of 15 peers' video do not overflow the default buffer.
	socket.setRecvBufferSize(4 * 1024 * 1024);
	socket.setSendBufferSize(4 * 1024 * 1024);
	return socket;
}

async function createPeer(router: Router, index: number, counters: Counters): Promise<Peer> {
	const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
	const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
	const sendSocket = await bindSocket(); // RTCP from the worker (receiver reports, PLI) arrives here and is dropped
	const recvSocket = await bindSocket((msg) => {
		const packetType = msg[1]!;
		// RTCP packet types are 200-206 (RFC 5761 demultiplexing); the rest is RTP.
		if (packetType >= 200 && packetType <= 206) {
			counters.rtcpBytes += msg.length;
		} else {
			counters.rtpBytes += msg.length;
			counters.rtpPackets++;
		}
	});
	await recv.connect({ ip: '127.0.0.1', port: recvSocket.address().port });
	const audio = new RtpStream(0x10000 + index * 16, AUDIO_PT);
	const video = new RtpStream(0x20000 + index * 16, VIDEO_PT);
	const producers = [
		await send.produce({
			kind: 'audio',
			rtpParameters: {
				codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: AUDIO_PT, parameters: { useinbandfec: 1 } }],
				encodings: [{ ssrc: audio.ssrc }],
			},
		}),
		await send.produce({
			kind: 'video',
			rtpParameters: {
				codecs: [
					{
						mimeType: 'video/VP8',
						clockRate: 90000,
						payloadType: VIDEO_PT,
						rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
					},
				],
				encodings: [{ ssrc: video.ssrc }],
			},
		}),
	];
	return { index, send, recv, sendSocket, recvSocket, producers, audio, video, audioSent: 0, framesSent: 0, pictureId: 0 };
}

/** A VP8 payload: descriptor (X, S on the first packet, 15-bit picture id) and a frame tag whose bit 0 is 0 on key frames. */
function vp8Payload(first: boolean, pictureId: number, keyFrame: boolean, size: number): Buffer {
	const payload = Buffer.alloc(size);
	payload[0] = first ? 0x90 : 0x80; // X=1, S=1 on the partition start, PID 0
	payload[1] = 0x80; // I=1: a picture id follows
	payload[2] = 0x80 | ((pictureId >> 8) & 0x7f); // M=1: 15 bits
	payload[3] = pictureId & 0xff;
	if (first) {
		payload[4] = keyFrame ? 0x10 : 0x11; // frame tag: P bit (inverse key frame) in bit 0
		if (keyFrame) {
			payload[7] = 0x9d; // key frame start code, then 320x240
			payload[8] = 0x01;
			payload[9] = 0x2a;
			payload.writeUInt16LE(320, 10);
			payload.writeUInt16LE(240, 12);
		}
	}
	return payload;
}

/** Sends whatever each peer owes since `start` (audio every 20 ms, video every 33 ms), phases spread across peers. */
function sendDue(peers: Peer[], start: number, counters: Counters): void {
	const now = performance.now();
	for (const peer of peers) {
		const elapsed = now - start - (peer.index / peers.length) * (1000 / AUDIO_PACKETS_PER_SECOND);
		if (elapsed < 0) continue;
		const audioDue = Math.floor((elapsed / 1000) * AUDIO_PACKETS_PER_SECOND) + 1;
		while (peer.audioSent < audioDue) {
			const packet = peer.audio.packet(Buffer.alloc(AUDIO_PAYLOAD_BYTES, 0x55), false);
			peer.audio.advance(960);
			peer.sendSocket.send(packet, peer.send.tuple.localPort, '127.0.0.1');
			counters.sentBytes += packet.length;
			counters.sentPackets++;
			peer.audioSent++;
		}
		const framesDue = Math.floor((elapsed / 1000) * VIDEO_FPS) + 1;
		while (peer.framesSent < framesDue) {
			const keyFrame = peer.framesSent % KEY_FRAME_EVERY === 0;
			peer.pictureId = (peer.pictureId + 1) & 0x7fff;
			for (let k = 0; k < VIDEO_PACKETS_PER_FRAME; k++) {
				const packet = peer.video.packet(vp8Payload(k === 0, peer.pictureId, keyFrame, VIDEO_PACKET_BYTES - 12), k === VIDEO_PACKETS_PER_FRAME - 1);
				peer.sendSocket.send(packet, peer.send.tuple.localPort, '127.0.0.1');
				counters.sentBytes += packet.length;
				counters.sentPackets++;
			}
			peer.video.advance(90000 / VIDEO_FPS);
			peer.framesSent++;
		}
	}
}

async function runLoad(worker: Worker, n: number): Promise<LoadResult> {
	const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
	const counters: Counters = { rtpBytes: 0, rtpPackets: 0, rtcpBytes: 0, sentBytes: 0, sentPackets: 0 };
	const peers: Peer[] = [];
	for (let i = 0; i < n; i++) peers.push(await createPeer(router, i, counters));
	let consumers = 0;
	for (const listener of peers) {
		for (const speaker of peers) {
			if (speaker === listener) continue;
			for (const producer of speaker.producers) {
				await listener.recv.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities, paused: false });
				consumers++;
			}
		}
	}

	const start = performance.now();
	const timer = setInterval(() => sendDue(peers, start, counters), SEND_INTERVAL_MS);
	try {
		await sleep(WARMUP_SECONDS * 1000);
		const before = { usage: await worker.getResourceUsage(), node: process.cpuUsage(), at: performance.now(), ...counters };
		await sleep(MEASURE_SECONDS * 1000);
		const after = { usage: await worker.getResourceUsage(), node: process.cpuUsage(before.node), at: performance.now(), ...counters };
		const seconds = (after.at - before.at) / 1000;
		const cpuMs = after.usage.ru_utime + after.usage.ru_stime - (before.usage.ru_utime + before.usage.ru_stime);
		const workerCpuPercent = (cpuMs / (seconds * 1000)) * 100;
		const forwardedPackets = after.rtpPackets - before.rtpPackets;
		const inBytes = after.sentBytes - before.sentBytes;
		const inPackets = after.sentPackets - before.sentPackets;
		const forwardedBytes = after.rtpBytes - before.rtpBytes;
		return {
			peers: n,
			consumers,
			producers: n * 2,
			seconds: round(seconds, 2),
			workerCpuPercent: round(workerCpuPercent, 1),
			workerCpuPercentPerConsumer: round(workerCpuPercent / consumers, 3),
			workerCpuMicrosPerForwardedPacket: round((cpuMs * 1000) / forwardedPackets, 2),
			inBytesPerSecond: Math.round(inBytes / seconds),
			inPacketsPerSecond: Math.round(inPackets / seconds),
			forwardedBytesPerSecond: Math.round(forwardedBytes / seconds),
			forwardedPacketsPerSecond: Math.round(forwardedPackets / seconds),
			forwardRatio: round(forwardedPackets / (inPackets * (n - 1)), 3),
			meanInPacketBytes: round(inBytes / inPackets, 1),
			meanForwardedPacketBytes: round(forwardedBytes / forwardedPackets, 1),
			rtcpBytesPerSecond: Math.round((after.rtcpBytes - before.rtcpBytes) / seconds),
			nodeCpuPercent: round(((after.node.user + after.node.system) / 1000 / (seconds * 1000)) * 100, 1),
			workerMaxRssKb: after.usage.ru_maxrss,
		};
	} finally {
		clearInterval(timer);
		router.close();
		for (const peer of peers) {
			peer.sendSocket.close();
			peer.recvSocket.close();
		}
	}
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

const worker = await startWorker();
const results: LoadResult[] = [];
try {
	for (const n of PEER_COUNTS) {
		const result = await runLoad(worker, n);
		results.push(result);
		console.log(`  ${n} peers: ${result.consumers} consumers, worker ${result.workerCpuPercent}% CPU, forwarded ${(result.forwardedBytesPerSecond / 1e6).toFixed(2)} MB/s`);
		await sleep(500);
	}
} finally {
	worker.close();
}

console.log(`\nOne mediasoup worker, one router, N peers each sending audio + VP8 over PlainTransport and consuming every other peer (loopback, ${MEASURE_SECONDS} s windows)`);
console.log('peers  consumers  worker CPU  CPU/consumer  µs/pkt  in pkt/s  fwd pkt/s  fwd Mbit/s  fwd ratio  node CPU');
for (const r of results) {
	console.log(
		`${String(r.peers).padStart(5)} ${String(r.consumers).padStart(10)} ${`${r.workerCpuPercent.toFixed(1)}%`.padStart(11)} ${`${r.workerCpuPercentPerConsumer.toFixed(3)}%`.padStart(13)} ${r.workerCpuMicrosPerForwardedPacket.toFixed(1).padStart(7)} ${String(r.inPacketsPerSecond).padStart(9)} ${String(r.forwardedPacketsPerSecond).padStart(10)} ${((r.forwardedBytesPerSecond * 8) / 1e6).toFixed(1).padStart(11)} ${r.forwardRatio.toFixed(3).padStart(10)} ${`${r.nodeCpuPercent.toFixed(1)}%`.padStart(9)}`,
	);
}
const file = writeResult('consumer-load', {
	benchmark: 'consumers per mediasoup worker and worker CPU, all-to-all meeting of browser-free peers over PlainTransport, loopback',
	setup: {
		measureSeconds: MEASURE_SECONDS,
		warmupSeconds: WARMUP_SECONDS,
		audio: `${AUDIO_PACKETS_PER_SECOND} packets/s of ${AUDIO_PAYLOAD_BYTES + 12} bytes (~${Math.round(((AUDIO_PAYLOAD_BYTES + 12) * 8 * AUDIO_PACKETS_PER_SECOND) / 1000)} kbps)`,
		video: `VP8 payload descriptors, ${VIDEO_FPS} frames/s × ${VIDEO_PACKETS_PER_FRAME} packets of ${VIDEO_PACKET_BYTES} bytes (~${Math.round((VIDEO_PACKET_BYTES * 8 * VIDEO_PACKETS_PER_FRAME * VIDEO_FPS) / 1000)} kbps), key frame every ${KEY_FRAME_EVERY} frames`,
		consumers: 'every peer consumes every other peer (audio + video), simple consumers on PlainTransports, no congestion control (no transport-cc on plain RTP)',
		cpu: 'worker.getResourceUsage() ru_utime + ru_stime delta / window; 100% = one core',
	},
	results,
});
console.log(`wrote ${file}`);
process.exit(0);
