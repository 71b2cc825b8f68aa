import { HallwayError } from '@hallway/media';

/** Stable codes of movement errors. */
export type MovementErrorCode =
	/** A movement option is out of range (negative speed, avatar wider than a tile...). */
	'E_MOVEMENT_OPTIONS';

/** Thrown for programming/configuration mistakes; bad client input is reported by `applyInput`'s result instead. */
export class MovementError extends HallwayError<MovementErrorCode> {
	override readonly name = 'MovementError';
}
