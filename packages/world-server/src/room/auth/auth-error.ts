import { ServerError } from '@colyseus/core';

/**
 * Why a join was refused by authentication. Stable codes a client can branch
 * on (the message reaches it as `CODE: sentence`).
 */
export const AUTH_ERRORS = {
	/** No token was sent, and this world needs one. */
	E_AUTH_MISSING: 401,
	/** The token's `exp` has passed: get a fresh one. */
	E_AUTH_EXPIRED: 401,
	/** Bad signature, malformed token, wrong issuer or audience, missing or ill-typed claims. */
	E_AUTH_INVALID: 401,
	/** A good token whose `worlds` claim does not include this world. */
	E_AUTH_WORLD: 403,
	/** The signing keys could not be fetched (JWKS endpoint down or slow): try again later. */
	E_AUTH_UNAVAILABLE: 503,
} as const;

export type AuthErrorCode = keyof typeof AUTH_ERRORS;

/** A refusal Colyseus hands to the joining client: HTTP-like status, message `CODE: sentence`. */
export function authError(code: AuthErrorCode, sentence: string): ServerError {
	return new ServerError(AUTH_ERRORS[code], `${code}: ${sentence}`);
}
