/**
 * Schemas for the mediasoup-shaped values that cross the signaling wire: RTP
 * capabilities and parameters, ICE and DTLS parameters. They follow the type
 * definitions of mediasoup 3.27 (server) and mediasoup-client 3.24 (browser):
 * every field either library declares is known, nothing else is accepted
 * (except on `SctpParameters`, see there), and every array, string and record
 * is bounded so that a hostile client cannot make the server parse or store
 * large values.
 *
 * Static types: each schema is annotated with the library type that the
 * receiving side hands the value to, so no caller needs a cast. Values sent
 * by the browser are typed as mediasoup's (server) types; values sent by the
 * server as mediasoup-client's (browser) types, see {@link deliveredAs}.
 */
import * as z from 'zod';
import type {
	DtlsParameters as ServerDtlsParameters,
	IceParameters as ServerIceParameters,
	MediaKind,
	RtpCapabilities as ServerRtpCapabilities,
	RtpHeaderExtensionUri as ServerRtpHeaderExtensionUri,
	RtpParameters as ServerRtpParameters,
} from 'mediasoup/types';
import type {
	IceCandidate as ClientIceCandidate,
	RtpCapabilities as ClientRtpCapabilities,
	RtpParameters as ClientRtpParameters,
	SctpParameters as ClientSctpParameters,
} from 'mediasoup-client/types';

/**
 * Size limits of the wire schemas, in one place. Counts are array lengths or
 * record entries; lengths are string lengths in characters.
 */
export const WIRE_LIMITS = {
	/** Codecs in `RtpParameters` (a producer sends one media codec and its RTX). */
	rtpParametersCodecs: 16,
	/** Codecs in `RtpCapabilities` (a browser announces a few dozen). */
	rtpCapabilitiesCodecs: 64,
	/** Header extensions in `RtpParameters`. */
	rtpParametersHeaderExtensions: 32,
	/** Header extensions in `RtpCapabilities`. */
	rtpCapabilitiesHeaderExtensions: 64,
	/** Encodings in `RtpParameters` (simulcast uses up to 3 or 4). */
	encodings: 8,
	/** RTCP feedback entries of one codec. */
	rtcpFeedback: 16,
	/** Entries of a codec's or header extension's `parameters` record. */
	parameterEntries: 32,
	/** Length of a parameter string value (e.g. H264 `sprop-parameter-sets`). */
	parameterValue: 512,
	/** Length of a MIME type such as `video/VP8`. */
	mimeType: 64,
	/** Length of a header extension URI. */
	uri: 256,
	/** DTLS fingerprints (mediasoup sends one per algorithm: 5). */
	fingerprints: 8,
	/** Length of a fingerprint value (sha-512: 64 hex pairs and colons: 191). */
	fingerprintValue: 200,
	/** ICE candidates of one transport. */
	iceCandidates: 32,
	/** ICE (STUN/TURN) servers handed to the browser. */
	iceServers: 8,
	/** URLs of one ICE server. */
	iceServerUrls: 8,
} as const;

const UINT32_MAX = 0xffff_ffff;

/** A printable-ASCII token without spaces, bounded (`mid`, ICE foundation, addresses). */
function token(max: number) {
	return z
		.string()
		.min(1)
		.max(max)
		.regex(/^[\x21-\x7e]+$/, 'expected printable ASCII without spaces');
}

const uint32 = z.number().int().min(0).max(UINT32_MAX);
const payloadType = z.number().int().min(0).max(127);
const clockRate = z.number().int().min(1).max(UINT32_MAX);
const channels = z.number().int().min(1).max(255);
const headerExtensionId = z.number().int().min(1).max(255);

/** `'audio' | 'video'`. */
export const mediaKindSchema: z.ZodType<MediaKind, MediaKind> = z.enum(['audio', 'video']);

/**
 * The `parameters` record of a codec or header extension: at most
 * {@link WIRE_LIMITS.parameterEntries} entries, keys like `profile-level-id` or
 * `num_streams` (no leading underscore, so no `__proto__`), values strings or
 * finite numbers, as mediasoup requires.
 */
export const codecParametersSchema = z
	.record(
		z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a parameter name such as "profile-level-id"'),
		z.union([z.string().max(WIRE_LIMITS.parameterValue), z.number()]),
	)
	.refine((parameters) => Object.keys(parameters).length <= WIRE_LIMITS.parameterEntries, {
		message: `expected at most ${WIRE_LIMITS.parameterEntries} parameters`,
	});

/** `{ type: 'nack', parameter: 'pli' }` and friends. */
export const rtcpFeedbackSchema = z.strictObject({
	type: token(32),
	parameter: z
		.string()
		.max(32)
		.regex(/^[\x21-\x7e]*$/, 'expected printable ASCII without spaces')
		.optional(),
});

/**
 * A header extension URI. Accepted as any bounded printable string rather than
 * mediasoup's list: mediasoup itself refuses the URIs it does not know (a
 * `TypeError`, so `E_BAD_REQUEST`), and a newer mediasoup that adds one must
 * not break the join response. Typed as mediasoup's union.
 */
