import type { Router } from 'mediasoup/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushType } from '../src/index.js';
import { type HearingDiffLike, type HearingEdge, type HearingPair, MediaRoom, type MediaRoomOptions, WorkerPool } from '../src/server/index.js';

// A room of four players on a pool of two workers, with a budget of two
// consumers per router: Ann and Bob hear each other on the first router (two
// consumers: full), so Cat and Dan open a second router on the other worker.
// Everything is driven at protocol level, as the world room does: requests
// in, pushes out, hearing diffs per tick; no browser, no ICE.

const GRACE_MS = 100;
const BUDGET = 2;

/** RTP parameters a browser would send for an Opus microphone (mediasoup accepts them before ICE connects). */
function opusParameters(ssrc: number) {
	return {
		mid: '0',
		codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { minptime: 10, useinbandfec: 1 }, rtcpFeedback: [] }],
		headerExtensions: [],
		encodings: [{ ssrc }],
		rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
	};
}

/** The router's capabilities, shaped like a device's: the fields a browser sends, everything supported. */
function deviceCapabilities(caps: { codecs: Record<string, unknown>[]; headerExtensions: Record<string, unknown>[] }) {
	return {
		codecs: caps.codecs.map(({ mimeType, kind, clockRate, channels, parameters, rtcpFeedback, preferredPayloadType }) => ({
			mimeType,
			kind,
			clockRate,
			...(channels === undefined ? {} : { channels }),
			parameters,
			rtcpFeedback,
			preferredPayloadType,
		})),
		headerExtensions: caps.headerExtensions,
	};
}

interface Push {
	type: PushType;
	payload: Record<string, unknown>;
}

/** A player as the browser client drives it, short of ICE: requests in, pushes recorded. */
class TestPlayer {
	readonly pushes: Push[] = [];
	producerId = '';
	routerRtpCapabilities: unknown;

	constructor(
		readonly room: MediaRoom,
		readonly id: string,
	) {
		room.addPeer(id, (type, payload) => this.pushes.push({ type, payload: payload as Record<string, unknown> }));
	}

	request(type: string, payload: unknown = {}): Promise<any> {
		return this.room.handleRequest(this.id, type, payload);
	}

	/** Join, capabilities, both transports, a microphone. */
	async open(ssrc: number): Promise<this> {
		const { routerRtpCapabilities } = await this.request('media.join');
		this.routerRtpCapabilities = routerRtpCapabilities;
		await this.request('media.setRtpCapabilities', { rtpCapabilities: deviceCapabilities(routerRtpCapabilities) });
		const send = await this.request('media.createTransport', { direction: 'send' });
		await this.request('media.createTransport', { direction: 'recv' });
		const { producerId } = await this.request('media.produce', { transportId: send.transportId, kind: 'audio', source: 'microphone', rtpParameters: opusParameters(ssrc) });
		this.producerId = producerId;
		return this;
	}

	/** The router this player's transports live on. */
	get home(): Router {
		const home = this.room.peer(this.id)?.home;
		if (!home) throw new Error(`${this.id} has no home router`);
		return home.router;
	}

	/** The `media.consume` pushes this player got for `speaker`'s producer. */
	consumesOf(speaker: TestPlayer): Push['payload'][] {
		return this.pushes.filter((push) => push.type === 'media.consume' && push.payload.producerId === speaker.producerId).map((push) => push.payload);
	}

	pushesOf(type: PushType): Push['payload'][] {
		return this.pushes.filter((push) => push.type === type).map((push) => push.payload);
	}
}

function diff(change: Partial<HearingDiffLike>): HearingDiffLike {
	return { added: [], removed: [], changed: [], prewarmAdded: [], prewarmRemoved: [], ...change };
}

/** `listener` hears `speaker`, near, audio. */
function hears(listener: TestPlayer, speaker: TestPlayer): HearingEdge {
	return { listener: listener.id, speaker: speaker.id, band: 'near', media: 'audio' };
}

function pair(listener: TestPlayer, speaker: TestPlayer): HearingPair {
	return { listener: listener.id, speaker: speaker.id };
}

/** Consumer ids per producer id on a router, from the worker's own dump. */
async function consumersByProducer(router: Router): Promise<Map<string, string[]>> {
	const dump = await router.dump();
	return new Map(dump.mapProducerIdConsumerIds.map(({ key, values }) => [key, values]));
}

