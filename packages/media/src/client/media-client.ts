import { Device } from 'mediasoup-client';
import type { Producer, Transport } from 'mediasoup-client/types';
import { HallwayError } from '../errors.js';
import {
	type ConnectionQualityReport,
	MediaSignalingClient,
	type MediaSignalingTransport,
	parseWireError,
	type MediaResetReason,
	type PushOf,
	type ResponseOf,
} from '../protocol/index.js';
import type { MediaSource } from '../sources.js';
import { CAMERA_SIMULCAST_ENCODINGS } from './encodings.js';
import type { RemoteTrack } from './remote-track.js';
import { SpeakingDetector, type SpeakingDetectorOptions } from './speaking-detector.js';
import type { StatsEntry } from './stats-figures.js';
import { TypedEmitter } from './typed-emitter.js';

export type TransportState = 'new' | 'connecting' | 'connected' | 'failed' | 'disconnected' | 'closed';

/** Events of a {@link MediaClient}, in the style of livekit-client. */
export interface MediaClientEvents extends Record<string, unknown[]> {
	/** The server gave this player a track (maybe not active yet: prewarmed). */
	trackSubscribed: [track: RemoteTrack];
	/** The track is gone (the speaker walked away for good, stopped sending or left). */
	trackUnsubscribed: [track: RemoteTrack];
	/** Media started (`active`) or stopped flowing for a track: show or hide it. */
	trackActiveChanged: [track: RemoteTrack];
	/** The speaker muted or unmuted the source. */
	trackMutedChanged: [track: RemoteTrack];
	/** The distance band (and so the suggested volume) changed. */
	trackBandChanged: [track: RemoteTrack];
	/** A transport's connection state changed. */
	connectionStateChanged: [direction: 'send' | 'recv', state: TransportState];
	/**
	 * The server dropped this player's media (`media.reset`: its worker died,
	 * or the WebSocket reconnected). This client is finished: close it and
	 * join again with a new one, republishing the local tracks.
	 */
	reset: [reason: MediaResetReason];
	/** A player started or stopped speaking (`peerId` null: this player's own microphone). */
	speakingChanged: [peerId: string | null, speaking: boolean];
	/** Something failed that the application may want to show. */
	error: [error: HallwayError];
}

export interface MediaClientOptions {
	/** How media requests reach the server (e.g. a Colyseus room, see `colyseusSignaling`). */
	transport: MediaSignalingTransport;
	/** Request timeout, ms. Default 10,000. */
	timeoutMs?: number;
	/** Speaking indicator settings; `false` turns audio level measuring off. */
	speaking?: SpeakingDetectorOptions | false;
	/**
	 * How long a transport may stay `disconnected` before ICE is restarted,
	 * and then the interval between restarts while it is not connected, ms.
	 * `failed` restarts at once. Default 2,000.
	 */
	iceRestartDelayMs?: number;
}

type TransportInfo = ResponseOf<'media.createTransport'>;

/**
 * The browser side of the media plane: one mediasoup-client `Device`, a send
 * and a receive transport, this player's producers by source, and the tracks
 * the server pushes. It never asks to consume anything: the server decides.
 */
export class MediaClient extends TypedEmitter<MediaClientEvents> {
	readonly #signaling: MediaSignalingClient;
	readonly #device = new Device();
	#sendTransport: Transport | undefined;
	#recvTransport: Transport | undefined;
	readonly #producers = new Map<MediaSource, Producer>();
	readonly #tracks = new Map<string, RemoteTrack>();
	/** Pushes are handled one at a time, in order (a consume before its activation). */
	#pushQueue: Promise<void> = Promise.resolve();
	#closed = false;
	readonly #speaking: SpeakingDetector | undefined;
	readonly #iceRestartDelayMs: number;
	/** Per transport: the timer of the next ICE restart while it is not connected. */
	readonly #iceTimers = new Map<Transport, ReturnType<typeof setTimeout>>();

