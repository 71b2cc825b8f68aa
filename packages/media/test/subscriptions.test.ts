import { describe, expect, it } from 'vitest';
import {
	type ConsumerView,
	type HearingDiffLike,
	planConsumers,
	type ProducerView,
	spatialLayerFor,
	SubscriptionIntent,
	type Wanted,
} from '../src/server/subscriptions/index.js';

function diff(partial: Partial<HearingDiffLike>): HearingDiffLike {
	return { added: [], removed: [], changed: [], prewarmAdded: [], prewarmRemoved: [], ...partial };
}

describe('SubscriptionIntent (what each listener should receive)', () => {
	it('records an edge as active and a ring pair as prewarm', () => {
		const intent = new SubscriptionIntent();
		const touched = intent.apply(
			diff({ added: [{ listener: 'a', speaker: 'b', band: 'near', media: 'audio+video' }], prewarmAdded: [{ listener: 'c', speaker: 'b' }] }),
		);
		expect([...touched].sort()).toEqual(['a', 'c']);
		expect(intent.of('a').get('b')).toEqual({ mode: 'active', media: 'audio+video', band: 'near' });
		expect(intent.of('c').get('b')?.mode).toBe('prewarm');
		expect([...intent.listenersOf('b')].sort()).toEqual(['a', 'c']);
	});

	it('turns a prewarmed pair active when the edge appears in the same diff as prewarmRemoved', () => {
		const intent = new SubscriptionIntent();
		intent.apply(diff({ prewarmAdded: [{ listener: 'a', speaker: 'b' }] }));
		intent.apply(diff({ added: [{ listener: 'a', speaker: 'b', band: 'mid', media: 'audio+video' }], prewarmRemoved: [{ listener: 'a', speaker: 'b' }] }));
		expect(intent.of('a').get('b')).toEqual({ mode: 'active', media: 'audio+video', band: 'mid' });
	});

	it('falls back to prewarm when an edge is removed into the approach ring', () => {
		const intent = new SubscriptionIntent();
		intent.apply(diff({ added: [{ listener: 'a', speaker: 'b', band: 'far', media: 'audio+video' }] }));
		intent.apply(diff({ removed: [{ listener: 'a', speaker: 'b' }], prewarmAdded: [{ listener: 'a', speaker: 'b' }] }));
		expect(intent.of('a').get('b')?.mode).toBe('prewarm');
		intent.apply(diff({ prewarmRemoved: [{ listener: 'a', speaker: 'b' }] }));
		expect(intent.of('a').size).toBe(0);
		expect(intent.listenersOf('b').size).toBe(0);
	});

	it('applies band and media changes to active edges only', () => {
		const intent = new SubscriptionIntent();
		intent.apply(diff({ added: [{ listener: 'a', speaker: 'b', band: 'near', media: 'audio+video' }] }));
		intent.apply(diff({ changed: [{ listener: 'a', speaker: 'b', band: 'far', media: 'audio' }, { listener: 'x', speaker: 'y', band: 'far', media: 'audio' }] }));
		expect(intent.of('a').get('b')).toEqual({ mode: 'active', media: 'audio', band: 'far' });
		expect(intent.of('x').size).toBe(0);
	});

	it('forgets a player who leaves, as listener and as speaker', () => {
		const intent = new SubscriptionIntent();
		intent.apply(
			diff({
				added: [
					{ listener: 'a', speaker: 'b', band: 'near', media: 'audio+video' },
					{ listener: 'b', speaker: 'a', band: 'near', media: 'audio+video' },
					{ listener: 'c', speaker: 'b', band: 'near', media: 'audio' },
				],
			}),
		);
		expect([...intent.removePlayer('b')].sort()).toEqual(['a', 'c']);
		expect(intent.of('b').size).toBe(0);
		expect(intent.of('a').size).toBe(0);
		expect(intent.listenersOf('a').size).toBe(0);
	});
});

