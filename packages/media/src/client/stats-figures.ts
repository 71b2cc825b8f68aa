/**
 * Reading WebRTC `getStats()` reports into the figures quality is scored on.
 * Pure functions over the plain stats objects (no peer connection needed), so
 * they are tested with literal reports.
 */

/** The fields of an `RTCStats` entry that are read here (an `RTCStatsReport` value). */
export interface StatsEntry {
	readonly type: string;
	readonly id: string;
	readonly [field: string]: unknown;
}

/** Cumulative counters of one received stream (`inbound-rtp`). */
export interface InboundCounters {
	/** The receiving track's id (`MediaStreamTrack.id`): which consumer it is. */
	trackIdentifier: string;
	kind: 'audio' | 'video';
	packetsReceived: number;
	packetsLost: number;
	/** Current interarrival jitter, seconds. */
	jitter: number | undefined;
	framesDropped: number;
	framesReceived: number;
}

/** The connection-wide figures of a transport: its selected ICE pair. */
export interface PairFigures {
	/** Seconds. */
	rtt: number | undefined;
	/** Bits/s, on a sending transport. */
	availableOutgoingBitrate: number | undefined;
}

/** What the server says it receives from this browser (`remote-inbound-rtp`, from RTCP receiver reports). */
export interface RemoteInboundFigures {
	/** Worst over the sent streams, seconds. */
	rtt: number | undefined;
	/** Worst fraction lost over the sent streams, 0..1 (of the last report). */
	loss: number | undefined;
	/** Worst jitter of the audio streams (of the video ones without audio), seconds. */
	jitter: number | undefined;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The received streams of a report, by receiving track id. */
export function readInbound(report: Iterable<StatsEntry>): Map<string, InboundCounters> {
	const streams = new Map<string, InboundCounters>();
	for (const entry of report) {
		if (entry.type !== 'inbound-rtp' || typeof entry['trackIdentifier'] !== 'string') continue;
		const kind = entry['kind'] === 'video' ? 'video' : 'audio';
		streams.set(entry['trackIdentifier'], {
			trackIdentifier: entry['trackIdentifier'],
			kind,
			packetsReceived: num(entry['packetsReceived']) ?? 0,
			packetsLost: Math.max(0, num(entry['packetsLost']) ?? 0),
			jitter: num(entry['jitter']),
			framesDropped: num(entry['framesDropped']) ?? 0,
			framesReceived: num(entry['framesReceived']) ?? 0,
		});
	}
	return streams;
}

/** RTT and available bitrate of the transport's selected candidate pair. */
export function readSelectedPair(report: Iterable<StatsEntry>): PairFigures {
	const entries = [...report];
	const selectedId = entries.find((e) => e.type === 'transport' && typeof e['selectedCandidatePairId'] === 'string')?.['selectedCandidatePairId'];
	const pair =
		entries.find((e) => e.type === 'candidate-pair' && e.id === selectedId) ??
		entries.find((e) => e.type === 'candidate-pair' && e['nominated'] === true && e['state'] === 'succeeded');
	return { rtt: num(pair?.['currentRoundTripTime']), availableOutgoingBitrate: num(pair?.['availableOutgoingBitrate']) };
}

/** The worst of what the server reports about the streams this browser sends. */
export function readRemoteInbound(report: Iterable<StatsEntry>): RemoteInboundFigures {
	const worst = (a: number | undefined, b: unknown) => {
		const value = num(b);
		return value === undefined ? a : a === undefined ? value : Math.max(a, value);
	};
	let figures: RemoteInboundFigures = { rtt: undefined, loss: undefined, jitter: undefined };
	let videoJitter: number | undefined;
	for (const entry of report) {
		if (entry.type !== 'remote-inbound-rtp') continue;
		figures = {
			rtt: worst(figures.rtt, entry['roundTripTime']),
			loss: worst(figures.loss, entry['fractionLost']),
			jitter: entry['kind'] === 'video' ? figures.jitter : worst(figures.jitter, entry['jitter']),
		};
		if (entry['kind'] === 'video') videoJitter = worst(videoJitter, entry['jitter']);
	}
	return { ...figures, jitter: figures.jitter ?? videoJitter };
}

/**
 * The `remote-inbound-rtp` entries that carry a new receiver report since
 * the last reading (`before`: what {@link freshRemoteReports} returned then
 * as `marks`). A report's fraction lost stays in the stats until the next
 * one: without this, one old lossy report would be counted again and again.
 * Freshness is read from `reportsReceived`, else `roundTripTimeMeasurements`,
 * else the timestamp.
 */
export function freshRemoteReports(report: Iterable<StatsEntry>, before: ReadonlyMap<string, string>): { entries: StatsEntry[]; marks: Map<string, string> } {
	const entries: StatsEntry[] = [];
	const marks = new Map<string, string>();
	for (const entry of report) {
		if (entry.type !== 'remote-inbound-rtp') continue;
		const mark = String(entry['reportsReceived'] ?? entry['roundTripTimeMeasurements'] ?? entry['timestamp'] ?? '');
		marks.set(entry.id, mark);
		if (before.get(entry.id) !== mark) entries.push(entry);
	}
	return { entries, marks };
}

/** What a set of received streams did between two reports. */
export interface InboundWindow {
	/**
	 * Fraction lost of the worst stream in the window, 0..1, among streams
	 * that expected at least `minPackets` (undefined: none did). The worst
	 * stream, not the sum: video recovers most losses by retransmission and
	 * would hide the audio's.
	 */
	loss: number | undefined;
	/**
	 * Worst current jitter of the audio streams, seconds (of the video ones
	 * when there is no audio: a frame's packets leave in a burst, so video
	 * jitter runs high on a clean network and says little).
	 */
	jitter: number | undefined;
	/** Fraction of video frames received in the window that were dropped (undefined: no video frames). */
	framesDroppedRatio: number | undefined;
	/** Video frames dropped in the window. */
	framesDropped: number;
	/** Packets received in the window (0: nothing arrived). */
	packetsReceived: number;
}

/**
 * Differences of the streams `now` since `before` (a stream new in `now`
 * counts from zero; counters that went backwards, a re-created receiver, too).
 */
export function inboundWindow(before: ReadonlyMap<string, InboundCounters>, now: Iterable<InboundCounters>, minPackets = 20): InboundWindow {
	let received = 0;
	let loss: number | undefined;
	let framesDropped = 0;
	let framesReceived = 0;
	let audioJitter: number | undefined;
	let videoJitter: number | undefined;
	for (const stream of now) {
		const previous = before.get(stream.trackIdentifier);
		const delta = (field: 'packetsReceived' | 'packetsLost' | 'framesDropped' | 'framesReceived') => {
			const base = previous?.[field] ?? 0;
			return stream[field] >= base ? stream[field] - base : stream[field];
		};
		const streamReceived = delta('packetsReceived');
		const streamLost = delta('packetsLost');
		received += streamReceived;
		if (streamReceived + streamLost >= minPackets) loss = Math.max(loss ?? 0, streamLost / (streamReceived + streamLost));
		if (stream.kind === 'video') {
			framesDropped += delta('framesDropped');
			framesReceived += delta('framesReceived');
		}
		if (stream.jitter === undefined) continue;
		if (stream.kind === 'audio') audioJitter = Math.max(audioJitter ?? 0, stream.jitter);
		else videoJitter = Math.max(videoJitter ?? 0, stream.jitter);
	}
	return {
		loss,
		jitter: audioJitter ?? videoJitter,
		framesDroppedRatio: framesReceived > 0 ? Math.min(1, framesDropped / framesReceived) : undefined,
		framesDropped,
		packetsReceived: received,
	};
}