	private constructor(options: MediaClientOptions) {
		super();
		this.#iceRestartDelayMs = options.iceRestartDelayMs ?? 2000;
		if (options.speaking !== false && typeof AudioContext !== 'undefined') {
			this.#speaking = new SpeakingDetector(options.speaking || {});
			this.#speaking.on('speakingChanged', (key, speaking) => this.emit('speakingChanged', key === LOCAL_KEY ? null : key, speaking));
		}
		this.#signaling = new MediaSignalingClient(options.transport, {
			...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
			onProtocolError: (error) => this.emit('error', error),
		});
		this.#signaling.on('media.consume', (push) => this.#enqueue(() => this.#onConsume(push)));
		this.#signaling.on('media.consumerClosed', (push) => this.#enqueue(async () => this.#onConsumerClosed(push.consumerId)));
		this.#signaling.on('media.consumerActive', (push) =>
			this.#enqueue(async () => {
				this.#update(push.consumerId, 'trackActiveChanged', (t) => (t.active = push.active));
				const track = this.#tracks.get(push.consumerId);
				if (track?.source === 'microphone') this.#watchSpeaking(track);
			}),
		);
		this.#signaling.on('media.producerPaused', (push) =>
			this.#enqueue(async () => this.#update(push.consumerId, 'trackMutedChanged', (t) => (t.muted = push.paused))),
		);
		this.#signaling.on('media.reset', ({ reason }) => {
			if (!this.#closed) this.emit('reset', reason);
		});
		this.#signaling.on('media.consumerLayers', (push) =>
			this.#enqueue(async () =>
				this.#update(push.consumerId, 'trackBandChanged', (t) => {
					t.band = push.band;
					t.volume = push.volume;
					if (push.spatialLayer !== undefined) t.spatialLayer = push.spatialLayer;
				}),
			),
		);
	}

	/**
	 * Joins the room's media: loads the device with the router's capabilities,
	 * opens the receive transport and tells the server what this browser can
	 * decode. From then on the server pushes tracks as the hearing graph says.
	 */
	static async join(options: MediaClientOptions): Promise<MediaClient> {
		const client = new MediaClient(options);
		try {
			const { routerRtpCapabilities } = await client.#signaling.request('media.join', {});
			await client.#device.load({ routerRtpCapabilities });
			client.#recvTransport = await client.#openTransport('recv');
			await client.#signaling.request('media.setRtpCapabilities', { rtpCapabilities: client.#device.recvRtpCapabilities });
			return client;
		} catch (error) {
			client.close();
			throw toHallwayError(error);
		}
	}

	/** The tracks currently received, by consumer id. */
	get tracks(): ReadonlyMap<string, RemoteTrack> {
		return this.#tracks;
	}

	/** This player's producer of a source, if it sends one. */
	producer(source: MediaSource): Producer | undefined {
		return this.#producers.get(source);
	}

	/**
	 * Sends a track as `source` (the camera with three simulcast layers). A
	 * source already sent has its track replaced instead, without renegotiation.
	 */
	async publish(source: MediaSource, track: MediaStreamTrack): Promise<Producer> {
		const existing = this.#producers.get(source);
		if (existing && !existing.closed) {
			await existing.replaceTrack({ track });
			return existing;
		}
		this.#sendTransport ??= await this.#openTransport('send');
		const producer = await this.#sendTransport.produce({
			track,
			...(source === 'camera' ? { encodings: CAMERA_SIMULCAST_ENCODINGS } : {}),
			stopTracks: false,
			appData: { source },
		});
		this.#producers.set(source, producer);
		producer.observer.on('close', () => {
			if (this.#producers.get(source) !== producer) return;
			this.#producers.delete(source);
			if (source === 'microphone') this.#speaking?.unwatch(LOCAL_KEY);
		});
		if (source === 'microphone') this.#speaking?.watch(LOCAL_KEY, track);
		return producer;
	}

	/** Whether a player (or this player, with null) is speaking now. */
	isSpeaking(peerId: string | null): boolean {
		return this.#speaking?.isSpeaking(peerId ?? LOCAL_KEY) ?? false;
	}

	/** Resumes audio level measuring; call from a user gesture where the browser requires one. */
	resumeAudio(): Promise<void> {
		return this.#speaking?.resume() ?? Promise.resolve();
	}

	/** Stops sending a source. */
	async unpublish(source: MediaSource): Promise<void> {
		const producer = this.#producers.get(source);
		if (!producer) return;
		this.#producers.delete(source);
		producer.close();
		await this.#signaling.request('media.closeProducer', { producerId: producer.id });
	}

	/** Mutes (pauses on the server, so listeners stop receiving) or unmutes a source. */
	async setMuted(source: MediaSource, muted: boolean): Promise<void> {
		const producer = this.#producers.get(source);
		if (!producer) return;
		if (muted) {
			producer.pause();
			await this.#signaling.request('media.pauseProducer', { producerId: producer.id });
		} else {
			producer.resume();
			await this.#signaling.request('media.resumeProducer', { producerId: producer.id });
		}
	}

	/**
	 * Audio-only mode (`false`): the server stops sending any camera or screen
	 * to this player and closes those tracks; `true` brings them back.
	 */
	async setReceiveVideo(video: boolean): Promise<void> {
		await this.#signaling.request('media.setReceiveVideo', { video });
	}

	/** Caps the simulcast layer of every camera received (`null` lifts the cap); the server picks under it. */
	async setMaxSpatialLayer(spatialLayer: number | null): Promise<void> {
		await this.#signaling.request('media.setMaxSpatialLayer', { spatialLayer });
	}

	/** Sends this player's connection figures to the server's metrics. */
	async reportQuality(quality: ConnectionQualityReport): Promise<void> {
		await this.#signaling.request('media.reportQuality', { quality });
	}

	/** The `getStats()` entries of the send or receive transport (undefined before it exists or once closed). */
	async transportStats(direction: 'send' | 'recv'): Promise<StatsEntry[] | undefined> {
		const transport = direction === 'send' ? this.#sendTransport : this.#recvTransport;
		if (!transport || transport.closed || this.#closed) return undefined;
		const report = await transport.getStats().catch(() => undefined);
		return report ? ([...report.values()] as StatsEntry[]) : undefined;
	}

	/** Closes everything. Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const timer of this.#iceTimers.values()) clearTimeout(timer);
		this.#iceTimers.clear();
		this.#sendTransport?.close();
		this.#recvTransport?.close();
		this.#signaling.close();
		this.#speaking?.close();
		for (const track of this.#tracks.values()) track.track.stop();
		this.#tracks.clear();
		this.#producers.clear();
		this.removeAllListeners();
	}

	async #openTransport(direction: 'send' | 'recv'): Promise<Transport> {
		const info: TransportInfo = await this.#signaling.request('media.createTransport', { direction });
		const options = {
			id: info.transportId,
			iceParameters: info.iceParameters,
			iceCandidates: info.iceCandidates,
			dtlsParameters: info.dtlsParameters,
			...(info.sctpParameters ? { sctpParameters: info.sctpParameters } : {}),
			...(info.iceServers ? { iceServers: info.iceServers as RTCIceServer[] } : {}),
			...(info.iceTransportPolicy ? { iceTransportPolicy: info.iceTransportPolicy } : {}),
		};
		const transport = direction === 'send' ? this.#device.createSendTransport(options) : this.#device.createRecvTransport(options);
		transport.on('connect', ({ dtlsParameters }, done, fail) => {
			this.#signaling.request('media.connectTransport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
		});
		if (direction === 'send') {
			transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
				const source = appData.source as MediaSource;
				this.#signaling
					.request('media.produce', { transportId: transport.id, kind, source, rtpParameters })
					.then(({ producerId }) => done({ id: producerId }), fail);
			});
		}
		transport.on('connectionstatechange', (state) => {
			this.#watchIce(transport, state as TransportState);
			this.emit('connectionStateChanged', direction, state as TransportState);
		});
		return transport;
	}

	/**
	 * Restarts ICE on a transport that lost its path (a network change, a
	 * NAT rebinding, a blocked port): at once when it failed, after
	 * `iceRestartDelayMs` of `disconnected` (which often heals by itself),
	 * and again at that interval until it connects. The server keeps the
	 * transport and its producers and consumers; only the path changes.
	 */
	#watchIce(transport: Transport, state: TransportState): void {
		const pending = this.#iceTimers.get(transport);
		if (state === 'connected' || state === 'closed' || this.#closed) {
			clearTimeout(pending);
			this.#iceTimers.delete(transport);
			return;
		}
		if (state !== 'failed' && state !== 'disconnected') return;
		if (state === 'failed') clearTimeout(pending);
		else if (pending) return;
		let attempt = 0;
		const restart = () => {
			if (this.#closed || transport.closed || transport.connectionState === 'connected') return;
			this.#signaling
				.request('media.restartIce', { transportId: transport.id })
				.then(({ iceParameters }) => transport.restartIce({ iceParameters }))
				.catch((error: unknown) => {
					if (!this.#closed) this.emit('error', toHallwayError(error));
				});
			// Give each restart longer to connect than the last: checks over a slow path take time.
			attempt += 1;
			this.#iceTimers.set(transport, setTimeout(restart, Math.min(this.#iceRestartDelayMs * 2 ** attempt, MAX_ICE_RESTART_INTERVAL_MS)));
		};
		if (state === 'failed') restart();
		else this.#iceTimers.set(transport, setTimeout(restart, this.#iceRestartDelayMs));
	}

	#enqueue(task: () => Promise<void>): void {
		this.#pushQueue = this.#pushQueue.then(task).catch((error: unknown) => {
			if (!this.#closed) this.emit('error', toHallwayError(error));
		});
	}

	async #onConsume(push: PushOf<'media.consume'>): Promise<void> {
		if (this.#closed || !this.#recvTransport) return;
		const consumer = await this.#recvTransport.consume({
			id: push.consumerId,
			producerId: push.producerId,
			kind: push.kind,
			rtpParameters: push.rtpParameters,
		});
		const track: RemoteTrack = {
			consumerId: push.consumerId,
			peerId: push.peerId,
			source: push.source,
			kind: push.kind,
			track: consumer.track,
			active: false,
			muted: push.producerPaused,
			band: push.band,
			volume: push.volume ?? 1,
			consumer,
		};
		this.#tracks.set(push.consumerId, track);
		this.emit('trackSubscribed', track);
		// The server resumes it (makes it active) once it knows our side exists. The ack is not
		// awaited here: the next pushed consumer (the camera behind the microphone) need not wait
		// a round trip; this consumer's activation push can only come after the server got the ack.
		this.#signaling.request('media.consumerReady', { consumerId: push.consumerId }).catch((error: unknown) => {
			if (!this.#closed) this.emit('error', toHallwayError(error));
		});
	}

	#onConsumerClosed(consumerId: string): void {
		const track = this.#tracks.get(consumerId);
		if (!track) return;
		this.#tracks.delete(consumerId);
		track.consumer.close();
		track.active = false;
		this.#watchSpeaking(track);
		this.emit('trackUnsubscribed', track);
	}

	/** Measures a remote microphone while it is active (one per speaker). */
	#watchSpeaking(track: RemoteTrack): void {
		if (!this.#speaking || track.source !== 'microphone') return;
		if (track.active && this.#tracks.has(track.consumerId)) this.#speaking.watch(track.peerId, track.track);
		else this.#speaking.unwatch(track.peerId);
	}

	#update(consumerId: string, event: 'trackActiveChanged' | 'trackMutedChanged' | 'trackBandChanged', change: (track: RemoteTrack) => void): void {
		const track = this.#tracks.get(consumerId);
		if (!track) return;
		change(track);
		this.emit(event, track);
	}
}

/** Longest wait between two ICE restarts of a transport that stays unconnected, ms. */
const MAX_ICE_RESTART_INTERVAL_MS = 16_000;

/** The speaking detector's key for this player's own microphone (player ids never contain a colon). */
const LOCAL_KEY = ':local';

function toHallwayError(error: unknown): HallwayError {
	return error instanceof HallwayError ? error : parseWireError(error);
}

/**
 * The signaling transport over a Colyseus room (`@colyseus/sdk`): requests use
 * the room's request/response, pushes its messages.
 */
export function colyseusSignaling(room: {
	request(type: string, payload: unknown, options: { timeout: number }): Promise<unknown>;
	onMessage(type: string, cb: (payload: unknown) => void): () => void;
}): MediaSignalingTransport {
	return {
		request: (type, payload, timeoutMs) => room.request(type, payload, { timeout: timeoutMs }),
		onMessage: (type, cb) => room.onMessage(type, cb),
	};
}
