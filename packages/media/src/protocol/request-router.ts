/**
 * The server half of the request layer: one typed handler per request type,
 * behind a single `handle(ctx, type, raw)` that a Colyseus room calls from
 * `onMessage(type, (client, payload) => router.handle(player, type, payload))`
 * and whose resolved value is the answer (a rejection answers an error).
 * Knows nothing about Colyseus or mediasoup objects.
 */
import { HallwayError } from '../errors.js';
import { mediaError } from './errors.js';
import { isRequestType, MEDIA_REQUEST_TYPES, type RequestOf, type RequestType, type ResponseInputOf } from './messages.js';
import { parseMediaRequest, parseMediaResponse } from './validate.js';

/**
 * Handles request `T` for a peer: gets the validated payload, returns the
 * response (mediasoup's types, e.g. `router.rtpCapabilities`). Throw a
 * `HallwayError` with a media code to refuse (`E_TRANSPORT_NOT_OWNED`, ...).
 */
export type MediaRequestHandler<C, T extends RequestType> = (
	peer: C,
	payload: RequestOf<T>,
) => Promise<ResponseInputOf<T>> | ResponseInputOf<T>;

/** One handler per request type; `C` is the peer context (e.g. the player). */
export type MediaRequestHandlers<C> = { [T in RequestType]: MediaRequestHandler<C, T> };

/** Options of {@link createMediaRequestRouter}. */
export interface MediaRequestRouterOptions {
	/**
	 * Check every handler's response against its schema before it is sent
	 * (cheap next to a mediasoup call; catches a server bug on the server
	 * rather than in a browser). Default `true`.
	 */
	validateResponses?: boolean;
}

/** What {@link createMediaRequestRouter} returns. */
export interface MediaRequestRouter<C> {
	/** The request types to register with the room, one `onMessage` each. */
	readonly types: readonly RequestType[];
	/**
	 * Answers one request: resolves to the (validated) response, or rejects
	 * with a `HallwayError` whose message is `"E_CODE: sentence"`:
	 * `E_UNKNOWN_REQUEST`, `E_TOO_LARGE`, `E_BAD_REQUEST` (schema, or a
	 * `TypeError`/`UnsupportedError` from mediasoup about bad parameters),
	 * `E_KIND_MISMATCH`, the handler's own codes, or `E_INTERNAL` for
	 * anything else; the original error is the `cause`, never on the wire.
	 */
	handle(peer: C, type: string, raw: unknown): Promise<unknown>;
}

/**
 * Builds the server's request router from one handler per request type.
 * Every request is checked in order: known type, size guard, schema, source
 * vs kind; then the handler runs and its errors are mapped to media codes.
 */
export function createMediaRequestRouter<C>(
	handlers: MediaRequestHandlers<C>,
	options: MediaRequestRouterOptions = {},
): MediaRequestRouter<C> {
	// Taken once: replacing a handler on the object later changes nothing.
	const table = new Map<RequestType, MediaRequestHandler<C, RequestType>>();
	for (const type of MEDIA_REQUEST_TYPES) {
		const handler = handlers[type];
		if (typeof handler !== 'function') throw new TypeError(`createMediaRequestRouter: no handler for "${type}"`);
		table.set(type, handler as MediaRequestHandler<C, RequestType>);
	}
	const validateResponses = options.validateResponses ?? true;

	async function handle(peer: C, type: string, raw: unknown): Promise<unknown> {
		if (!isRequestType(type)) {
			throw mediaError('E_UNKNOWN_REQUEST', `no media request type ${JSON.stringify(String(type).slice(0, 64))}`);
		}
		const payload = parseMediaRequest(type, raw);
		const handler = table.get(type)!;
		let response: unknown;
		try {
			response = await handler(peer, payload);
		} catch (error) {
			throw fromHandlerError(type, error);
		}
		if (!validateResponses) return response;
		try {
			return parseMediaResponse(type, response);
		} catch (error) {
			throw mediaError('E_INTERNAL', `${type}: the server made an invalid response`, error);
		}
	}

	return { types: MEDIA_REQUEST_TYPES, handle };
}

/**
 * Maps what a handler threw to a `HallwayError`. mediasoup throws `TypeError`
 * for invalid parameters (`invalid RtpHeaderExtensionUri`, `missing
 * codec.mimeType`) and `UnsupportedError` for what the router cannot do
 * (`unsupported codec`): both are the client's fault, `E_BAD_REQUEST` with
 * mediasoup's sentence. Anything else is `E_INTERNAL` with a generic sentence.
 * Note: a `TypeError` from a bug in a handler (`x is undefined`) is reported
 * as `E_BAD_REQUEST` too; its stack is on `cause`.
 */
function fromHandlerError(type: RequestType, error: unknown): HallwayError {
	if (error instanceof HallwayError) return error;
	if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) {
		const sentence = error.message.length > 300 ? `${error.message.slice(0, 299)}…` : error.message;
		return mediaError('E_BAD_REQUEST', `${type}: ${sentence}`, error);
	}
	return mediaError('E_INTERNAL', `${type} failed on the server`, error);
}
