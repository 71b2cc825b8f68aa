import { schema, type SchemaType, t } from '@colyseus/schema';
import { PLAYER_STATUSES, type PlayerStatus } from './social.js';

export { PLAYER_STATUSES, type PlayerStatus };

/**
 * StateView tag of the fields only the player itself receives (what its
 * prediction needs). Custom tags must be powers of two.
 */
export const OWNER_VIEW_TAG = 1;

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
		/** Sequence number of the last movement input the server applied, for client reconciliation. Owner only. */
		lastInputSeq: t.uint32().default(0).view(OWNER_VIEW_TAG),
		/**
		 * Simulation steps taken since that input was applied (saturates at
		 * 65,535). With it a predicting client knows exactly which of its own
		 * predicted steps the server position corresponds to. Owner only.
		 */
		inputTicks: t.uint16().default(0).view(OWNER_VIEW_TAG),
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

