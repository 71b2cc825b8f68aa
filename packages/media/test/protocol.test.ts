import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type {
	DtlsParameters as ServerDtlsParameters,
	IceParameters as ServerIceParameters,
	RtpCapabilities as ServerRtpCapabilities,
	RtpParameters as ServerRtpParameters,
	WebRtcTransport,
} from 'mediasoup/types';
import type {
	DtlsParameters as ClientDtlsParameters,
	IceParameters as ClientIceParameters,
	RtpCapabilities as ClientRtpCapabilities,
	RtpParameters as ClientRtpParameters,
	TransportOptions,
} from 'mediasoup-client/types';
import { HallwayError } from '../src/errors.js';
import {
	createMediaPusher,
	createMediaRequestRouter,
	MAX_PAYLOAD_CHARS,
	MEDIA_ERROR_CODES,
	MEDIA_PUSH_TYPES,
	MEDIA_REQUEST_TYPES,
	MediaSignalingClient,
	mediaError,
	parseMediaPush,
	parseMediaRequest,
	parseMediaResponse,
	parseWireError,
	type MediaRequestHandlers,
	type MediaSignalingTransport,
	type PushInputOf,
	type PushOf,
	type RequestOf,
	type RequestType,
	type ResponseInputOf,
	type ResponseOf,
} from '../src/protocol/index.js';

// Fixtures (bottom of the file) were captured from a real session: mediasoup
// 3.27.1 router with Hallway's codecs, mediasoup-client 3.24.1 in headless
// Chromium 156 (fake camera and microphone), microphone with DTX, camera with
// Hallway's three-layer VP8 simulcast.

type Peer = { id: string };

const PRODUCER_ID = '0b8f3b52-3c52-4f0e-8d0e-51a0b7f4f0a2';

/** The error a promise rejected with, or fails the test. */
async function rejection(promise: Promise<unknown>): Promise<HallwayError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(HallwayError);
		return error as HallwayError;
	}
	throw new Error('expected the promise to reject');
}

/** The error a function threw, or fails the test. */
function thrown(fn: () => unknown): HallwayError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(HallwayError);
		return error as HallwayError;
	}
	throw new Error('expected a throw');
}

/** The message of the error `parseMediaRequest` throws for `payload`. */
function refusal(type: RequestType, payload: unknown): string {
	return thrown(() => parseMediaRequest(type, payload)).message;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function producePayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		transportId: SEND_TRANSPORT.transportId,
		kind: 'video',
		source: 'camera',
		rtpParameters: clone(CAMERA_RTP_PARAMETERS),
		...overrides,
	};
}

type Loose = Record<string, unknown>;
type LooseRtp = Loose & { codecs: Loose[]; encodings: Loose[] };

/** A camera `media.produce` payload whose (cloned) RTP parameters `change` edited. */
function cameraWith(change: (rtp: LooseRtp) => void) {
	const rtp = clone(CAMERA_RTP_PARAMETERS) as unknown as LooseRtp;
	change(rtp);
	return producePayload({ rtpParameters: rtp });
}

function consumePush(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		consumerId: '6f1c2b9e-2d0f-4a51-9a57-2a4a1b0c9d11',
		producerId: PRODUCER_ID,
		peerId: 'pXa7_k2Lm',
		source: 'camera',
		kind: 'video',
		rtpParameters: clone(CAMERA_CONSUMER_RTP_PARAMETERS),
		producerPaused: false,
		prewarm: true,
		band: 'near',
		...overrides,
	};
}

/** Handlers that answer realistic values, with spies to see what they got. */
function fakeHandlers(): MediaRequestHandlers<Peer> {
	return {
		'media.join': vi.fn(async () => ({ routerRtpCapabilities: ROUTER_RTP_CAPABILITIES })),
		'media.setRtpCapabilities': vi.fn(async () => ({})),
		'media.createTransport': vi.fn(async () => SEND_TRANSPORT),
		'media.connectTransport': vi.fn(async () => ({})),
		'media.produce': vi.fn(async () => ({ producerId: PRODUCER_ID })),
		'media.closeProducer': vi.fn(async () => ({})),
		'media.pauseProducer': vi.fn(async () => ({})),
		'media.resumeProducer': vi.fn(async () => ({})),
		'media.consumerReady': vi.fn(async () => ({})),
		'media.restartIce': vi.fn(async () => ({ iceParameters: SEND_TRANSPORT.iceParameters })),
		'media.setReceiveVideo': vi.fn(async () => ({})),
		'media.setMaxSpatialLayer': vi.fn(async () => ({ spatialLayer: 0 })),
		'media.reportQuality': vi.fn(async () => ({})),
	};
}

/**
 * An in-memory transport in front of a router, shaped like Colyseus 0.18:
 * payloads cross as JSON, a handler's error reaches the browser as an `Error`
 * rebuilt from `{ name, message, code }`, pushes go through `push()`.
 */
function fakeWire(router: { handle(peer: Peer, type: string, raw: unknown): Promise<unknown> }) {
	const listeners = new Map<string, Set<(payload: unknown) => void>>();
	const peer = { id: 'pXa7_k2Lm' };
	const transport = {
		request: vi.fn(async (type: string, payload: unknown, _timeoutMs: number) => {
			try {
				return clone(await router.handle(peer, type, clone(payload)));
			} catch (thrownError) {
				const e = thrownError as Error & { code?: unknown };
				const error = new Error(e.message) as Error & { code?: unknown };
				error.name = e.name;
				if (e.code !== undefined) error.code = e.code;
				throw error;
			}
		}),
		onMessage: vi.fn((type: string, cb: (payload: unknown) => void) => {
			const set = listeners.get(type) ?? new Set();
			listeners.set(type, set);
			set.add(cb);
			return () => set.delete(cb);
		}),
	} satisfies MediaSignalingTransport;
	const push = (type: string, payload: unknown): void => {
		for (const cb of listeners.get(type) ?? []) cb(clone(payload));
	};
	const listening = (type: string): number => listeners.get(type)?.size ?? 0;
	return { transport, push, listening, peer };
}

