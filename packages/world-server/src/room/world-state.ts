import { schema, type SchemaType, t } from '@colyseus/schema';

/** What other people see of a player's availability. `dnd` has no calls at all. */
export const PLAYER_STATUSES = ['available', 'busy', 'dnd'] as const;
export type PlayerStatus = (typeof PLAYER_STATUSES)[number];

/**
 * One avatar. The roster fields (no `.view()`) reach every client; the
 * `.view()` fields (position and motion) reach only clients whose StateView
 * holds this player, i.e. clients within the view radius: bandwidth grows
 * with neighbours, not with the room.
 */
export const PlayerState = schema(
	{
		/** Stable user id from authentication (a guest id in dev mode). */
		userId: t.string(),
		name: t.string(),
		status: t.string().default('available'),
		x: t.float32().view(),
		y: t.float32().view(),
		facing: t.string().default('down').view(),
		moving: t.boolean().default(false).view(),
		/** Sequence number of the last movement input the server applied, for client reconciliation. */
		lastInputSeq: t.uint32().default(0).view(),
	},
	'PlayerState',
);
export type PlayerState = SchemaType<typeof PlayerState>;

/** The room state: the map it runs and its players, keyed by Colyseus session id. */
export const WorldState = schema(
	{
		map: t.string(),
		players: t.map(PlayerState),
	},
	'WorldState',
);
export type WorldState = SchemaType<typeof WorldState>;

