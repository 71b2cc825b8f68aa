import type { JWTPayload } from 'jose';
import type { JoinOptions, PlayerIdentity } from '../identity.js';
import { authError } from './auth-error.js';

/** Longest accepted `sub`, in characters: ids are stored per player and sent to every client. */
export const MAX_SUBJECT_LENGTH = 128;
/** Longest display name, as for the `name` join option. */
const MAX_NAME_LENGTH = 32;
/** In a `worlds` claim, admits every world of the server. */
export const ANY_WORLD = '*';

// biome-ignore lint: control characters are exactly what we strip
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/**
 * Turns a verified token's claims into the player's identity, for `world`.
 *
 * - `sub` (required, string of 1–128 characters) is the player id.
 * - `name` (optional string) is the display name: control characters are
 *   removed and it is cut to 32 characters, so an identity provider's long
 *   names do not lock users out. Without it the `name` join option is used,
 *   then `'Player'`.
 * - `worlds` (optional array of world names) limits the token to those
 *   worlds; `'*'` in it, or no `worlds` claim at all, admits every world of
 *   the server (the signing key, issuer and audience already bind the token
 *   to this deployment; the claim narrows it). Anything else but an array of
 *   strings is refused as `E_AUTH_INVALID`, a list without this world as
 *   `E_AUTH_WORLD`.
 */
export function identityFromClaims(claims: JWTPayload, world: string, options: Pick<JoinOptions, 'name'>): PlayerIdentity {
	const { sub } = claims;
	if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
		throw authError('E_AUTH_INVALID', `the token's sub claim must be a string of 1-${MAX_SUBJECT_LENGTH} characters`);
	}
	checkWorlds(claims.worlds, world);
	const name = typeof claims.name === 'string' ? displayName(claims.name) : '';
	return { userId: sub, name: name || options.name || 'Player' };
}

function checkWorlds(worlds: unknown, world: string): void {
	if (worlds === undefined) return;
	if (!Array.isArray(worlds) || !worlds.every((w): w is string => typeof w === 'string')) {
		throw authError('E_AUTH_INVALID', 'the token\'s worlds claim must be an array of world names');
	}
	if (worlds.includes(ANY_WORLD) || worlds.includes(world)) return;
	const listed = worlds.length === 0 ? 'no world' : worlds.slice(0, 5).map((w) => `"${w.slice(0, 64)}"`).join(', ');
	throw authError('E_AUTH_WORLD', `this token admits ${listed}, not world "${world}"`);
}

/** Control characters out, trimmed, at most 32 UTF-16 units without splitting a character. */
function displayName(raw: string): string {
	let name = '';
	for (const char of raw.replace(CONTROL_CHARACTERS, '').trim()) {
		if (name.length + char.length > MAX_NAME_LENGTH) break;
		name += char;
	}
	return name.trim();
}
