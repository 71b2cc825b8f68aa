// The media part of the load benchmark: N browser-free media peers in
// proximity groups on one mediasoup worker, and the worker CPU each consumer
// costs. The senders are those of packages/media/bench/consumer-load.bench.ts
// (copied: that file is a script): every peer sends Opus-like audio (50
// packets/s, ~64 kbps) and VP8-like video (30 frames/s of two 1,100-byte
// packets, ~530 kbps, a key frame every second) from node over a
// PlainTransport and receives over its own PlainTransport into a counting UDP
// socket. Loopback.
//
// Who consumes whom is not all-to-all: the peers stand in groups (a circle of
// 50 px radius per group, groups 2,000 px apart), the real ProximityEngine
// (default options: 128 px enter radius, 8 video peers per listener) turns
// their positions into hearing edges, and each edge becomes an audio consumer
// plus a video consumer when the edge carries video, as MediaRoom does.
//
// Worker CPU = delta of worker.getResourceUsage() (ru_utime + ru_stime) over
// the window / the window; 100% is one core. First a window with producers
// only (the cost of receiving), then one per group layout: CPU per consumer is
// given both as total / consumers and as (total − producers-only) / consumers
// (the marginal cost of forwarding, which is what adding a listener costs).
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { ROUTER_MEDIA_CODECS, startWorker } from '@hallway/media/server';
import type { Consumer, PlainTransport, Producer, Router, Worker } from 'mediasoup/types';
import { ProximityEngine } from '../src/proximity/index.js';
import { round } from './load-shared.js';

export interface MediaLoadOptions {
	/** Group layouts to measure, as [groups, peers per group]; every layout has the same number of peers. */
	layouts: [groups: number, size: number][];
	/** Measurement window per layout, s. */
	seconds: number;
}

export interface MediaLayoutResult {
	layout: string;
	peers: number;
	/** Hearing edges the proximity engine produced, and how many of them carry video. */
	edges: number;
	videoEdges: number;
	consumers: number;
	/** Worker CPU, % of one core. */
	workerCpuPercent: number;
	/** Worker CPU / consumers, % of one core. */
	cpuPercentPerConsumer: number;
	/** (Worker CPU − producers-only CPU) / consumers, % of one core. */
	marginalCpuPercentPerConsumer: number;
	/** µs of worker CPU per forwarded RTP packet. */
	microsPerForwardedPacket: number;
	inPacketsPerSecond: number;
	forwardedPacketsPerSecond: number;
	forwardedMbitPerSecond: number;
	/** Forwarded / expected (every consumer forwards every packet of its producer): ≈ 1 when nothing is lost. */
	forwardRatio: number;
	/** The node sender process, % of one core: it shares the 2 cores with the worker. */
	senderCpuPercent: number;
}

export interface MediaLoadResult {
	peers: number;
	seconds: number;
	producersOnly: { workerCpuPercent: number; inPacketsPerSecond: number };
	layouts: MediaLayoutResult[];
	workerMaxRssKb: number;
}

/** Consumers wait for a key frame before forwarding video; the senders send one every second. */
const WARMUP_SECONDS = 2;
const GROUP_SPACING_PX = 2000;
const GROUP_RADIUS_PX = 50;

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
	audioProducer: Producer;
	videoProducer: Producer;
	audio: RtpStream;
	video: RtpStream;
	audioSent: number;
	framesSent: number;
	pictureId: number;
}

interface Counters {
	rtpBytes: number;
	rtpPackets: number;
	sentPackets: number;
	/** Packets sent per producer kind, to know how many each consumer should have forwarded. */
	sentAudio: number;
	sentVideo: number;
}

const listenInfo = { protocol: 'udp', ip: '127.0.0.1' } as const;

async function bindSocket(onMessage?: (msg: Buffer) => void): Promise<Socket> {
	const socket = createSocket('udp4');
	if (onMessage) socket.on('message', onMessage);
	socket.bind(0, '127.0.0.1');
	await once(socket, 'listening');
	socket.setRecvBufferSize(4 * 1024 * 1024);
	socket.setSendBufferSize(4 * 1024 * 1024);
	return socket;
}

