import type { Consumer, Producer } from 'mediasoup/types';
import { Histogram, type Registry } from 'prom-client';
import { ClientQualityMetrics } from './client-quality-metrics.js';
import type { RoomTracker } from './room-tracker.js';

export interface MediaStatsOptions {
	/** How often RTT and packet loss are sampled, in ms; 0 turns sampling off. Default 10 000. */
	intervalMs?: number;
	/**
	 * Most producers + consumers queried in one sample (one worker request
	 * each). A server with more goes round them: the next sample starts where
	 * this one stopped. Default 200.
	 */
	maxObjects?: number;
}

/** Requests to the workers in flight at once during a sample. */
const CONCURRENCY = 20;
const RTT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2];
const LOSS_BUCKETS = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

/** `up`: what a player sends (its producer, loss seen by the server); `down`: what a player receives (a consumer, loss and RTT its browser reports). */
type Direction = 'up' | 'down';

type Sampled = { direction: 'up'; producer: Producer } | { direction: 'down'; consumer: Consumer };

/**
 * Samples round-trip time and packet loss of the media streams into
 * histograms (and, with them, what browsers report of their connections:
 * {@link ClientQualityMetrics}), on an interval and with a bounded number of worker requests per
 * sample: stats cost a request to the worker each, so they are not fetched
 * on every scrape. Each sample observes one value per stream that carried
 * packets; RTT only once the browser's RTCP reports have given one.
 */
export class MediaStatsSampler {
	readonly #rooms: RoomTracker;
	readonly #intervalMs: number;
	readonly #maxObjects: number;
	readonly #rtt: Histogram<'direction'>;
	readonly #loss: Histogram<'direction'>;
	readonly #clients: ClientQualityMetrics;
	#timer: NodeJS.Timeout | undefined;
	#running: Promise<void> | undefined;
	#cursor = 0;

	constructor(registry: Registry, rooms: RoomTracker, options: MediaStatsOptions = {}) {
		this.#rooms = rooms;
		this.#intervalMs = options.intervalMs ?? 10_000;
		this.#maxObjects = options.maxObjects ?? 200;
		if (!(Number.isFinite(this.#intervalMs) && this.#intervalMs >= 0)) throw new Error(`E_METRICS_OPTIONS: mediaStats.intervalMs must be ≥ 0 ms, got ${this.#intervalMs}`);
		if (!(Number.isInteger(this.#maxObjects) && this.#maxObjects >= 1)) throw new Error(`E_METRICS_OPTIONS: mediaStats.maxObjects must be an integer ≥ 1, got ${this.#maxObjects}`);
		const registers = [registry];
		this.#rtt = new Histogram({
			name: 'hallway_media_rtt_seconds',
			help: 'Round-trip time between the server and a browser, per media stream, sampled (RTCP).',
			labelNames: ['direction'],
			buckets: RTT_BUCKETS,
			registers,
		});
		this.#loss = new Histogram({
			name: 'hallway_media_packet_loss_ratio',
			help: 'Fraction of packets lost per media stream, sampled: up = sender to server, down = server to receiver (RTCP).',
			labelNames: ['direction'],
			buckets: LOSS_BUCKETS,
			registers,
		});
		this.#clients = new ClientQualityMetrics(registry, rooms);
	}

	/** Samples every `intervalMs` until `stop()`; the timer does not keep the process alive. */
	start(): void {
		if (this.#intervalMs === 0 || this.#timer) return;
		this.#timer = setInterval(() => void this.sample(), this.#intervalMs);
		this.#timer.unref();
	}

	/** Stops sampling and waits for a sample in progress. */
	async stop(): Promise<void> {
		clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#running;
	}

	/** One sample now (a sample already running is not doubled: this waits for it). */
	sample(): Promise<void> {
		this.#running ??= this.#sample().finally(() => {
			this.#running = undefined;
		});
		return this.#running;
	}

	async #sample(): Promise<void> {
		// What browsers reported costs no worker request: all of it, every sample.
		this.#clients.observe();
		const batch = this.#nextBatch();
		for (let i = 0; i < batch.length; i += CONCURRENCY) {
			await Promise.all(batch.slice(i, i + CONCURRENCY).map((item) => this.#observe(item)));
		}
	}

	/** At most `maxObjects` streams, going round the whole list from one sample to the next. */
	#nextBatch(): Sampled[] {
		const all: Sampled[] = [];
		for (const [room] of this.#rooms.entries()) {
			const media = room.media;
			if (!media || media.closed) continue;
			for (const client of room.clients) {
				const peer = media.peer(client.sessionId);
				if (!peer) continue;
				for (const producer of peer.producers.values()) all.push({ direction: 'up', producer });
				for (const { consumer } of peer.consumers.values()) all.push({ direction: 'down', consumer });
			}
		}
		if (all.length <= this.#maxObjects) return all;
		const start = this.#cursor % all.length;
		this.#cursor = start + this.#maxObjects;
		return [...all.slice(start), ...all.slice(0, start)].slice(0, this.#maxObjects);
	}

	async #observe(item: Sampled): Promise<void> {
		try {
			if (item.direction === 'up') {
				if (item.producer.closed) return;
				for (const stat of await item.producer.getStats()) this.#record('up', stat);
			} else {
				if (item.consumer.closed) return;
				// A consumer's stats hold its own stream (outbound-rtp) and, when asked, its producer's: only the first is this leg.
				for (const stat of await item.consumer.getStats()) if (stat.type === 'outbound-rtp') this.#record('down', stat);
			}
		} catch {
			// Closed between listing and asking (a player left, a worker died): nothing to sample.
		}
	}

	#record(direction: Direction, stat: { packetCount: number; fractionLost: number; roundTripTime?: number }): void {
		if (stat.packetCount === 0) return;
		// RTCP's fraction lost is a fixed-point number out of 256.
		this.#loss.observe({ direction }, stat.fractionLost / 256);
		if (stat.roundTripTime !== undefined && stat.roundTripTime > 0) this.#rtt.observe({ direction }, stat.roundTripTime / 1000);
	}
}
