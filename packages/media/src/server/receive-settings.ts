import type { MediaRequestHandlers } from '../protocol/index.js';
import type { MediaPeer } from './media-peer.js';

type ReceiveSettingsRequest = 'media.setReceiveVideo' | 'media.setMaxSpatialLayer' | 'media.reportQuality';

/** What the receive settings need from the media room. */
export interface ReceiveSettingsHost {
	/** Reconciles the peer's consumers again (audio-only turned on or off). */
	reconcile(peer: MediaPeer): void;
	/** Applies the peer's layer cap to every camera it receives now. */
	applyLayers(peer: MediaPeer): Promise<void>;
}

/**
 * The requests by which a player tunes what it receives: audio-only mode, a
 * cap on simulcast layers, and its connection report. Each only sets a flag
 * on the player's own peer: the media room keeps deciding what is consumed
 * (from the hearing graph), and at which layer (from the band, under the cap).
 */
export function receiveSettingsHandlers(host: ReceiveSettingsHost, joined: (peer: MediaPeer) => MediaPeer): Pick<MediaRequestHandlers<MediaPeer>, ReceiveSettingsRequest> {
	return {
		'media.setReceiveVideo': (peer, { video }) => {
			if (joined(peer).receiveVideo !== video) {
				peer.receiveVideo = video;
				host.reconcile(peer);
			}
			return {};
		},
		'media.setMaxSpatialLayer': async (peer, { spatialLayer }) => {
			if (joined(peer).maxSpatialLayer !== spatialLayer) {
				peer.maxSpatialLayer = spatialLayer;
				await host.applyLayers(peer);
			}
			return { spatialLayer };
		},
		'media.reportQuality': (peer, { quality }) => {
			const framesDroppedTotal = (joined(peer).quality?.framesDroppedTotal ?? 0) + (quality.framesDropped ?? 0);
			peer.quality = { report: quality, at: Date.now(), framesDroppedTotal };
			return {};
		},
	};
}
