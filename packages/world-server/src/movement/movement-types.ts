import { z } from 'zod';
import type { Point } from '../geometry.js';

/** Which way the avatar looks (sprite row), from its last movement. */
export type Facing = 'up' | 'down' | 'left' | 'right';

/**
 * "Walk this way until told otherwise". `dx`, `dy` is a direction: -1/0/1
 * keys or an analog stick; a vector longer than 1 is normalised, so the length
 * can only slow the avatar down, never speed it up. (0, 0) stops.
 */
export interface DirectionInput {
	/** Client sequence number; must increase. Echoed in `MovementState.lastInputSeq`. */
	seq: number;
	kind: 'direction';
	dx: number;
	dy: number;
}

/** "Walk to this point" (click-to-move), in world px. The server finds the path. */
export interface TargetInput {
	/** Client sequence number; must increase. Echoed in `MovementState.lastInputSeq`. */
	seq: number;
	kind: 'target';
	x: number;
	y: number;
}

export type MovementInput = DirectionInput | TargetInput;

/**
 * Schema for a movement input arriving from the network, for the room's
 * message handler. `applyInput` repeats the numeric checks itself, so it is
 * safe even without it.
 */
export const MovementInputSchema = z.discriminatedUnion('kind', [
	z.object({ seq: z.number().int().min(0), kind: z.literal('direction'), dx: z.number(), dy: z.number() }),
	z.object({ seq: z.number().int().min(0), kind: z.literal('target'), x: z.number(), y: z.number() }),
]);

/** The authoritative movement state of one avatar. Mutated in place by `applyInput` and `step`. */
export interface MovementState {
	/** Centre of the footprint, world px. */
	x: number;
	y: number;
	facing: Facing;
	/** True when the last `step` moved the avatar (false while standing or pushing against a wall). */
	moving: boolean;
	/**
	 * Seq of the last input accepted; the position after a `step` includes it.
	 * A client predicting locally drops its pending inputs up to this seq and
	 * replays the rest. 0 before any input, so client seqs start at 1.
	 */
	lastInputSeq: number;
	/** Held direction, length ≤ 1; zero while idle or walking a path. */
	dirX: number;
	dirY: number;
	/** Remaining click-to-move waypoints, next first; empty when not walking a path. */
	path: Point[];
}

/** Why `applyInput` refused an input. The state is unchanged. */
export type InputRejectCode =
	/** Not a finite number somewhere, an unknown kind, or a seq that is not a non-negative integer. */
	| 'E_INPUT_INVALID'
	/** Seq not greater than `lastInputSeq`: a replay or duplicate. */
	| 'E_INPUT_STALE';

export type InputResult = { accepted: true } | { accepted: false; code: InputRejectCode; reason: string };
