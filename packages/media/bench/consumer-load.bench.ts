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
import { ROUTER_MEDIA_CODECS, startWorker } from '@hallway/media/server';
import type { Worker } from 'mediasoup/types';
import { writeResult } from '../../world-server/bench/bench-report.js';
import { sleep } from './bench-world.js';
import {
	AUDIO_PACKETS_PER_SECOND,
	AUDIO_PAYLOAD_BYTES,
	createSenderPeer,
	KEY_FRAME_EVERY,
	newCounters,
	SEND_INTERVAL_MS,
	type SenderPeer,
	sendDue,
	VIDEO_FPS,
	VIDEO_PACKET_BYTES,
	VIDEO_PACKETS_PER_FRAME,
} from './rtp-senders.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const PEER_COUNTS = (args.get('--peers') ?? '4,8,16').split(',').map(Number);
const MEASURE_SECONDS = Number(args.get('--seconds') ?? 10);
/** Consumers wait for a key frame before forwarding video; the sender sends one every second. */
const WARMUP_SECONDS = 2;

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

async function runLoad(worker: Worker, n: number): Promise<LoadResult> {
	const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
	const counters = newCounters();
	const peers: SenderPeer[] = [];
	for (let i = 0; i < n; i++) peers.push(await createSenderPeer(router, i, counters));
	let consumers = 0;
	for (const listener of peers) {
		for (const speaker of peers) {
			if (speaker === listener) continue;
			for (const producer of [speaker.audioProducer, speaker.videoProducer]) {
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
