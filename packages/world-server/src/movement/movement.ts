/**
 * Authoritative avatar movement: inputs record intent, `step` integrates it at
 * a capped speed with collision. Nothing sets a position directly, so a client
 * can at best walk at `maxSpeed`: speed hacks, teleports and wall hacks have
 * no input to ride on.
 */
import type { Point } from '../geometry.js';
import type { CollisionGrid } from '../map/map-types.js';
import { boxOverlapsBlocked, moveBox } from './collision.js';
import type { MovementOptions } from './movement-options.js';
import { DEFAULT_MOVEMENT_OPTIONS } from './movement-options.js';
import type { Facing, InputResult, MovementInput, MovementState } from './movement-types.js';
import { findPath } from './pathfinding.js';

/** A fresh state standing at x, y. */
export function createMovementState(x: number, y: number, facing: Facing = 'down'): MovementState {
	return { x, y, facing, moving: false, lastInputSeq: 0, dirX: 0, dirY: 0, path: [] };
}

/**
 * Validates an input and records it as the avatar's intent. A direction
 * replaces any click-to-move path; a target plans a path (bounded A*) and
 * clears the held direction. On success `lastInputSeq` becomes `input.seq`.
 * Never moves the avatar: `step` does.
 */
export function applyInput(
	state: MovementState,
	input: MovementInput,
	grid: CollisionGrid,
	options: MovementOptions = DEFAULT_MOVEMENT_OPTIONS,
): InputResult {
	// Inputs come off the network: check at run time what the types promise.
	const seq: unknown = input.seq;
	if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
		return reject('E_INPUT_INVALID', `seq must be a non-negative integer, got ${String(seq)}`);
	}
	if (seq <= state.lastInputSeq) {
		return reject('E_INPUT_STALE', `seq ${seq} is not after the last applied seq ${state.lastInputSeq}`);
	}
	if (input.kind === 'direction') {
		if (!isFiniteNumber(input.dx) || !isFiniteNumber(input.dy)) {
			return reject('E_INPUT_INVALID', `direction must be finite numbers, got (${String(input.dx)}, ${String(input.dy)})`);
		}
		let { dx, dy } = input;
		const length = Math.hypot(dx, dy);
		if (length > 1) {
			dx /= length;
			dy /= length;
		}
		if (Math.min(length, 1) < options.directionDeadZone) dx = dy = 0;
		state.dirX = dx;
		state.dirY = dy;
		state.path = [];
	} else if (input.kind === 'target') {
		if (!isFiniteNumber(input.x) || !isFiniteNumber(input.y)) {
			return reject('E_INPUT_INVALID', `target must be finite numbers, got (${String(input.x)}, ${String(input.y)})`);
		}
		state.dirX = 0;
		state.dirY = 0;
		state.path = findPath(grid, state, { x: input.x, y: input.y }, {
			halfSize: options.halfSize,
			maxNodes: options.maxPathNodes,
		}).points;
	} else {
		return reject('E_INPUT_INVALID', `unknown input kind ${JSON.stringify((input as { kind?: unknown }).kind)}`);
	}
	state.lastInputSeq = seq;
	return { accepted: true };
}

/**
 * Advances one avatar by `dtSeconds` (capped at `options.maxStepSeconds`):
 * along its held direction, or along its path at top speed. Slides along walls,
 * stays in the map. A path the avatar cannot follow (something blocks it) is
 * dropped rather than pushed against forever. Returns true when the position
 * changed.
 */
export function step(
	state: MovementState,
	grid: CollisionGrid,
	dtSeconds: number,
	options: MovementOptions = DEFAULT_MOVEMENT_OPTIONS,
): boolean {
	const dt = isFiniteNumber(dtSeconds) && dtSeconds > 0 ? Math.min(dtSeconds, options.maxStepSeconds) : 0;
	const startX = state.x;
	const startY = state.y;
	if (state.path.length > 0) walkPath(state, grid, options.maxSpeed * dt, options);
	else if (state.dirX !== 0 || state.dirY !== 0) {
		const speed = options.maxSpeed * dt;
		const to = moveBox(grid, state, state.dirX * speed, state.dirY * speed, options.halfSize, options.maxSubstep);
		// Face where the avatar actually goes (sliding along a wall faces along
		// it); when fully blocked, face where the player pushes.
		const mx = to.x - state.x;
		const my = to.y - state.y;
		state.facing = mx !== 0 || my !== 0 ? facingFor(mx, my, state.facing) : facingFor(state.dirX, state.dirY, state.facing);
		state.x = to.x;
		state.y = to.y;
	}
	const moved = state.x !== startX || state.y !== startY;
	state.moving = moved;
	return moved;
}

