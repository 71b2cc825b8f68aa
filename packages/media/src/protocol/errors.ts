/**
 * The stable error codes of media signaling, and the way they cross the wire:
 * a request handler throws a {@link HallwayError} whose message reads
 * `"E_CODE: sentence"`; Colyseus forwards that message (and the `code`
 * property) to the rejected `room.request()` promise; {@link parseWireError}
 * turns whatever the browser got back into a `HallwayError` again.
 */
import { HallwayError } from '../errors.js';

/** Every code a media signaling error can carry. */
export const MEDIA_ERROR_CODES = [
	/** The payload failed its schema; the message names the field path. */
	'E_BAD_REQUEST',
	/** The payload is larger than {@link MAX_PAYLOAD_CHARS}. */
	'E_TOO_LARGE',
	/** No such request type. */
	'E_UNKNOWN_REQUEST',
	/** A media request before `media.join`. */
	'E_NOT_JOINED',
	/** Consumers need the device's capabilities (`media.setRtpCapabilities`) first. */
	'E_NO_RTP_CAPABILITIES',
	/** The transport does not exist or belongs to another player. */
	'E_TRANSPORT_NOT_OWNED',
	/** The producer does not exist or belongs to another player. */
	'E_PRODUCER_NOT_OWNED',
	/** The consumer does not exist or belongs to another player. */
	'E_CONSUMER_NOT_OWNED',
	/** The player already produces this source (one producer per source). */
	'E_SOURCE_TAKEN',
	/** The source does not match the kind (microphone is audio; camera and screen video). */
	'E_KIND_MISMATCH',
	/** No answer within the request timeout. */
	'E_TIMEOUT',
	/** The connection closed before the answer, or the signaling client is closed. */
	'E_DISCONNECTED',
	/** No mediasoup worker is alive to host this player's media (one is being respawned): try again shortly. */
	'E_MEDIA_UNAVAILABLE',
	/** Anything else: a server fault. Details stay in the server's logs. */
	'E_INTERNAL',
] as const;

/** One of {@link MEDIA_ERROR_CODES}. */
export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(MEDIA_ERROR_CODES);

/** Whether `value` is one of {@link MEDIA_ERROR_CODES}. */
export function isMediaErrorCode(value: unknown): value is MediaErrorCode {
	return typeof value === 'string' && CODES.has(value);
}

/**
 * A {@link HallwayError} with a media code; `cause` keeps the original error
 * (for logs) without putting its text on the wire.
 */
export function mediaError(code: MediaErrorCode, message: string, cause?: unknown): HallwayError {
	const error = new HallwayError(code, message);
	if (cause !== undefined) error.cause = cause;
	return error;
}

/** Whether `error` is a {@link HallwayError} with the given media code. */
export function isMediaError(error: unknown, code?: MediaErrorCode): error is HallwayError {
	return error instanceof HallwayError && (code === undefined || error.code === code);
}

const CODE_IN_MESSAGE = /(?:^|[^A-Z0-9_])(E_[A-Z0-9_]+): ?([\s\S]*)$/;

/**
 * Turns the error of a rejected request back into a {@link HallwayError}:
 * a `HallwayError` is returned as is; otherwise the code comes from the
 * error's `code` property or from a `"E_CODE: sentence"` message (Colyseus
 * 0.18 sends both), or from a Colyseus `ctx.reject(reason)` reason. The
 * Colyseus SDK's own failures are recognised (time-out, closed connection, no
 * handler for the type). Unknown codes and anything else become `E_INTERNAL`
 * with the original message; the original error is kept as `cause`.
 */
export function parseWireError(error: unknown): HallwayError {
	if (error instanceof HallwayError) return error;
	const fields = errorFields(error);
	// Colyseus `ctx.reject(reason)`: the error is "request rejected", the payload is on `reason`.
	if (fields.name === 'rejected' && fields.reason !== undefined) {
		const inner = parseWireError(fields.reason);
		if (inner.cause === fields.reason) inner.cause = error;
		return inner;
	}
	const { message } = fields;
	if (isMediaErrorCode(fields.code)) return mediaError(fields.code, stripCode(message, fields.code), error);
	const match = CODE_IN_MESSAGE.exec(message);
	if (match && isMediaErrorCode(match[1])) return mediaError(match[1], match[2] ?? '', error);
	if (/\btimed out\b/i.test(message)) return mediaError('E_TIMEOUT', message, error);
	if (/connection (is not open|closed)/i.test(message)) return mediaError('E_DISCONNECTED', message, error);
	if (/has no onMessage\(/.test(message)) return mediaError('E_UNKNOWN_REQUEST', message, error);
	return mediaError('E_INTERNAL', message || 'request failed', error);
}

function stripCode(message: string, code: string): string {
	const match = CODE_IN_MESSAGE.exec(message);
	return match?.[1] === code ? (match[2] ?? '') : message;
}

function errorFields(error: unknown): { name?: unknown; message: string; code?: unknown; reason?: unknown } {
	if (typeof error === 'string') return { message: error };
	if (typeof error === 'object' && error !== null) {
		const record = error as Record<string, unknown>;
		const message = typeof record['message'] === 'string' ? record['message'] : '';
		return { name: record['name'], message, code: record['code'], reason: record['reason'] };
	}
	return { message: error === undefined ? '' : String(error) };
}
