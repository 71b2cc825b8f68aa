/** @hallway/media/client: the browser side of the media plane (mediasoup-client). */
export { CAMERA_SIMULCAST_ENCODINGS } from './encodings.js';
export { colyseusSignaling, MediaClient, type MediaClientEvents, type MediaClientOptions, type TransportState } from './media-client.js';
export type { RemoteTrack } from './remote-track.js';
export { SpeakingDetector, type SpeakingDetectorEvents, type SpeakingDetectorOptions } from './speaking-detector.js';
export { TypedEmitter } from './typed-emitter.js';
