import type { MediaSource } from '@hallway/media';

/** What the plan needs to know of a producer. */
export interface ProducerLike {
	readonly id: string;
	readonly kind: 'audio' | 'video';
	readonly paused: boolean;
	readonly closed: boolean;
}

/** One track the broadcast mixes. */
export interface StageTrack {
	speaker: string;
	source: MediaSource;
	kind: 'audio' | 'video';
	producerId: string;
}

/** Who is in the broadcast and which of their tracks: what one FFmpeg run mixes. */
export interface StagePlan {
	/** Speakers on stage in the picture's order (first on stage first), at most `maxSpeakers`. */
	speakers: readonly string[];
	/** Their live tracks: at most one video and one audio each. */
	tracks: readonly StageTrack[];
}

/**
 * The order of speakers on stage: those already in the broadcast keep their
 * place (their cell in the grid), newcomers follow in id order, and the
 * list is cut at `max`.
 */
export function stageOrder(previous: readonly string[], onStage: ReadonlySet<string>, max: number): string[] {
	const kept = previous.filter((id) => onStage.has(id));
	const keptSet = new Set(kept);
	const newcomers = [...onStage].filter((id) => !keptSet.has(id)).sort();
	return [...kept, ...newcomers].slice(0, max);
}

/**
 * A speaker's tracks for the broadcast: a screen share if one is live, else
 * the camera; the microphone. A paused (muted) producer sends nothing, and
 * FFmpeg's mixer would wait for it forever: it is left out until resumed.
 */
export function tracksOf(speaker: string, producers: ReadonlyMap<MediaSource, ProducerLike>): StageTrack[] {
	const live = (source: MediaSource) => {
		const producer = producers.get(source);
		return producer && !producer.closed && !producer.paused ? producer : undefined;
	};
	const tracks: StageTrack[] = [];
	const video = live('screen') ? 'screen' : live('camera') ? 'camera' : undefined;
	if (video) tracks.push({ speaker, source: video, kind: 'video', producerId: live(video)!.id });
	const microphone = live('microphone');
	if (microphone) tracks.push({ speaker, source: 'microphone', kind: 'audio', producerId: microphone.id });
	return tracks;
}

/** A string that changes exactly when the plan does (what FFmpeg would need to be restarted for). */
export function planKey(plan: StagePlan): string {
	return plan.tracks.map((t) => `${t.speaker}:${t.kind}:${t.producerId}`).join('|');
}