describe('media signaling messages', () => {
	it('lists every request and push type of the protocol', () => {
		expect(MEDIA_REQUEST_TYPES).toEqual([
			'media.join',
			'media.setRtpCapabilities',
			'media.createTransport',
			'media.connectTransport',
			'media.produce',
			'media.closeProducer',
			'media.pauseProducer',
			'media.resumeProducer',
			'media.consumerReady',
			'media.restartIce',
			'media.setReceiveVideo',
			'media.setMaxSpatialLayer',
			'media.reportQuality',
		]);
		expect(MEDIA_PUSH_TYPES).toEqual([
			'media.consume',
			'media.consumerClosed',
			'media.consumerActive',
			'media.consumerLayers',
			'media.producerPaused',
			'media.reset',
		]);
		expect(MEDIA_ERROR_CODES).toContain('E_SOURCE_TAKEN');
	});

	it('accepts what mediasoup-client sends from Chromium', () => {
		expect(parseMediaRequest('media.join', {})).toEqual({});
		expect(parseMediaRequest('media.setRtpCapabilities', { rtpCapabilities: DEVICE_RTP_CAPABILITIES })).toEqual({
			rtpCapabilities: DEVICE_RTP_CAPABILITIES,
		});
		expect(parseMediaRequest('media.createTransport', { direction: 'recv' })).toEqual({ direction: 'recv' });
		const connect = { transportId: SEND_TRANSPORT.transportId, dtlsParameters: BROWSER_DTLS_PARAMETERS };
		expect(parseMediaRequest('media.connectTransport', connect)).toEqual(connect);
		const microphone = producePayload({ kind: 'audio', source: 'microphone', rtpParameters: MICROPHONE_RTP_PARAMETERS });
		expect(parseMediaRequest('media.produce', microphone)).toEqual(microphone);
		const camera = producePayload({ paused: true });
		expect(parseMediaRequest('media.produce', camera)).toEqual(camera);
		expect(parseMediaRequest('media.consumerReady', { consumerId: '6f1c2b9e-2d0f-4a51-9a57-2a4a1b0c9d11' })).toBeTruthy();
	});

	it('accepts what a mediasoup router answers and pushes', () => {
		expect(parseMediaResponse('media.join', { routerRtpCapabilities: ROUTER_RTP_CAPABILITIES })).toEqual({
			routerRtpCapabilities: ROUTER_RTP_CAPABILITIES,
		});
		const iceServers = [{ urls: ['turn:turn.example.com:3478?transport=udp'], username: 'u', credential: 'c' }];
		const transport = { ...SEND_TRANSPORT, iceServers, iceTransportPolicy: 'relay' };
		expect(parseMediaResponse('media.createTransport', transport)).toEqual(transport);
		expect(parseMediaResponse('media.restartIce', { iceParameters: SEND_TRANSPORT.iceParameters })).toBeTruthy();
		const audio = consumePush({ kind: 'audio', source: 'microphone', rtpParameters: MICROPHONE_CONSUMER_RTP_PARAMETERS });
		expect(parseMediaPush('media.consume', audio)).toEqual(audio);
		expect(parseMediaPush('media.consume', consumePush())).toEqual(consumePush());
		expect(parseMediaPush('media.consumerLayers', { consumerId: 'c1', band: 'far', volume: 0.25, spatialLayer: 0 })).toBeTruthy();
		expect(parseMediaPush('media.producerPaused', { consumerId: 'c1', paused: true })).toBeTruthy();
		expect(parseMediaPush('media.consumerActive', { consumerId: 'c1', active: true })).toBeTruthy();
	});

	it('validates the receive settings and quality reports a player sends', () => {
		expect(parseMediaRequest('media.setReceiveVideo', { video: false })).toEqual({ video: false });
		expect(parseMediaRequest('media.setMaxSpatialLayer', { spatialLayer: 0 })).toEqual({ spatialLayer: 0 });
		expect(parseMediaRequest('media.setMaxSpatialLayer', { spatialLayer: null })).toEqual({ spatialLayer: null });
		const report = { level: 'poor', rtt: 0.12, jitter: 0.03, loss: 0.1, availableOutgoingBitrate: 250_000, framesDropped: 4 };
		expect(parseMediaRequest('media.reportQuality', { quality: report })).toEqual({ quality: report });
		expect(refusal('media.setReceiveVideo', { video: 'no' })).toBe('E_BAD_REQUEST: media.setReceiveVideo: video: expected boolean, received string');
		expect(refusal('media.setMaxSpatialLayer', { spatialLayer: 1.5 })).toMatch(/^E_BAD_REQUEST: media.setMaxSpatialLayer: spatialLayer: /);
		expect(refusal('media.reportQuality', { quality: { level: 'superb' } })).toMatch(/^E_BAD_REQUEST: media.reportQuality: quality.level: /);
		// Figures are bounded: a client cannot push a loss above 100% or a negative RTT into the metrics.
		expect(refusal('media.reportQuality', { quality: { level: 'good', loss: 3 } })).toMatch(/quality.loss/);
		expect(refusal('media.reportQuality', { quality: { level: 'good', rtt: -1 } })).toMatch(/quality.rtt/);
	});

	it('keeps the SCTP parameters mediasoup adds fields to', () => {
		// mediasoup sends more SCTP fields than mediasoup-client declares: they pass.
		expect(parseMediaResponse('media.createTransport', SEND_TRANSPORT).sctpParameters).toEqual(SEND_TRANSPORT.sctpParameters);
	});

	it('accepts any short close reason, known or not', () => {
		expect(parseMediaPush('media.consumerClosed', { consumerId: 'c1', reason: 'edgeRemoved' }).reason).toBe('edgeRemoved');
		expect(parseMediaPush('media.consumerClosed', { consumerId: 'c1', reason: 'zoneLocked' }).reason).toBe('zoneLocked');
		expect(() => parseMediaPush('media.consumerClosed', { consumerId: 'c1', reason: 'x'.repeat(65) })).toThrow(HallwayError);
	});

	it('refuses wrong types and names the field path', () => {
		expect(refusal('media.produce', cameraWith((rtp) => (rtp['codecs'] = 'VP8' as never)))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.codecs: expected array, received string',
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[0]!['payloadType'] = '96')))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.codecs[0].payloadType: expected number, received string',
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[1]!['parameters'] = { apt: { x: 1 } })))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.codecs[1].parameters.apt: expected string or number, received object',
		);
		expect(refusal('media.createTransport', { direction: 'sideways' })).toBe(
			'E_BAD_REQUEST: media.createTransport: direction: invalid option: expected one of "send"|"recv"',
		);
		expect(refusal('media.join', null)).toBe('E_BAD_REQUEST: media.join: expected object, received null');
		expect(refusal('media.closeProducer', {})).toBe(
			'E_BAD_REQUEST: media.closeProducer: producerId: expected string, received undefined',
		);
	});

	it('refuses unknown keys, at the top and deep inside', () => {
		expect(refusal('media.join', { admin: true })).toBe('E_BAD_REQUEST: media.join: unrecognized key "admin"');
		expect(refusal('media.produce', producePayload({ appData: {} }))).toBe('E_BAD_REQUEST: media.produce: unrecognized key "appData"');
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.encodings[2]!['foo'] = 1)))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.encodings[2]: unrecognized key "foo"',
		);
		const dtls = { ...BROWSER_DTLS_PARAMETERS, fingerprints: [{ ...BROWSER_DTLS_PARAMETERS.fingerprints[0], extra: 1 }] };
		expect(refusal('media.connectTransport', { transportId: 't1', dtlsParameters: dtls })).toBe(
			'E_BAD_REQUEST: media.connectTransport: dtlsParameters.fingerprints[0]: unrecognized key "extra"',
		);
	});

	it('bounds every array, string and record', () => {
		const tooMany = <T>(item: T, n: number): T[] => Array.from({ length: n }, () => item);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs = tooMany(rtp.codecs[0]!, 17))))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.codecs: too big: expected array to have <=16 items',
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs = []))))
			.toBe('E_BAD_REQUEST: media.produce: rtpParameters.codecs: too small: expected array to have >=1 items');
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.encodings = tooMany(rtp.encodings[0]!, 9))))).toMatch(
			/rtpParameters\.encodings: too big/,
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[0]!['mimeType'] = `video/${'V'.repeat(60)}`)))).toMatch(
			/rtpParameters\.codecs\[0\]\.mimeType: too big: expected string to have <=64 characters/,
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[0]!['rtcpFeedback'] = tooMany({ type: 'nack' }, 17))))).toMatch(
			/rtpParameters\.codecs\[0\]\.rtcpFeedback: too big/,
		);
		const manyParameters = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, i]));
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[0]!['parameters'] = manyParameters)))).toBe(
			'E_BAD_REQUEST: media.produce: rtpParameters.codecs[0].parameters: expected at most 32 parameters',
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.codecs[0]!['parameters'] = { x: 'y'.repeat(513) })))).toMatch(
			/parameters\.x: too big/,
		);
		expect(refusal('media.produce', cameraWith((rtp) => (rtp.encodings[0]!['rid'] = 'r'.repeat(33))))).toMatch(
			/rtpParameters\.encodings\[0\]\.rid: expected a RID/,
		);
		const fingerprints = tooMany(BROWSER_DTLS_PARAMETERS.fingerprints[0], 9);
		expect(refusal('media.connectTransport', { transportId: 't1', dtlsParameters: { fingerprints } })).toMatch(
			/dtlsParameters\.fingerprints: too big/,
		);
		const capabilities = { codecs: tooMany(DEVICE_RTP_CAPABILITIES.codecs![0], 65) };
		expect(refusal('media.setRtpCapabilities', { rtpCapabilities: capabilities })).toMatch(/rtpCapabilities\.codecs: too big/);
	});

	it('refuses malformed ids', () => {
		for (const producerId of ['', 'x'.repeat(65), '../etc', 'a b', 'ü', 42, null]) {
			expect(refusal('media.closeProducer', { producerId })).toMatch(/^E_BAD_REQUEST: media\.closeProducer: producerId: /);
		}
		expect(parseMediaRequest('media.closeProducer', { producerId: 'x'.repeat(64) })).toBeTruthy();
	});

	it('refuses values mediasoup or the browser would choke on', () => {
		const headerExtension = (rtp: LooseRtp) => (rtp['headerExtensions'] = [{ uri: 'urn:a b', id: 1 }]);
		const bad: [string, ReturnType<typeof producePayload>, RegExp][] = [
			['payload type', cameraWith((rtp) => (rtp.codecs[0]!['payloadType'] = 128)), /payloadType: too big/],
			['NaN', cameraWith((rtp) => (rtp.codecs[0]!['clockRate'] = Number.NaN)), /clockRate: expected number, received NaN/],
			['fractional', cameraWith((rtp) => (rtp.encodings[0]!['ssrc'] = 1.5)), /ssrc: expected int/],
			['negative ssrc', cameraWith((rtp) => (rtp.encodings[0]!['ssrc'] = -1)), /ssrc: too small/],
			['uri', cameraWith(headerExtension), /headerExtensions\[0\]\.uri: expected a header/],
			['mime', cameraWith((rtp) => (rtp.codecs[0]!['mimeType'] = 'VP8')), /mimeType: expected a MIME type/],
			['scalability', cameraWith((rtp) => (rtp.encodings[0]!['scalabilityMode'] = 'fast')), /scalabilityMode: expected/],
			['underscore key', cameraWith((rtp) => (rtp.codecs[0]!['parameters'] = { _x: 1 })), /parameters\._x: invalid key in record/],
			['boolean param', cameraWith((rtp) => (rtp.codecs[0]!['parameters'] = { apt: true })), /string or number, received boolean/],
			['kind', producePayload({ kind: 'data' }), /kind: invalid option/],
			['source', producePayload({ source: 'hologram' }), /source: invalid option/],
		];
		for (const [what, payload, pattern] of bad) {
			expect(refusal('media.produce', payload), what).toMatch(pattern);
		}
		// zod drops an own `__proto__` key from a record: nothing reaches mediasoup, no prototype is touched.
		const polluted = cameraWith((rtp) => (rtp.codecs[0]!['parameters'] = JSON.parse('{"__proto__": {"polluted": 1}}')));
		const parameters = parseMediaRequest('media.produce', polluted).rtpParameters.codecs[0]!.parameters!;
		expect(Object.keys(parameters)).toEqual([]);
		expect(Object.getPrototypeOf(parameters)).toBe(Object.prototype);
		const md5 = { fingerprints: [{ algorithm: 'md5', value: 'AB:CD' }] };
		expect(refusal('media.connectTransport', { transportId: 't1', dtlsParameters: md5 })).toMatch(/algorithm: invalid option/);
		const notHex = { fingerprints: [{ algorithm: 'sha-256', value: '<script>' }] };
		expect(refusal('media.connectTransport', { transportId: 't1', dtlsParameters: notHex })).toMatch(/value: expected colon-separated/);
		expect(() => parseMediaPush('media.consumerLayers', { consumerId: 'c1', band: 'near', volume: 1.5 })).toThrow(/volume: too big/);
		expect(() => parseMediaPush('media.consume', consumePush({ band: 'adjacent' }))).toThrow(/band: invalid option/);
	});

	it('refuses a payload over 32 KiB before parsing it', () => {
		const huge = { producerId: 'p1', padding: 'x'.repeat(MAX_PAYLOAD_CHARS) };
		const error = thrown(() => parseMediaRequest('media.closeProducer', huge));
		expect(error.code).toBe('E_TOO_LARGE');
		expect(error.message).toMatch(/^E_TOO_LARGE: media\.closeProducer: payload is \d+ characters as JSON, the limit is 32768$/);
		expect(thrown(() => parseMediaRequest('media.closeProducer', { producerId: 10n })).code).toBe('E_BAD_REQUEST');
	});

	it('refuses a source whose kind does not match, whatever the schema allows', () => {
		const audioCamera = producePayload({ kind: 'audio', rtpParameters: MICROPHONE_RTP_PARAMETERS });
		expect(refusal('media.produce', audioCamera)).toBe('E_KIND_MISMATCH: a camera producer must be video, not audio');
		const videoMicrophone = producePayload({ source: 'microphone' });
		expect(refusal('media.produce', videoMicrophone)).toBe('E_KIND_MISMATCH: a microphone producer must be audio, not video');
		expect(parseMediaRequest('media.produce', producePayload({ source: 'screen' }))).toBeTruthy();
	});

	it('has types that fit mediasoup on the server and mediasoup-client in the browser', () => {
		// Browser → server: mediasoup-client values are valid payloads, payloads are valid mediasoup input.
		expectTypeOf<ClientRtpParameters>().toExtend<RequestOf<'media.produce'>['rtpParameters']>();
		expectTypeOf<RequestOf<'media.produce'>['rtpParameters']>().toExtend<ServerRtpParameters>();
		expectTypeOf<ClientRtpCapabilities>().toExtend<RequestOf<'media.setRtpCapabilities'>['rtpCapabilities']>();
		expectTypeOf<RequestOf<'media.setRtpCapabilities'>['rtpCapabilities']>().toExtend<ServerRtpCapabilities>();
		expectTypeOf<ClientDtlsParameters>().toExtend<RequestOf<'media.connectTransport'>['dtlsParameters']>();
		expectTypeOf<RequestOf<'media.connectTransport'>['dtlsParameters']>().toExtend<ServerDtlsParameters>();
		// Server → browser: mediasoup values are valid answers and pushes, the browser gets mediasoup-client types.
		expectTypeOf<{ routerRtpCapabilities: ServerRtpCapabilities }>().toExtend<ResponseInputOf<'media.join'>>();
		expectTypeOf<ResponseOf<'media.join'>['routerRtpCapabilities']>().toExtend<ClientRtpCapabilities>();
		expectTypeOf<ServerRtpParameters>().toExtend<PushInputOf<'media.consume'>['rtpParameters']>();
		expectTypeOf<PushOf<'media.consume'>['rtpParameters']>().toExtend<ClientRtpParameters>();
		expectTypeOf<{ iceParameters: ServerIceParameters }>().toExtend<ResponseInputOf<'media.restartIce'>>();
		expectTypeOf<ResponseOf<'media.restartIce'>['iceParameters']>().toExtend<ClientIceParameters>();
		type FromTransport = Pick<WebRtcTransport, 'iceParameters' | 'iceCandidates' | 'dtlsParameters' | 'sctpParameters'>;
		expectTypeOf<FromTransport & { transportId: string }>().toExtend<ResponseInputOf<'media.createTransport'>>();
		type Created = ResponseOf<'media.createTransport'>;
		expectTypeOf<Omit<Created, 'transportId'> & { id: string }>().toExtend<TransportOptions>();
		// An empty request is exactly empty.
		expectTypeOf<{ admin: true }>().not.toExtend<RequestOf<'media.join'>>();
	});
});

