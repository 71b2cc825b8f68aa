import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_OPTIONS, QualityTracker, scoreQuality, worseLevel } from '../src/client/connection-quality.js';
import { freshRemoteReports, type InboundCounters, inboundWindow, readInbound, readRemoteInbound, readSelectedPair, type StatsEntry } from '../src/client/stats-figures.js';

describe('scoreQuality (one sample, no memory)', () => {
	it('calls a clean loopback connection excellent', () => {
		expect(scoreQuality({ rtt: 0.002, jitter: 0.003, loss: 0, framesDroppedRatio: 0, availableOutgoingBitrate: 2_500_000, silentMs: 0 })).toBe('excellent');
	});

	it('lets the worst figure decide', () => {
		expect(scoreQuality({ rtt: 0.02, loss: 0.1 })).toBe('poor');
		expect(scoreQuality({ rtt: 0.5, loss: 0 })).toBe('poor');
		expect(scoreQuality({ jitter: 0.06 })).toBe('poor');
		expect(scoreQuality({ framesDroppedRatio: 0.25 })).toBe('poor');
		expect(scoreQuality({ availableOutgoingBitrate: 80_000 })).toBe('poor');
		expect(scoreQuality({ rtt: 0.2, loss: 0.001 })).toBe('good');
		expect(scoreQuality({ loss: 0.02 })).toBe('good');
		expect(scoreQuality({ availableOutgoingBitrate: 250_000 })).toBe('good');
	});

	it('says lost after the silence limit, whatever the other figures', () => {
		expect(scoreQuality({ rtt: 0.01, loss: 0, silentMs: DEFAULT_QUALITY_OPTIONS.lostAfterMs })).toBe('lost');
		expect(scoreQuality({ rtt: 0.01, loss: 0, silentMs: DEFAULT_QUALITY_OPTIONS.lostAfterMs - 1 })).toBe('excellent');
	});

	it('is stricter with a scale below 1 (the margin to climb back)', () => {
		expect(scoreQuality({ loss: 0.04 })).toBe('good');
		expect(scoreQuality({ loss: 0.04 }, DEFAULT_QUALITY_OPTIONS, 0.7)).toBe('poor');
		expect(scoreQuality({ availableOutgoingBitrate: 350_000 }, DEFAULT_QUALITY_OPTIONS, 0.7)).toBe('good');
	});

	it('orders levels', () => {
		expect(worseLevel('good', 'poor')).toBe('poor');
		expect(worseLevel('lost', 'excellent')).toBe('lost');
		expect(worseLevel('excellent', 'excellent')).toBe('excellent');
	});
});

describe('QualityTracker (hysteresis)', () => {
	const clean = { rtt: 0.01, loss: 0 };
	const lossy = { rtt: 0.01, loss: 0.1 };

	it('drops after two bad samples in a row and climbs back only after three good ones', () => {
		const tracker = new QualityTracker();
		expect(tracker.level).toBeUndefined();
		expect(tracker.update(clean)).toBe('excellent');
		expect(tracker.update(lossy)).toBe('excellent');
		expect(tracker.update(lossy)).toBe('poor');
		expect(tracker.update(clean)).toBe('poor');
		expect(tracker.update(clean)).toBe('poor');
		expect(tracker.update(clean)).toBe('excellent');
	});

	it('shrugs off a single slow sample', () => {
		const tracker = new QualityTracker();
		tracker.update(clean);
		expect(tracker.update({ rtt: 0.6, loss: 0 })).toBe('excellent');
		expect(tracker.update(clean)).toBe('excellent');
		expect(tracker.update({ rtt: 0.6, loss: 0 })).toBe('excellent');
	});

	it('does not flap on a figure hovering around a limit', () => {
		const tracker = new QualityTracker();
		tracker.update({ loss: 0.06 });
		const levels = [0.045, 0.055, 0.048, 0.052, 0.046, 0.049, 0.047].map((loss) => tracker.update({ loss }));
		// 4.5-4.9% is under the poor limit (5%) but not under it with margin (3.5%): it stays poor.
		expect(new Set(levels)).toEqual(new Set(['poor']));
	});

	it('starts the climb again when a bad sample interrupts it', () => {
		const tracker = new QualityTracker();
		tracker.update(lossy);
		tracker.update(clean);
		tracker.update(clean);
		expect(tracker.update(lossy)).toBe('poor');
		tracker.update(clean);
		tracker.update(clean);
		expect(tracker.level).toBe('poor');
		expect(tracker.update(clean)).toBe('excellent');
	});

	it('goes lost at once and recovers as soon as packets flow', () => {
		const tracker = new QualityTracker({ lostAfterMs: 3000 });
		tracker.update(clean);
		expect(tracker.update({ ...clean, silentMs: 3000 })).toBe('lost');
		expect(tracker.update({ ...clean, silentMs: 0 })).toBe('excellent');
	});

	it('can react at the first bad sample', () => {
		const tracker = new QualityTracker({ downgradeAfter: 1 });
		tracker.update(clean);
		expect(tracker.update(lossy)).toBe('poor');
	});
});

