import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Authenticate } from '../identity.js';
import { authError } from './auth-error.js';
import { identityFromClaims } from './player-claims.js';

/** Where the signing keys come from: a shared HS256 secret, or an identity provider's JWKS URL. */
export type JwtKeySource =
	| {
			/** HS256 secret shared with the token issuer: at least 32 bytes (RFC 7518 §3.2), a string is UTF-8 encoded. */
			secret: string | Uint8Array;
	  }
	| {
			/** The issuer's JSON Web Key Set (`https://…/.well-known/jwks.json`): fetched on first use, cached, refetched for an unknown `kid`. */
			jwksUrl: string | URL;
			/** Abort a JWKS fetch after this long, ms. Default 5000. The join is refused with `E_AUTH_UNAVAILABLE`. */
			jwksTimeoutMs?: number;
	  };

export interface JwtAuthOptions {
	/** Required `iss` claim (one value, or any of several). Default: not checked. */
	issuer?: string | string[];
	/** Required `aud` claim (one value, or any of several). Default: not checked. */
	audience?: string | string[];
	/**
	 * Accepted signature algorithms. Default `['HS256']` with a secret, and the
	 * usual asymmetric ones with a JWKS (RS*, PS*, ES*, EdDSA): never `none`,
	 * and never HMAC with a public key.
	 */
	algorithms?: string[];
	/** Clock skew tolerated on `exp` and `nbf`, seconds. Default 5. */
	clockToleranceSeconds?: number;
	/**
	 * Whether a token must carry `exp`. Default true: a token without expiry
	 * would admit its holder forever.
	 */
	requireExpiry?: boolean;
}

/** Longest token accepted, in characters; longer ones are refused before parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;

/**
 * An `authenticate` for `WorldConfig` that admits only holders of a valid
 * JWT. The claims give the player: `sub` is the id, `name` the display name,
 * `worlds` the worlds it may join (see `identityFromClaims`). Refusals carry
 * `E_AUTH_MISSING`, `E_AUTH_EXPIRED`, `E_AUTH_INVALID`, `E_AUTH_WORLD` or,
 * when the JWKS cannot be fetched, `E_AUTH_UNAVAILABLE`.
 *
 * ```ts
 * authenticate: jwtAuthenticate({ secret: process.env.HALLWAY_JWT_SECRET! }, { issuer: 'https://example.com', audience: 'hallway' })
 * authenticate: jwtAuthenticate({ jwksUrl: 'https://example.com/.well-known/jwks.json' }, { audience: 'hallway' })
 * ```
 */
export function jwtAuthenticate(source: JwtKeySource, options: JwtAuthOptions = {}): Authenticate {
	const { key, algorithms } = verificationKey(source);
	const verifyOptions = {
		issuer: options.issuer,
		audience: options.audience,
		algorithms: options.algorithms ?? algorithms,
		clockTolerance: options.clockToleranceSeconds ?? 5,
		requiredClaims: options.requireExpiry === false ? ['sub'] : ['sub', 'exp'],
	};
	return async (token, joinOptions, { world }) => {
		if (!token) throw authError('E_AUTH_MISSING', `world "${world}" needs a token: pass it as WorldClient's token option (client.auth.token)`);
		if (token.length > MAX_TOKEN_LENGTH) throw authError('E_AUTH_INVALID', `token longer than ${MAX_TOKEN_LENGTH} characters`);
		let claims: JWTPayload;
		try {
			// Two calls because jwtVerify's overloads take a key or a key resolver, not their union.
			({ payload: claims } = await (typeof key === 'function' ? jwtVerify(token, key, verifyOptions) : jwtVerify(token, key, verifyOptions)));
		} catch (error) {
			const refusal = refusalFor(error);
			// The client can do nothing about it; whoever runs the server must hear of it.
			if (refusal.message.startsWith('E_AUTH_UNAVAILABLE')) console.error(`${refusal.message} (${error instanceof Error ? error.message : String(error)})`);
			throw refusal;
		}
		return identityFromClaims(claims, world, joinOptions);
	};
}

function verificationKey(source: JwtKeySource): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } {
	if ('secret' in source) {
		const key = typeof source.secret === 'string' ? new TextEncoder().encode(source.secret) : source.secret;
		if (key.byteLength < MIN_SECRET_BYTES) {
			throw new Error(`E_AUTH_CONFIG: the HS256 secret has ${key.byteLength} bytes; use at least ${MIN_SECRET_BYTES} (e.g. openssl rand -base64 32)`);
		}
		return { key, algorithms: ['HS256'] };
	}
	let url: URL;
	try {
		url = new URL(source.jwksUrl);
	} catch {
		throw new Error(`E_AUTH_CONFIG: jwksUrl "${String(source.jwksUrl)}" is not a URL`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`E_AUTH_CONFIG: jwksUrl must be http(s), not ${url.protocol}`);
	return { key: createRemoteJWKSet(url, { timeoutDuration: source.jwksTimeoutMs ?? 5000 }), algorithms: ASYMMETRIC_ALGORITHMS };
}

/** Maps jose's failures onto the stable codes; a failure to reach the keys is ours, not the client's. */
function refusalFor(error: unknown): Error {
	if (error instanceof errors.JWTExpired) {
		const exp = typeof error.payload.exp === 'number' ? ` at ${new Date(error.payload.exp * 1000).toISOString()}` : '';
		return authError('E_AUTH_EXPIRED', `the token expired${exp}: get a fresh one`);
	}
	if (error instanceof errors.JWTClaimValidationFailed) {
		const what = error.reason === 'missing' ? `has no ${error.claim} claim` : `has an unacceptable ${error.claim} claim (${error.message})`;
		return authError('E_AUTH_INVALID', `the token ${what}`);
	}
	// The JWKS endpoint failed (timeout, bad JSON, not 200 — the last is a bare JOSEError) or fetch itself threw.
	if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError) || error.constructor === errors.JOSEError) {
		return authError('E_AUTH_UNAVAILABLE', 'could not fetch the keys to check the token; try again shortly');
	}
	// Bad signature, malformed token, unknown key id, disallowed algorithm.
	return authError('E_AUTH_INVALID', `the token was refused (${error.message})`);
}