describe('createMediaRequestRouter', () => {
	it('hands the handler the peer and the validated payload, and answers its result', async () => {
		const handlers = fakeHandlers();
		const router = createMediaRequestRouter(handlers);
		const peer = { id: 'p1' };
		expect(router.types).toEqual(MEDIA_REQUEST_TYPES);
		await expect(router.handle(peer, 'media.join', {})).resolves.toEqual({ routerRtpCapabilities: ROUTER_RTP_CAPABILITIES });
		const payload = producePayload();
		await expect(router.handle(peer, 'media.produce', payload)).resolves.toEqual({ producerId: PRODUCER_ID });
		expect(handlers['media.produce']).toHaveBeenCalledWith(peer, payload);
	});

	it('answers E_UNKNOWN_REQUEST for a type it does not know', async () => {
		const router = createMediaRequestRouter(fakeHandlers());
		const error = await rejection(router.handle({ id: 'p1' }, 'media.teleport', {}));
		expect(error.message).toBe('E_UNKNOWN_REQUEST: no media request type "media.teleport"');
		expect((await rejection(router.handle({ id: 'p1' }, 'toString', {}))).code).toBe('E_UNKNOWN_REQUEST');
	});

	it('does not call the handler when the payload is refused', async () => {
		const handlers = fakeHandlers();
		const router = createMediaRequestRouter(handlers);
		expect((await rejection(router.handle({ id: 'p1' }, 'media.produce', { transportId: 't1' }))).code).toBe('E_BAD_REQUEST');
		expect((await rejection(router.handle({ id: 'p1' }, 'media.produce', producePayload({ source: 'microphone' })))).code).toBe(
			'E_KIND_MISMATCH',
		);
		expect(handlers['media.produce']).not.toHaveBeenCalled();
	});

	it("maps mediasoup's TypeError and UnsupportedError to E_BAD_REQUEST with mediasoup's sentence", async () => {
		const handlers = fakeHandlers();
		handlers['media.produce'] = async () => {
			throw new TypeError('invalid RtpHeaderExtensionUri: urn:x');
		};
		handlers['media.setRtpCapabilities'] = async () => {
			const error = new Error('unsupported codec [mimeType:video/VP9, payloadType:98]');
			error.name = 'UnsupportedError';
			throw error;
		};
		const router = createMediaRequestRouter(handlers);
		const produce = await rejection(router.handle({ id: 'p1' }, 'media.produce', producePayload()));
		expect(produce.message).toBe('E_BAD_REQUEST: media.produce: invalid RtpHeaderExtensionUri: urn:x');
		expect(produce.cause).toBeInstanceOf(TypeError);
		const capabilities = { rtpCapabilities: DEVICE_RTP_CAPABILITIES };
		const caps = await rejection(router.handle({ id: 'p1' }, 'media.setRtpCapabilities', capabilities));
		expect(caps.message).toBe('E_BAD_REQUEST: media.setRtpCapabilities: unsupported codec [mimeType:video/VP9, payloadType:98]');
	});

	it('passes HallwayErrors thrown by handlers through unchanged', async () => {
		const handlers = fakeHandlers();
		const owned = mediaError('E_TRANSPORT_NOT_OWNED', 'transport t9 belongs to another player');
		handlers['media.connectTransport'] = async () => {
			throw owned;
		};
		const router = createMediaRequestRouter(handlers);
		const payload = { transportId: 't9', dtlsParameters: BROWSER_DTLS_PARAMETERS };
		expect(await rejection(router.handle({ id: 'p1' }, 'media.connectTransport', payload))).toBe(owned);
	});

	it('hides other errors behind E_INTERNAL and keeps the original as cause', async () => {
		const handlers = fakeHandlers();
		const original = new Error('Channel request handler with ID 12 not found');
		handlers['media.restartIce'] = async () => {
			throw original;
		};
		const router = createMediaRequestRouter(handlers);
		const error = await rejection(router.handle({ id: 'p1' }, 'media.restartIce', { transportId: 't1' }));
		expect(error.message).toBe('E_INTERNAL: media.restartIce failed on the server');
		expect(error.cause).toBe(original);
	});

	it('answers E_INTERNAL when a handler returns an invalid response, unless told not to check', async () => {
		const handlers = fakeHandlers();
		handlers['media.produce'] = async () => ({ producerId: 'p1', extra: true }) as never;
		const error = await rejection(createMediaRequestRouter(handlers).handle({ id: 'p1' }, 'media.produce', producePayload()));
		expect(error.message).toBe('E_INTERNAL: media.produce: the server made an invalid response');
		expect((error.cause as Error).message).toMatch(/unrecognized key "extra"/);
		const unchecked = createMediaRequestRouter(handlers, { validateResponses: false });
		const answer = unchecked.handle({ id: 'p1' }, 'media.produce', producePayload());
		await expect(answer).resolves.toEqual({ producerId: 'p1', extra: true });
	});

	it('refuses to be built without a handler for every request type', () => {
		const { 'media.restartIce': _missing, ...partial } = fakeHandlers();
		expect(() => createMediaRequestRouter(partial as MediaRequestHandlers<Peer>)).toThrow('no handler for "media.restartIce"');
	});
});

