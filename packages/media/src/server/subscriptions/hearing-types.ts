import type { MediaSource } from '../../sources.js';

/**
 * The hearing-graph diff as the media plane reads it. Structurally the same as
 * `HearingDiff` from @hallway/world-server (which depends on this package, not
 * the other way round), so the world room passes its diff straight in.
 */
export type Band = 'near' | 'mid' | 'far';
export type EdgeMedia = 'audio+video' | 'audio';

export interface HearingPair {
	listener: string;
	speaker: string;
}

export interface HearingEdge extends HearingPair {
	band: Band;
	media: EdgeMedia;
}

export interface HearingDiffLike {
	added: readonly HearingEdge[];
	removed: readonly HearingPair[];
	changed: readonly HearingEdge[];
	prewarmAdded: readonly HearingPair[];
	prewarmRemoved: readonly HearingPair[];
}

/** What a listener should receive from one speaker. */
export interface Wanted {
	/** `active`: media flows. `prewarm`: consumers exist, paused, so that crossing into range is only a resume. */
	mode: 'active' | 'prewarm';
	media: EdgeMedia;
	band: Band;
}

/** Sources a listener consumes from a speaker, by what it wants. */
export function sourcesFor(wanted: Wanted): readonly MediaSource[] {
	if (wanted.mode === 'prewarm') return PREWARM_SOURCES;
	return wanted.media === 'audio' ? AUDIO_SOURCES : ALL_SOURCES;
}

const ALL_SOURCES: readonly MediaSource[] = ['microphone', 'camera', 'screen'];
const AUDIO_SOURCES: readonly MediaSource[] = ['microphone'];
/** Screen shares are heavy and rare: they are consumed on crossing, not prewarmed. */
const PREWARM_SOURCES: readonly MediaSource[] = ['microphone', 'camera'];

/** Simulcast spatial layer by band: the far avatar costs the smallest stream. */
export const SPATIAL_LAYER_BY_BAND: Readonly<Record<Band, number>> = { near: 2, mid: 1, far: 0 };

/** Playback volume hint by band, applied on the listener's side. */
export const VOLUME_BY_BAND: Readonly<Record<Band, number>> = { near: 1, mid: 0.6, far: 0.3 };
