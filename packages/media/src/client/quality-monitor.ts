import type { ConnectionQualityLevel, ConnectionQualityReport } from '../protocol/index.js';
import { type QualityOptions, type QualitySample, QualityTracker } from './connection-quality.js';
import type { RemoteTrack } from './remote-track.js';
import {
	freshRemoteReports,
	type InboundCounters,
	inboundWindow,
	readInbound,
	readRemoteInbound,
	readSelectedPair,
	type StatsEntry,
} from './stats-figures.js';
import { TypedEmitter } from './typed-emitter.js';

/** A connection's level and the figures it was scored on (seconds, 0..1 ratios, bits/s). */
export interface ConnectionQuality {
	readonly level: ConnectionQualityLevel;
	readonly rtt?: number | undefined;
	readonly jitter?: number | undefined;
	readonly loss?: number | undefined;
	readonly availableOutgoingBitrate?: number | undefined;
	/** Video frames dropped over the last interval. */
	readonly framesDropped?: number | undefined;
}

/** What the monitor reads and asks of the media client (a `MediaClient` fits). */
export interface QualityMonitorHost {
	/** The `getStats()` entries of the send or receive transport; undefined when it does not exist. */
	transportStats(direction: 'send' | 'recv'): Promise<StatsEntry[] | undefined>;
	/** The received tracks, by consumer id. */
	readonly tracks: ReadonlyMap<string, RemoteTrack>;
	/** Caps the simulcast layer of every camera received (`null`: no cap). */
	setMaxSpatialLayer(spatialLayer: number | null): Promise<unknown>;
	/** Sends this player's figures to the server's metrics. */
	reportQuality(report: ConnectionQualityReport): Promise<unknown>;
}

export interface QualityMonitorOptions {
	/** How often `getStats()` is read, ms. Default 2,000. */
	intervalMs?: number;
	/** Thresholds and hysteresis of the levels. */
	thresholds?: Partial<QualityOptions>;
	/**
	 * The spatial layer asked for (`media.setMaxSpatialLayer`) while what this
	 * player receives is `poor`; the cap is lifted once it is good again.
	 * `false` never asks. Default 0 (the smallest layer).
	 */
	poorSpatialLayer?: number | false;
	/** Send this player's figures to the server (`media.reportQuality`) every interval. Default true. */
	report?: boolean;
}

export interface QualityMonitorEvents extends Record<string, unknown[]> {
	/**
	 * A connection's level changed: `peerId` null for this player's own
	 * connection (the worse of what it sends and receives), else how this
	 * player receives that speaker.
	 */
	qualityChanged: [peerId: string | null, quality: ConnectionQuality];
	/** The layer cap asked of the server changed (null: lifted). */
	maxSpatialLayerChanged: [spatialLayer: number | null];
}

/** The key of this player's own connection (player ids never contain a colon). */
const SELF = ':self';

/**
 * Reads the media transports' `getStats()` every few seconds and scores each
 * connection: this player's own (what it sends, what it receives) and, per
 * speaker it receives, how that speaker comes through. When what this player
 * receives turns poor it asks the server for a lower simulcast layer of
 * everyone it watches; the server keeps choosing, under that cap.
 */
export class QualityMonitor extends TypedEmitter<QualityMonitorEvents> {
	readonly #host: QualityMonitorHost;
	readonly #options: Required<Omit<QualityMonitorOptions, 'thresholds'>> & { thresholds: Partial<QualityOptions> };
	readonly #trackers = new Map<string, QualityTracker>();
	readonly #qualities = new Map<string, ConnectionQuality>();
	/** Cumulative counters of the last reading, by track id. */
	#counters = new Map<string, InboundCounters>();
	/** When packets last arrived from a speaker (or, under SELF, from anyone). */
	readonly #lastPacketAt = new Map<string, number>();
	/** Which receiver reports about the sent streams were read already. */
	#remoteMarks = new Map<string, string>();
	#down = new QualityTracker();
	#cap: number | null = null;
	#timer: ReturnType<typeof setInterval> | undefined;
	#sampling = false;
	#closed = false;

