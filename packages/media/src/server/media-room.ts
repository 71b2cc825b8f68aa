import { EventEmitter } from 'node:events';
import type { Consumer, Producer, Router } from 'mediasoup/types';
import { HallwayError } from '../errors.js';
import {
	createMediaPusher,
	createMediaRequestRouter,
	type IceServer,
	type MediaPushSink,
	type MediaResetReason,
	type MediaRequestHandlers,
	type MediaRequestRouter,
	mediaError,
	type RequestType,
} from '../protocol/index.js';
import { type ConsumerRecord, MediaPeer } from './media-peer.js';
import type { PooledWorker } from './pooled-worker.js';
import { ProducerPipes, type ReleasePipe } from './producer-pipes.js';
import { receiveSettingsHandlers } from './receive-settings.js';
import type { RoomRouter } from './room-router.js';
import { RoomRouters } from './room-routers.js';
import {
	type ConsumerView,
	type HearingDiffLike,
	planConsumers,
	type ProducerView,
	spatialLayerFor,
	SubscriptionIntent,
	VOLUME_BY_BAND,
} from './subscriptions/index.js';
import type { WorkerPool } from './worker-pool.js';

export interface MediaRoomOptions {
	/** Where the room's routers live: the first on the least-loaded worker of this pool. */
	pool: WorkerPool;
	/**
	 * Consumers a router of this room may forward before new peers go to
	 * another router, counting the listeners' consumers and the pipe
	 * consumers that feed other routers. When every router of the room is at
	 * the budget, the next peer opens a router on the least-loaded worker
	 * that hosts none of the room's routers, or (every worker has one) joins
	 * the room's router with the fewest consumers. A threshold for spreading,
	 * not a cap: peers already on a router keep consuming there. An integer
	 * ≥ 1, or `Infinity` to keep the room on one router.
	 * Default 500, about what one mediasoup worker (one CPU core) forwards.
	 */
	routerConsumerBudget?: number;
	/**
	 * How long a consumer that is no longer wanted stays (paused) before it is
	 * closed, in ms. A player stepping back into range within it is only a
	 * resume. Default 2000.
	 */
	closeGraceMs?: number;
	/**
	 * Delay after resuming a video consumer before asking the sender for a key
	 * frame, in ms. A consumer created on demand is resumed before the
	 * browser's decoder is ready for the key frame that `resume()` triggers;
	 * a second one shortly after avoids waiting for the next periodic key
	 * frame (about a second). Default 200.
	 */
	keyFrameDelayMs?: number;
	/** STUN/TURN servers handed to browsers with each transport. Default none. */
	iceServers?: IceServer[];
	/** `'relay'` makes browsers use TURN only. Default `'all'`. */
	iceTransportPolicy?: 'all' | 'relay';
}

export interface MediaRoomEvents {
	/** A request or a reconcile failed for a peer (also answered to the client when it was a request). */
	peerError: [peerId: string, error: unknown];
}

/** Counts of live mediasoup objects, for tests and metrics. */
export interface MediaRoomCounts {
	peers: number;
	transports: number;
	producers: number;
	consumers: number;
}

/** Default of `MediaRoomOptions.routerConsumerBudget`. */
const DEFAULT_ROUTER_CONSUMER_BUDGET = 500;

/**
 * The media side of one world room: its routers (one, until it outgrows the
 * consumer budget), a `MediaPeer` per player, and the subscriptions that the
 * hearing graph decides. The server pushes consumers; the client never asks
 * to consume, and never learns which router serves whom: a speaker on
 * another router is piped in under the same producer id.
 */
export class MediaRoom extends EventEmitter<MediaRoomEvents> {
	readonly #peers = new Map<string, MediaPeer>();
	readonly #intent = new SubscriptionIntent();
	readonly #requests: MediaRequestRouter<MediaPeer>;
	readonly #running = new Map<string, Promise<void>>();
	readonly #again = new Set<string>();
	readonly #timers = new Map<string, NodeJS.Timeout>();
	readonly #graceMs: number;
	readonly #keyFrameDelayMs: number;
	readonly #routers: RoomRouters;
	readonly #pipes = new ProducerPipes();
	#closed = false;

	private constructor(
		routers: RoomRouters,
		readonly options: MediaRoomOptions,
	) {
		super();
		this.#routers = routers;
		this.#graceMs = options.closeGraceMs ?? 2000;
		this.#keyFrameDelayMs = options.keyFrameDelayMs ?? 200;
		this.#requests = createMediaRequestRouter(this.#handlers());
	}

