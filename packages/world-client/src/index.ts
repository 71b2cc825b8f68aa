/**
 * @hallway/world-client: the engine-agnostic browser SDK. `WorldClient`
 * connects to a world, keeps the players of the current map, moves this
 * player with prediction, and runs calls through `client.media`. The Phaser
 * 4 layer lives in `@hallway/world-client/phaser`.
 */
export { WorldClient, type WorldClientOptions } from './core/world-client.js';
export { WorldMedia } from './core/world-media.js';
export type { DeviceKind } from './core/local-capture.js';
export { type AudioProcessing, DEFAULT_AUDIO_PROCESSING } from './core/audio-settings.js';
export type { ConnectionQuality, ConnectionQualityLevel, QualityMonitorOptions } from '@hallway/media/client';
export { SelfPrediction, type ServerSelfState } from './core/prediction.js';
export { SnapshotBuffer, type Snapshot } from './core/interpolation.js';
export { zoneAt } from './core/player.js';
export type {
	ChatMessage,
	ChatScope,
	ClientMap,
	ConnectionState,
	Emote,
	Facing,
	LocalMediaState,
	LocalSourceState,
	MediaSource,
	Player,
	PlayerStatus,
	RemoteTrack,
	WorldClientEvents,
	ZoneInfo,
	ZoneKind,
} from './core/types.js';
export { EMOTES, PLAYER_STATUSES, MAX_CHAT_LENGTH } from '@hallway/world-server/shared';
