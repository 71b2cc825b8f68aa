import type { Consumer } from 'mediasoup-client/types';
import type { ProximityBand } from '../protocol/index.js';
import type { MediaSource } from '../sources.js';

/**
 * A track the server decided this player receives: someone else's
 * microphone, camera or screen. Show it while `active`; `muted` is the
 * speaker's own mute.
 */
export interface RemoteTrack {
	readonly consumerId: string;
	/** The speaker's player id. */
	readonly peerId: string;
	readonly source: MediaSource;
	readonly kind: 'audio' | 'video';
	readonly track: MediaStreamTrack;
	/** Media flows: the speaker is in range (false while prewarmed or leaving). */
	active: boolean;
	/** The speaker muted this source. */
	muted: boolean;
	band: ProximityBand;
	/** Suggested playback volume (0..1) for the distance band. */
	volume: number;
	/** For a simulcast camera: the spatial layer the server chose (band, under this player's cap), once it said. */
	spatialLayer?: number | undefined;
	/** @internal the mediasoup-client consumer. */
	readonly consumer: Consumer;
}
