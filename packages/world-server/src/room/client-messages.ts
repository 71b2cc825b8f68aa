import { z } from 'zod';
import { MovementInputSchema } from '../movement/index.js';
import { PLAYER_STATUSES } from './world-state.js';

/**
 * Every message a client may send to a WorldRoom, by type, with the schema
 * its payload must match. Anything else is refused with `E_UNKNOWN_MESSAGE`.
 */
export const CLIENT_MESSAGES = {
	/** Movement intent: a direction or a click-to-move target, with a sequence number. */
	input: MovementInputSchema,
	/** Availability; `dnd` leaves every call. */
	status: z.object({ status: z.enum(PLAYER_STATUSES) }).strict(),
} as const;

export type ClientMessageType = keyof typeof CLIENT_MESSAGES;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof CLIENT_MESSAGES)[T]>;

/** Server -> client message types. */
export const SERVER_MESSAGES = {
	/** A refused message: `{ code, message, type? }`. */
	error: 'error',
} as const;

export interface ErrorPayload {
	code: string;
	message: string;
	/** The client message type that caused it, if any. */
	type?: string;
}

/** Turns zod issues into one readable sentence: `dx: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'message'}: ${issue.message}`)
		.join('; ');
}
