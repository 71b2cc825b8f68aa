/**
 * What a client learns when its server shuts down: a `shutdown` message, then
 * the socket closes with `CLOSE_SERVER_SHUTDOWN`. Browser-safe (no Node
 * imports), so the SDK can share it.
 */

/** Server message type sent to every player when a drain starts. */
export const SHUTDOWN_MESSAGE = 'shutdown';

/**
 * Close code of a player disconnected by a drain: Colyseus' own
 * `CloseCode.SERVER_SHUTDOWN`, on which its SDK does not try to reconnect to
 * the same room (the room is gone: join again, another server takes you).
 */
export const CLOSE_SERVER_SHUTDOWN = 4001;

/** Code of a join refused while the server drains (HTTP status 503). */
export const E_SERVER_DRAINING = 'E_SERVER_DRAINING';

/** Payload of the `shutdown` message. */
export interface ShutdownPayload {
	code: 'E_SERVER_SHUTDOWN';
	/** Why, for people: `server restarting`, `maintenance`. */
	reason: string;
	/** How long until the server closes this connection, in ms. */
	closesInMs: number;
}
