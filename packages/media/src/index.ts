/**
 * @hallway/media: what both halves of the media plane share, above all the
 * typed signaling protocol. The mediasoup server side is
 * `@hallway/media/server`, the browser side `@hallway/media/client`.
 */
export { HallwayError } from './errors.js';
export * from './protocol/index.js';
export { MEDIA_SOURCES, type MediaSource } from './sources.js';
