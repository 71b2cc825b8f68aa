import { CONNECTION_QUALITY_LEVELS, type ConnectionQualityReport } from '@hallway/media';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WorldRoom } from '../room/world-room.js';
import type { RoomTracker } from './room-tracker.js';

/** A report older than this no longer counts a player at its level, ms (browsers report every ~2 s). */
const STALE_AFTER_MS = 15_000;
const RTT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2];
const JITTER_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2];
const LOSS_BUCKETS = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const BITRATE_BUCKETS = [50_000, 100_000, 300_000, 500_000, 1_000_000, 2_000_000, 5_000_000];

/** The part of a media peer read here. */
interface ReportingPeer {
	readonly quality: { readonly report: ConnectionQualityReport; readonly at: number; readonly framesDroppedTotal: number } | null;
}

/**
 * What browsers measure of their own connections (`media.reportQuality`,
 * from `getStats()`): players per quality level, counted at scrape time, and
 * the figures behind the levels (RTT, jitter, loss, available bitrate),
 * observed from each player's latest report when sampled, and dropped video
 * frames counted in full. The figures are the browsers' word: bounded by the
 * protocol, not verified.
 */
export class ClientQualityMetrics {
	readonly #rooms: RoomTracker;
	readonly #rtt: Histogram;
	readonly #jitter: Histogram;
	readonly #loss: Histogram;
	readonly #bitrate: Histogram;
	readonly #framesDropped: Counter;
	/** The last report observed per peer (its time and frame total), so that each is observed once. */
	readonly #observed = new WeakMap<ReportingPeer, { at: number; framesDroppedTotal: number }>();

	constructor(registry: Registry, rooms: RoomTracker) {
		this.#rooms = rooms;
		new Gauge({
			name: 'hallway_media_quality_players',
			help: 'Players by the connection quality their browser last reported (excellent, good, poor, lost); stale reports do not count.',
			labelNames: ['world', 'level'],
			registers: [registry],
			collect(): void {
				// Set at scrape time, so a player who left or stopped reporting drops out by itself.
				this.reset();
				const now = Date.now();
				for (const [room, world] of rooms.entries()) {
					for (const level of CONNECTION_QUALITY_LEVELS) this.set({ world, level }, 0);
					for (const peer of peersOf(room)) {
						if (peer.quality && now - peer.quality.at <= STALE_AFTER_MS) this.inc({ world, level: peer.quality.report.level });
					}
				}
			},
		});
		const registersTo = [registry];
		this.#rtt = new Histogram({ name: 'hallway_media_client_rtt_seconds', help: 'Round-trip time to the server as browsers measure it (getStats), per report.', buckets: RTT_BUCKETS, registers: registersTo });
		this.#jitter = new Histogram({ name: 'hallway_media_client_jitter_seconds', help: 'Worst stream jitter browsers measure, per report.', buckets: JITTER_BUCKETS, registers: registersTo });
		this.#loss = new Histogram({ name: 'hallway_media_client_packet_loss_ratio', help: 'Fraction of packets lost, worst stream sent or received, as browsers measure it, per report.', buckets: LOSS_BUCKETS, registers: registersTo });
		this.#bitrate = new Histogram({
			name: 'hallway_media_client_available_outgoing_bitrate',
			help: "Browsers' estimate of the bandwidth they can send with, bits/s, per report.",
			buckets: BITRATE_BUCKETS,
			registers: registersTo,
		});
		this.#framesDropped = new Counter({ name: 'hallway_media_client_frames_dropped_total', help: 'Video frames browsers dropped, as they report them.', registers: registersTo });
	}

	/** Observes every report that came since the last call (the media stats sampler calls this). */
	observe(): void {
		for (const [room] of this.#rooms.entries()) for (const peer of peersOf(room)) {
			const quality = peer.quality;
			const seen = this.#observed.get(peer);
			if (!quality || seen?.at === quality.at) continue;
			this.#observed.set(peer, { at: quality.at, framesDroppedTotal: quality.framesDroppedTotal });
			const { rtt, jitter, loss, availableOutgoingBitrate } = quality.report;
			if (rtt !== undefined) this.#rtt.observe(rtt);
			if (jitter !== undefined) this.#jitter.observe(jitter);
			if (loss !== undefined) this.#loss.observe(loss);
			if (availableOutgoingBitrate !== undefined) this.#bitrate.observe(availableOutgoingBitrate);
			// Totals over every report, not only the ones sampled: no dropped frame is missed between samples.
			const dropped = quality.framesDroppedTotal - (seen?.framesDroppedTotal ?? 0);
			if (dropped > 0) this.#framesDropped.inc(dropped);
		}
	}
}

/** The media peers of a room's connected players. */
function* peersOf(room: WorldRoom): Iterable<ReportingPeer> {
	const media = room.media;
	if (!media || media.closed) return;
	for (const client of room.clients) {
		const peer = media.peer(client.sessionId);
		if (peer) yield peer;
	}
}
