export { AUTH_ERRORS, type AuthErrorCode, authError } from './auth-error.js';
export { type JwtAuthOptions, type JwtKeySource, jwtAuthenticate, MAX_TOKEN_LENGTH } from './jwt-authenticate.js';
export { ANY_WORLD, identityFromClaims, MAX_SUBJECT_LENGTH } from './player-claims.js';
export { type PlayerClaims, type SignPlayerTokenOptions, signPlayerToken } from './sign-player-token.js';