describe('createMediaPusher', () => {
	it('sends valid pushes and throws E_INTERNAL on an invalid one, sending nothing', () => {
		const send = vi.fn();
		const push = createMediaPusher(send);
		push('media.producerPaused', { consumerId: 'c1', paused: true });
		expect(send).toHaveBeenCalledWith('media.producerPaused', { consumerId: 'c1', paused: true });
		expect(() => push('media.consumerLayers', { consumerId: 'c1', band: 'near', volume: 2 })).toThrow(
			/^E_INTERNAL: media\.consumerLayers: invalid push: volume/,
		);
		expect(send).toHaveBeenCalledTimes(1);
	});
});

describe('MediaSignalingClient', () => {
	it('round-trips typed requests through the server router', async () => {
		const { transport } = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const client = new MediaSignalingClient(transport);
		const { routerRtpCapabilities } = await client.request('media.join', {});
		expect(routerRtpCapabilities).toEqual(ROUTER_RTP_CAPABILITIES);
		const created = await client.request('media.createTransport', { direction: 'send' });
		expect(created.transportId).toBe(SEND_TRANSPORT.transportId);
		expect(transport.request).toHaveBeenLastCalledWith('media.createTransport', { direction: 'send' }, 10_000);
		const microphone = { kind: 'audio', source: 'microphone', rtpParameters: MICROPHONE_RTP_PARAMETERS } as const;
		await expect(client.request('media.produce', { transportId: created.transportId, ...microphone })).resolves.toEqual({
			producerId: PRODUCER_ID,
		});
	});

	it("rejects with the server's code, parsed from the wire error", async () => {
		const handlers = fakeHandlers();
		handlers['media.produce'] = async () => {
			throw mediaError('E_SOURCE_TAKEN', 'you already produce a camera');
		};
		const { transport } = fakeWire(createMediaRequestRouter(handlers));
		const client = new MediaSignalingClient(transport);
		const error = await rejection(client.request('media.produce', producePayload() as RequestOf<'media.produce'>));
		expect(error.code).toBe('E_SOURCE_TAKEN');
		expect(error.message).toBe('E_SOURCE_TAKEN: you already produce a camera');
	});

	it('checks the payload before sending it', async () => {
		const { transport } = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const client = new MediaSignalingClient(transport);
		const error = await rejection(client.request('media.createTransport', { direction: 'both' } as never));
		expect(error.code).toBe('E_BAD_REQUEST');
		expect((await rejection(client.request('media.nope' as RequestType, {} as never))).code).toBe('E_UNKNOWN_REQUEST');
		expect(transport.request).not.toHaveBeenCalled();
	});

	it('rejects with E_TIMEOUT when no answer comes in time', async () => {
		vi.useFakeTimers();
		try {
			const never: MediaSignalingTransport = { request: () => new Promise(() => {}), onMessage: () => () => {} };
			const client = new MediaSignalingClient(never, { timeoutMs: 2_000 });
			const pending = rejection(client.request('media.join', {}));
			const faster = rejection(client.request('media.join', {}, { timeoutMs: 50 }));
			await vi.advanceTimersByTimeAsync(50);
			expect((await faster).message).toBe('E_TIMEOUT: media.join: no answer within 50 ms');
			await vi.advanceTimersByTimeAsync(1_950);
			expect((await pending).code).toBe('E_TIMEOUT');
		} finally {
			vi.useRealTimers();
		}
	});

	it('rejects with E_INTERNAL when the server answers something invalid', async () => {
		const transport: MediaSignalingTransport = { request: async () => ({ producerId: 42 }), onMessage: () => () => {} };
		const client = new MediaSignalingClient(transport);
		const error = await rejection(client.request('media.closeProducer', { producerId: 'p1' }));
		expect(error.message).toBe('E_INTERNAL: media.closeProducer: invalid response: unrecognized key "producerId"');
	});

	it('rejects waiting requests with E_DISCONNECTED on close, and new ones too', async () => {
		const wire = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const never: MediaSignalingTransport = { request: () => new Promise(() => {}), onMessage: wire.transport.onMessage };
		const client = new MediaSignalingClient(never);
		const pending = rejection(client.request('media.join', {}));
		client.close();
		client.close();
		expect(client.closed).toBe(true);
		expect((await pending).code).toBe('E_DISCONNECTED');
		expect((await rejection(client.request('media.join', {}))).code).toBe('E_DISCONNECTED');
		for (const type of MEDIA_PUSH_TYPES) expect(wire.listening(type)).toBe(0);
	});

	it('delivers validated, typed pushes to its listeners until they unsubscribe', () => {
		const wire = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const client = new MediaSignalingClient(wire.transport);
		for (const type of MEDIA_PUSH_TYPES) expect(wire.listening(type)).toBe(1);
		const consumed: PushOf<'media.consume'>[] = [];
		const stop = client.on('media.consume', (payload) => consumed.push(payload));
		wire.push('media.consume', consumePush());
		expect(consumed).toEqual([consumePush()]);
		expectTypeOf(consumed[0]!.rtpParameters).toEqualTypeOf<ClientRtpParameters>();
		stop();
		wire.push('media.consume', consumePush());
		expect(consumed).toHaveLength(1);
	});

	it('drops a malformed push and reports it through onProtocolError', () => {
		const wire = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const onProtocolError = vi.fn();
		const client = new MediaSignalingClient(wire.transport, { onProtocolError });
		const closed = vi.fn();
		client.on('media.consumerClosed', closed);
		wire.push('media.consumerClosed', { consumerId: 'c1' });
		wire.push('media.consumerClosed', 'garbage');
		expect(closed).not.toHaveBeenCalled();
		expect(onProtocolError).toHaveBeenCalledTimes(2);
		const [error, context] = onProtocolError.mock.calls[0]!;
		expect((error as HallwayError).message).toBe(
			'E_INTERNAL: media.consumerClosed: invalid push: reason: expected string, received undefined',
		);
		expect(context).toEqual({ type: 'media.consumerClosed', payload: { consumerId: 'c1' } });
		wire.push('media.consumerClosed', { consumerId: 'c1', reason: 'peerLeft' });
		expect(closed).toHaveBeenCalledWith({ consumerId: 'c1', reason: 'peerLeft' });
	});

	it('keeps delivering to other listeners when one throws', async () => {
		const wire = fakeWire(createMediaRequestRouter(fakeHandlers()));
		const client = new MediaSignalingClient(wire.transport);
		const boom = new Error('listener bug');
		const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
		const second = vi.fn();
		client.on('media.producerPaused', () => {
			throw boom;
		});
		client.on('media.producerPaused', second);
		wire.push('media.producerPaused', { consumerId: 'c1', paused: true });
		expect(second).toHaveBeenCalledOnce();
		expect(await uncaught).toBe(boom);
	});
});

