/**
 * The media signaling messages: one request schema and one response schema per
 * request type (browser → server, answered), one schema per push type (server
 * → browser), and the type helpers derived from them. This file is the
 * protocol's single source of truth: both halves and the docs read it.
 */
import * as z from 'zod';
import { MEDIA_SOURCES, type MediaSource } from '../sources.js';
import {
	deliveredRtpCapabilitiesSchema,
	deliveredRtpParametersSchema,
	dtlsParametersSchema,
	iceCandidateSchema,
	iceParametersSchema,
	iceServerSchema,
	mediaKindSchema,
	rtpCapabilitiesSchema,
	rtpParametersSchema,
	sctpParametersSchema,
	WIRE_LIMITS,
} from './wire-types.js';

/**
 * Shape of the ids of mediasoup objects (UUIDs) and players (Colyseus session
 * ids): 1 to 64 letters, digits, `-` or `_`.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A bounded id, see {@link ID_PATTERN}. */
export const idSchema = z.string().regex(ID_PATTERN, 'expected an id of 1 to 64 letters, digits, "-" or "_"');

/** The media source of a producer: `'microphone' | 'camera' | 'screen'`. */
export const mediaSourceSchema = z.enum(MEDIA_SOURCES);

/** The kind each source must have: a microphone is audio, a camera or a screen video. */
export const MEDIA_SOURCE_KIND = {
	microphone: 'audio',
	camera: 'video',
	screen: 'video',
} as const satisfies Record<MediaSource, 'audio' | 'video'>;

/**
 * Distance bands of the hearing graph, nearest first. The band picks the
 * simulcast layer and the audio volume of a consumer.
 */
export const PROXIMITY_BANDS = ['near', 'mid', 'far'] as const;

/** One of {@link PROXIMITY_BANDS}. */
export type ProximityBand = (typeof PROXIMITY_BANDS)[number];

/** Why the server closed a consumer (known reasons; other strings may come). */
export const CONSUMER_CLOSE_REASONS = ['edgeRemoved', 'producerClosed', 'transportClosed', 'peerLeft', 'workerDied'] as const;

/**
 * One of {@link CONSUMER_CLOSE_REASONS}, or another short string a newer
 * server may send (clients treat unknown reasons as a plain close).
 */
export type ConsumerCloseReason = (typeof CONSUMER_CLOSE_REASONS)[number] | (string & {});

/** Why the server reset a player's media (`media.reset`). */
export const MEDIA_RESET_REASONS = ['workerDied', 'reconnected'] as const;

/** One of {@link MEDIA_RESET_REASONS}. */
export type MediaResetReason = (typeof MEDIA_RESET_REASONS)[number];

/**
 * How good a media connection is, best first: `lost` means no packets for a
 * while. See `@hallway/media/client`'s quality scoring for the thresholds.
 */
export const CONNECTION_QUALITY_LEVELS = ['excellent', 'good', 'poor', 'lost'] as const;

/** One of {@link CONNECTION_QUALITY_LEVELS}. */
export type ConnectionQualityLevel = (typeof CONNECTION_QUALITY_LEVELS)[number];

/** A non-negative finite figure up to `max` (bounded so that a client cannot skew metrics with huge values). */
const figure = (max: number) => z.number().min(0).max(max);

/**
 * One player's connection figures as its browser measured them: the worst of
 * what it sends and receives. Every figure is optional (a browser that sends
 * nothing has no outgoing bitrate).
 */
export const connectionQualityReportSchema = z.strictObject({
	level: z.enum(CONNECTION_QUALITY_LEVELS),
	/** Round-trip time to the server, seconds. */
	rtt: figure(60).optional(),
	/** Interarrival jitter, seconds. */
	jitter: figure(60).optional(),
	/** Fraction of packets lost over the last interval, 0..1. */
	loss: figure(1).optional(),
	/** The sender's estimate of the bandwidth available to it, bits/s. */
	availableOutgoingBitrate: figure(1e10).optional(),
	/** Video frames the browser dropped over the last interval. */
	framesDropped: figure(1e6).optional(),
});

/** A {@link connectionQualityReportSchema} value. */
export type ConnectionQualityReport = z.output<typeof connectionQualityReportSchema>;

const proximityBandSchema = z.enum(PROXIMITY_BANDS);
const consumerCloseReasonSchema: z.ZodType<ConsumerCloseReason, ConsumerCloseReason> = z
	.string()
	.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected a reason such as "edgeRemoved"');
