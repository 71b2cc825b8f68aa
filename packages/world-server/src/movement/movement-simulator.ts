import type { Point } from '../geometry.js';
import type { CollisionGrid } from '../map/map-types.js';
import type { SpawnSearchOptions } from './movement.js';
import { applyInput, createMovementState, findSpawnPosition, step } from './movement.js';
import type { MovementOptions } from './movement-options.js';
import { resolveMovementOptions } from './movement-options.js';
import type { Facing, InputResult, MovementInput, MovementState } from './movement-types.js';

/**
 * The movement functions bound to one map and one set of options, which is
 * what a room holds. Stateless apart from that: avatar states live with the
 * caller.
 */
export class MovementSimulator {
	readonly options: MovementOptions;

	/** Throws `E_MOVEMENT_OPTIONS` when an option is out of range or the avatar does not fit a tile. */
	constructor(
		readonly grid: CollisionGrid,
		options: Partial<MovementOptions> = {},
	) {
		this.options = resolveMovementOptions(options, grid);
	}

	/** Seconds per tick (`1 / tickRate`). */
	get tickSeconds(): number {
		return 1 / this.options.tickRate;
	}

	/** A new state at a clear spot near `point` (see `findSpawnPosition`). */
	spawn(point: Point, occupied?: Iterable<Point>, facing: Facing = 'down'): MovementState {
		const search: SpawnSearchOptions = { halfSize: this.options.halfSize };
		if (occupied) search.occupied = occupied;
		const at = findSpawnPosition(this.grid, point, search);
		return createMovementState(at.x, at.y, facing);
	}

	/** Validates and records an input (see `applyInput`). */
	applyInput(state: MovementState, input: MovementInput): InputResult {
		return applyInput(state, input, this.grid, this.options);
	}

	/**
	 * Stops an avatar where it stands (no held direction, no path), without
	 * an input: for a player whose connection dropped. Its client reconciles
	 * to the stop when it reconnects.
	 */
	halt(state: MovementState): void {
		state.dirX = 0;
		state.dirY = 0;
		state.path = [];
	}

	/** Advances one avatar by one tick, or by `dtSeconds` (see `step`). Returns true when it moved. */
	step(state: MovementState, dtSeconds: number = this.tickSeconds): boolean {
		return step(state, this.grid, dtSeconds, this.options);
	}
}
