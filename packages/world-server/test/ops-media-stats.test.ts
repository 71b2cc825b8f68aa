import { type MetricValueWithName, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MediaStatsSampler } from '../src/ops/media-stats-sampler.js';
import { RoomTracker } from '../src/ops/room-tracker.js';
import type { WorldRoom } from '../src/room/index.js';

/** A mediasoup producer or consumer as the sampler sees it: `closed` and `getStats()`, counting the calls. */
function stream(stats: Record<string, unknown>[] | Error) {
	const fake = {
		closed: false,
		calls: 0,
		async getStats() {
			fake.calls++;
			if (stats instanceof Error) throw stats;
			return stats;
		},
	};
	return fake;
}

const sent = (fractionLost: number, roundTripTime?: number, packetCount = 500) => ({ type: 'outbound-rtp', packetCount, fractionLost, roundTripTime });
const received = (fractionLost: number, packetCount = 500) => ({ type: 'inbound-rtp', packetCount, fractionLost });

/** A room with one player whose media peer holds these producers and consumers. */
function roomWith(producers: ReturnType<typeof stream>[], consumers: ReturnType<typeof stream>[]): WorldRoom {
	const peer = {
		producers: new Map(producers.map((producer, i) => [`source-${i}`, producer])),
		consumers: new Map(consumers.map((consumer, i) => [`c${i}`, { consumer }])),
	};
	return { clients: [{ sessionId: 'p1' }], media: { closed: false, peer: (id: string) => (id === 'p1' ? peer : undefined) } } as unknown as WorldRoom;
}

async function histogram(registry: Registry, name: string, direction: string): Promise<{ count: number; sum: number; buckets: Map<number, number> }> {
	// A histogram's values carry the series name (_bucket, _sum, _count).
	const values = (await registry.getSingleMetric(name)!.get()).values as MetricValueWithName<string>[];
	const mine = values.filter((v) => v.labels['direction'] === direction);
	const pick = (suffix: string) => mine.find((v) => v.metricName === `${name}_${suffix}`)?.value ?? 0;
	const buckets = new Map(mine.filter((v) => v.metricName === `${name}_bucket`).map((v) => [Number(v.labels['le']), v.value]));
	return { count: pick('count'), sum: pick('sum'), buckets };
}

describe('MediaStatsSampler', () => {
	it('turns RTCP figures into seconds and ratios: loss up from producers, loss and RTT down from consumers', async () => {
		const registry = new Registry();
		const rooms = new RoomTracker();
		// A consumer's stats also carry its producer's stream (inbound-rtp): only its own leg counts.
		rooms.add('office', roomWith([stream([received(64)])], [stream([sent(0, 120), received(255)])]));
		const sampler = new MediaStatsSampler(registry, rooms, { intervalMs: 0 });
		await sampler.sample();

		const lossUp = await histogram(registry, 'hallway_media_packet_loss_ratio', 'up');
		expect(lossUp).toMatchObject({ count: 1, sum: 0.25 });
		const lossDown = await histogram(registry, 'hallway_media_packet_loss_ratio', 'down');
		expect(lossDown).toMatchObject({ count: 1, sum: 0 });
		const rttDown = await histogram(registry, 'hallway_media_rtt_seconds', 'down');
		expect(rttDown.count).toBe(1);
		expect(rttDown.sum).toBeCloseTo(0.12);
		expect(rttDown.buckets.get(0.1)).toBe(0);
		expect(rttDown.buckets.get(0.2)).toBe(1);
		// No RTT without one reported.
		expect((await histogram(registry, 'hallway_media_rtt_seconds', 'up')).count).toBe(0);
	});

	it('skips streams that carried nothing, closed ones, and ones that fail to answer', async () => {
		const registry = new Registry();
		const rooms = new RoomTracker();
		const closed = stream([sent(10, 50)]);
		closed.closed = true;
		rooms.add('office', roomWith([], [stream([sent(10, 50, 0)]), closed, stream(new Error('consumer closed'))]));
		await new MediaStatsSampler(registry, rooms, { intervalMs: 0 }).sample();
		expect((await histogram(registry, 'hallway_media_packet_loss_ratio', 'down')).count).toBe(0);
		expect(closed.calls).toBe(0);
	});

	it('asks the workers about at most maxObjects streams per sample, and goes round all of them', async () => {
		const registry = new Registry();
		const rooms = new RoomTracker();
		const consumers = Array.from({ length: 6 }, () => stream([sent(0, 20)]));
		rooms.add('office', roomWith([], consumers));
		const sampler = new MediaStatsSampler(registry, rooms, { intervalMs: 0, maxObjects: 4 });
		await sampler.sample();
		expect(consumers.reduce((n, c) => n + c.calls, 0)).toBe(4);
		await sampler.sample();
		await sampler.sample();
		// 12 requests over 6 streams: each one twice.
		expect(consumers.map((c) => c.calls)).toEqual([2, 2, 2, 2, 2, 2]);
	});

	it('refuses options that would sample nothing or never stop', () => {
		expect(() => new MediaStatsSampler(new Registry(), new RoomTracker(), { maxObjects: 0 })).toThrow(/E_METRICS_OPTIONS/);
		expect(() => new MediaStatsSampler(new Registry(), new RoomTracker(), { intervalMs: -1 })).toThrow(/E_METRICS_OPTIONS/);
	});
});