const empty = z.strictObject({});
const transportDirectionSchema = z.enum(['send', 'recv']);

/**
 * Request types and their schemas. Each entry: `request` (what the browser
 * sends), `response` (what the server answers).
 */
export const MEDIA_REQUESTS = {
	/** Open the player's media peer; answers the router's RTP capabilities for `device.load()`. */
	'media.join': {
		request: empty,
		response: z.strictObject({ routerRtpCapabilities: deliveredRtpCapabilitiesSchema }),
	},
	/** The device's RTP capabilities after `device.load()`; needed before any consumer is pushed. */
	'media.setRtpCapabilities': {
		request: z.strictObject({ rtpCapabilities: rtpCapabilitiesSchema }),
		response: empty,
	},
	/** Create the player's send or receive WebRTC transport; answers what `device.createXxxTransport()` needs. */
	'media.createTransport': {
		request: z.strictObject({ direction: transportDirectionSchema }),
		response: z.strictObject({
			transportId: idSchema,
			iceParameters: iceParametersSchema,
			iceCandidates: z.array(iceCandidateSchema).max(WIRE_LIMITS.iceCandidates),
			dtlsParameters: dtlsParametersSchema,
			sctpParameters: sctpParametersSchema.optional(),
			/** STUN/TURN servers the browser should use (configuration of the server). */
			iceServers: z.array(iceServerSchema).max(WIRE_LIMITS.iceServers).optional(),
			/** `'relay'` forces TURN (tests, strict networks); default `'all'`. */
			iceTransportPolicy: z.enum(['all', 'relay']).optional(),
		}),
	},
	/** The browser's DTLS parameters, from the transport's `connect` event. */
	'media.connectTransport': {
		request: z.strictObject({ transportId: idSchema, dtlsParameters: dtlsParametersSchema }),
		response: empty,
	},
	/** Publish a track, from the send transport's `produce` event; answers the producer id. */
	'media.produce': {
		request: z.strictObject({
			transportId: idSchema,
			kind: mediaKindSchema,
			source: mediaSourceSchema,
			rtpParameters: rtpParametersSchema,
			paused: z.boolean().optional(),
		}),
		response: z.strictObject({ producerId: idSchema }),
	},
	/** Stop publishing a track. */
	'media.closeProducer': {
		request: z.strictObject({ producerId: idSchema }),
		response: empty,
	},
	/** Mute: the server pauses the producer (listeners get `media.producerPaused`). */
	'media.pauseProducer': {
		request: z.strictObject({ producerId: idSchema }),
		response: empty,
	},
	/** Unmute. */
	'media.resumeProducer': {
		request: z.strictObject({ producerId: idSchema }),
		response: empty,
	},
	/** The browser created the consumer pushed by `media.consume`; the server may resume it. */
	'media.consumerReady': {
		request: z.strictObject({ consumerId: idSchema }),
		response: empty,
	},
	/** Restart ICE on a transport (network change); answers the new ICE parameters. */
	'media.restartIce': {
		request: z.strictObject({ transportId: idSchema }),
		response: z.strictObject({ iceParameters: iceParametersSchema }),
	},
	/**
	 * Audio-only mode (`video: false`): the server creates no video consumers
	 * for this player (cameras and screens) and closes the ones it has, at
	 * once; `true` brings them back as the hearing graph wants them.
	 */
	'media.setReceiveVideo': {
		request: z.strictObject({ video: z.boolean() }),
		response: empty,
	},
	/**
	 * Caps the simulcast spatial layer of every camera this player receives
	 * (a poor connection asks for less); `null` lifts the cap. The server
	 * still picks the layer from the distance band, never above the cap.
	 * Answers the cap applied.
	 */
	'media.setMaxSpatialLayer': {
		request: z.strictObject({ spatialLayer: z.number().int().min(0).max(7).nullable() }),
		response: z.strictObject({ spatialLayer: z.number().int().min(0).max(7).nullable() }),
	},
	/**
	 * The browser's connection figures from `getStats()` (a few seconds
	 * apart), for the server's metrics. Informational: the server takes no
	 * decision on them.
	 */
	'media.reportQuality': {
		request: z.strictObject({ quality: connectionQualityReportSchema }),
		response: empty,
	},
} as const;

/**
 * Push types and their schemas (server → browser, no answer).
 */