describe('reading getStats() figures', () => {
	const inbound = (trackIdentifier: string, kind: 'audio' | 'video', packetsReceived: number, packetsLost: number, extra: Record<string, unknown> = {}): StatsEntry => ({
		type: 'inbound-rtp',
		id: `IT-${trackIdentifier}`,
		trackIdentifier,
		kind,
		packetsReceived,
		packetsLost,
		jitter: 0.004,
		...extra,
	});

	it('reads received streams by track, and the selected pair of a transport', () => {
		const report: StatsEntry[] = [
			inbound('mic', 'audio', 500, 5),
			inbound('cam', 'video', 2000, 0, { framesDropped: 3, framesReceived: 300 }),
			{ type: 'transport', id: 'T1', selectedCandidatePairId: 'CP2' },
			{ type: 'candidate-pair', id: 'CP1', currentRoundTripTime: 0.9, nominated: false, state: 'failed' },
			{ type: 'candidate-pair', id: 'CP2', currentRoundTripTime: 0.012, availableOutgoingBitrate: 1_200_000 },
		];
		const streams = readInbound(report);
		expect([...streams.keys()]).toEqual(['mic', 'cam']);
		expect(streams.get('cam')).toMatchObject({ kind: 'video', packetsReceived: 2000, framesDropped: 3, framesReceived: 300 });
		expect(readSelectedPair(report)).toEqual({ rtt: 0.012, availableOutgoingBitrate: 1_200_000 });
	});

	it('takes the worst of what the server reports about the sent streams (jitter: of the audio)', () => {
		const report: StatsEntry[] = [
			{ type: 'remote-inbound-rtp', id: 'RI1', kind: 'audio', roundTripTime: 0.01, fractionLost: 0.1, jitter: 0.002 },
			{ type: 'remote-inbound-rtp', id: 'RI2', kind: 'audio', roundTripTime: 0.03, fractionLost: 0, jitter: 0.008 },
			{ type: 'remote-inbound-rtp', id: 'RI3', kind: 'video', roundTripTime: 0.02, fractionLost: 0, jitter: 0.04 },
		];
		expect(readRemoteInbound(report)).toEqual({ rtt: 0.03, loss: 0.1, jitter: 0.008 });
		expect(readRemoteInbound(report.slice(2))).toEqual({ rtt: 0.02, loss: 0, jitter: 0.04 });
		expect(readRemoteInbound([])).toEqual({ rtt: undefined, loss: undefined, jitter: undefined });
	});

	it('reads a receiver report once: a lossy one left in the stats does not count again', () => {
		const lossy = { type: 'remote-inbound-rtp', id: 'RI1', kind: 'audio', fractionLost: 0.75, reportsReceived: 40 };
		const first = freshRemoteReports([lossy], new Map());
		expect(readRemoteInbound(first.entries).loss).toBe(0.75);
		const again = freshRemoteReports([lossy], first.marks);
		expect(again.entries).toEqual([]);
		expect(readRemoteInbound(again.entries).loss).toBeUndefined();
		const next = freshRemoteReports([{ ...lossy, fractionLost: 0, reportsReceived: 41 }], again.marks);
		expect(readRemoteInbound(next.entries).loss).toBe(0);
	});

	it('measures loss over the window, per stream, the worst one counting', () => {
		const before = readInbound([inbound('mic', 'audio', 1000, 10), inbound('cam', 'video', 5000, 0, { framesDropped: 0, framesReceived: 100 })]);
		// Over the window the microphone lost 10 of 100 packets; the camera recovered its losses by retransmission.
		const now = readInbound([inbound('mic', 'audio', 1090, 20), inbound('cam', 'video', 5900, 0, { framesDropped: 12, framesReceived: 148 })]);
		const window = inboundWindow(before, now.values());
		expect(window.loss).toBeCloseTo(0.1, 5);
		expect(window.packetsReceived).toBe(990);
		expect(window.framesDropped).toBe(12);
		expect(window.framesDroppedRatio).toBeCloseTo(0.25, 5);
	});

	it('ignores streams with too few packets in the window to judge, and counts a new stream from zero', () => {
		const before = new Map<string, InboundCounters>();
		const window = inboundWindow(before, readInbound([inbound('mic', 'audio', 8, 2)]).values());
		expect(window.loss).toBeUndefined();
		expect(window.packetsReceived).toBe(8);
		expect(inboundWindow(before, []).packetsReceived).toBe(0);
	});
});
