/**
 * The browser half of the request layer: typed requests with a timeout whose
 * failures are always a `HallwayError`, and typed, validated push
 * subscriptions. Plugs into any transport; with Colyseus:
 *
 * ```ts
 * const signaling = new MediaSignalingClient({
 * 	request: (type, payload, timeoutMs) => room.request(type, payload, { timeout: timeoutMs }),
 * 	onMessage: (type, cb) => room.onMessage(type, cb),
 * });
 * const { routerRtpCapabilities } = await signaling.request('media.join', {});
 * ```
 */
import type { HallwayError } from '../errors.js';
import { mediaError, parseWireError } from './errors.js';
import {
	isPushType,
	isRequestType,
	MEDIA_PUSH_TYPES,
	type PushOf,
	type PushType,
	type RequestOf,
	type RequestType,
	type ResponseOf,
} from './messages.js';
import { parseMediaPush, parseMediaRequest, parseMediaResponse } from './validate.js';

/** How long a request waits for its answer by default (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * What the signaling client needs from the connection (a Colyseus `Room` fits
 * through two one-line adapters, see the module example).
 */
export interface MediaSignalingTransport {
	/**
	 * Sends a request and resolves to the answer, or rejects with the
	 * server's error (its message `"E_CODE: sentence"`). `timeoutMs` is passed
	 * on for transports with their own timer; the client keeps its own too.
	 */
	request(type: string, payload: unknown, timeoutMs: number): Promise<unknown>;
	/** Listens to a server push; returns the function that stops listening. */
	onMessage(type: string, cb: (payload: unknown) => void): () => void;
}

/** Details of a push that failed validation, given to `onProtocolError`. */
export interface MediaProtocolErrorContext {
	/** The push type. */
	type: PushType;
	/** The payload as received. */
	payload: unknown;
}

/** Options of {@link MediaSignalingClient}. */
export interface MediaSignalingClientOptions {
	/** How long a request waits for its answer before `E_TIMEOUT` (ms). Default {@link DEFAULT_REQUEST_TIMEOUT_MS}. */
	timeoutMs?: number;
	/**
	 * Called with an `E_INTERNAL` error when the server pushes a payload that
	 * fails its schema (a server bug or a version mismatch). The push is
	 * dropped, nothing is thrown. Default: ignored.
	 */
	onProtocolError?: (error: HallwayError, context: MediaProtocolErrorContext) => void;
}

/** Per-call options of {@link MediaSignalingClient.request}. */
export interface MediaRequestOptions {
	/** Overrides the client's timeout for this request (ms). */
	timeoutMs?: number;
}

type Listener = (payload: unknown) => void;

/**
 * Typed media signaling for the browser. It listens to every push type from
 * construction (so the room never sees an unhandled media message) until
 * {@link MediaSignalingClient.close}.
 */
export class MediaSignalingClient {
	readonly #transport: MediaSignalingTransport;
	readonly #timeoutMs: number;
	readonly #onProtocolError: MediaSignalingClientOptions['onProtocolError'];
	readonly #listeners = new Map<PushType, Set<Listener>>();
	readonly #unsubscribes: (() => void)[] = [];
	readonly #pending = new Set<(error: HallwayError) => void>();
	#closed = false;

	constructor(transport: MediaSignalingTransport, options: MediaSignalingClientOptions = {}) {
		this.#transport = transport;
		this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
		this.#onProtocolError = options.onProtocolError;
		for (const type of MEDIA_PUSH_TYPES) {
			this.#unsubscribes.push(transport.onMessage(type, (payload) => this.#deliver(type, payload)));
		}
	}

	/** Whether {@link MediaSignalingClient.close} was called. */
	get closed(): boolean {
		return this.#closed;
	}

