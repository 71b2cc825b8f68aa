import { SignJWT } from 'jose';

/** What a player token says: see `identityFromClaims` for how the server reads it. */
export interface PlayerClaims {
	/** Player id. */
	sub: string;
	/** Display name (cut to 32 characters by the server). */
	name?: string;
	/** World names the token admits; `['*']` or absent: every world. */
	worlds?: string[];
}

export interface SignPlayerTokenOptions {
	/** Lifetime: seconds, or a jose time span such as `'15m'`, `'2h'`. Default `'1h'`. */
	expiresIn?: number | string;
	issuer?: string;
	audience?: string | string[];
}

/**
 * Signs an HS256 player token that `jwtAuthenticate({ secret })` accepts: for
 * the embedder's backend (issue one after your own login) and for dev tools.
 * Keep the secret on the server; a browser never signs its own token.
 */
export async function signPlayerToken(secret: string | Uint8Array, claims: PlayerClaims, options: SignPlayerTokenOptions = {}): Promise<string> {
	const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
	const { sub, ...rest } = claims;
	let jwt = new SignJWT({ ...rest }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt();
	const expiresIn = options.expiresIn ?? '1h';
	jwt = jwt.setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn);
	if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
	if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
	return jwt.sign(key);
}
