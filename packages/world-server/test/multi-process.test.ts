import { Client, type Room } from '@colyseus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signPlayerToken } from '../src/room/auth/index.js';
import { CLOSE_BAD_CLIENT, MAX_REFUSED_MESSAGES } from '../src/room/index.js';
import { openMedia } from './support/media-protocol.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import { type DecodedWorld, joinWorld, leaveQuietly, seen } from './support/world-fixture.js';
import { type LocalRoom, startWorldProcess, type WorldProcess } from './support/world-process.js';

const SECRET = 'multi-process test secret, at least 32 bytes long';

/**
 * Two world server processes (child processes, each with its own mediasoup
 * worker) on one redis-server, both started by this file on loopback. A
 * player may join through either; Colyseus' Redis driver finds the room
 * wherever it lives, and the seat reservation sends the client's WebSocket
 * to the process that holds the room (its `publicAddress`), so the room's
 * state, its media signaling and its MediaRoom are all in that one process.
 */
describe('several world server processes on one Redis', () => {
	let redis: RedisServer;
	let processes: WorldProcess[] = [];
	const rooms: Room[] = [];

	async function join(through: WorldProcess, name: string, spawn = 'lobby'): Promise<Room<DecodedWorld>> {
		const room = await joinWorld(through.url, 'office', { name, spawn });
		room.reconnection.enabled = false;
		rooms.push(room);
		return room;
	}
	/** The one process whose own rooms include `roomId`, and what it reports about that room. */
	async function ownerOf(roomId: string): Promise<{ process: WorldProcess; room: LocalRoom }> {
		const all = await Promise.all(processes.map(async (process) => ({ process, rooms: await process.rooms() })));
		const owners = all.flatMap(({ process, rooms: local }) => local.filter((r) => r.roomId === roomId).map((room) => ({ process, room })));
		expect(owners, `processes holding room ${roomId}`).toHaveLength(1);
		return owners[0]!;
	}

	beforeAll(async () => {
		redis = await startRedisServer();
		processes = await Promise.all([startWorldProcess({ redisUrl: redis.url, secret: SECRET }), startWorldProcess({ redisUrl: redis.url, secret: SECRET })]);
	}, 90_000);
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await Promise.all(processes.map((p) => p.close()));
		await redis?.close();
	}, 30_000);

	it('runs two processes, each its own Colyseus process id and port', () => {
		const [a, b] = processes;
		expect(a!.processId).not.toBe(b!.processId);
		expect(a!.port).not.toBe(b!.port);
		expect(a!.pid).not.toBe(b!.pid);
	});

	it('seats players joining through either process in one room, whose WebSockets all go to the process that holds it', async () => {
		const [a, b] = processes as [WorldProcess, WorldProcess];
		const alice = await join(a, 'Alice');
		const bob = await join(b, 'Bob');
		expect(bob.roomId).toBe(alice.roomId);

		const { process: home, room } = await ownerOf(alice.roomId);
		expect(room.players.sort()).toEqual([alice.sessionId, bob.sessionId].sort());
		// Both sockets end at the holder's public address and name its process, whichever endpoint they asked.
		for (const player of [alice, bob]) {
			expect(player.connection.url).toMatch(new RegExp(`^ws://${home.publicAddress}/${home.processId}/${alice.roomId}\\?`));
		}
		const elsewhere = processes.find((p) => p !== home)!;
		expect((await elsewhere.rooms()).filter((r) => r.world === 'office')).toEqual([]);
	});

	it('syncs positions both ways between players connected through different processes', async () => {
		const [a, b] = processes as [WorldProcess, WorldProcess];
		const alice = await join(a, 'Alice');
		const bob = await join(b, 'Bob');
		await vi.waitFor(() => {
			expect(seen(alice, bob.sessionId)?.x).toBeTypeOf('number');
			expect(seen(bob, alice.sessionId)?.x).toBeTypeOf('number');
		});
		const aliceFrom = seen(alice, alice.sessionId)!;
		const bobFrom = seen(bob, bob.sessionId)!;

		alice.send('input', { seq: 1, kind: 'target', x: aliceFrom.x! + 64, y: aliceFrom.y! });
		bob.send('input', { seq: 1, kind: 'target', x: bobFrom.x! - 64, y: bobFrom.y! });
		await vi.waitFor(
			() => {
				// Each sees the other where the other sees itself, and both have moved.
				const aliceNow = seen(alice, alice.sessionId)!;
				const bobNow = seen(bob, bob.sessionId)!;
				expect(aliceNow.x).not.toBe(aliceFrom.x);
				expect(bobNow.x).not.toBe(bobFrom.x);
				expect(seen(bob, alice.sessionId)).toMatchObject({ x: aliceNow.x, y: aliceNow.y });
				expect(seen(alice, bob.sessionId)).toMatchObject({ x: bobNow.x, y: bobNow.y });
			},
			{ timeout: 10_000, interval: 100 },
		);
	});

	it('connects a call between players joined through different processes: consumers for each other, all in the holder', async () => {
		const [a, b] = processes as [WorldProcess, WorldProcess];
		const alice = await join(a, 'Alice');
		const bob = await join(b, 'Bob');
		const consumed = { alice: [] as string[], bob: [] as string[] };
		alice.onMessage('media.consume', (push: { producerId: string }) => consumed.alice.push(push.producerId));
		bob.onMessage('media.consume', (push: { producerId: string }) => consumed.bob.push(push.producerId));
		const [alices, bobs] = await Promise.all([openMedia(alice, 1111), openMedia(bob, 2222)]);

		// Standing together in the lobby, each is sent a consumer of the other's microphone.
		await vi.waitFor(() => {
			expect(consumed.alice).toContain(bobs.producerId);
			expect(consumed.bob).toContain(alices.producerId);
		});
		const { process: home, room } = await ownerOf(alice.roomId);
		expect(room.media).toEqual({ peers: 2, transports: 4, producers: 2, consumers: 2 });
		const elsewhere = processes.find((p) => p !== home)!;
		expect(await elsewhere.rooms()).toEqual([]);
	});

	it('keeps a player disconnected for abuse in one process out of a map of the same world that lives in the other', async () => {
		// Empty rooms dispose; wait until neither process lists one, so that placement is decided by the rooms made below.
		await vi.waitFor(async () => expect((await Promise.all(processes.map((p) => p.rooms()))).flat()).toEqual([]), { timeout: 10_000, interval: 200 });
		const joinSecured = async (through: WorldProcess, sub: string, map: string) => {
			const client = new Client(through.url);
			client.auth.token = await signPlayerToken(SECRET, { sub, name: sub });
			const room = await client.joinOrCreate<DecodedWorld>('secured', { map });
			room.reconnection.enabled = false;
			rooms.push(room);
			return room;
		};
		const [a] = processes as [WorldProcess, WorldProcess];
		const mallory = await joinSecured(a, 'mallory', 'office');
		const { process: officeHome } = await ownerOf(mallory.roomId);
		// Asked through the office's process, placement counts that room exactly: the garden goes to the other process.
		const alice = await joinSecured(officeHome, 'alice', 'garden');
		const { process: gardenHome } = await ownerOf(alice.roomId);
		expect(gardenHome).not.toBe(officeHome);

		let closedWith: number | undefined;
		mallory.onLeave((code) => (closedWith = code));
		mallory.onMessage('error', () => undefined);
		for (let i = 0; i < MAX_REFUSED_MESSAGES; i++) mallory.send('nonsense', i);
		await vi.waitFor(() => expect(closedWith).toBe(CLOSE_BAD_CLIENT));

		await expect(joinSecured(gardenHome, 'mallory', 'garden')).rejects.toMatchObject({ code: 429, message: expect.stringMatching(/^E_REJOIN_COOLDOWN: /) });
		// Someone else is welcome meanwhile.
		await joinSecured(gardenHome, 'bob', 'garden');
	});
});
