/**
 * The typed media signaling protocol shared by the server and the browser:
 * message schemas and types, error codes, the server's request router and
 * push sender, the browser's signaling client. Browser-safe (no Node or
 * Colyseus imports); the transport is plugged in by each half.
 */
export {
	CONNECTION_QUALITY_LEVELS,
	connectionQualityReportSchema,
	CONSUMER_CLOSE_REASONS,
	ID_PATTERN,
	isPushType,
	isRequestType,
	MEDIA_PUSH_TYPES,
	MEDIA_RESET_REASONS,
	MEDIA_PUSHES,
	MEDIA_REQUEST_TYPES,
	MEDIA_REQUESTS,
	MEDIA_SOURCE_KIND,
	PROXIMITY_BANDS,
	type ConnectionQualityLevel,
	type ConnectionQualityReport,
	type ConsumerCloseReason,
	type MediaResetReason,
	type ProximityBand,
	type PushInputOf,
	type PushOf,
	type PushType,
	type RequestOf,
	type RequestType,
	type ResponseInputOf,
	type ResponseOf,
} from './messages.js';
export { WIRE_LIMITS, type IceServer } from './wire-types.js';
export { isMediaError, isMediaErrorCode, MEDIA_ERROR_CODES, mediaError, parseWireError, type MediaErrorCode } from './errors.js';
export {
	checkPayloadSize,
	checkSourceKind,
	MAX_PAYLOAD_CHARS,
	parseMediaPush,
	parseMediaRequest,
	parseMediaResponse,
} from './validate.js';
export {
	createMediaRequestRouter,
	type MediaRequestHandler,
	type MediaRequestHandlers,
	type MediaRequestRouter,
	type MediaRequestRouterOptions,
} from './request-router.js';
export { createMediaPusher, type MediaPusher, type MediaPushSink } from './push-sender.js';
export {
	DEFAULT_REQUEST_TIMEOUT_MS,
	MediaSignalingClient,
	type MediaProtocolErrorContext,
	type MediaRequestOptions,
	type MediaSignalingClientOptions,
	type MediaSignalingTransport,
} from './signaling-client.js';
