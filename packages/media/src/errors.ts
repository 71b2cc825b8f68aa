/**
 * An error with a stable, machine-readable code and a sentence a user can act
 * on (`E_TRANSPORT_NOT_OWNED: transport t123 belongs to another player`).
 * Shared by every Hallway package: domain errors (maps, movement, proximity)
 * extend it with their own code union.
 */
export class HallwayError<Code extends string = string> extends Error {
	override readonly name: string = 'HallwayError';

	constructor(
		readonly code: Code,
		message: string,
		options?: ErrorOptions,
	) {
		super(`${code}: ${message}`, options);
	}
}
