import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import { WorkerPool } from '@hallway/media/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorldServer, type WorldRoom, type WorldServer } from '../src/room/index.js';
import { mediaRequest as request, openMedia, opusParameters, vp8SimulcastParameters } from './support/media-protocol.js';
import { type DecodedWorld, joinWorld, leaveQuietly, officeWorld } from './support/world-fixture.js';

describe('the media plane in a WorldRoom (real worker, real rooms)', () => {
	let pool: WorkerPool;
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	async function join(name: string, spawn = 'lobby') {
		const room = await joinWorld(world.url, 'office', { name, spawn });
		rooms.push(room);
		return room;
	}
	const serverRoom = (room: Room<DecodedWorld>) => matchMaker.getLocalRoomById(room.roomId) as unknown as WorldRoom;

	beforeAll(async () => {
		pool = await WorkerPool.start({ workers: 1 });
		world = await startWorldServer({ worlds: { office: await officeWorld({ media: { pool, closeGraceMs: 200 } }) } });
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
		await pool?.close();
	});

	it('refuses media requests before media.join', async () => {
		const eve = await join('Eve');
		await expect(request(eve, 'media.createTransport', { direction: 'send' })).rejects.toThrow(/E_NOT_JOINED/);
	});

	it('refuses a hostile client touching another player\'s objects, and nothing changes', async () => {
		const bob = await join('Bob');
		const mallory = await join('Mallory');
		const bobs = await openMedia(bob, 1001);
		const mallorys = await openMedia(mallory, 2002);
		const media = serverRoom(bob).media!;
		// Bob and Mallory stand together: each consumes the other's microphone.
		await vi.waitFor(() => expect(media.counts()).toEqual({ peers: 2, transports: 4, producers: 2, consumers: 2 }));
		const before = media.counts();

		const refusals: [string, Record<string, unknown>, RegExp][] = [
			['media.connectTransport', { transportId: bobs.send, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] } }, /E_TRANSPORT_NOT_OWNED/],
			['media.restartIce', { transportId: bobs.recv }, /E_TRANSPORT_NOT_OWNED/],
			['media.closeProducer', { producerId: bobs.producerId }, /E_PRODUCER_NOT_OWNED/],
			['media.pauseProducer', { producerId: bobs.producerId }, /E_PRODUCER_NOT_OWNED/],
			['media.produce', { transportId: bobs.send, kind: 'audio', source: 'screen', rtpParameters: opusParameters(3003) }, /E_KIND_MISMATCH/],
			['media.produce', { transportId: bobs.send, kind: 'audio', source: 'microphone', rtpParameters: opusParameters(3004) }, /E_TRANSPORT_NOT_OWNED/],
			['media.produce', { transportId: mallorys.send, kind: 'audio', source: 'microphone', rtpParameters: opusParameters(3005) }, /E_SOURCE_TAKEN/],
			['media.produce', { transportId: mallorys.recv, kind: 'audio', source: 'microphone', rtpParameters: opusParameters(3006) }, /E_BAD_REQUEST/],
			['media.consumerReady', { consumerId: 'not-mine-0000' }, /E_CONSUMER_NOT_OWNED/],
			['media.produce', { transportId: mallorys.send, kind: 'audio', source: 'microphone', rtpParameters: 'lots' }, /E_BAD_REQUEST/],
		];
		for (const [type, payload, error] of refusals) {
			await expect(request(mallory, type, payload), type).rejects.toThrow(error);
		}
		// A client never asks to consume: there is no such request.
		await expect(request(mallory, 'media.consume', { producerId: bobs.producerId })).rejects.toThrow(/E_UNKNOWN_REQUEST/);

		expect(media.counts()).toEqual(before);
		expect((await media.router.dump()).transportIds.sort()).toHaveLength(4);
	});

	it('sends a player in audio-only mode voices only, and caps the camera layers a poor connection asks for', async () => {
		const ann = await join('Ann');
		const bob = await join('Bob');
		const anns = await openMedia(ann, 7001);
		const bobs = await openMedia(bob, 7101);
		for (const [room, media, ssrc] of [[ann, anns, 7010], [bob, bobs, 7110]] as const) {
			await request(room, 'media.produce', { transportId: media.send, kind: 'video', source: 'camera', rtpParameters: vp8SimulcastParameters(ssrc) });
		}
		const layers: { consumerId: string; spatialLayer?: number }[] = [];
		ann.onMessage('media.consumerLayers', (push: { consumerId: string; spatialLayer?: number }) => layers.push(push));
		const media = serverRoom(ann).media!;
		const kinds = (id: string) => [...media.peer(id)!.consumers.values()].map((record) => record.consumer.kind).sort();
		// Standing together at the lobby spawn: each receives the other's microphone and camera.
		await vi.waitFor(() => expect([kinds(ann.sessionId), kinds(bob.sessionId)]).toEqual([['audio', 'video'], ['audio', 'video']]));

		await request(ann, 'media.setReceiveVideo', { video: false });
		// Closed at once (the grace period is for walking away), counted on the server.
		await vi.waitFor(() => expect(kinds(ann.sessionId)).toEqual(['audio']), { timeout: 1000 });
		await media.settled();
		expect(kinds(bob.sessionId)).toEqual(['audio', 'video']);
		// The hearing graph keeps changing around Ann: still no video for her.
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(kinds(ann.sessionId)).toEqual(['audio']);

		await request(ann, 'media.setReceiveVideo', { video: true });
		await vi.waitFor(() => expect(kinds(ann.sessionId)).toEqual(['audio', 'video']));
		const camera = () => [...media.peer(ann.sessionId)!.consumers.values()].find((record) => record.source === 'camera')!.consumer;
		expect(camera().type).toBe('simulcast');
		expect(camera().preferredLayers?.spatialLayer).toBe(2);

		expect(await request(ann, 'media.setMaxSpatialLayer', { spatialLayer: 0 })).toEqual({ spatialLayer: 0 });
		expect(camera().preferredLayers?.spatialLayer).toBe(0);
		await vi.waitFor(() => expect(layers.at(-1)).toMatchObject({ consumerId: camera().id, spatialLayer: 0 }));
		await request(ann, 'media.setMaxSpatialLayer', { spatialLayer: null });
		expect(camera().preferredLayers?.spatialLayer).toBe(2);

		await request(ann, 'media.reportQuality', { quality: { level: 'poor', loss: 0.1, framesDropped: 3 } });
		await request(ann, 'media.reportQuality', { quality: { level: 'good', loss: 0.01, framesDropped: 2 } });
		expect(media.peer(ann.sessionId)!.quality).toMatchObject({ report: { level: 'good', loss: 0.01 }, framesDroppedTotal: 5 });
		await expect(request(ann, 'media.reportQuality', { quality: { level: 'good', loss: 2 } })).rejects.toThrow(/E_BAD_REQUEST/);
	});

	it('leaves nothing behind after twenty joins and leaves', async () => {
		const host = await join('Host');
		await openMedia(host, 5000);
		const media = serverRoom(host).media!;
		for (let i = 0; i < 20; i++) {
			const guest = await join(`Guest ${i}`);
			await openMedia(guest, 6000 + i);
			await vi.waitFor(() => expect(media.counts().consumers).toBe(2));
			await leaveQuietly(guest);
			rooms.pop();
			await vi.waitFor(() => expect(media.counts()).toEqual({ peers: 1, transports: 2, producers: 1, consumers: 0 }));
		}
		await media.settled();
		const dump = await media.router.dump();
		expect(dump.transportIds).toHaveLength(2);
		expect(dump.mapProducerIdConsumerIds).toHaveLength(1);
		expect(dump.mapProducerIdConsumerIds[0]!.values).toEqual([]);
		const worker = await media.worker.worker.dump();
		expect(worker.routerIds).toEqual([media.router.id]);
	});
});