describe('a media room across several routers (pipeToRouter)', () => {
	let pool: WorkerPool;
	const rooms: MediaRoom[] = [];
	const peerErrors: unknown[] = [];

	beforeAll(async () => {
		pool = await WorkerPool.start({ workers: 2 });
	});
	afterEach(() => {
		for (const room of rooms.splice(0)) room.close();
		expect(peerErrors.splice(0)).toEqual([]);
	});
	afterAll(async () => {
		await pool?.close();
	});

	async function openRoom(options: Partial<MediaRoomOptions> = {}): Promise<MediaRoom> {
		const room = await MediaRoom.create({ pool, closeGraceMs: GRACE_MS, routerConsumerBudget: BUDGET, ...options });
		rooms.push(room);
		room.on('peerError', (peerId, error) => peerErrors.push({ peerId, error }));
		return room;
	}

	/** Ann and Bob hear each other on the first router (full at two consumers); Cat and Dan then join. */
	async function fourPlayers() {
		const room = await openRoom();
		const ann = await new TestPlayer(room, 'ann').open(1001);
		const bob = await new TestPlayer(room, 'bob').open(1002);
		room.applyHearingDiff(diff({ added: [hears(ann, bob), hears(bob, ann)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(2));
		const cat = await new TestPlayer(room, 'cat').open(1003);
		const dan = await new TestPlayer(room, 'dan').open(1004);
		return { room, ann, bob, cat, dan };
	}

	it('keeps peers on the first router until it reaches the budget, then opens one on the other worker', async () => {
		const { room, ann, bob, cat, dan } = await fourPlayers();

		expect(room.routers).toHaveLength(2);
		const [first, second] = room.routers;
		expect(first!.router).toBe(room.router);
		expect(ann.home).toBe(room.router);
		expect(bob.home).toBe(room.router);
		expect(cat.home).toBe(second!.router);
		expect(dan.home).toBe(second!.router);
		expect(second!.worker).not.toBe(first!.worker);
		expect(second!.worker.pid).not.toBe(first!.worker.pid);
		expect(first!.peers).toBe(2);
		expect(second!.peers).toBe(2);
		// The client cannot tell: every router answers the same capabilities.
		expect(cat.routerRtpCapabilities).toEqual(ann.routerRtpCapabilities);
		// Transports and producers live on the home router, through its worker's WebRtcServer.
		const secondDump = await second!.router.dump();
		expect(secondDump.transportIds).toHaveLength(4);
		expect(secondDump.mapProducerIdConsumerIds.map(({ key }) => key).sort()).toEqual([cat.producerId, dan.producerId].sort());
	});

	it('pipes a speaker once into the router of two listeners who need it, under its own producer id', async () => {
		const { room, ann, bob, cat, dan } = await fourPlayers();
		const pipeToRouter = vi.spyOn(room.router, 'pipeToRouter');

		// Cat and Dan start hearing Ann in the same tick: two reconciles race for one pipe.
		room.applyHearingDiff(diff({ added: [hears(cat, ann), hears(dan, ann)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(4));
		await room.settled();

		expect(pipeToRouter).toHaveBeenCalledTimes(1);
		expect(pipeToRouter).toHaveBeenCalledWith(expect.objectContaining({ producerId: ann.producerId, router: cat.home }));
		expect(room.pipeCount).toBe(1);
		for (const listener of [cat, dan]) {
			expect(listener.consumesOf(ann)).toEqual([expect.objectContaining({ producerId: ann.producerId, peerId: 'ann', source: 'microphone', kind: 'audio' })]);
		}
		// On the second router, one twin of Ann's producer (same id) feeds both listeners.
		const onSecond = await consumersByProducer(cat.home);
		expect(onSecond.get(ann.producerId)).toHaveLength(2);
		// On the first, Ann's producer feeds Bob and the one pipe consumer.
		const onFirst = await consumersByProducer(ann.home);
		expect(onFirst.get(ann.producerId)).toHaveLength(2);

		// Ann's mute reaches the listeners through the pipe.
		await ann.request('media.pauseProducer', { producerId: ann.producerId });
		await vi.waitFor(() => {
			for (const listener of [cat, dan, bob]) expect(listener.pushesOf('media.producerPaused')).toEqual([expect.objectContaining({ paused: true })]);
		});
	});

	it('pipes the other way too: listeners on the first router hear a speaker on the second', async () => {
		const { room, ann, bob, cat } = await fourPlayers();
		const pipeToRouter = vi.spyOn(cat.home, 'pipeToRouter');

		room.applyHearingDiff(diff({ added: [hears(ann, cat), hears(bob, cat)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(4));
		await room.settled();

		expect(pipeToRouter).toHaveBeenCalledTimes(1);
		expect(ann.consumesOf(cat)).toEqual([expect.objectContaining({ producerId: cat.producerId, peerId: 'cat' })]);
		expect(bob.consumesOf(cat)).toEqual([expect.objectContaining({ producerId: cat.producerId, peerId: 'cat' })]);
		expect((await consumersByProducer(ann.home)).get(cat.producerId)).toHaveLength(2);
	});

	it('closes the pipe after the grace once no listener on that router hears the speaker', async () => {
		const { room, ann, cat, dan } = await fourPlayers();
		room.applyHearingDiff(diff({ added: [hears(cat, ann), hears(dan, ann)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(4));
		await room.settled();
		const [catConsumer] = cat.consumesOf(ann);
		const [danConsumer] = dan.consumesOf(ann);

		// Cat walks away: Dan still needs the pipe.
		room.applyHearingDiff(diff({ removed: [pair(cat, ann)] }));
		await vi.waitFor(() => expect(cat.pushesOf('media.consumerClosed')).toEqual([{ consumerId: catConsumer!.consumerId, reason: 'edgeRemoved' }]));
		expect(room.pipeCount).toBe(1);
		expect((await consumersByProducer(cat.home)).get(ann.producerId)).toEqual([danConsumer!.consumerId]);

		// Dan too: after the grace the twin and the pipe consumer close.
		room.applyHearingDiff(diff({ removed: [pair(dan, ann)] }));
		await vi.waitFor(() => expect(dan.pushesOf('media.consumerClosed')).toEqual([{ consumerId: danConsumer!.consumerId, reason: 'edgeRemoved' }]));
		await room.settled();
		expect(room.pipeCount).toBe(0);
		await vi.waitFor(async () => {
			expect((await consumersByProducer(cat.home)).has(ann.producerId)).toBe(false);
			// Ann's producer feeds Bob only: no pipe consumer left behind.
			expect((await consumersByProducer(ann.home)).get(ann.producerId)).toHaveLength(1);
		});
		expect(room.counts()).toEqual({ peers: 4, transports: 8, producers: 4, consumers: 2 });

		// Coming back into range opens a new pipe, under the same id again.
		room.applyHearingDiff(diff({ added: [hears(cat, ann)] }));
		await vi.waitFor(() => expect(cat.consumesOf(ann)).toHaveLength(2));
		expect(cat.consumesOf(ann)[1]).toEqual(expect.objectContaining({ producerId: ann.producerId }));
		expect(room.pipeCount).toBe(1);
	});

	it('closes the twin on the other router when the speaker stops sending', async () => {
		const { room, ann, cat } = await fourPlayers();
		room.applyHearingDiff(diff({ added: [hears(cat, ann)] }));
		await vi.waitFor(() => expect(cat.consumesOf(ann)).toHaveLength(1));
		await room.settled();
		const [consumer] = cat.consumesOf(ann);

		await ann.request('media.closeProducer', { producerId: ann.producerId });

		await vi.waitFor(() => expect(cat.pushesOf('media.consumerClosed')).toEqual([{ consumerId: consumer!.consumerId, reason: 'producerClosed' }]));
		expect(room.pipeCount).toBe(0);
		await vi.waitFor(async () => expect((await consumersByProducer(cat.home)).has(ann.producerId)).toBe(false));
	});

	it('sends a new peer to the least busy router when every worker already hosts one of the room', async () => {
		const { room, ann, bob, cat, dan } = await fourPlayers();
		// First router: Ann⇄Bob, Ann←Cat, Bob←Cat = 4 consumers. Second: Cat⇄Dan + one pipe consumer = 3.
		room.applyHearingDiff(diff({ added: [hears(cat, dan), hears(dan, cat), hears(ann, cat), hears(bob, cat)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(6));
		await room.settled();
		expect(room.routers.map((home) => home.consumers)).toEqual([4, 3]);

		const eve = await new TestPlayer(room, 'eve').open(1005);
		expect(room.routers).toHaveLength(2);
		expect(eve.home).toBe(cat.home);
	});

	it('leaves no transport, producer, consumer or second router on either worker once everyone left', async () => {
		const { room, ann, bob, cat, dan } = await fourPlayers();
		room.applyHearingDiff(diff({ added: [hears(cat, ann), hears(dan, ann), hears(ann, cat), hears(bob, dan)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(6));
		await room.settled();
		expect(room.pipeCount).toBe(3);
		const [first, second] = room.routers;
		const secondRouterId = second!.id;

		// The second router's players leave first, then the first's.
		for (const player of [cat, dan, ann, bob]) room.removePeer(player.id);
		await room.settled();

		expect(room.counts()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(room.pipeCount).toBe(0);
		expect(room.routers).toEqual([first]);
		expect(second!.closed).toBe(true);
		const firstWorker = await first!.worker.worker.dump();
		const secondWorker = await second!.worker.worker.dump();
		expect(firstWorker.routerIds).toEqual([room.router.id]);
		expect(secondWorker.routerIds).not.toContain(secondRouterId);
		expect(secondWorker.routerIds).toEqual([]);
		const dump = await room.router.dump();
		expect(dump.transportIds).toEqual([]);
		expect(dump.mapProducerIdConsumerIds).toEqual([]);
		expect(dump.mapConsumerIdProducerId).toEqual([]);
		for (const stats of await pool.stats()) {
			expect(stats).toEqual(expect.objectContaining({ transports: 0, producers: 0, consumers: 0 }));
		}
	});

	it('resets only the peers of a router whose worker dies; they join again and their calls come back', async () => {
		const { room, ann, bob, cat, dan } = await fourPlayers();
		room.applyHearingDiff(diff({ added: [hears(cat, ann), hears(ann, cat)] }));
		await vi.waitFor(() => expect(room.counts().consumers).toBe(4));
		await room.settled();
		const [first, second] = room.routers;
		const [annHearsCat] = ann.consumesOf(cat);
		const replaced = new Promise((resolve) => pool.once('workerReplaced', resolve));

		process.kill(second!.worker.pid, 'SIGKILL');

		// Cat and Dan lived there: told to join again. Ann loses Cat's track; Ann and Bob keep their call.
		await vi.waitFor(() => {
			expect(cat.pushesOf('media.reset')).toEqual([{ reason: 'workerDied' }]);
			expect(dan.pushesOf('media.reset')).toEqual([{ reason: 'workerDied' }]);
			expect(ann.pushesOf('media.consumerClosed')).toEqual([{ consumerId: annHearsCat!.consumerId, reason: 'producerClosed' }]);
		});
		expect(ann.pushesOf('media.reset')).toEqual([]);
		expect(bob.pushesOf('media.reset')).toEqual([]);
		expect(room.routers).toEqual([first]);
		expect(room.pipeCount).toBe(0);
		expect(room.counts()).toEqual({ peers: 4, transports: 4, producers: 2, consumers: 2 });

		// Their clients join again (as WorldClient does on media.reset), on a router whose worker is alive.
		await Promise.all([cat.open(2003), dan.open(2004)]);
		for (const player of [cat, dan]) expect(room.peer(player.id)!.home!.worker.alive).toBe(true);
		// The hearing graph was kept: Ann and Cat hear each other again, under the new producers.
		await vi.waitFor(() => {
			expect(ann.consumesOf(cat)).toHaveLength(1);
			expect(cat.consumesOf(ann)).toHaveLength(2);
		});
		await room.settled();
		expect(room.counts()).toEqual({ peers: 4, transports: 8, producers: 4, consumers: 4 });
		await replaced;
	});

	it('refuses a consumer budget that is not an integer ≥ 1 or Infinity', async () => {
		for (const routerConsumerBudget of [0, -1, 1.5, Number.NaN]) {
			await expect(MediaRoom.create({ pool, routerConsumerBudget })).rejects.toThrow(/^E_MEDIA_ROOM_OPTIONS: routerConsumerBudget must be/);
		}
		const unbounded = await openRoom({ routerConsumerBudget: Infinity });
		expect(unbounded.routers).toHaveLength(1);
	});
});
