export { HttpFiles } from './http-files.js';
export * from './social.js';
export { CLIENT_MESSAGES, type ClientMessage, type ClientMessageType } from './client-messages.js';
export { type Authenticate, guestAuthenticate, type JoinOptions, JoinOptionsSchema, type PlayerIdentity } from './identity.js';
export { DEFAULT_INTEREST_OPTIONS, type InterestDiff, InterestManager, type InterestOptions } from './interest-manager.js';
export { resolveWorldConfig, type ResolvedWorldConfig, type WorldConfig } from './world-config.js';
export { CLOSE_BAD_CLIENT, MAX_REFUSED_MESSAGES, NEARBY_CHAT_RADIUS, WorldRoom, type WorldRoomEvents, worldRoomClass } from './world-room.js';
export { startWorldServer, type WorldInfo, worldInfo, type WorldServer, type WorldServerOptions } from './world-server.js';
export { OWNER_VIEW_TAG, PlayerState, WorldState } from './world-state.js';
