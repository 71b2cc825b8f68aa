/**
 * The server half of pushes: a typed, validating wrapper around the room's
 * `client.send(type, payload)`.
 */
import { parseMediaPush } from './validate.js';
import type { PushInputOf, PushType } from './messages.js';

/** Delivers one push to one browser, e.g. `(type, payload) => client.send(type, payload)`. */
export type MediaPushSink = (type: PushType, payload: unknown) => void;

/**
 * Sends push `type` to the peer. Throws `E_INTERNAL` (synchronously, nothing
 * sent) if the payload does not match the push schema: a server bug is caught
 * where it happens, not in the browser.
 */
export type MediaPusher = <T extends PushType>(type: T, payload: PushInputOf<T>) => void;

/** Wraps a sink into a typed {@link MediaPusher} for one peer. */
export function createMediaPusher(send: MediaPushSink): MediaPusher {
	return (type, payload) => {
		send(type, parseMediaPush(type, payload));
	};
}
