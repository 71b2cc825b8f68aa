import type { HallwayError, MediaSource } from '@hallway/media';
import type { ConnectionQuality, ConnectionQualityLevel, RemoteTrack } from '@hallway/media/client';
import type { AudioProcessing } from './audio-settings.js';
import type { ChatScope, ClientMap, Emote, Facing, PlayerStatus, ZoneKind } from '@hallway/world-server/shared';

export type { AudioProcessing, ChatScope, ClientMap, ConnectionQuality, ConnectionQualityLevel, Emote, Facing, MediaSource, PlayerStatus, RemoteTrack, ZoneKind };

/** Where the world connection stands. `reconnecting` while a portal switches maps, or while the SDK reconnects a dropped connection (the avatar waits on the server). */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** A zone a player stands in, as the map defines it (`null` in the open). */
export interface ZoneInfo {
	readonly id: string;
	readonly name: string;
	readonly kind: ZoneKind;
}

/**
 * One avatar on the current map, including this client's own (`isSelf`).
 * A live object: read `x`/`y` every frame and they are current (predicted for
 * self, interpolated ~100 ms behind for others).
 */
export interface Player {
	/** Session id: stable while the player stays on this map. */
	readonly id: string;
	/** Stable user id from authentication. */
	readonly userId: string;
	readonly name: string;
	readonly status: PlayerStatus;
	readonly isSelf: boolean;
	/**
	 * False while the player is beyond this client's view radius: the server
	 * sends only the roster (id, name, status) then, and `x`/`y` keep the last
	 * known position (NaN if never seen).
	 */
	readonly inView: boolean;
	/** Rendered position, world px (centre of the avatar's footprint). */
	readonly x: number;
	readonly y: number;
	readonly facing: Facing;
	readonly moving: boolean;
	/** The player's microphone is picking up speech (only for players whose audio this client receives, and self). */
	readonly speaking: boolean;
	/** The private, spotlight or silent zone the player stands in, from the map (null in the open). */
	readonly zone: ZoneInfo | null;
	/** Active remote tracks of this player by source (never for self). */
	readonly tracks: ReadonlyMap<MediaSource, RemoteTrack>;
	/**
	 * How this player's media comes through, last measured (self: this
	 * client's own connection); undefined before a measure, or without media.
	 */
	readonly connectionQuality: ConnectionQuality | undefined;
}

/** A chat line as the client delivers it. `text` is plain text: render it with textContent, never innerHTML. */
export interface ChatMessage {
	readonly id: number;
	/** Sender's player id (it may have left since). */
	readonly fromId: string;
	/** The sender, when still on this map. */
	readonly from: Player | undefined;
	readonly name: string;
	readonly text: string;
	readonly scope: ChatScope;
	/** Server time, ms since the epoch. */
	readonly at: number;
	/** This client sent it. */
	readonly self: boolean;
}

/** The state of one local source. */
export type LocalSourceState =
	/** Not captured (never asked for, or turned off). */
	| 'off'
	/** Asking the browser (a permission prompt may be open). */
	| 'starting'
	/** Captured and sent. */
	| 'on'
	/** The user or the browser refused the permission. */
	| 'denied'
	/** No such device, or it was unplugged and no other is available. */
	| 'unavailable';

export interface LocalMediaState {
	readonly microphone: LocalSourceState;
	readonly camera: LocalSourceState;
	readonly screen: LocalSourceState;
	/** Chosen devices (`undefined`: the browser's default). */
	readonly devices: { readonly audioinput?: string; readonly videoinput?: string; readonly audiooutput?: string };
	/**
	 * The browser refused to start audio without a user gesture: call
	 * `client.media.resumeAudio()` from a click or key handler.
	 */
	readonly autoplayBlocked: boolean;
	/** Media is connected to the server (false without media, or while it reconnects). */
	readonly connected: boolean;
	/** Audio-only mode: no camera sent, none received (`client.media.setAudioOnly`). */
	readonly audioOnly: boolean;
	/** The microphone's processing (`client.media.setAudioProcessing`). */
	readonly audioProcessing: AudioProcessing;
}

/** Events of a `WorldClient`, in the style of livekit-client. */
export interface WorldClientEvents extends Record<string, unknown[]> {
	/** Someone entered this map (also fired for everyone present when joining a map, self first). */
	playerJoined: [player: Player];
	/** Someone left this map (also fired for everyone when this client leaves a map). */
	playerLeft: [player: Player];
	/** The server moved a player (an update arrived; read `x`/`y` every frame for smooth motion). */
	playerMoved: [player: Player];
	/** A player's name, status or zone changed, or it came into or went out of view. */
	playerUpdated: [player: Player];
	/**
	 * The server is about to send this player's track: attach it (hidden) to
	 * an element now, and the first frame shows faster when it is subscribed.
	 */
	trackPrewarmed: [player: Player, track: RemoteTrack, source: MediaSource];
	/** Media flows: show or play it. */
	trackSubscribed: [player: Player, track: RemoteTrack, source: MediaSource];
	/**
	 * Media stopped (the player walked away, stopped sending or left): hide it.
	 * Also fired when a prewarmed track closes without having been subscribed
	 * (the player turned away before coming in range): remove what
	 * `trackPrewarmed` attached.
	 */
	trackUnsubscribed: [player: Player, track: RemoteTrack, source: MediaSource];
	/** The speaker muted or unmuted a source. */
	trackMuted: [player: Player, source: MediaSource, muted: boolean];
	/** The distance band changed: `track.volume` is the suggested volume (the SDK applies it to audio it plays). */
	trackBandChanged: [player: Player, track: RemoteTrack, source: MediaSource];
	speakingChanged: [player: Player, speaking: boolean];
	/**
	 * A connection's quality level changed (every few seconds at most): a
	 * player's as this client receives it, or this client's own (`player.isSelf`).
	 */
	connectionQualityChanged: [player: Player, quality: ConnectionQuality];
	connectionStateChanged: [state: ConnectionState];
	/** The local media state changed (permissions, devices, on/off, autoplay). */
	mediaStateChanged: [state: LocalMediaState];
	/** A local track started or stopped (e.g. for a self-view). */
	localTrackChanged: [source: MediaSource, track: MediaStreamTrack | undefined];
	chat: [message: ChatMessage];
	emote: [player: Player, emote: Emote];
	/** This client moved to another map (a portal): `client.map` and `client.players` are the new map's. */
	mapChanged: [map: ClientMap];
	/** Something failed that the application may want to show; the client keeps running. */
	error: [error: HallwayError];
}
