/**
 * An error with a stable, machine-readable code and a sentence a user can act
 * on, shared by the server and the browser halves (`E_TRANSPORT_NOT_OWNED:
 * transport t123 belongs to another player`).
 */
export class HallwayError extends Error {
	override readonly name = 'HallwayError';

	constructor(
		readonly code: string,
		message: string,
	) {
		super(`${code}: ${message}`);
	}
}