export const MEDIA_PUSHES = {
	/**
	 * Create a consumer on the receive transport (created paused on the
	 * server). `prewarm`: the speaker is in the approach ring, keep the track
	 * ready but hidden; `producerPaused`: the speaker is muted.
	 */
	'media.consume': z.strictObject({
		consumerId: idSchema,
		producerId: idSchema,
		/** The speaker's player id. */
		peerId: idSchema,
		source: mediaSourceSchema,
		kind: mediaKindSchema,
		rtpParameters: deliveredRtpParametersSchema,
		producerPaused: z.boolean(),
		prewarm: z.boolean(),
		band: proximityBandSchema,
		/** Playback volume (0..1) for the band; absent from older servers (then 1). */
		volume: z.number().min(0).max(1).optional(),
	}),
	/** The server closed a consumer; the browser closes its side and removes the track. */
	'media.consumerClosed': z.strictObject({
		consumerId: idSchema,
		reason: consumerCloseReasonSchema,
	}),
	/**
	 * The server resumed (`active: true`) or paused (`false`) a consumer on its
	 * own: a prewarmed consumer comes into range (show it), or one out of range
	 * waits out its grace period (hide it). Independent of the speaker's mute.
	 */
	'media.consumerActive': z.strictObject({
		consumerId: idSchema,
		active: z.boolean(),
	}),
	/** The speaker's distance band changed: new volume (0..1) and, for video, the spatial layer chosen. */
	'media.consumerLayers': z.strictObject({
		consumerId: idSchema,
		band: proximityBandSchema,
		volume: z.number().min(0).max(1),
		spatialLayer: z.number().int().min(0).max(7).optional(),
	}),
	/** The speaker muted (`paused: true`) or unmuted the producer behind this consumer. */
	'media.producerPaused': z.strictObject({
		consumerId: idSchema,
		paused: z.boolean(),
	}),
	/**
	 * The server dropped this player's media peer state (transports,
	 * producers, consumers): its router's worker died, or the player's
	 * WebSocket reconnected. The browser closes its side and joins again
	 * from `media.join`, republishing its tracks; the hearing graph is kept,
	 * so the same consumers come back.
	 */
	'media.reset': z.strictObject({
		reason: z.enum(MEDIA_RESET_REASONS),
	}),
} as const;

/** Every request type, e.g. `'media.produce'`. */
export type RequestType = keyof typeof MEDIA_REQUESTS;

/** Every push type, e.g. `'media.consume'`. */
export type PushType = keyof typeof MEDIA_PUSHES;

/** The request types, in protocol order (register one room handler per entry). */
export const MEDIA_REQUEST_TYPES = Object.freeze(Object.keys(MEDIA_REQUESTS)) as readonly RequestType[];

/** The push types (register one room listener per entry). */
export const MEDIA_PUSH_TYPES = Object.freeze(Object.keys(MEDIA_PUSHES)) as readonly PushType[];

/** The payload of request `T`, as sent by the browser and received by the handler. */
export type RequestOf<T extends RequestType> = z.output<(typeof MEDIA_REQUESTS)[T]['request']>;

/**
 * The response of request `T` as the browser receives it (`request()`
 * resolves to it): mediasoup-shaped fields have mediasoup-client's types.
 */
export type ResponseOf<T extends RequestType> = z.output<(typeof MEDIA_REQUESTS)[T]['response']>;

/**
 * The response of request `T` as a server handler returns it: mediasoup-shaped
 * fields have mediasoup's (server) types, so `router.rtpCapabilities` fits.
 */
export type ResponseInputOf<T extends RequestType> = z.input<(typeof MEDIA_REQUESTS)[T]['response']>;

/** The payload of push `T` as the browser receives it (mediasoup-client types). */
export type PushOf<T extends PushType> = z.output<(typeof MEDIA_PUSHES)[T]>;

/** The payload of push `T` as server code builds it (mediasoup types, e.g. `consumer.rtpParameters`). */
export type PushInputOf<T extends PushType> = z.input<(typeof MEDIA_PUSHES)[T]>;

/** Whether `type` is a request type. */
export function isRequestType(type: unknown): type is RequestType {
	return typeof type === 'string' && Object.hasOwn(MEDIA_REQUESTS, type);
}

/** Whether `type` is a push type. */
export function isPushType(type: unknown): type is PushType {
	return typeof type === 'string' && Object.hasOwn(MEDIA_PUSHES, type);
}
