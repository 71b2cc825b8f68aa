/** @hallway/media/client: the browser side of the media plane (mediasoup-client). */
export { CAMERA_SIMULCAST_ENCODINGS } from './encodings.js';
export { colyseusSignaling, MediaClient, type MediaClientEvents, type MediaClientOptions, type TransportState } from './media-client.js';
export type { RemoteTrack } from './remote-track.js';
export { SpeakingDetector, type SpeakingDetectorEvents, type SpeakingDetectorOptions } from './speaking-detector.js';
export { TypedEmitter } from './typed-emitter.js';
export {
	type ConnectionQualityLevel,
	DEFAULT_QUALITY_OPTIONS,
	type QualityLimits,
	type QualityOptions,
	type QualitySample,
	QualityTracker,
	scoreQuality,
	worseLevel,
} from './connection-quality.js';
export {
	type ConnectionQuality,
	QualityMonitor,
	type QualityMonitorEvents,
	type QualityMonitorHost,
	type QualityMonitorOptions,
} from './quality-monitor.js';
export { freshRemoteReports, type InboundCounters, type InboundWindow, inboundWindow, readInbound, readRemoteInbound, readSelectedPair, type StatsEntry } from './stats-figures.js';
