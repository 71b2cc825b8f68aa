/** @hallway/media/client: the browser side of the media plane (mediasoup-client). */
export { CAMERA_SIMULCAST_ENCODINGS } from './encodings.js';
