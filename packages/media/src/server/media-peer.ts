import type { Consumer, Producer, RtpCapabilities, WebRtcTransport } from 'mediasoup/types';
import { type ConnectionQualityReport, mediaError, type MediaPusher } from '../protocol/index.js';
import type { MediaSource } from '../sources.js';
import type { RoomRouter } from './room-router.js';
import type { Band } from './subscriptions/index.js';

export type TransportDirection = 'send' | 'recv';

/** A consumer this peer receives, with what the subscription planner needs to know. */
export interface ConsumerRecord {
	readonly consumer: Consumer;
	/** Player id of the speaker. */
	readonly speaker: string;
	readonly source: MediaSource;
	/** The client created its side (`media.consumerReady`). */
	acked: boolean;
	/** When it stopped being wanted (ms), or null while wanted. */
	unwantedSince: number | null;
	band: Band;
	/** Paused by the server (the speaker's own mute is `consumer.producerPaused`). */
	paused: boolean;
}

/**
 * One player's media resources in a media room: at most one send and one
 * receive transport, at most one producer per source, and the consumers the
 * server decided it receives. Every lookup by id checks ownership, so a client
 * can only touch its own objects. `close()` closes the transports, and with
 * them every producer and consumer.
 */
export class MediaPeer {
	/** The device's RTP capabilities (`media.setRtpCapabilities`); no consumer before them. */
	rtpCapabilities: RtpCapabilities | null = null;
	joined = false;
	/**
	 * The router this peer's transports and producers live on, chosen at
	 * `media.join`. Its consumers live there too: a speaker homed elsewhere is
	 * piped in. Null before the join.
	 */
	home: RoomRouter | null = null;
	readonly #transports = new Map<string, WebRtcTransport>();
	readonly #byDirection = new Map<TransportDirection, WebRtcTransport>();
	readonly producers = new Map<MediaSource, Producer>();
	readonly consumers = new Map<string, ConsumerRecord>();
	/** False in audio-only mode (`media.setReceiveVideo`): no camera or screen is consumed. */
	receiveVideo = true;
	/** Highest simulcast spatial layer this peer asked for (`media.setMaxSpatialLayer`), null for no cap. */
	maxSpatialLayer: number | null = null;
	/**
	 * The browser's last connection report (`media.reportQuality`), when it
	 * came (ms), and the video frames dropped over all reports, for metrics.
	 */
	quality: { readonly report: ConnectionQualityReport; readonly at: number; readonly framesDroppedTotal: number } | null = null;
	#closed = false;

	constructor(
		/** The player id (Colyseus session id). */
		readonly id: string,
		/** Sends a push to this peer's browser. */
		readonly push: MediaPusher,
	) {}

	get closed(): boolean {
		return this.#closed;
	}

	/** How many transports this peer holds (at most one per direction). */
	get transportCount(): number {
		return this.#transports.size;
	}

	/** The receive transport, once created. */
	get recvTransport(): WebRtcTransport | undefined {
		return this.#byDirection.get('recv');
	}

	/** Adopts a new transport; an older one of the same direction is closed (a client rebuilding its transport). */
	addTransport(direction: TransportDirection, transport: WebRtcTransport): void {
		this.#byDirection.get(direction)?.close();
		this.#transports.set(transport.id, transport);
		this.#byDirection.set(direction, transport);
		transport.observer.once('close', () => {
			this.#transports.delete(transport.id);
			if (this.#byDirection.get(direction) === transport) this.#byDirection.delete(direction);
		});
	}

	/** This peer's transport `id`, or `E_TRANSPORT_NOT_OWNED`. */
	transport(id: string, direction?: TransportDirection): WebRtcTransport {
		const transport = this.#transports.get(id);
		if (!transport) throw mediaError('E_TRANSPORT_NOT_OWNED', `transport ${id} is not one of yours`);
		if (direction && this.#byDirection.get(direction) !== transport) {
			throw mediaError('E_BAD_REQUEST', `transport ${id} is not your ${direction} transport`);
		}
		return transport;
	}

	/** This peer's producer `id`, or `E_PRODUCER_NOT_OWNED`. */
	producer(id: string): Producer {
		for (const producer of this.producers.values()) if (producer.id === id) return producer;
		throw mediaError('E_PRODUCER_NOT_OWNED', `producer ${id} is not one of yours`);
	}

	/** This peer's consumer `id`, or `E_CONSUMER_NOT_OWNED`. */
	consumer(id: string): ConsumerRecord {
		const record = this.consumers.get(id);
		if (!record) throw mediaError('E_CONSUMER_NOT_OWNED', `consumer ${id} is not one of yours`);
		return record;
	}

	/**
	 * Drops everything the browser set up (transports, producers, consumers,
	 * capabilities, home) and leaves the peer as it was before `media.join`:
	 * the browser joins again. Returns the home it had, for the caller to
	 * hand back to the routers.
	 */
	reset(): RoomRouter | null {
		const home = this.home;
		this.#closeTransports();
		this.rtpCapabilities = null;
		this.joined = false;
		this.home = null;
		return home;
	}

	/** Closes every transport (and so every producer and consumer). Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#closeTransports();
	}

	#closeTransports(): void {
		// A transport of a router that died is closed already; close() is then a no-op.
		for (const transport of [...this.#transports.values()]) transport.close();
		this.#transports.clear();
		this.#byDirection.clear();
		this.producers.clear();
		this.consumers.clear();
	}
}
