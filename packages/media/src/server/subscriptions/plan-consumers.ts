import { MEDIA_SOURCE_KIND } from '../../protocol/messages.js';
import type { MediaSource } from '../../sources.js';
import { type Band, sourcesFor, type Wanted } from './hearing-types.js';

/** A speaker's producer, as the planner sees it. */
export interface ProducerView {
	producerId: string;
	speaker: string;
	source: MediaSource;
}

/** One of the listener's consumers, as the planner sees it. */
export interface ConsumerView {
	consumerId: string;
	producerId: string;
	/** Paused by the server (not the speaker's mute, which is the producer's). */
	paused: boolean;
	/** The client created its side and said `media.consumerReady`. */
	acked: boolean;
	/** When the consumer stopped being wanted (ms), or null while wanted. */
	unwantedSince: number | null;
	/** The band last applied to it. */
	band: Band;
	/** The source it carries (absent: treated as wanted whatever the kind, as before audio-only existed). */
	source?: MediaSource;
}

export interface ConsumerPlan {
	/** Consumers to create, paused, and push to the client. */
	create: { producer: ProducerView; prewarm: boolean; band: Band }[];
	/** Wanted active, acknowledged, still paused: resume. */
	resume: string[];
	/** No longer active (gone, or back to prewarm): pause at once, so nothing is heard after leaving. */
	pause: string[];
	/** Just became unwanted: start the grace period before closing. */
	markUnwanted: string[];
	/** Wanted again during the grace period. */
	markWanted: string[];
	/** Unwanted for the whole grace period: close. */
	close: string[];
	/** Band changed: new preferred layer and volume. */
	setBand: { consumerId: string; band: Band }[];
	/** When to plan again for the pending closes (ms), or null if none. */
	nextDeadline: number | null;
}

export interface PlanInput {
	wants: ReadonlyMap<string, Wanted>;
	producersOf(speaker: string): readonly ProducerView[];
	consumers: Iterable<ConsumerView>;
	now: number;
	/** How long an unwanted consumer stays (paused) before it is closed, in ms; avoids churn at boundaries. */
	graceMs: number;
	/**
	 * False in audio-only mode: no video (camera, screen) is created, and the
	 * video consumers there are close at once, without the grace period (the
	 * player asked for less traffic, not a boundary crossing). Default true.
	 */
	receiveVideo?: boolean;
}

/**
 * Decides what to do with one listener's consumers so they match what it
 * wants: a pure function of numbers and ids, so the rules are tested without
 * mediasoup. Consumers are always created paused (mediasoup's advice); an
 * active one is resumed only after the client acknowledged it.
 */
export function planConsumers({ wants, producersOf, consumers, now, graceMs, receiveVideo = true }: PlanInput): ConsumerPlan {
	const plan: ConsumerPlan = { create: [], resume: [], pause: [], markUnwanted: [], markWanted: [], close: [], setBand: [], nextDeadline: null };
	const wanted = new Map<string, { producer: ProducerView; want: Wanted }>();
	for (const [speaker, want] of wants) {
		const sources = sourcesFor(want);
		for (const producer of producersOf(speaker)) {
			if (!receiveVideo && MEDIA_SOURCE_KIND[producer.source] === 'video') continue;
			if (sources.includes(producer.source)) wanted.set(producer.producerId, { producer, want });
		}
	}

	const covered = new Set<string>();
	for (const consumer of consumers) {
		covered.add(consumer.producerId);
		const entry = wanted.get(consumer.producerId);
		if (entry) {
			if (consumer.unwantedSince !== null) plan.markWanted.push(consumer.consumerId);
			if (entry.want.mode === 'active') {
				if (consumer.paused && consumer.acked) plan.resume.push(consumer.consumerId);
				if (consumer.band !== entry.want.band) plan.setBand.push({ consumerId: consumer.consumerId, band: entry.want.band });
			} else if (!consumer.paused) {
				plan.pause.push(consumer.consumerId);
			}
			continue;
		}
		if (!receiveVideo && consumer.source !== undefined && MEDIA_SOURCE_KIND[consumer.source] === 'video') {
			plan.close.push(consumer.consumerId);
			continue;
		}
		if (!consumer.paused) plan.pause.push(consumer.consumerId);
		const since = consumer.unwantedSince ?? now;
		if (consumer.unwantedSince === null) plan.markUnwanted.push(consumer.consumerId);
		if (now - since >= graceMs) {
			plan.close.push(consumer.consumerId);
		} else {
			const deadline = since + graceMs;
			plan.nextDeadline = plan.nextDeadline === null ? deadline : Math.min(plan.nextDeadline, deadline);
		}
	}

	for (const [producerId, { producer, want }] of wanted) {
		if (!covered.has(producerId)) plan.create.push({ producer, prewarm: want.mode === 'prewarm', band: want.band });
	}
	return plan;
}
