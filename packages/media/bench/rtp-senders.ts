// Browser-free media senders for load benchmarks: a peer is a pair of
// mediasoup PlainTransports driven from node over UDP on loopback. It sends
// Opus-like audio (50 packets/s, ~64 kbps) and VP8-like video (30 frames/s of
// two ~1,100-byte packets, ~530 kbps, a key frame every second) to its send
// transport, and a node socket counts what its receive transport forwards.
// Used by consumer-load.bench.ts and world-server's load benchmark.
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import type { PlainTransport, Producer, Router } from 'mediasoup/types';

export const AUDIO_PT = 100;
export const VIDEO_PT = 101;
export const AUDIO_PACKETS_PER_SECOND = 50;
/** 20 ms of Opus at 64 kbps. */
export const AUDIO_PAYLOAD_BYTES = 160;
export const VIDEO_FPS = 30;
export const VIDEO_PACKETS_PER_FRAME = 2;
/** Whole RTP packet (12-byte header + 4-byte VP8 descriptor + payload). */
export const VIDEO_PACKET_BYTES = 1100;
export const KEY_FRAME_EVERY = VIDEO_FPS;
export const SEND_INTERVAL_MS = 5;

/** One RTP stream crafted in node: sequence numbers, timestamps, an SSRC. */
export class RtpStream {
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

/** One sending and receiving peer. */
export interface SenderPeer {
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

/** What the senders sent and the counting sockets received, since the counters were made. */
export interface Counters {
	rtpBytes: number;
	rtpPackets: number;
	rtcpBytes: number;
	sentBytes: number;
	sentPackets: number;
	/** Packets sent per producer kind, to know how many each consumer should have forwarded. */
	sentAudio: number;
	sentVideo: number;
}

export function newCounters(): Counters {
	return { rtpBytes: 0, rtpPackets: 0, rtcpBytes: 0, sentBytes: 0, sentPackets: 0, sentAudio: 0, sentVideo: 0 };
}

const listenInfo = { protocol: 'udp', ip: '127.0.0.1' } as const;

export async function bindSocket(onMessage?: (msg: Buffer) => void): Promise<Socket> {
	const socket = createSocket('udp4');
	if (onMessage) socket.on('message', onMessage);
	socket.bind(0, '127.0.0.1');
	await once(socket, 'listening');
	// Large enough that bursts of 15 peers' video do not overflow the default buffer.
	socket.setRecvBufferSize(4 * 1024 * 1024);
	socket.setSendBufferSize(4 * 1024 * 1024);
	return socket;
}

export async function createSenderPeer(router: Router, index: number, counters: Counters): Promise<SenderPeer> {
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
export function vp8Payload(first: boolean, pictureId: number, keyFrame: boolean, size: number): Buffer {
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
export function sendDue(peers: SenderPeer[], start: number, counters: Counters): void {
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
				counters.sentBytes += packet.length;
				counters.sentPackets++;
				counters.sentVideo++;
			}
			peer.video.advance(90000 / VIDEO_FPS);
			peer.framesSent++;
		}
	}
}