describe('planConsumers (one listener\'s consumers against its wants)', () => {
	const producers: Record<string, ProducerView[]> = {
		bob: [
			{ producerId: 'bob-mic', speaker: 'bob', source: 'microphone' },
			{ producerId: 'bob-cam', speaker: 'bob', source: 'camera' },
			{ producerId: 'bob-screen', speaker: 'bob', source: 'screen' },
		],
	};
	const producersOf = (speaker: string) => producers[speaker] ?? [];
	const consumer = (producerId: string, patch: Partial<ConsumerView> = {}): ConsumerView => ({
		consumerId: `c-${producerId}`,
		producerId,
		paused: true,
		acked: false,
		unwantedSince: null,
		band: 'near',
		...patch,
	});
	const plan = (wants: [string, Wanted][], consumers: ConsumerView[], now = 1000) =>
		planConsumers({ wants: new Map(wants), producersOf, consumers, now, graceMs: 2000 });

	it('creates paused consumers for every source of an active audio+video edge', () => {
		const result = plan([['bob', { mode: 'active', media: 'audio+video', band: 'near' }]], []);
		expect(result.create.map((c) => c.producer.producerId).sort()).toEqual(['bob-cam', 'bob-mic', 'bob-screen']);
		expect(result.create.every((c) => !c.prewarm)).toBe(true);
	});

	it('consumes only the microphone on an audio-only edge, and prewarms microphone and camera', () => {
		expect(plan([['bob', { mode: 'active', media: 'audio', band: 'mid' }]], []).create.map((c) => c.producer.source)).toEqual(['microphone']);
		const prewarm = plan([['bob', { mode: 'prewarm', media: 'audio+video', band: 'far' }]], []);
		expect(prewarm.create.map((c) => c.producer.source).sort()).toEqual(['camera', 'microphone']);
		expect(prewarm.create.every((c) => c.prewarm)).toBe(true);
	});

	it('resumes an active consumer only once the client acknowledged it', () => {
		const want: [string, Wanted][] = [['bob', { mode: 'active', media: 'audio', band: 'near' }]];
		expect(plan(want, [consumer('bob-mic')]).resume).toEqual([]);
		expect(plan(want, [consumer('bob-mic', { acked: true })]).resume).toEqual(['c-bob-mic']);
		expect(plan(want, [consumer('bob-mic', { acked: true, paused: false })]).resume).toEqual([]);
	});

	it('pauses at once when the speaker walks out of range, and closes after the grace period', () => {
		const live = consumer('bob-mic', { acked: true, paused: false });
		const first = plan([], [live], 1000);
		expect(first.pause).toEqual(['c-bob-mic']);
		expect(first.markUnwanted).toEqual(['c-bob-mic']);
		expect(first.close).toEqual([]);
		expect(first.nextDeadline).toBe(3000);
		const waiting = plan([], [consumer('bob-mic', { paused: true, unwantedSince: 1000 })], 2500);
		expect(waiting.close).toEqual([]);
		expect(waiting.nextDeadline).toBe(3000);
		expect(plan([], [consumer('bob-mic', { paused: true, unwantedSince: 1000 })], 3000).close).toEqual(['c-bob-mic']);
	});

	it('keeps and resumes a consumer that is wanted again within the grace period', () => {
		const result = plan([['bob', { mode: 'active', media: 'audio', band: 'near' }]], [consumer('bob-mic', { acked: true, unwantedSince: 900 })]);
		expect(result.markWanted).toEqual(['c-bob-mic']);
		expect(result.resume).toEqual(['c-bob-mic']);
		expect(result.close).toEqual([]);
	});

	it('resumes a prewarmed consumer without creating a new one when the edge appears', () => {
		const prewarmed = [consumer('bob-mic', { acked: true, band: 'far' }), consumer('bob-cam', { acked: true, band: 'far' })];
		const result = plan([['bob', { mode: 'active', media: 'audio+video', band: 'near' }]], prewarmed);
		expect(result.resume.sort()).toEqual(['c-bob-cam', 'c-bob-mic']);
		expect(result.create.map((c) => c.producer.source)).toEqual(['screen']);
		expect(result.setBand).toEqual([
			{ consumerId: 'c-bob-mic', band: 'near' },
			{ consumerId: 'c-bob-cam', band: 'near' },
		]);
	});

	it('pauses the camera but keeps the microphone when an edge drops to audio-only', () => {
		const result = plan(
			[['bob', { mode: 'active', media: 'audio', band: 'near' }]],
			[consumer('bob-mic', { acked: true, paused: false }), consumer('bob-cam', { acked: true, paused: false })],
		);
		expect(result.pause).toEqual(['c-bob-cam']);
		expect(result.markUnwanted).toEqual(['c-bob-cam']);
		expect(result.resume).toEqual([]);
	});

	describe('for a listener in audio-only mode (receiveVideo: false)', () => {
		const audioOnly = (wants: [string, Wanted][], consumers: ConsumerView[]) =>
			planConsumers({ wants: new Map(wants), producersOf, consumers, now: 1000, graceMs: 2000, receiveVideo: false });

		it('creates the microphone only, on an active edge and in the approach ring', () => {
			expect(audioOnly([['bob', { mode: 'active', media: 'audio+video', band: 'near' }]], []).create.map((c) => c.producer.source)).toEqual(['microphone']);
			expect(audioOnly([['bob', { mode: 'prewarm', media: 'audio+video', band: 'far' }]], []).create.map((c) => c.producer.source)).toEqual(['microphone']);
		});

		it('closes the video consumers it has at once, without a grace period, and keeps the microphone', () => {
			const result = audioOnly(
				[['bob', { mode: 'active', media: 'audio+video', band: 'near' }]],
				[
					consumer('bob-mic', { acked: true, paused: false, source: 'microphone' }),
					consumer('bob-cam', { acked: true, paused: false, source: 'camera' }),
					consumer('bob-screen', { acked: true, paused: false, source: 'screen' }),
				],
			);
			expect(result.close.sort()).toEqual(['c-bob-cam', 'c-bob-screen']);
			expect(result.pause).toEqual([]);
			expect(result.markUnwanted).toEqual([]);
			expect(result.create).toEqual([]);
			expect(result.nextDeadline).toBeNull();
		});

		it('asks for the camera again once video is back on', () => {
			const result = plan([['bob', { mode: 'active', media: 'audio+video', band: 'near' }]], [consumer('bob-mic', { acked: true, paused: false, source: 'microphone' })]);
			expect(result.create.map((c) => c.producer.source).sort()).toEqual(['camera', 'screen']);
		});
	});

	it('picks the band\'s layer, never above the listener\'s cap', () => {
		expect([spatialLayerFor('near', null), spatialLayerFor('mid', null), spatialLayerFor('far', null)]).toEqual([2, 1, 0]);
		expect([spatialLayerFor('near', 0), spatialLayerFor('mid', 0), spatialLayerFor('far', 0)]).toEqual([0, 0, 0]);
		expect([spatialLayerFor('near', 1), spatialLayerFor('far', 1)]).toEqual([1, 0]);
	});

	it('pauses an active consumer that falls back to prewarm, without scheduling its close', () => {
		const result = plan([['bob', { mode: 'prewarm', media: 'audio+video', band: 'far' }]], [consumer('bob-mic', { acked: true, paused: false })]);
		expect(result.pause).toEqual(['c-bob-mic']);
		expect(result.markUnwanted).toEqual([]);
		expect(result.nextDeadline).toBeNull();
	});
});
