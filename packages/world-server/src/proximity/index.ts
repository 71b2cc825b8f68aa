/**
 * The proximity engine: pure logic that turns avatar positions and zone
 * membership into a diff of the hearing graph, every tick.
 */
export { ProximityEngine } from './proximity-engine.js';
export { DEFAULT_PROXIMITY_OPTIONS, proximityQueryRadius, resolveProximityOptions } from './proximity-options.js';
export type { ProximityOptions } from './proximity-options.js';
export { ProximityError } from './proximity-error.js';
export type { ProximityErrorCode } from './proximity-error.js';
export type { Band, EdgeMedia, EdgeReason, HearingDiff, HearingEdge, HearingPair, ProximityAvatar } from './types.js';
