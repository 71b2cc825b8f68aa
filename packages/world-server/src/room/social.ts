/**
 * The social vocabulary of a world (statuses, emotes, chat) and the payloads
 * the server pushes to clients. Browser-safe: `@hallway/world-server/shared`
 * re-exports it for the client SDK.
 */

/** What other people see of a player's availability. `dnd` has no calls at all. */
export const PLAYER_STATUSES = ['available', 'busy', 'dnd'] as const;
export type PlayerStatus = (typeof PLAYER_STATUSES)[number];

/** Emotes a player can show above its avatar for a few seconds. */
export const EMOTES = ['wave', 'heart', 'laugh', 'clap', 'thumbsup', 'tada'] as const;
export type Emote = (typeof EMOTES)[number];

/**
 * Who receives a chat message: `nearby` reaches the players around the
 * sender (the members of its meeting room, when it is in one); `world`
 * reaches everyone on the map.
 */
export const CHAT_SCOPES = ['nearby', 'world'] as const;
export type ChatScope = (typeof CHAT_SCOPES)[number];

/** Longest chat message, in characters after trimming. */
export const MAX_CHAT_LENGTH = 500;

/** Server -> client message types, with their payloads below. */
export const SERVER_MESSAGES = {
	/** A refused message: {@link ErrorPayload}. */
	error: 'error',
	/** A chat line: {@link ChatPayload}. */
	chat: 'chat',
	/** Someone showed an emote: {@link EmotePayload}. */
	emote: 'emote',
	/** This player walked into a portal: {@link PortalPayload}. Join the target map to follow it. */
	portal: 'portal',
} as const;

export interface ErrorPayload {
	code: string;
	message: string;
	/** The client message type that caused it, if any. */
	type?: string;
}

export interface ChatPayload {
	/** Unique per room, increasing: clients can order and de-duplicate. */
	id: number;
	/** Sender's session id (its player id in the room). */
	from: string;
	/** Sender's display name when sent (it survives the sender leaving). */
	name: string;
	/** Plain text: clients must render it as text, never as HTML. */
	text: string;
	scope: ChatScope;
	/** Server time, ms since the epoch. */
	at: number;
}

export interface EmotePayload {
	/** Session id of the player showing it. */
	player: string;
	emote: Emote;
}

export interface PortalPayload {
	/** The map to join next (a room of the same world). */
	map: string;
	/** The spawn point to appear at there. */
	spawn: string;
}

/** Answer of the `locate` request: where a player is, even outside the caller's view. */
export interface LocateResult {
	player: string;
	x: number;
	y: number;
}