async function createPeer(router: Router, index: number, counters: Counters): Promise<Peer> {
	const send = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
	const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
	const sendSocket = await bindSocket(); // RTCP from the worker arrives here and is dropped
	const recvSocket = await bindSocket((msg) => {
		const packetType = msg[1]!;
		// RTCP packet types are 200-206 (RFC 5761 demultiplexing); the rest is RTP.
		if (packetType < 200 || packetType > 206) {
			counters.rtpBytes += msg.length;
			counters.rtpPackets++;
		}
	});
	await recv.connect({ ip: '127.0.0.1', port: recvSocket.address().port });
	const audio = new RtpStream(0x10000 + index * 16, AUDIO_PT);
	const video = new RtpStream(0x20000 + index * 16, VIDEO_PT);
	const audioProducer = await send.produce({
		kind: 'audio',
		rtpParameters: {
			codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: AUDIO_PT, parameters: { useinbandfec: 1 } }],
			encodings: [{ ssrc: audio.ssrc }],
		},
	});
	const videoProducer = await send.produce({
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
	});
	return { index, send, recv, sendSocket, recvSocket, audioProducer, videoProducer, audio, video, audioSent: 0, framesSent: 0, pictureId: 0 };
}

/** A VP8 payload: descriptor (X, S on the first packet, 15-bit picture id) and a frame tag whose bit 0 is 0 on key frames. */
function vp8Payload(first: boolean, pictureId: number, keyFrame: boolean, size: number): Buffer {
	const payload = Buffer.alloc(size);
	payload[0] = first ? 0x90 : 0x80;
	payload[1] = 0x80;
	payload[2] = 0x80 | ((pictureId >> 8) & 0x7f);
	payload[3] = pictureId & 0xff;
	if (first) {
		payload[4] = keyFrame ? 0x10 : 0x11;
		if (keyFrame) {
			payload[7] = 0x9d;
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
			counters.sentPackets++;
			counters.sentAudio++;
			peer.audioSent++;
		}
		const framesDue = Math.floor((elapsed / 1000) * VIDEO_FPS) + 1;
		while (peer.framesSent < framesDue) {
			const keyFrame = peer.framesSent % KEY_FRAME_EVERY === 0;
			peer.pictureId = (peer.pictureId + 1) & 0x7fff;
			for (let k = 0; k < VIDEO_PACKETS_PER_FRAME; k++) {
				const packet = peer.video.packet(vp8Payload(k === 0, peer.pictureId, keyFrame, VIDEO_PACKET_BYTES - 12), k === VIDEO_PACKETS_PER_FRAME - 1);
				peer.sendSocket.send(packet, peer.send.tuple.localPort, '127.0.0.1');
				counters.sentPackets++;
				counters.sentVideo++;
			}
			peer.video.advance(90000 / VIDEO_FPS);
			peer.framesSent++;
		}
	}
}

/** Positions of `groups` groups of `size` peers: a circle of GROUP_RADIUS_PX each, groups on a row GROUP_SPACING_PX apart. */
function groupPositions(groups: number, size: number): { x: number; y: number }[] {
	return Array.from({ length: groups * size }, (_, i) => {
		const group = Math.floor(i / size);
		const angle = ((i % size) / size) * 2 * Math.PI;
		return { x: GROUP_SPACING_PX * (group + 1) + GROUP_RADIUS_PX * Math.cos(angle), y: GROUP_SPACING_PX + GROUP_RADIUS_PX * Math.sin(angle) };
	});
}

interface Window {
	workerCpuPercent: number;
	seconds: number;
	inPackets: number;
	forwardedPackets: number;
	forwardedBytes: number;
	sentAudio: number;
	sentVideo: number;
	senderCpuPercent: number;
}

async function measure(worker: Worker, counters: Counters, seconds: number): Promise<Window> {
	const before = { usage: await worker.getResourceUsage(), node: process.cpuUsage(), at: performance.now(), ...counters };
	await new Promise((r) => setTimeout(r, seconds * 1000));
	const after = { usage: await worker.getResourceUsage(), node: process.cpuUsage(before.node), at: performance.now(), ...counters };
	const elapsed = (after.at - before.at) / 1000;
	const cpuMs = after.usage.ru_utime + after.usage.ru_stime - (before.usage.ru_utime + before.usage.ru_stime);
	return {
		workerCpuPercent: (cpuMs / (elapsed * 1000)) * 100,
		seconds: elapsed,
		inPackets: after.sentPackets - before.sentPackets,
		forwardedPackets: after.rtpPackets - before.rtpPackets,
		forwardedBytes: after.rtpBytes - before.rtpBytes,
		sentAudio: after.sentAudio - before.sentAudio,
		sentVideo: after.sentVideo - before.sentVideo,
		senderCpuPercent: ((after.node.user + after.node.system) / 1000 / (elapsed * 1000)) * 100,
	};
}

