import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import { WorkerPool } from '@hallway/media/server';
import { register as globalRegistry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RoomTracker } from '../src/ops/room-tracker.js';
import { CLOSE_SERVER_SHUTDOWN, type HealthReport, SHUTDOWN_MESSAGE, type ShutdownPayload, WorldMetrics } from '../src/ops/index.js';
import { startWorldServer, type WorldRoom, type WorldServer } from '../src/room/index.js';
import { openMedia } from './support/media-protocol.js';
import { scrape } from './support/prometheus-text.js';
import { type DecodedWorld, joinWorld, leaveQuietly, officeWorld } from './support/world-fixture.js';

const OFFICE = '{world="office"}';
const WORKER_0 = '{pool="0",worker="0"}';

async function health(url: string): Promise<{ status: number; body: HealthReport; length: string | null }> {
	const response = await fetch(`${url}/healthz`);
	return { status: response.status, length: response.headers.get('content-length'), body: (await response.json()) as HealthReport };
}

describe('metrics, health and drain of a world server with media (real worker, real rooms)', () => {
	let pool: WorkerPool;
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	async function join(name: string, options: { map?: string } = {}): Promise<Room<DecodedWorld>> {
		const room = await joinWorld(world.url, 'office', { name, spawn: 'lobby', ...options });
		rooms.push(room);
		return room;
	}

	beforeAll(async () => {
		pool = await WorkerPool.start({ workers: 1 });
		// RTT and loss are sampled by hand here (no RTP flows without ICE); the interval is for real servers.
		world = await startWorldServer({
			worlds: { office: await officeWorld({ media: { pool, closeGraceMs: 200 } }) },
			metrics: { mediaStats: { intervalMs: 0 } },
		});
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
		await pool?.close();
	});

	it('answers /healthz with a small JSON body and its length while serving', async () => {
		const { status, body, length } = await health(world.url);
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 'ok', rooms: 0, players: 0, workers: { alive: 1, total: 1 } });
		expect(Number(length)).toBeGreaterThan(0);
		expect(Number(length)).toBeLessThan(200);
	});

	it('counts rooms, players, ticks, producers, consumers and worker resources of two players standing together', async () => {
		const empty = await scrape(world.url);
		expect(empty.value(`hallway_rooms${OFFICE}`)).toBe(0);
		expect(empty.value(`hallway_players${OFFICE}`)).toBe(0);

		const alice = await join('Alice');
		const bob = await join('Bob');
		await openMedia(alice, 1001);
		await openMedia(bob, 2002);
		// Standing together at the lobby spawn, each consumes the other's microphone.
		await vi.waitFor(async () => expect((await scrape(world.url)).value(`hallway_media_consumers${OFFICE}`)).toBe(2), { timeout: 5000 });

		const first = await scrape(world.url);
		expect(first.value(`hallway_rooms${OFFICE}`)).toBe(1);
		expect(first.value(`hallway_players${OFFICE}`)).toBe(2);
		expect(first.value(`hallway_media_peers${OFFICE}`)).toBe(2);
		expect(first.value(`hallway_media_transports${OFFICE}`)).toBe(4);
		expect(first.value(`hallway_media_producers${OFFICE}`)).toBe(2);
		expect(first.value(`hallway_worker_up${WORKER_0}`)).toBe(1);
		expect(first.value(`hallway_worker_cpu_seconds_total${WORKER_0}`)).toBeGreaterThan(0);
		expect(first.value(`hallway_worker_max_rss_bytes${WORKER_0}`)).toBeGreaterThan(1024 * 1024);
		expect(first.value(`hallway_worker_routers${WORKER_0}`)).toBe(1);
		expect(first.value(`hallway_worker_producers${WORKER_0}`)).toBe(2);
		expect(first.value(`hallway_worker_consumers${WORKER_0}`)).toBe(2);
		expect(first.value(`hallway_worker_respawns_total${WORKER_0}`)).toBe(0);
		expect(first.value('hallway_draining')).toBe(0);
		expect(first.value(`hallway_proximity_duration_seconds_count${OFFICE}`)).toBeGreaterThan(0);

		// 20 ticks a second: a quarter second later the histogram has grown.
		await new Promise((resolve) => setTimeout(resolve, 250));
		const second = await scrape(world.url);
		const ticks = (s: typeof first) => s.value(`hallway_tick_duration_seconds_count${OFFICE}`) ?? 0;
		expect(ticks(first)).toBeGreaterThan(0);
		expect(ticks(second)).toBeGreaterThan(ticks(first));
		expect(second.value(`hallway_tick_duration_seconds_sum${OFFICE}`)).toBeGreaterThan(0);
		expect(second.value(`hallway_tick_duration_seconds_bucket{le="+Inf",world="office"}`)).toBe(ticks(second));

		expect(second.types.get('hallway_tick_duration_seconds')).toBe('histogram');
		expect(second.types.get('hallway_worker_cpu_seconds_total')).toBe('counter');
		expect(second.types.get('hallway_media_rtt_seconds')).toBe('histogram');
		expect(second.types.get('hallway_media_packet_loss_ratio')).toBe('histogram');
		expect(second.types.get('process_cpu_seconds_total')).toBe('counter');
		// Without ICE no packet flows: sampling asks the worker and observes nothing, without failing.
		await world.metrics!.sampleMediaStats();

		expect((await health(world.url)).body).toMatchObject({ status: 'ok', rooms: 1, players: 2 });
	});

	it("keeps each server's metrics in a registry of its own, none in prom-client's global one", () => {
		const sources = { rooms: new RoomTracker(), worlds: ['office'], pools: [], draining: () => false };
		const a = new WorldMetrics(sources, { mediaStats: { intervalMs: 0 } });
		const b = new WorldMetrics(sources, { mediaStats: { intervalMs: 0 } });
		expect(a.registry).not.toBe(b.registry);
		expect(a.registry.getSingleMetric('hallway_rooms')).toBeDefined();
		expect(world.metrics!.registry.getSingleMetric('hallway_rooms')).not.toBe(a.registry.getSingleMetric('hallway_rooms'));
		expect(globalRegistry.getSingleMetric('hallway_rooms')).toBeUndefined();
	});

	// Last: it closes the server.
	it('drains: tells players, refuses joins with E_SERVER_DRAINING and answers 503, then disconnects them and closes', async () => {
		const alice = await join('Alice');
		await openMedia(alice, 3003);
		const roomId = alice.roomId;
		const told = new Promise<ShutdownPayload>((resolve) => alice.onMessage(SHUTDOWN_MESSAGE, resolve));
		const left = new Promise<number>((resolve) => alice.onLeave(resolve));

		const drained = world.drain({ reason: 'test restart', noticeMs: 800, timeoutMs: 5000 });
		expect(world.draining).toBe(true);
		expect(await told).toEqual({ code: 'E_SERVER_SHUTDOWN', reason: 'test restart', closesInMs: 800 });

		const during = await health(world.url);
		expect(during.status).toBe(503);
		expect(during.body.status).toBe('draining');
		expect((await scrape(world.url)).value('hallway_draining')).toBe(1);
		// Into the map in use (its room is locked) and into a map with no room yet.
		await expect(joinWorld(world.url, 'office', { name: 'Late' })).rejects.toThrow(/E_SERVER_DRAINING/);
		await expect(joinWorld(world.url, 'office', { name: 'Late', map: 'garden' })).rejects.toThrow(/E_SERVER_DRAINING/);

		expect(await left).toBe(CLOSE_SERVER_SHUTDOWN);
		const result = await drained;
		expect(result).toMatchObject({ playersTold: 1, timedOut: false });
		expect(result.durationMs).toBeGreaterThanOrEqual(800);
		expect(result.durationMs).toBeLessThan(5000);
		expect(matchMaker.getLocalRoomById(roomId) as unknown as WorldRoom | undefined).toBeUndefined();
		// The room's media went with it: nothing left on the worker.
		expect((await pool.stats())[0]).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
		await expect(fetch(`${world.url}/healthz`)).rejects.toThrow();
		// close() after a drain is the same drain.
		await world.close();
	});
});
