import type { Band, EdgeMedia, EdgeReason } from './types.js';

/**
 * The engine stores what a listener gets from each speaker as one small
 * integer, so its per-listener maps hold numbers and comparing "before" with
 * "after" is a single `!==`:
 *
 *   bits 0-1  kind    1 = prewarm, 2 = edge (0 = nothing, never stored)
 *   bits 2-3  band    0 near, 1 mid, 2 far           (edges only)
 *   bit  4    media   1 = audio+video, 0 = audio     (edges only)
 *   bits 5-6  reason  0 proximity, 1 privateZone, 2 spotlight (edges only)
 */
export const PAIR_NONE = 0;
export const PAIR_PREWARM = 1;
const KIND_EDGE = 2;
const VIDEO_BIT = 16;

export const BAND_NEAR = 0;
export const BAND_MID = 1;
export const BAND_FAR = 2;
/** "No previous band" for the band hysteresis. */
export const BAND_NONE = -1;

export const REASON_PROXIMITY = 0;
export const REASON_PRIVATE_ZONE = 1;
export const REASON_SPOTLIGHT = 2;

const BANDS: readonly Band[] = ['near', 'mid', 'far'];
const REASONS: readonly EdgeReason[] = ['proximity', 'privateZone', 'spotlight'];

export function packEdge(band: number, video: boolean, reason: number): number {
	return KIND_EDGE | (band << 2) | (video ? VIDEO_BIT : 0) | (reason << 5);
}

export function isEdge(state: number): boolean {
	return (state & 3) === KIND_EDGE;
}

export function hasVideo(state: number): boolean {
	return (state & VIDEO_BIT) !== 0;
}

/** The band of an edge state, or `BAND_NONE` when it is not an edge. */
export function bandOf(state: number): number {
	return isEdge(state) ? (state >> 2) & 3 : BAND_NONE;
}

export function bandName(state: number): Band {
	return BANDS[(state >> 2) & 3]!;
}

export function mediaName(state: number): EdgeMedia {
	return hasVideo(state) ? 'audio+video' : 'audio';
}

/** The reason code of an edge state (REASON_*). */
export function reasonOf(state: number): number {
	return (state >> 5) & 3;
}

export function reasonName(state: number): EdgeReason {
	return REASONS[(state >> 5) & 3]!;
}