describe('parseWireError', () => {
	it('recovers the code Colyseus forwards on the error', () => {
		// What @colyseus/sdk 0.18 rebuilds from the server's `{ name, message, code }`.
		const fromColyseus = Object.assign(new Error('E_CONSUMER_NOT_OWNED: consumer c1 is not yours'), {
			name: 'HallwayError',
			code: 'E_CONSUMER_NOT_OWNED',
		});
		const error = parseWireError(fromColyseus);
		expect(error).toBeInstanceOf(HallwayError);
		expect(error.code).toBe('E_CONSUMER_NOT_OWNED');
		expect(error.message).toBe('E_CONSUMER_NOT_OWNED: consumer c1 is not yours');
		expect(error.cause).toBe(fromColyseus);
	});

	it('recovers the code from the message alone, or from a ctx.reject reason', () => {
		expect(parseWireError(new Error('E_NOT_JOINED: call media.join first')).message).toBe('E_NOT_JOINED: call media.join first');
		const reject = (reason: unknown) => Object.assign(new Error('request rejected'), { name: 'rejected', reason });
		const rejected = reject('E_NO_RTP_CAPABILITIES: send them first');
		expect(parseWireError(rejected).code).toBe('E_NO_RTP_CAPABILITIES');
		const rejectedObject = reject({ code: 'E_SOURCE_TAKEN', message: 'camera' });
		expect(parseWireError(rejectedObject).message).toBe('E_SOURCE_TAKEN: camera');
	});

	it("recognises the Colyseus SDK's own failures", () => {
		expect(parseWireError(new Error('request "media.join" timed out after 10000ms.')).code).toBe('E_TIMEOUT');
		expect(parseWireError(new Error('connection closed before a response was received.')).code).toBe('E_DISCONNECTED');
		expect(parseWireError(new Error('cannot send request "media.join": connection is not open.')).code).toBe('E_DISCONNECTED');
		expect(parseWireError(new Error('room "world" has no onMessage("media.join") handler to answer this request.')).code).toBe(
			'E_UNKNOWN_REQUEST',
		);
	});

	it('falls back to E_INTERNAL, keeping the text', () => {
		expect(parseWireError(new Error('E_MADE_UP: no such code')).message).toBe('E_INTERNAL: E_MADE_UP: no such code');
		expect(parseWireError('boom').message).toBe('E_INTERNAL: boom');
		expect(parseWireError(undefined).message).toBe('E_INTERNAL: request failed');
		const same = mediaError('E_TIMEOUT', 'x');
		expect(parseWireError(same)).toBe(same);
	});
});

