import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Who a player is, as decided by authentication. */
export interface PlayerIdentity {
	/** Stable user id (JWT subject, or a generated guest id). */
	userId: string;
	/** Display name shown above the avatar. */
	name: string;
}

/** What a client may pass when joining: `client.joinOrCreate(world, { name, map })`. */
export const JoinOptionsSchema = z.object({
	/** Display name: 1-32 visible characters; control characters are refused. */
	name: z
		.string()
		.trim()
		.min(1, 'name must not be empty')
		.max(32, 'name must be at most 32 characters')
		// biome-ignore lint: control characters are exactly what we refuse
		.refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'name must not contain control characters')
		.optional(),
	/**
	 * Which map of the world to join. Required: rooms are matched by map, and a
	 * join without one would land in any map's room. Clients learn the default
	 * map from the world's info (`worldInfo()`).
	 */
	map: z.string().min(1).max(64),
	/** A named spawn point of that map (portal arrivals use this); the map's first spawn when absent. */
	spawn: z.string().min(1).max(64).optional(),
});
export type JoinOptions = z.infer<typeof JoinOptionsSchema>;

/** Where a client is joining, for an `authenticate` that admits players per world. */
export interface AuthenticateContext {
	/** The world (the Colyseus room name the client joined). */
	world: string;
	/** The map of that world (already checked to exist). */
	map: string;
}

/**
 * Decides who a joining client is, from the token it sent (`client.auth.token`
 * on the client, `Authorization: Bearer` on the wire), its join options and
 * the world it is joining. Throw to refuse the join; the error message reaches
 * the client (a `ServerError` from `@colyseus/core` also sets its code, as
 * `jwtAuthenticate` does).
 */
export type Authenticate = (
	token: string | undefined,
	options: JoinOptions,
	context: AuthenticateContext,
) => PlayerIdentity | Promise<PlayerIdentity>;

/**
 * Dev-mode authentication: anyone may join as a guest under the name they
 * chose, with a fresh random id, and any token is ignored. It is the default
 * when a world configures no `authenticate` (the server says so in its log at
 * startup); real deployments use `jwtAuthenticate` or their own.
 */
export const guestAuthenticate: Authenticate = (_token, options) => ({
	userId: `guest-${randomUUID()}`,
	name: options.name ?? 'Guest',
});
