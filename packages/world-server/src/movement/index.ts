/**
 * Authoritative movement on a tile collision grid, and click-to-move pathfinding.
 */
export { boxOverlapsBlocked, moveBox, sweptBoxClear } from './collision.js';
export type { SpawnSearchOptions } from './movement.js';
export { applyInput, createMovementState, facingFor, findSpawnPosition, step } from './movement.js';
export type { MovementErrorCode } from './movement-error.js';
export { MovementError } from './movement-error.js';
export type { MovementOptions } from './movement-options.js';
export { DEFAULT_MOVEMENT_OPTIONS, resolveMovementOptions } from './movement-options.js';
export { MovementSimulator } from './movement-simulator.js';
export type {
	DirectionInput,
	Facing,
	InputRejectCode,
	InputResult,
	MovementInput,
	MovementState,
	TargetInput,
} from './movement-types.js';
export { MovementInputSchema } from './movement-types.js';
export type { PathOptions, PathResult, TilePath, TilePathOptions } from './pathfinding.js';
export { findPath, findTilePath, stringPull } from './pathfinding.js';