const headerExtensionUriSchema = z.custom<ServerRtpHeaderExtensionUri>(
	(value) => typeof value === 'string' && value.length <= WIRE_LIMITS.uri && /^[\x21-\x7e]+$/.test(value),
	{ message: `expected a header extension URI (printable ASCII, at most ${WIRE_LIMITS.uri} characters)` },
);

const mimeTypeSchema = z
	.string()
	.max(WIRE_LIMITS.mimeType)
	.regex(/^(audio|video)\/[A-Za-z0-9._+-]+$/i, 'expected a MIME type such as "video/VP8"');

const rtpCodecCapabilitySchema = z.strictObject({
	kind: mediaKindSchema,
	mimeType: mimeTypeSchema,
	preferredPayloadType: payloadType,
	clockRate,
	channels: channels.optional(),
	parameters: codecParametersSchema.optional(),
	rtcpFeedback: z.array(rtcpFeedbackSchema).max(WIRE_LIMITS.rtcpFeedback).optional(),
});

const rtpHeaderExtensionSchema = z.strictObject({
	kind: mediaKindSchema,
	uri: headerExtensionUriSchema,
	preferredId: headerExtensionId,
	preferredEncrypt: z.boolean().optional(),
	direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

/**
 * What an endpoint can receive: the router's capabilities (`media.join`) or
 * the browser device's (`media.setRtpCapabilities`).
 */
export const rtpCapabilitiesSchema: z.ZodType<ServerRtpCapabilities, ServerRtpCapabilities> = z.strictObject({
	codecs: z.array(rtpCodecCapabilitySchema).max(WIRE_LIMITS.rtpCapabilitiesCodecs).optional(),
	headerExtensions: z.array(rtpHeaderExtensionSchema).max(WIRE_LIMITS.rtpCapabilitiesHeaderExtensions).optional(),
});

const rtpCodecParametersSchema = z.strictObject({
	mimeType: mimeTypeSchema,
	payloadType,
	clockRate,
	channels: channels.optional(),
	parameters: codecParametersSchema.optional(),
	rtcpFeedback: z.array(rtcpFeedbackSchema).max(WIRE_LIMITS.rtcpFeedback).optional(),
});

const rtpHeaderExtensionParametersSchema = z.strictObject({
	uri: headerExtensionUriSchema,
	id: headerExtensionId,
	encrypt: z.boolean().optional(),
	parameters: codecParametersSchema.optional(),
});

const encodingPriority = z.enum(['very-low', 'low', 'medium', 'high']);

/**
 * One RTP stream: the fields of mediasoup's `RtpEncodingParameters` plus the
 * browser-side ones mediasoup-client passes through for simulcast
 * (`scaleResolutionDownBy`, `active`, `maxFramerate`, priorities).
 */
const rtpEncodingParametersSchema = z.strictObject({
	ssrc: uint32.optional(),
	rid: z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected a RID of 1 to 32 letters, digits, "-" or "_"')
		.optional(),
	codecPayloadType: payloadType.optional(),
	rtx: z.strictObject({ ssrc: uint32 }).optional(),
	dtx: z.boolean().optional(),
	scalabilityMode: z
		.string()
		.regex(/^[LS]\d{1,2}T\d{1,2}(h|_KEY|_SHIFT)*$/, 'expected a scalability mode such as "L1T3"')
		.max(16)
		.optional(),
	scaleResolutionDownBy: z.number().min(1).max(1024).optional(),
	maxBitrate: z.number().min(0).max(UINT32_MAX).optional(),
	maxFramerate: z.number().min(0).max(1000).optional(),
	active: z.boolean().optional(),
	adaptivePtime: z.boolean().optional(),
	priority: encodingPriority.optional(),
	networkPriority: encodingPriority.optional(),
});

const rtcpParametersSchema = z.strictObject({
	/** Chromium sends `''` for a simulcast producer. */
	cname: z
		.string()
		.max(255)
		.regex(/^[\x21-\x7e]*$/, 'expected printable ASCII without spaces')
		.optional(),
	reducedSize: z.boolean().optional(),
	mux: z.boolean().optional(),
});

/**
 * A media stream's RTP parameters: what the browser sends with `media.produce`
 * (mediasoup-client's output), and what the server pushes with `media.consume`
 * (a mediasoup consumer's `rtpParameters`).
 */
export const rtpParametersSchema: z.ZodType<ServerRtpParameters, ServerRtpParameters> = z.strictObject({
	mid: token(32).optional(),
	codecs: z.array(rtpCodecParametersSchema).min(1).max(WIRE_LIMITS.rtpParametersCodecs),
	headerExtensions: z.array(rtpHeaderExtensionParametersSchema).max(WIRE_LIMITS.rtpParametersHeaderExtensions).optional(),
	encodings: z.array(rtpEncodingParametersSchema).max(WIRE_LIMITS.encodings).optional(),
	rtcp: rtcpParametersSchema.optional(),
	msid: z
		.string()
		.regex(/^[\x21-\x7e]{1,64}( [\x21-\x7e]{1,64})?$/, 'expected "streamId trackId"')
		.optional(),
});

const fingerprintAlgorithmSchema = z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

/** The DTLS role and certificate fingerprints of one side of a transport. */
export const dtlsParametersSchema: z.ZodType<ServerDtlsParameters, ServerDtlsParameters> = z.strictObject({
	role: z.enum(['auto', 'client', 'server']).optional(),
	fingerprints: z
		.array(
			z.strictObject({
				algorithm: fingerprintAlgorithmSchema,
				value: z
					.string()
					.max(WIRE_LIMITS.fingerprintValue)
					.regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/, 'expected colon-separated hex pairs'),
			}),
		)
		.min(1)
		.max(WIRE_LIMITS.fingerprints),
});

/** ICE credentials (`ice-char`: letters, digits, `+`, `/`; RFC 8839 allows up to 256). */
export const iceParametersSchema: z.ZodType<ServerIceParameters, ServerIceParameters> = z.strictObject({
	usernameFragment: z.string().regex(/^[A-Za-z0-9+/]{1,256}$/, 'expected 1 to 256 ICE characters'),
	password: z.string().regex(/^[A-Za-z0-9+/]{1,256}$/, 'expected 1 to 256 ICE characters'),
	iceLite: z.boolean().optional(),
});

/**
 * A server ICE candidate. mediasoup only makes `host` candidates (with
 * `tcpType: 'passive'` for TCP); the schema accepts every value
 * mediasoup-client's type allows. `address` may be a host name (announced
 * address), hence a bounded string and not an IP check.
 */
export const iceCandidateSchema: z.ZodType<ClientIceCandidate, ClientIceCandidate> = z.strictObject({
	foundation: token(64),
	priority: uint32,
	ip: token(255),
	address: token(255),
	protocol: z.enum(['udp', 'tcp']),
	port: z.number().int().min(0).max(65_535),
	type: z.enum(['host', 'srflx', 'prflx', 'relay']),
	tcpType: z.enum(['active', 'passive', 'so']).optional(),
});

/**
 * SCTP parameters of a transport with data channels (Hallway does not use
 * them today). Loose on purpose: mediasoup adds fields over versions
 * (`sendBufferSize`, `isDataChannel`, ...) that mediasoup-client ignores, and
 * the value only travels from the server to the browser.
 */
export const sctpParametersSchema: z.ZodType<ClientSctpParameters, ClientSctpParameters> = z.looseObject({
	port: z.number().int().min(0).max(65_535),
	maxSendMessageSize: uint32,
	maxReceiveMessageSize: uint32,
	OS: uint32.optional(),
	MIS: uint32.optional(),
	maxMessageSize: uint32.optional(),
});

/**
 * A STUN/TURN server for the browser's `RTCPeerConnection` (assignable to the
 * DOM's `RTCIceServer`).
 */
export interface IceServer {
	/** `stun:`, `stuns:`, `turn:` or `turns:` URL(s). */
	urls: string | string[];
	/** TURN user name. */
	username?: string | undefined;
	/** TURN credential. */
	credential?: string | undefined;
}

const iceServerUrlSchema = z
	.string()
	.max(512)
	.regex(/^(stun|stuns|turn|turns):[\x21-\x7e]+$/, 'expected a stun:, stuns:, turn: or turns: URL');

/** Schema of {@link IceServer}. */
export const iceServerSchema: z.ZodType<IceServer, IceServer> = z.strictObject({
	urls: z.union([iceServerUrlSchema, z.array(iceServerUrlSchema).min(1).max(WIRE_LIMITS.iceServerUrls)]),
	username: z.string().max(256).optional(),
	credential: z.string().max(256).optional(),
});

/**
 * Retypes a schema of a server-made value for the browser that receives it:
 * the input type stays mediasoup's (what server code hands over), the output
 * type becomes mediasoup-client's (what browser code passes to the
 * `Device`/`Transport`). The runtime shapes are the same; the two libraries'
 * types differ only where mediasoup-client's lag (its header-extension URI
 * union lacks `urn:ietf:params:rtp-hdrext:toffset`, which mediasoup routers
 * offer). This is the protocol's one cast, so that neither half needs one.
 */
function deliveredAs<Out>() {
	return <In>(schema: z.ZodType<In, In>): z.ZodType<Out, In> => schema as unknown as z.ZodType<Out, In>;
}

/** {@link rtpCapabilitiesSchema} as received by the browser (`device.load`). */
export const deliveredRtpCapabilitiesSchema = deliveredAs<ClientRtpCapabilities>()(rtpCapabilitiesSchema);

/** {@link rtpParametersSchema} as received by the browser (`transport.consume`). */
export const deliveredRtpParametersSchema = deliveredAs<ClientRtpParameters>()(rtpParametersSchema);

