/**
 * @hallway/world-server/shared: what a browser shares with the server, and
 * nothing that needs Node. The client SDK predicts movement with the very
 * functions the server simulates with, on the collision grid the server
 * sends, and speaks the same message vocabulary.
 */
export type { Point, Rect } from './geometry.js';
export { pointInPolygon, pointInRect } from './geometry.js';
export { type ClientArea, type ClientMap, type ClientMapData, fromClientMapData } from './map/client-map.js';
export type { AreaShape, CollisionGrid, ZoneKind } from './map/map-types.js';
export { applyInput, createMovementState, step } from './movement/movement.js';
export { DEFAULT_MOVEMENT_OPTIONS, type MovementOptions } from './movement/movement-options.js';
export type { DirectionInput, Facing, MovementInput, MovementState, TargetInput } from './movement/movement-types.js';
export {
	CHAT_SCOPES,
	type ChatPayload,
	type ChatScope,
	type Emote,
	EMOTES,
	type EmotePayload,
	type ErrorPayload,
	type LocateResult,
	MAX_CHAT_LENGTH,
	PLAYER_STATUSES,
	type PlayerStatus,
	type PortalPayload,
	SERVER_MESSAGES,
} from './room/social.js';
export { CLOSE_SERVER_SHUTDOWN, E_SERVER_DRAINING, SHUTDOWN_MESSAGE, type ShutdownPayload } from './ops/shutdown-message.js';
export type { WorldInfo } from './room/world-info.js';
