/**
 * @hallway/media: what both halves of the media plane share. The mediasoup
 * server side is `@hallway/media/server`, the browser side `@hallway/media/client`.
 */
export { HallwayError } from './errors.js';
export { MEDIA_SOURCES, type MediaSource } from './sources.js';