	/**
	 * Opens the room's first router on the least-loaded worker of the pool.
	 * Rejects with `E_MEDIA_ROOM_OPTIONS` for an invalid option.
	 */
	static async create(options: MediaRoomOptions): Promise<MediaRoom> {
		const consumerBudget = options.routerConsumerBudget ?? DEFAULT_ROUTER_CONSUMER_BUDGET;
		if (!(consumerBudget === Infinity || (Number.isInteger(consumerBudget) && consumerBudget >= 1))) {
			throw new HallwayError('E_MEDIA_ROOM_OPTIONS', `routerConsumerBudget must be an integer ≥ 1 or Infinity, got ${consumerBudget}.`);
		}
		let room: MediaRoom | undefined;
		// A router that closes by itself (its worker died) took its peers' transports with it:
		// they join again, on a router of a worker that is alive.
		const routers = await RoomRouters.open({ pool: options.pool, consumerBudget, onLost: (home) => room && room.#onRouterLost(home) });
		room = new MediaRoom(routers, options);
		return room;
	}

	/** The room's primary router: the first one, or the first opened after its worker died. */
	get router(): Router {
		return this.#primary().router;
	}

	/** The worker of the room's primary router. */
	get worker(): PooledWorker {
		return this.#primary().worker;
	}

	/** Every open router of the room, the first one first (tests, metrics). */
	get routers(): readonly RoomRouter[] {
		return this.#routers.all;
	}

	/** Producers piped into a router other than their own, one per (producer, router) (tests, metrics). */
	get pipeCount(): number {
		return this.#pipes.size;
	}

	/** The request types to route here, one room message handler each. */
	get requestTypes(): readonly RequestType[] {
		return this.#requests.types;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Adds a player; `send` delivers pushes to its browser. */
	addPeer(id: string, send: MediaPushSink): MediaPeer {
		if (this.#peers.has(id)) throw mediaError('E_BAD_REQUEST', `peer ${id} is already in the room`);
		const peer = new MediaPeer(id, createMediaPusher(send));
		this.#peers.set(id, peer);
		return peer;
	}

	/** A player's media peer (read-only by convention: tests, metrics). */
	peer(id: string): MediaPeer | undefined {
		return this.#peers.get(id);
	}

	/** Removes a player: closes its transports, producers and consumers, and drops it from every subscription. */
	removePeer(id: string): void {
		const peer = this.#peers.get(id);
		if (!peer) return;
		this.#peers.delete(id);
		peer.close();
		// After its transports closed, so that an emptied router has nothing left to close.
		if (peer.home) this.#routers.leave(peer.home);
		clearTimeout(this.#timers.get(id));
		this.#timers.delete(id);
		for (const listener of this.#intent.removePlayer(id)) this.#schedule(listener);
	}

	/**
	 * Drops a player's transports, producers and consumers and tells its
	 * browser to join the media again (`media.reset`): after a WebSocket
	 * reconnect, or when its router's worker died. What the hearing graph
	 * wants for it is kept, so the same consumers come back once it rejoins;
	 * its listeners lose its tracks until it publishes them again.
	 */
	resetPeer(id: string, reason: MediaResetReason): void {
		const peer = this.#peers.get(id);
		if (!peer || peer.closed) return;
		const home = peer.reset();
		if (home) this.#routers.leave(home);
		clearTimeout(this.#timers.get(id));
		this.#timers.delete(id);
		peer.push('media.reset', { reason });
	}

	/** Answers one media request from a player (`media.*`). Rejects with a `HallwayError` whose message is `CODE: sentence`. */
	async handleRequest(peerId: string, type: string, payload: unknown): Promise<unknown> {
		const peer = this.#peers.get(peerId);
		if (!peer) throw mediaError('E_NOT_JOINED', 'you have no media peer in this room');
		try {
			return await this.#requests.handle(peer, type, payload);
		} catch (error) {
			this.emit('peerError', peerId, error);
			throw error;
		}
	}

	/** Applies one tick's hearing-graph diff: the listeners whose wants changed are reconciled. */
	applyHearingDiff(diff: HearingDiffLike): void {
		for (const listener of this.#intent.apply(diff)) this.#schedule(listener);
	}

	/** Waits until no reconcile is running (tests, shutdown). */
	async settled(): Promise<void> {
		while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
	}

	counts(): MediaRoomCounts {
		let transports = 0;
		let producers = 0;
		let consumers = 0;
		for (const peer of this.#peers.values()) {
			transports += peer.transportCount;
			producers += peer.producers.size;
			consumers += peer.consumers.size;
		}
		return { peers: this.#peers.size, transports, producers, consumers };
	}

	/** Closes every peer and every router. Idempotent. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		for (const peer of this.#peers.values()) peer.close();
		this.#peers.clear();
		this.#routers.close();
		this.removeAllListeners();
	}

	#primary(): RoomRouter {
		const primary = this.#routers.primary;
		if (!primary) throw mediaError('E_MEDIA_UNAVAILABLE', 'the room has no router now (its worker died); the next join opens one');
		return primary;
	}

	/** A router's worker died: its peers' transports, producers and consumers are gone with it. */
	#onRouterLost(home: RoomRouter): void {
		if (this.#closed) return;
		for (const peer of this.#peers.values()) {
			if (peer.home === home) this.resetPeer(peer.id, 'workerDied');
		}
	}

	#handlers(): MediaRequestHandlers<MediaPeer> {
		const joined = (peer: MediaPeer) => {
			if (!peer.joined) throw mediaError('E_NOT_JOINED', 'send media.join first');
			return peer;
		};
		const homeOf = (peer: MediaPeer): RoomRouter => {
			const { home } = joined(peer);
			if (!home) throw mediaError('E_NOT_JOINED', 'send media.join first');
			return home;
		};
		return {
			'media.join': async (peer) => {
				if (!peer.home) {
					const home = await this.#routers.place();
					if (peer.closed || peer.home) {
						// Left meanwhile, or a second join won the race: hand the place back.
						this.#routers.leave(home);
						if (peer.closed) throw mediaError('E_NOT_JOINED', 'you left the room');
					} else {
						peer.home = home;
					}
				}
				peer.joined = true;
				// Every router has the same codecs, so these are the room's capabilities, whatever the home.
				return { routerRtpCapabilities: peer.home!.router.rtpCapabilities };
			},
			'media.setRtpCapabilities': (peer, { rtpCapabilities }) => {
				joined(peer).rtpCapabilities = rtpCapabilities;
				this.#schedule(peer.id);
				return {};
			},
			'media.createTransport': async (peer, { direction }) => {
				const home = homeOf(peer);
				const transport = await home.router.createWebRtcTransport({
					webRtcServer: home.worker.webRtcServer,
					enableUdp: true,
					enableTcp: true,
					preferUdp: true,
					appData: { peerId: peer.id, direction },
				});
				if (peer.closed) {
					transport.close();
					throw mediaError('E_NOT_JOINED', 'you left the room');
				}
				peer.addTransport(direction, transport);
				// A new receive transport (first one, or a rebuilt one) needs its consumers.
				if (direction === 'recv') this.#schedule(peer.id);
				return {
					transportId: transport.id,
					iceParameters: transport.iceParameters,
					iceCandidates: transport.iceCandidates,
					dtlsParameters: transport.dtlsParameters,
					...(this.options.iceServers ? { iceServers: this.options.iceServers } : {}),
					...(this.options.iceTransportPolicy ? { iceTransportPolicy: this.options.iceTransportPolicy } : {}),
				};
			},
			'media.connectTransport': async (peer, { transportId, dtlsParameters }) => {
				await joined(peer).transport(transportId).connect({ dtlsParameters });
				return {};
			},
			'media.produce': async (peer, { transportId, kind, source, rtpParameters, paused }) => {
				const transport = joined(peer).transport(transportId, 'send');
				if (peer.producers.has(source)) throw mediaError('E_SOURCE_TAKEN', `you already send a ${source}; close that producer first`);
				const producer = await transport.produce({ kind, rtpParameters, paused: paused ?? false, appData: { peerId: peer.id, source } });
				if (peer.closed || peer.producers.has(source)) {
					producer.close();
					throw mediaError('E_SOURCE_TAKEN', `you already send a ${source}`);
				}
				this.#adoptProducer(peer, producer, source);
				return { producerId: producer.id };
			},
			'media.closeProducer': (peer, { producerId }) => {
				joined(peer).producer(producerId).close();
				return {};
			},
			'media.pauseProducer': async (peer, { producerId }) => {
				await joined(peer).producer(producerId).pause();
				return {};
			},
			'media.resumeProducer': async (peer, { producerId }) => {
				await joined(peer).producer(producerId).resume();
				return {};
			},
			'media.consumerReady': (peer, { consumerId }) => {
				joined(peer).consumer(consumerId).acked = true;
				this.#schedule(peer.id);
				return {};
			},
			'media.restartIce': async (peer, { transportId }) => {
				const iceParameters = await joined(peer).transport(transportId).restartIce();
				return { iceParameters };
			},
			...receiveSettingsHandlers(
				{
					reconcile: (peer) => this.#schedule(peer.id),
					applyLayers: async (peer) => {
						for (const record of [...peer.consumers.values()]) {
							if (record.source !== 'camera' || record.consumer.closed) continue;
							// A consumer closed meanwhile (the speaker walked away) needs no layer.
							await this.#applyBand(peer, record, record.band).catch((error: unknown) => {
								if (!record.consumer.closed) throw error;
							});
						}
					},
				},
				joined,
			),
		};
	}

	#adoptProducer(peer: MediaPeer, producer: Producer, source: ProducerView['source']): void {
		peer.producers.set(source, producer);
		producer.observer.once('close', () => {
			if (peer.producers.get(source) === producer) peer.producers.delete(source);
		});
		// Everyone who wants this speaker gets the new track.
		for (const listener of this.#intent.listenersOf(peer.id)) this.#schedule(listener);
	}

	/** Runs a reconcile for `listener` now, or once more after the one in progress. */
	#schedule(listener: string): void {
		if (this.#closed) return;
		if (this.#running.has(listener)) {
			this.#again.add(listener);
			return;
		}
		const run = async () => {
			do {
				this.#again.delete(listener);
				await this.#reconcile(listener);
			} while (this.#again.has(listener) && !this.#closed);
		};
		const running = run()
			.catch((error: unknown) => {
				this.emit('peerError', listener, error);
			})
			.finally(() => this.#running.delete(listener));
		this.#running.set(listener, running);
	}

	/** Makes one listener's consumers match what the hearing graph wants for it. */
	async #reconcile(listenerId: string): Promise<void> {
		const peer = this.#peers.get(listenerId);
		const recv = peer?.recvTransport;
		if (!peer || peer.closed || !recv || !peer.rtpCapabilities) return;
		const now = Date.now();
		const plan = planConsumers({
			wants: this.#intent.of(listenerId),
			producersOf: (speaker) => this.#producerViews(speaker),
			consumers: [...peer.consumers.values()].map(toConsumerView),
			now,
			graceMs: this.#graceMs,
			receiveVideo: peer.receiveVideo,
		});

		for (const id of plan.markWanted) peer.consumers.get(id)!.unwantedSince = null;
		for (const id of plan.markUnwanted) peer.consumers.get(id)!.unwantedSince = now;
		for (const id of plan.pause) {
			const record = peer.consumers.get(id);
			if (!record) continue;
			await record.consumer.pause();
			record.paused = true;
			peer.push('media.consumerActive', { consumerId: id, active: false });
		}
		for (const id of plan.close) {
			const record = peer.consumers.get(id);
			if (!record) continue;
			peer.consumers.delete(id);
			record.consumer.close();
			peer.push('media.consumerClosed', { consumerId: id, reason: 'edgeRemoved' });
		}
		for (const { consumerId, band } of plan.setBand) {
			const record = peer.consumers.get(consumerId);
			if (record) await this.#applyBand(peer, record, band);
		}
		for (const id of plan.resume) {
			const record = peer.consumers.get(id);
			if (!record) continue;
			await record.consumer.resume();
			record.paused = false;
			peer.push('media.consumerActive', { consumerId: id, active: true });
			if (record.consumer.kind === 'video') this.#requestKeyFrameSoon(record.consumer);
		}
		for (const { producer, prewarm, band } of plan.create) {
			if (peer.closed || !peer.rtpCapabilities) return;
			await this.#createConsumer(peer, producer, prewarm, band);
		}

		clearTimeout(this.#timers.get(listenerId));
		this.#timers.delete(listenerId);
		if (plan.nextDeadline !== null) {
			this.#timers.set(listenerId, setTimeout(() => this.#schedule(listenerId), Math.max(0, plan.nextDeadline - Date.now())));
		}
	}

	async #createConsumer(peer: MediaPeer, producerView: ProducerView, prewarm: boolean, band: ConsumerRecord['band']): Promise<void> {
		const recv = peer.recvTransport;
		const target = peer.home;
		const source = this.#peers.get(producerView.speaker)?.home;
		if (!recv || !peer.rtpCapabilities || !target || !source) return;
		const { producerId } = producerView;
		if (!source.router.canConsume({ producerId, rtpCapabilities: peer.rtpCapabilities })) return;
		let release: ReleasePipe = () => undefined;
		let consumer: Consumer;
		try {
			if (source !== target) release = await this.#pipes.acquire(source.router, producerId, target.router);
			consumer = await recv.consume({
				producerId,
				rtpCapabilities: peer.rtpCapabilities,
				paused: true,
				appData: { peerId: peer.id, speaker: producerView.speaker, source: producerView.source },
			});
		} catch (error) {
			release();
			// The speaker stopped sending, or the listener left, while we were at it: nothing to do.
			if (peer.closed || recv.closed || !this.#produces(producerView)) return;
			throw error;
		}
		// The pipe lives as long as the consumers that need it (their grace included).
		consumer.observer.once('close', release);
		if (peer.closed) {
			consumer.close();
			return;
		}
		const record: ConsumerRecord = { consumer, speaker: producerView.speaker, source: producerView.source, acked: false, unwantedSince: null, band, paused: true };
		peer.consumers.set(consumer.id, record);
		consumer.on('producerclose', () => {
			if (peer.consumers.delete(consumer.id)) peer.push('media.consumerClosed', { consumerId: consumer.id, reason: 'producerClosed' });
		});
		consumer.on('transportclose', () => {
			// The receive transport was replaced or closed: the next reconcile recreates what is wanted.
			if (peer.consumers.delete(consumer.id)) this.#schedule(peer.id);
		});
		consumer.on('producerpause', () => peer.push('media.producerPaused', { consumerId: consumer.id, paused: true }));
		consumer.on('producerresume', () => peer.push('media.producerPaused', { consumerId: consumer.id, paused: false }));
		await this.#preferLayerFor(peer, record, band);
		peer.push('media.consume', {
			consumerId: consumer.id,
			producerId: producerView.producerId,
			peerId: producerView.speaker,
			source: producerView.source,
			kind: consumer.kind,
			rtpParameters: consumer.rtpParameters,
			producerPaused: consumer.producerPaused,
			prewarm,
			band,
			volume: VOLUME_BY_BAND[band],
		});
	}

	async #applyBand(peer: MediaPeer, record: ConsumerRecord, band: ConsumerRecord['band']): Promise<void> {
		record.band = band;
		const spatialLayer = await this.#preferLayerFor(peer, record, band);
		peer.push('media.consumerLayers', {
			consumerId: record.consumer.id,
			band,
			volume: VOLUME_BY_BAND[band],
			...(spatialLayer === undefined ? {} : { spatialLayer }),
		});
	}

	/** Camera simulcast follows the band, under the listener's cap; a screen share always gets its best layer. */
	async #preferLayerFor(peer: MediaPeer, record: ConsumerRecord, band: ConsumerRecord['band']): Promise<number | undefined> {
		if (record.consumer.type !== 'simulcast' || record.source !== 'camera') return undefined;
		const spatialLayer = spatialLayerFor(band, peer.maxSpatialLayer);
		await record.consumer.setPreferredLayers({ spatialLayer });
		return spatialLayer;
	}

	#requestKeyFrameSoon(consumer: Consumer): void {
		setTimeout(() => {
			if (!consumer.closed && !consumer.paused) void consumer.requestKeyFrame().catch(() => undefined);
		}, this.#keyFrameDelayMs).unref();
	}

	/** Whether the speaker still sends this producer. */
	#produces({ speaker, producerId }: ProducerView): boolean {
		const producers = this.#peers.get(speaker)?.producers.values();
		return [...(producers ?? [])].some((producer) => producer.id === producerId && !producer.closed);
	}

	#producerViews(speaker: string): ProducerView[] {
		const peer = this.#peers.get(speaker);
		if (!peer) return [];
		return [...peer.producers].map(([source, producer]) => ({ producerId: producer.id, speaker, source }));
	}
}

function toConsumerView(record: ConsumerRecord): ConsumerView {
	return {
		consumerId: record.consumer.id,
		producerId: record.consumer.producerId,
		paused: record.paused,
		acked: record.acked,
		unwantedSince: record.unwantedSince,
		band: record.band,
		source: record.source,
	};
}