/** Runs every layout on one worker and router with the same senders. */
export async function runMediaLoad(options: MediaLoadOptions): Promise<MediaLoadResult> {
	const peerCount = options.layouts[0]![0] * options.layouts[0]![1];
	if (options.layouts.some(([g, s]) => g * s !== peerCount)) throw new Error('E_BENCH_LAYOUT: every media layout must have the same number of peers');
	const worker = await startWorker();
	try {
		const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
		const counters: Counters = { rtpBytes: 0, rtpPackets: 0, sentPackets: 0, sentAudio: 0, sentVideo: 0 };
		const peers: Peer[] = [];
		for (let i = 0; i < peerCount; i++) peers.push(await createPeer(router, i, counters));
		const start = performance.now();
		const timer = setInterval(() => sendDue(peers, start, counters), SEND_INTERVAL_MS);
		try {
			await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
			const idle = await measure(worker, counters, options.seconds);
			const producersOnly = { workerCpuPercent: round(idle.workerCpuPercent, 1), inPacketsPerSecond: Math.round(idle.inPackets / idle.seconds) };
			const layouts: MediaLayoutResult[] = [];
			for (const [groups, size] of options.layouts) {
				const engine = new ProximityEngine();
				groupPositions(groups, size).forEach((p, i) =>
					engine.upsert({ id: String(i), x: p.x, y: p.y, privateZone: null, spotlight: false, silent: false, doNotDisturb: false }),
				);
				const { added } = engine.tick();
				const consumers: Consumer[] = [];
				/** Packets per producer kind each consumer should forward. */
				let audioConsumers = 0;
				let videoConsumers = 0;
				for (const edge of added) {
					const listener = peers[Number(edge.listener)]!;
					const speaker = peers[Number(edge.speaker)]!;
					consumers.push(await listener.recv.consume({ producerId: speaker.audioProducer.id, rtpCapabilities: router.rtpCapabilities, paused: false }));
					audioConsumers++;
					if (edge.media === 'audio+video') {
						consumers.push(await listener.recv.consume({ producerId: speaker.videoProducer.id, rtpCapabilities: router.rtpCapabilities, paused: false }));
						videoConsumers++;
					}
				}
				await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
				const w = await measure(worker, counters, options.seconds);
				// Each producer's packets go to its consumers: per peer, audio/video sent × consumers of it; peers send alike.
				const expected = (w.sentAudio / peerCount) * audioConsumers + (w.sentVideo / peerCount) * videoConsumers;
				layouts.push({
					layout: `${groups} × ${size}`,
					peers: peerCount,
					edges: added.length,
					videoEdges: videoConsumers,
					consumers: consumers.length,
					workerCpuPercent: round(w.workerCpuPercent, 1),
					cpuPercentPerConsumer: round(w.workerCpuPercent / consumers.length, 3),
					marginalCpuPercentPerConsumer: round((w.workerCpuPercent - idle.workerCpuPercent) / consumers.length, 3),
					microsPerForwardedPacket: round(((w.workerCpuPercent / 100) * w.seconds * 1e6) / w.forwardedPackets, 2),
					inPacketsPerSecond: Math.round(w.inPackets / w.seconds),
					forwardedPacketsPerSecond: Math.round(w.forwardedPackets / w.seconds),
					forwardedMbitPerSecond: round((w.forwardedBytes * 8) / w.seconds / 1e6, 1),
					forwardRatio: round(w.forwardedPackets / expected, 3),
					senderCpuPercent: round(w.senderCpuPercent, 1),
				});
				for (const consumer of consumers) consumer.close();
				await new Promise((r) => setTimeout(r, 500));
			}
			const usage = await worker.getResourceUsage();
			return { peers: peerCount, seconds: options.seconds, producersOnly, layouts, workerMaxRssKb: usage.ru_maxrss };
		} finally {
			clearInterval(timer);
			for (const peer of peers) {
				peer.sendSocket.close();
				peer.recvSocket.close();
			}
			router.close();
		}
	} finally {
		// Wait for the worker process to exit, so that it is reaped before this process exits.
		const exited = worker.subprocessClosed ? Promise.resolve() : once(worker, 'subprocessclose');
		worker.close();
		await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
	}
}