	constructor(host: QualityMonitorHost, options: QualityMonitorOptions = {}) {
		super();
		this.#host = host;
		this.#options = {
			intervalMs: options.intervalMs ?? 2_000,
			thresholds: options.thresholds ?? {},
			poorSpatialLayer: options.poorSpatialLayer ?? 0,
			report: options.report ?? true,
		};
		this.#down = new QualityTracker(this.#options.thresholds);
	}

	/** The last quality of a speaker's connection, or of this player's own (null). */
	quality(peerId: string | null): ConnectionQuality | undefined {
		return this.#qualities.get(peerId ?? SELF);
	}

	/** The layer cap this monitor asked of the server (null: none). */
	get maxSpatialLayer(): number | null {
		return this.#cap;
	}

	/** Samples every `intervalMs` until `close()`. */
	start(): void {
		if (this.#timer || this.#closed) return;
		this.#timer = setInterval(() => void this.sample(), this.#options.intervalMs);
	}

	/** Reads the stats once now (a reading in progress is not doubled). */
	async sample(): Promise<void> {
		if (this.#sampling || this.#closed) return;
		this.#sampling = true;
		try {
			await this.#sample();
		} finally {
			this.#sampling = false;
		}
	}

	close(): void {
		this.#closed = true;
		clearInterval(this.#timer);
		this.#timer = undefined;
		this.removeAllListeners();
	}

	async #sample(): Promise<void> {
		const [send, recv] = await Promise.all([this.#host.transportStats('send'), this.#host.transportStats('recv')]);
		if (this.#closed) return;
		const now = Date.now();
		const recvPair = recv ? readSelectedPair(recv) : undefined;
		const inbound = recv ? readInbound(recv) : new Map<string, InboundCounters>();

		// Streams that should carry packets now, by speaker: active, not muted by the speaker.
		const flowing = new Map<string, InboundCounters[]>();
		for (const track of this.#host.tracks.values()) {
			const counters = inbound.get(track.track.id);
			if (!track.active || track.muted || !counters) continue;
			const list = flowing.get(track.peerId) ?? [];
			list.push(counters);
			flowing.set(track.peerId, list);
		}

		for (const [peerId, streams] of flowing) {
			const window = inboundWindow(this.#counters, streams);
			this.#score(peerId, {
				rtt: recvPair?.rtt,
				jitter: window.jitter,
				loss: window.loss,
				framesDroppedRatio: window.framesDroppedRatio,
				silentMs: this.#silence(peerId, window.packetsReceived, now),
			}, { framesDropped: window.framesDropped });
		}
		// Speakers no longer heard have no quality to show.
		for (const key of [...this.#trackers.keys()]) {
			if (key !== SELF && !flowing.has(key)) {
				this.#trackers.delete(key);
				this.#qualities.delete(key);
				this.#lastPacketAt.delete(key);
			}
		}

		const all = [...flowing.values()].flat();
		const down = inboundWindow(this.#counters, all);
		const downSample: QualitySample = {
			rtt: recvPair?.rtt,
			jitter: down.jitter,
			loss: down.loss,
			framesDroppedRatio: down.framesDroppedRatio,
			silentMs: all.length > 0 ? this.#silence(SELF, down.packetsReceived, now) : undefined,
		};
		this.#counters = inbound;
		const sendPair = send ? readSelectedPair(send) : undefined;
		let up: ReturnType<typeof readRemoteInbound> | undefined;
		if (send) {
			const fresh = freshRemoteReports(send, this.#remoteMarks);
			this.#remoteMarks = fresh.marks;
			up = readRemoteInbound(fresh.entries);
		}
		const selfSample: QualitySample = {
			rtt: max(downSample.rtt, up?.rtt, sendPair?.rtt),
			jitter: max(downSample.jitter, up?.jitter),
			loss: max(downSample.loss, up?.loss),
			availableOutgoingBitrate: sendPair?.availableOutgoingBitrate,
			framesDroppedRatio: downSample.framesDroppedRatio,
			silentMs: downSample.silentMs,
		};
		if (selfSample.rtt === undefined && selfSample.loss === undefined && selfSample.silentMs === undefined) return;
		const self = this.#score(SELF, selfSample, { framesDropped: down.framesDropped });
		if (all.length > 0) await this.#adjustLayers(this.#down.update(downSample));
		if (this.#options.report && !this.#closed) {
			await this.#host.reportQuality(toReport(self)).catch(() => undefined);
		}
	}

	#score(key: string, sample: QualitySample, extra: { framesDropped: number }): ConnectionQuality {
		let tracker = this.#trackers.get(key);
		if (!tracker) this.#trackers.set(key, (tracker = new QualityTracker(this.#options.thresholds)));
		const previous = this.#qualities.get(key)?.level;
		const level = tracker.update(sample);
		const quality: ConnectionQuality = {
			level,
			rtt: sample.rtt,
			jitter: sample.jitter,
			loss: sample.loss,
			availableOutgoingBitrate: sample.availableOutgoingBitrate,
			framesDropped: extra.framesDropped,
		};
		this.#qualities.set(key, quality);
		if (level !== previous) this.emit('qualityChanged', key === SELF ? null : key, quality);
		return quality;
	}

	/** How long nothing arrived (ms); a connection seen for the first time starts counting now. */
	#silence(key: string, packets: number, now: number): number {
		if (packets > 0 || !this.#lastPacketAt.has(key)) this.#lastPacketAt.set(key, now);
		return now - this.#lastPacketAt.get(key)!;
	}

	/** Poor reception: ask for the smallest layer; good again: lift the cap. A lost connection changes nothing. */
	async #adjustLayers(level: ConnectionQualityLevel): Promise<void> {
		const layer = this.#options.poorSpatialLayer;
		if (layer === false || level === 'lost') return;
		const wanted = level === 'poor' ? layer : null;
		if (wanted === this.#cap) return;
		this.#cap = wanted;
		this.emit('maxSpatialLayerChanged', wanted);
		await this.#host.setMaxSpatialLayer(wanted).catch(() => {
			// Not applied: try again at the next sample.
			this.#cap = wanted === null ? layer : null;
		});
	}
}

function max(...values: (number | undefined)[]): number | undefined {
	let result: number | undefined;
	for (const value of values) if (value !== undefined) result = result === undefined ? value : Math.max(result, value);
	return result;
}

/** The report for the server: only the figures measured, each inside what the protocol accepts. */
function toReport(quality: ConnectionQuality): ConnectionQualityReport {
	const clamp = (value: number | undefined, limit: number) => (value === undefined ? {} : { value: Math.min(Math.max(0, value), limit) });
	const report: ConnectionQualityReport = { level: quality.level };
	const figures = {
		rtt: clamp(quality.rtt, 60),
		jitter: clamp(quality.jitter, 60),
		loss: clamp(quality.loss, 1),
		availableOutgoingBitrate: clamp(quality.availableOutgoingBitrate, 1e10),
		framesDropped: clamp(quality.framesDropped, 1e6),
	};
	for (const [key, figure] of Object.entries(figures) as [keyof typeof figures, { value?: number }][]) {
		if (figure.value !== undefined) report[key] = figure.value;
	}
	return report;
}