	/**
	 * Sends request `type` and resolves to its validated response. The payload
	 * is checked locally first (same schema as the server). Rejects with a
	 * `HallwayError`: the server's code (`E_TRANSPORT_NOT_OWNED`, ...),
	 * `E_BAD_REQUEST`/`E_TOO_LARGE`/`E_KIND_MISMATCH` before sending,
	 * `E_TIMEOUT`, `E_DISCONNECTED`, or `E_INTERNAL` for an invalid response.
	 */
	request<T extends RequestType>(type: T, payload: RequestOf<T>, options: MediaRequestOptions = {}): Promise<ResponseOf<T>> {
		return new Promise<ResponseOf<T>>((resolve, reject) => {
			if (!isRequestType(type)) {
				reject(mediaError('E_UNKNOWN_REQUEST', `no media request type ${JSON.stringify(String(type).slice(0, 64))}`));
				return;
			}
			if (this.#closed) {
				reject(mediaError('E_DISCONNECTED', `${type}: the media signaling client is closed`));
				return;
			}
			let sent: RequestOf<T>;
			try {
				sent = parseMediaRequest(type, payload);
			} catch (error) {
				reject(error);
				return;
			}
			const timeoutMs = options.timeoutMs === undefined ? this.#timeoutMs : checkTimeout(options.timeoutMs);

			let settled = false;
			const settle = (finish: () => void): void => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.#pending.delete(abort);
				finish();
			};
			const abort = (error: HallwayError): void => settle(() => reject(error));
			this.#pending.add(abort);
			const timer = setTimeout(
				() => abort(mediaError('E_TIMEOUT', `${type}: no answer within ${timeoutMs} ms`)),
				timeoutMs,
			);

			let answer: Promise<unknown>;
			try {
				answer = this.#transport.request(type, sent, timeoutMs);
			} catch (error) {
				answer = Promise.reject(error);
			}
			answer.then(
				(raw) =>
					settle(() => {
						try {
							resolve(parseMediaResponse(type, raw));
						} catch (error) {
							reject(error);
						}
					}),
				(error: unknown) => settle(() => reject(parseWireError(error))),
			);
		});
	}

	/**
	 * Listens to push `type`. The listener gets validated payloads only
	 * (invalid ones go to `onProtocolError`); listeners of one type share the
	 * payload object. A listener that throws does not stop the others: its
	 * error is rethrown asynchronously. Returns the function that stops
	 * listening.
	 */
	on<T extends PushType>(type: T, listener: (payload: PushOf<T>) => void): () => void {
		if (!isPushType(type)) throw new TypeError(`MediaSignalingClient.on: no media push type "${String(type)}"`);
		if (this.#closed) return () => {};
		let listeners = this.#listeners.get(type);
		if (!listeners) {
			listeners = new Set();
			this.#listeners.set(type, listeners);
		}
		// A distinct wrapper per call, so the same function subscribed twice is removed once per unsubscribe.
		const entry: Listener = (payload) => listener(payload as PushOf<T>);
		listeners.add(entry);
		return () => {
			listeners.delete(entry);
		};
	}

	/**
	 * Stops listening to the transport, drops every push listener and rejects
	 * the requests still waiting with `E_DISCONNECTED`. Idempotent.
	 */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
		this.#listeners.clear();
		for (const abort of [...this.#pending]) {
			abort(mediaError('E_DISCONNECTED', 'the media signaling client closed before the answer'));
		}
	}

	#deliver(type: PushType, raw: unknown): void {
		const listeners = this.#listeners.get(type);
		if (this.#closed || !listeners || listeners.size === 0) return;
		let payload: unknown;
		try {
			payload = parseMediaPush(type, raw);
		} catch (error) {
			this.#onProtocolError?.(error as HallwayError, { type, payload: raw });
			return;
		}
		for (const listener of [...listeners]) {
			try {
				listener(payload);
			} catch (error) {
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}
}

function checkTimeout(timeoutMs: number): number {
	if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
		throw new RangeError(`MediaSignalingClient: timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
	}
	return timeoutMs;
}
