import { HallwayError } from '@hallway/media';

/** Stable codes of the errors the proximity engine throws. */
export type ProximityErrorCode =
	/** An option is missing a sane value or contradicts another one. */
	| 'E_PROXIMITY_OPTIONS'
	/** An avatar passed to `upsert()` is malformed (empty id, non-finite position). */
	| 'E_PROXIMITY_AVATAR';

/**
 * Thrown for invalid options or avatars. `message` reads like
 * `E_PROXIMITY_OPTIONS: leaveRadius (100) must be greater than enterRadius (128)`.
 */
export class ProximityError extends HallwayError<ProximityErrorCode> {
	override readonly name = 'ProximityError';
}
