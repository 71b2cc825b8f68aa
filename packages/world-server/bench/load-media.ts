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
import { once } from 'node:events';
import { ROUTER_MEDIA_CODECS, startWorker } from '@hallway/media/server';
import type { Consumer, Worker } from 'mediasoup/types';
import { type Counters, createSenderPeer, newCounters, SEND_INTERVAL_MS, type SenderPeer, sendDue } from '../../media/bench/rtp-senders.js';
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
		const counters = newCounters();
		const peers: SenderPeer[] = [];
		for (let i = 0; i < peerCount; i++) peers.push(await createSenderPeer(router, i, counters));
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