// Captured fixtures (see the top of the file). Typed with the library types they come from.

/**
 * What mediasoup-client really emits: its `RtpParameters`, but with header
 * extension URIs beyond its own union (`toffset`, which mediasoup offers).
 */
type ChromiumRtpParameters = Omit<ClientRtpParameters, 'headerExtensions'> & {
	headerExtensions?: ServerRtpParameters['headerExtensions'];
};

/** `router.rtpCapabilities` of a router with Hallway's codecs. */
const ROUTER_RTP_CAPABILITIES: ServerRtpCapabilities = {
	codecs: [
		{
			kind: 'audio',
			mimeType: 'audio/opus',
			clockRate: 48_000,
			channels: 2,
			rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'transport-cc', parameter: '' }],
			parameters: {},
			preferredPayloadType: 100,
		},
		{
			kind: 'video',
			mimeType: 'video/VP8',
			clockRate: 90_000,
			rtcpFeedback: [
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'goog-remb', parameter: '' },
				{ type: 'transport-cc', parameter: '' },
			],
			parameters: { 'x-google-start-bitrate': 1000 },
			preferredPayloadType: 101,
		},
		{
			kind: 'video',
			mimeType: 'video/rtx',
			preferredPayloadType: 102,
			clockRate: 90_000,
			parameters: { apt: 101 },
			rtcpFeedback: [],
		},
		{
			kind: 'video',
			mimeType: 'video/H264',
			clockRate: 90_000,
			parameters: { 'level-asymmetry-allowed': 1, 'packetization-mode': 1, 'profile-level-id': '42e01f' },
			rtcpFeedback: [
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'goog-remb', parameter: '' },
				{ type: 'transport-cc', parameter: '' },
			],
			preferredPayloadType: 103,
		},
		{
			kind: 'video',
			mimeType: 'video/rtx',
			preferredPayloadType: 104,
			clockRate: 90_000,
			parameters: { apt: 103 },
			rtcpFeedback: [],
		},
	],
	headerExtensions: [
		{
			kind: 'audio',
			uri: 'urn:ietf:params:rtp-hdrext:sdes:mid',
			preferredId: 1,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:sdes:mid',
			preferredId: 1,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
			preferredId: 2,
			preferredEncrypt: false,
			direction: 'recvonly',
		},
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
			preferredId: 3,
			preferredEncrypt: false,
			direction: 'recvonly',
		},
		{
			kind: 'audio',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
			preferredId: 4,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
			preferredId: 4,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			preferredId: 5,
			preferredEncrypt: false,
			direction: 'recvonly',
		},
		{
			kind: 'video',
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			preferredId: 5,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
			preferredId: 6,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
			preferredId: 7,
			preferredEncrypt: false,
			direction: 'recvonly',
		},
		{
			kind: 'video',
			uri: 'urn:3gpp:video-orientation',
			preferredId: 8,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:toffset',
			preferredId: 9,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
			preferredId: 10,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
			preferredId: 10,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
			preferredId: 11,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
			preferredId: 11,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'urn:mediasoup:params:rtp-hdrext:packet-id',
			preferredId: 12,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:mediasoup:params:rtp-hdrext:packet-id',
			preferredId: 12,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
	],
};

