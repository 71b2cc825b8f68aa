import type { CollisionGrid } from '../map/map-types.js';
import { MovementError } from './movement-error.js';

/** Tuning of the authoritative movement simulation. Every field has a default in `DEFAULT_MOVEMENT_OPTIONS`. */
export interface MovementOptions {
	/** Simulation ticks per second; `step()` defaults its `dtSeconds` to `1 / tickRate`. Default 20 Hz. */
	readonly tickRate: number;
	/**
	 * Top speed in px/s, for direction inputs and click-to-move alike. Whatever
	 * the client claims, the server never moves an avatar faster. Default 160 px/s
	 * (5 tiles of 32 px per second).
	 */
	readonly maxSpeed: number;
	/**
	 * Half the side of the avatar's square collision footprint (an axis-aligned
	 * box centred on its position), in px. At most half a tile so that an avatar
	 * fits through a one-tile door. Default 10 px (a 20x20 px footprint).
	 */
	readonly halfSize: number;
	/**
	 * Longest distance, in px, moved in one collision sub-step. Each sub-step
	 * moves x then y; small sub-steps keep diagonal motion from cutting past wall
	 * corners. Walls are never crossed whatever the value (sweeps are exact).
	 * Default 4 px.
	 */
	readonly maxSubstep: number;
	/**
	 * Longest time, in s, one `step()` integrates. A stalled server that passes a
	 * huge `dtSeconds` moves avatars at most `maxSpeed * maxStepSeconds`, never a
	 * teleport-like jump. Default 0.25 s (5 ticks at 20 Hz).
	 */
	readonly maxStepSeconds: number;
	/**
	 * Most tiles A* expands for one click-to-move target, so a far or walled-off
	 * target costs bounded CPU. When the bound is hit the avatar walks to the
	 * closest tile found. Default 10,000 (a 100x100 tile map searched whole).
	 */
	readonly maxPathNodes: number;
	/** Distance, in px, at which a click-to-move waypoint counts as reached. Default 0.5 px. */
	readonly arrivalTolerance: number;
	/** Direction inputs shorter than this (after normalising longer ones to 1) mean "stop". Default 0.05. */
	readonly directionDeadZone: number;
}

/** The defaults, in one place. */
export const DEFAULT_MOVEMENT_OPTIONS: Readonly<MovementOptions> = Object.freeze({
	tickRate: 20,
	maxSpeed: 160,
	halfSize: 10,
	maxSubstep: 4,
	maxStepSeconds: 0.25,
	maxPathNodes: 10_000,
	arrivalTolerance: 0.5,
	directionDeadZone: 0.05,
});

/**
 * Merges overrides into the defaults and checks them; with a grid, also checks
 * that the avatar fits through a one-tile gap. Throws `E_MOVEMENT_OPTIONS`.
 */
export function resolveMovementOptions(overrides: Partial<MovementOptions> = {}, grid?: CollisionGrid): MovementOptions {
	const options: MovementOptions = { ...DEFAULT_MOVEMENT_OPTIONS, ...stripUndefined(overrides) };
	for (const [key, value] of Object.entries(options)) {
		const allowsZero = key === 'directionDeadZone' || key === 'arrivalTolerance';
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowsZero && value === 0)) {
			throw new MovementError('E_MOVEMENT_OPTIONS', `option ${key} must be a ${allowsZero ? 'non-negative' : 'positive'} finite number, got ${String(value)}`);
		}
	}
	if (grid && options.halfSize * 2 > Math.min(grid.tileWidth, grid.tileHeight)) {
		throw new MovementError(
			'E_MOVEMENT_OPTIONS',
			`halfSize ${options.halfSize} px makes the avatar wider than a ${grid.tileWidth}x${grid.tileHeight} px tile; use at most ${Math.min(grid.tileWidth, grid.tileHeight) / 2}`,
		);
	}
	return options;
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
	return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