function walkPath(state: MovementState, grid: CollisionGrid, budget: number, options: MovementOptions): void {
	let left = budget;
	while (state.path.length > 0) {
		const next = state.path[0]!;
		const dx = next.x - state.x;
		const dy = next.y - state.y;
		const dist = Math.hypot(dx, dy);
		if (dist <= options.arrivalTolerance) {
			state.path.shift();
			continue;
		}
		if (left <= 1e-9) return;
		const travel = Math.min(left, dist);
		const to = moveBox(grid, state, (dx / dist) * travel, (dy / dist) * travel, options.halfSize, options.maxSubstep);
		const moved = Math.hypot(to.x - state.x, to.y - state.y);
		state.facing = facingFor(dx, dy, state.facing);
		left -= travel;
		if (travel === dist && moved > travel - 1e-6) {
			// Land exactly on the waypoint so rounding does not pile up over a long walk.
			state.x = next.x;
			state.y = next.y;
			state.path.shift();
			continue;
		}
		state.x = to.x;
		state.y = to.y;
		if (moved < travel * 0.5) {
			// Blocked: the path was planned for a grid that no longer matches, or
			// the avatar started inside a wall. Stop instead of grinding.
			state.path = [];
			return;
		}
	}
}

/**
 * Facing from a motion vector: the dominant axis wins; on an exact diagonal
 * the current facing is kept if it is one of the two candidates, so walking
 * diagonally does not flip the sprite every tick.
 */
export function facingFor(dx: number, dy: number, current: Facing): Facing {
	const horizontal: Facing | null = dx > 0 ? 'right' : dx < 0 ? 'left' : null;
	const vertical: Facing | null = dy > 0 ? 'down' : dy < 0 ? 'up' : null;
	if (!horizontal) return vertical ?? current;
	if (!vertical) return horizontal;
	const ax = Math.abs(dx);
	const ay = Math.abs(dy);
	if (ax > ay) return horizontal;
	if (ay > ax) return vertical;
	return current === horizontal || current === vertical ? current : horizontal;
}

export interface SpawnSearchOptions {
	/** Half-side of the avatar footprint, px. Default `DEFAULT_MOVEMENT_OPTIONS.halfSize`. */
	halfSize?: number;
	/** Positions of avatars already there; the spawn keeps `minSeparation` from them when it can. */
	occupied?: Iterable<Point>;
	/** Wanted distance from occupied positions, px. Default 24 (so two spawns do not stack). */
	minSeparation?: number;
	/** Most tiles searched, walking outwards from the spawn point. Default 400. */
	maxTiles?: number;
}

/**
 * A position near `spawn` where the avatar's footprint is clear of walls and,
 * when possible, `minSeparation` away from `occupied` avatars. Searches tiles
 * breadth-first through walkable tiles (so never behind a wall), trying the
 * spawn point itself first, then tile centres. Falls back to the first clear
 * spot ignoring crowding, then to the spawn point itself.
 */
export function findSpawnPosition(grid: CollisionGrid, spawn: Point, search: SpawnSearchOptions = {}): Point {
	const h = search.halfSize ?? DEFAULT_MOVEMENT_OPTIONS.halfSize;
	const minSep = search.minSeparation ?? 24;
	const maxTiles = search.maxTiles ?? 400;
	const occupied = [...(search.occupied ?? [])];
	const { cols, rows, tileWidth: tw, tileHeight: th } = grid;
	const crowded = (p: Point): boolean => occupied.some((o) => Math.hypot(o.x - p.x, o.y - p.y) < minSep);
	const clear = (p: Point): boolean => !boxOverlapsBlocked(grid, p.x, p.y, h);

	const startCol = Math.min(cols - 1, Math.max(0, Math.floor(spawn.x / tw)));
	const startRow = Math.min(rows - 1, Math.max(0, Math.floor(spawn.y / th)));
	const start = startRow * cols + startCol;
	const queue = [start];
	const visited = new Set<number>(queue);
	let fallback: Point | undefined;
	for (let qi = 0; qi < queue.length && qi < maxTiles; qi++) {
		const idx = queue[qi]!;
		const col = idx % cols;
		const row = (idx - col) / cols;
		const candidates: Point[] = idx === start ? [{ x: spawn.x, y: spawn.y }] : [];
		candidates.push({ x: (col + 0.5) * tw, y: (row + 0.5) * th });
		for (const p of candidates) {
			if (!clear(p)) continue;
			if (!crowded(p)) return p;
			fallback ??= p;
		}
		for (const [dc, dr] of [
			[1, 0],
			[-1, 0],
			[0, 1],
			[0, -1],
		] as const) {
			const nc = col + dc;
			const nr = row + dr;
			if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) continue;
			const n = nr * cols + nc;
			if (visited.has(n) || grid.collision[n] === 1) continue;
			visited.add(n);
			queue.push(n);
		}
	}
	return fallback ?? { x: spawn.x, y: spawn.y };
}

function reject(code: 'E_INPUT_INVALID' | 'E_INPUT_STALE', reason: string): InputResult {
	return { accepted: false, code, reason };
}

function isFiniteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}