/**
 * `device.recvRtpCapabilities` after `device.load()`. Typed as the request field:
 * it holds `urn:ietf:params:rtp-hdrext:toffset`, which mediasoup-client's own type lacks.
 */
const DEVICE_RTP_CAPABILITIES: RequestOf<'media.setRtpCapabilities'>['rtpCapabilities'] = {
	codecs: [
		{
			kind: 'audio',
			mimeType: 'audio/opus',
			preferredPayloadType: 100,
			clockRate: 48_000,
			channels: 2,
			parameters: { minptime: 10, useinbandfec: 1 },
			rtcpFeedback: [{ type: 'transport-cc', parameter: '' }, { type: 'nack', parameter: '' }],
		},
		{
			kind: 'video',
			mimeType: 'video/VP8',
			preferredPayloadType: 101,
			clockRate: 90_000,
			parameters: {},
			rtcpFeedback: [
				{ type: 'goog-remb', parameter: '' },
				{ type: 'transport-cc', parameter: '' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
			],
		},
		{
			kind: 'video',
			mimeType: 'video/rtx',
			preferredPayloadType: 102,
			clockRate: 90_000,
			parameters: { apt: 101 },
			rtcpFeedback: [],
		},
		{
			kind: 'video',
			mimeType: 'video/H264',
			preferredPayloadType: 103,
			clockRate: 90_000,
			parameters: { 'level-asymmetry-allowed': 1, 'packetization-mode': 1, 'profile-level-id': '42e01f' },
			rtcpFeedback: [
				{ type: 'goog-remb', parameter: '' },
				{ type: 'transport-cc', parameter: '' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
			],
		},
		{
			kind: 'video',
			mimeType: 'video/rtx',
			preferredPayloadType: 104,
			clockRate: 90_000,
			parameters: { apt: 103 },
			rtcpFeedback: [],
		},
	],
	headerExtensions: [
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:sdes:mid',
			preferredId: 1,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
			preferredId: 4,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			preferredId: 5,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'audio',
			uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
			preferredId: 6,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:3gpp:video-orientation',
			preferredId: 8,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'urn:ietf:params:rtp-hdrext:toffset',
			preferredId: 9,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
		{
			kind: 'video',
			uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
			preferredId: 11,
			preferredEncrypt: false,
			direction: 'sendrecv',
		},
	],
};

/** A send WebRtcTransport (SCTP enabled to show mediasoup's extra SCTP fields). */
const SEND_TRANSPORT: { transportId: string } & Pick<WebRtcTransport, 'iceParameters' | 'iceCandidates' | 'dtlsParameters'> & {
	sctpParameters: WebRtcTransport['sctpParameters'];
} = {
	transportId: 'c10b6001-1eb9-41d0-b0b0-f06cd3ecfd3d',
	iceParameters: {
		usernameFragment: 'n1pctfjssmbet78wzpjzpjoq4fp3f0qd',
		password: 'vr0fkg4a8kdpbfrx7xmanolcltwh3pzx',
		iceLite: true,
	},
	iceCandidates: [
		{
			foundation: 'udpcandidate',
			priority: 1_076_302_079,
			ip: '127.0.0.1',
			address: '127.0.0.1',
			protocol: 'udp',
			port: 53_415,
			type: 'host',
		},
		{
			foundation: 'tcpcandidate',
			priority: 1_076_276_479,
			ip: '127.0.0.1',
			address: '127.0.0.1',
			protocol: 'tcp',
			port: 32_023,
			type: 'host',
			tcpType: 'passive',
		},
	],
	dtlsParameters: {
		fingerprints: [
			{
				algorithm: 'sha-512',
				value: '74:44:16:A7:DC:53:70:FA:2C:6A:0B:1C:08:0B:B9:19:08:91:E7:FE:6E:CB:EB:3E:5A:9C:2E:2D:56:FE:F9:28:8D:19:2E:4B:07:C6:C7:8E:B8:00:0D:71:8F:CD:F1:7E:0E:7D:EF:82:C7:B9:C4:4B:55:28:EC:49:E1:DA:9F:80',
			},
			{
				algorithm: 'sha-384',
				value: '4C:16:99:F5:FA:78:A2:49:3B:F9:7E:9D:25:0B:C4:77:C0:2F:C0:B8:DE:31:D4:98:09:4C:30:41:35:5C:F5:D0:70:F3:AC:9A:95:98:AB:A9:93:74:5B:51:94:8C:5A:0A',
			},
			{
				algorithm: 'sha-256',
				value: '0F:1E:48:18:15:B4:9D:86:8A:C4:23:02:98:25:9F:7C:F4:52:3C:54:02:D9:8C:FA:1F:49:40:23:3C:3C:66:0E',
			},
			{
				algorithm: 'sha-224',
				value: 'AA:04:2D:1D:0B:20:70:F1:37:67:1B:94:E8:17:3E:D8:32:53:1B:70:EE:39:4A:62:25:67:6C:D8',
			},
			{ algorithm: 'sha-1', value: '77:CC:FB:9B:FA:44:05:45:67:9D:C8:37:21:5F:1F:00:33:70:19:04' },
		],
		role: 'server',
	},
	sctpParameters: {
		port: 5000,
		maxSendMessageSize: 262_144,
		maxReceiveMessageSize: 262_144,
		sendBufferSize: 2_000_000,
		perStreamSendQueueLimit: 2_000_000,
		maxReceiverWindowBufferSize: 5_242_880,
		isDataChannel: true,
		OS: 65_535,
		MIS: 65_535,
		maxMessageSize: 262_144,
	},
};

/** The send transport's `connect` event. */
const BROWSER_DTLS_PARAMETERS: ClientDtlsParameters = {
	role: 'client',
	fingerprints: [
		{
			algorithm: 'sha-256',
			value: '7B:C8:96:38:BA:0B:96:E8:E4:CE:79:CB:76:D8:D2:88:8F:F6:CD:5D:1E:8F:22:ED:59:72:F0:E7:A6:52:BA:28',
		},
	],
};

/** The send transport's `produce` event for the microphone (Opus, DTX). */
const MICROPHONE_RTP_PARAMETERS: ClientRtpParameters = {
	mid: '0',
	codecs: [
		{
			mimeType: 'audio/opus',
			payloadType: 111,
			clockRate: 48_000,
			channels: 2,
			parameters: { minptime: 10, useinbandfec: 1, 'sprop-stereo': 0, usedtx: 1 },
			rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
		},
	],
	headerExtensions: [
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false, parameters: {} },
		{
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			id: 3,
			encrypt: false,
			parameters: {},
		},
		{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 1, encrypt: false, parameters: {} },
	],
	encodings: [{ ssrc: 645_441_456, dtx: false }],
	rtcp: { cname: 'xaq1N7w3k9fSiAn2', reducedSize: true },
	msid: '81fce542-5da4-4541-b542-2aace2a6a365 e51e2825-16a9-4a61-8b79-422f5f5f1a06',
};

/**
 * The send transport's `produce` event for the camera (VP8, 3 rid encodings, RTX).
 * Note `cname: ''`, and `toffset` again.
 */
const CAMERA_RTP_PARAMETERS: ChromiumRtpParameters = {
	mid: '1',
	codecs: [
		{
			mimeType: 'video/VP8',
			payloadType: 96,
			clockRate: 90_000,
			parameters: {},
			rtcpFeedback: [
				{ type: 'goog-remb', parameter: '' },
				{ type: 'transport-cc', parameter: '' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
			],
		},
		{ mimeType: 'video/rtx', payloadType: 97, clockRate: 90_000, parameters: { apt: 96 }, rtcpFeedback: [] },
	],
	headerExtensions: [
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false, parameters: {} },
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 10, encrypt: false, parameters: {} },
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id', id: 11, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false, parameters: {} },
		{
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			id: 3,
			encrypt: false,
			parameters: {},
		},
		{
			uri: 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
			id: 12,
			encrypt: false,
			parameters: {},
		},
		{ uri: 'urn:3gpp:video-orientation', id: 13, encrypt: false, parameters: {} },
		{ uri: 'urn:ietf:params:rtp-hdrext:toffset', id: 14, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay', id: 5, encrypt: false, parameters: {} },
	],
	encodings: [
		{
			active: true,
			scaleResolutionDownBy: 4,
			maxBitrate: 150_000,
			rid: 'r0',
			scalabilityMode: 'L1T3',
			dtx: false,
		},
		{
			active: true,
			scaleResolutionDownBy: 2,
			maxBitrate: 500_000,
			rid: 'r1',
			scalabilityMode: 'L1T3',
			dtx: false,
		},
		{
			active: true,
			scaleResolutionDownBy: 1,
			maxBitrate: 1_200_000,
			rid: 'r2',
			scalabilityMode: 'L1T3',
			dtx: false,
		},
	],
	rtcp: { cname: '', reducedSize: true },
	msid: '81fce542-5da4-4541-b542-2aace2a6a365 36aa77a1-c3e4-459f-8818-9615cb47b878',
};

/** `consumer.rtpParameters` of a consumer of the microphone. */
const MICROPHONE_CONSUMER_RTP_PARAMETERS: ServerRtpParameters = {
	codecs: [
		{
			mimeType: 'audio/opus',
			payloadType: 100,
			clockRate: 48_000,
			channels: 2,
			parameters: { minptime: 10, useinbandfec: 1, 'sprop-stereo': 0, usedtx: 1 },
			rtcpFeedback: [],
		},
	],
	headerExtensions: [
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 4, encrypt: false, parameters: {} },
		{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 6, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay', id: 11, encrypt: false, parameters: {} },
	],
	encodings: [{ ssrc: 893_775_430 }],
	rtcp: { cname: 'xaq1N7w3k9fSiAn2', reducedSize: true },
	msid: '81fce542-5da4-4541-b542-2aace2a6a365 e51e2825-16a9-4a61-8b79-422f5f5f1a06',
	mid: '0',
};

/** `consumer.rtpParameters` of a consumer of the camera (one L3T3 stream). */
const CAMERA_CONSUMER_RTP_PARAMETERS: ServerRtpParameters = {
	codecs: [
		{
			mimeType: 'video/VP8',
			payloadType: 101,
			clockRate: 90_000,
			parameters: {},
			rtcpFeedback: [
				{ type: 'transport-cc', parameter: '' },
				{ type: 'ccm', parameter: 'fir' },
				{ type: 'nack', parameter: '' },
				{ type: 'nack', parameter: 'pli' },
			],
		},
		{ mimeType: 'video/rtx', payloadType: 102, clockRate: 90_000, parameters: { apt: 101 }, rtcpFeedback: [] },
	],
	headerExtensions: [
		{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 4, encrypt: false, parameters: {} },
		{
			uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
			id: 5,
			encrypt: false,
			parameters: {},
		},
		{ uri: 'urn:3gpp:video-orientation', id: 8, encrypt: false, parameters: {} },
		{ uri: 'urn:ietf:params:rtp-hdrext:toffset', id: 9, encrypt: false, parameters: {} },
		{ uri: 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay', id: 11, encrypt: false, parameters: {} },
	],
	encodings: [{ ssrc: 858_587_138, rtx: { ssrc: 858_587_139 }, scalabilityMode: 'L3T3', maxBitrate: 1_200_000 }],
	rtcp: { cname: 'xaq1N7w3k9fSiAn2', reducedSize: true },
	msid: '81fce542-5da4-4541-b542-2aace2a6a365 36aa77a1-c3e4-459f-8818-9615cb47b878',
	mid: '1',
};
