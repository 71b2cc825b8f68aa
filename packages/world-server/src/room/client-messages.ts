import { z } from 'zod';
import { MovementInputSchema } from '../movement/movement-types.js';
import { CHAT_SCOPES, EMOTES, MAX_CHAT_LENGTH, PLAYER_STATUSES } from './social.js';

export { type ErrorPayload, SERVER_MESSAGES } from './social.js';

/** Control characters other than tab and newline: they have no place in chat text. */
// biome-ignore lint: control characters are exactly what we refuse
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Every message a client may send to a WorldRoom, by type, with the schema
 * its payload must match. Anything else is refused with `E_UNKNOWN_MESSAGE`.
 */
export const CLIENT_MESSAGES = {
	/** Movement intent: a direction or a click-to-move target, with a sequence number. */
	input: MovementInputSchema,
	/** Availability; `dnd` leaves every call. */
	status: z.object({ status: z.enum(PLAYER_STATUSES) }).strict(),
	/** A chat line, plain text, to the players nearby or to the whole map. */
	chat: z
		.object({
			text: z
				.string()
				.max(MAX_CHAT_LENGTH * 4, `text must be at most ${MAX_CHAT_LENGTH} characters`)
				.trim()
				.min(1, 'text must not be empty')
				.max(MAX_CHAT_LENGTH, `text must be at most ${MAX_CHAT_LENGTH} characters`)
				.refine((text) => !CONTROL_CHARACTERS.test(text), 'text must not contain control characters'),
			scope: z.enum(CHAT_SCOPES).default('nearby'),
		})
		.strict(),
	/** Show an emote above this player's avatar. */
	emote: z.object({ emote: z.enum(EMOTES) }).strict(),
	/** Request: where is this player? (locate / follow someone out of view). Answered with a `LocateResult`. */
	locate: z.object({ player: z.string().min(1).max(64) }).strict(),
} as const;

export type ClientMessageType = keyof typeof CLIENT_MESSAGES;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof CLIENT_MESSAGES)[T]>;

/** Turns zod issues into one readable sentence: `dx: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'message'}: ${issue.message}`)
		.join('; ');
}