describe('what browsers report of their connections (media.reportQuality)', () => {
	/** A room whose players' media peers hold these reports. */
	function roomReporting(reports: Record<string, { report: Record<string, unknown>; at: number; framesDroppedTotal: number } | null>): WorldRoom {
		const peers = new Map(Object.entries(reports).map(([id, quality]) => [id, { producers: new Map(), consumers: new Map(), quality }]));
		return { clients: [...peers.keys()].map((sessionId) => ({ sessionId })), media: { closed: false, peer: (id: string) => peers.get(id) } } as unknown as WorldRoom;
	}

	async function gauge(registry: Registry, name: string): Promise<Record<string, number>> {
		const values = (await registry.getSingleMetric(name)!.get()).values;
		return Object.fromEntries(values.map((v) => [`${v.labels['world']}/${v.labels['level']}`, v.value]));
	}

	it('counts players per level from fresh reports, and observes each report once', async () => {
		const registry = new Registry();
		const rooms = new RoomTracker();
		const now = Date.now();
		const poor = { report: { level: 'poor', rtt: 0.08, jitter: 0.03, loss: 0.1, availableOutgoingBitrate: 250_000, framesDropped: 5 }, at: now, framesDroppedTotal: 12 };
		rooms.add('office', roomReporting({
			ann: poor,
			bob: { report: { level: 'excellent', rtt: 0.004, loss: 0 }, at: now, framesDroppedTotal: 0 },
			// A report from long ago says nothing about the player now.
			cat: { report: { level: 'lost' }, at: now - 60_000, framesDroppedTotal: 0 },
			dan: null,
		}));
		const sampler = new MediaStatsSampler(registry, rooms, { intervalMs: 0 });
		await sampler.sample();
		await sampler.sample();

		expect(await gauge(registry, 'hallway_media_quality_players')).toEqual({ 'office/excellent': 1, 'office/good': 0, 'office/poor': 1, 'office/lost': 0 });
		const loss = (await registry.getSingleMetric('hallway_media_client_packet_loss_ratio')!.get()).values as MetricValueWithName<string>[];
		// Ann's and Bob's figures (Cat's stale report has none), each observed once over two samples.
		expect(loss.find((v) => v.metricName === 'hallway_media_client_packet_loss_ratio_count')?.value).toBe(2);
		expect(loss.find((v) => v.metricName === 'hallway_media_client_packet_loss_ratio_sum')?.value).toBeCloseTo(0.1);
		const rtt = (await registry.getSingleMetric('hallway_media_client_rtt_seconds')!.get()).values as MetricValueWithName<string>[];
		expect(rtt.find((v) => v.metricName === 'hallway_media_client_rtt_seconds_count')?.value).toBe(2);
		const dropped = (await registry.getSingleMetric('hallway_media_client_frames_dropped_total')!.get()).values;
		expect(dropped[0]?.value).toBe(12);
	});
});
