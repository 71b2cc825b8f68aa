import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HearingDiff } from '../src/proximity/index.js';
import { CLOSE_BAD_CLIENT, MAX_REFUSED_MESSAGES, startWorldServer, type WorldRoom, type WorldServer } from '../src/room/index.js';
import { type DecodedWorld, joinWorld, leaveQuietly, officeWorld, seen } from './support/world-fixture.js';

/** Short, so that the test of a player who never comes back is quick (the SDK reconnects within ~0.2 s). */
const RECONNECT_GRACE_SECONDS = 1;

/** Small view radius so that "out of view" is a short walk away. */
const VIEW_RADIUS = 64;

describe('WorldRoom over real WebSockets', () => {
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	async function join(options: { name?: string; map?: string } = {}): Promise<Room<DecodedWorld>> {
		const room = await joinWorld(world.url, 'office', options);
		rooms.push(room);
		return room;
	}

	function serverRoom(room: Room<DecodedWorld>): WorldRoom {
		return matchMaker.getLocalRoomById(room.roomId) as unknown as WorldRoom;
	}

	/** Walks a player with direction inputs for `ms`, then stops it. */
	async function walk(room: Room<DecodedWorld>, dx: number, dy: number, ms: number, firstSeq: number): Promise<number> {
		let seq = firstSeq;
		const end = Date.now() + ms;
		while (Date.now() < end) {
			room.send('input', { seq: seq++, kind: 'direction', dx, dy });
			await new Promise((r) => setTimeout(r, 50));
		}
		room.send('input', { seq: seq++, kind: 'direction', dx: 0, dy: 0 });
		return seq;
	}

	beforeAll(async () => {
		world = await startWorldServer({
			worlds: { office: await officeWorld({ interest: { viewRadius: VIEW_RADIUS, hysteresis: 16 }, reconnectGraceSeconds: RECONNECT_GRACE_SECONDS }) },
		});
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
	});

	it('describes the world over HTTP, so a client knows the default map before joining', async () => {
		const response = await fetch(`${world.url}/hallway/worlds/office`);
		expect(response.status).toBe(200);
		const info = await response.json();
		expect(info).toMatchObject({ world: 'office', defaultMap: 'office' });
		expect(info.maps.map((m: { name: string }) => m.name).sort()).toEqual(['garden', 'office']);
		expect((await fetch(`${world.url}/hallway/worlds/nowhere`)).status).toBe(404);
	});

	it('spawns a player at the lobby with its name, and the position converges on the client', async () => {
		const alice = await join({ name: '  Alice ' });
		await vi.waitFor(() => expect(seen(alice, alice.sessionId)?.name).toBe('Alice'));
		const spawned = seen(alice, alice.sessionId)!;
		// The lobby spawn of the demo office is at (624, 784).
		expect(Math.hypot(spawned.x! - 624, spawned.y! - 784)).toBeLessThan(64);

		const seq = await walk(alice, 1, 0, 500, 1);
		const server = serverRoom(alice).movementOf(alice.sessionId)!;
		await vi.waitFor(() => {
			const mine = seen(alice, alice.sessionId)!;
			expect(mine.lastInputSeq).toBe(seq - 1);
			expect(mine.x).toBeCloseTo(server.x, 3);
			expect(mine.y).toBeCloseTo(server.y, 3);
		});
		// About 160 px/s for half a second: it moved, and no faster than the speed limit allows.
		expect(server.x - spawned.x!).toBeGreaterThan(40);
		expect(server.x - spawned.x!).toBeLessThanOrEqual(160 * 0.75);
	});

	it('keeps the prediction fields (lastInputSeq, inputTicks) for the player itself', async () => {
		const alice = await join({ name: 'Alice' });
		const bob = await join({ name: 'Bob' });
		await walk(alice, 1, 0, 300, 1);
		await vi.waitFor(() => {
			const mine = alice.state.players.get(alice.sessionId) as unknown as { lastInputSeq?: number; inputTicks?: number };
			expect(mine.lastInputSeq).toBeGreaterThan(0);
			expect(mine.inputTicks).toBeTypeOf('number');
		});
		const aliceSeenByBob = bob.state.players.get(alice.sessionId) as unknown as { x?: number; lastInputSeq?: number; inputTicks?: number };
		expect(aliceSeenByBob.x).toBeTypeOf('number');
		expect(aliceSeenByBob.lastInputSeq).toBeUndefined();
		expect(aliceSeenByBob.inputTicks).toBeUndefined();
	});

	it('tells a player who walks into a portal where it leads, once per visit', async () => {
		const alice = await join({ name: 'Alice' });
		const portals: unknown[] = [];
		alice.onMessage('portal', (portal) => portals.push(portal));
		// The lobby spawn (624, 784) is just above the portal to the garden (576..672, 896..928).
		alice.send('input', { seq: 1, kind: 'target', x: 624, y: 910 });
		await vi.waitFor(() => expect(portals).toEqual([{ map: 'garden', spawn: 'from-office' }]), { timeout: 3000 });
		await new Promise((r) => setTimeout(r, 300));
		expect(portals).toHaveLength(1);
	});

	it('refuses joins without a map, with an unknown map or with a bad name, saying why', async () => {
		const { Client } = await import('@colyseus/sdk');
		const client = new Client(world.url);
		await expect(client.joinOrCreate('office', { name: 'x' })).rejects.toThrow(/E_BAD_JOIN_OPTIONS: map/);
		await expect(client.joinOrCreate('office', { map: 'atlantis' })).rejects.toThrow(/E_UNKNOWN_MAP/);
		await expect(client.joinOrCreate('office', { map: 'office', name: 'a\u0007b' })).rejects.toThrow(/control characters/);
		await expect(client.joinOrCreate('office', { map: 'office', name: 'x'.repeat(33) })).rejects.toThrow(/at most 32/);
	});

	it('answers a malformed or unknown message with a clear error and keeps the player', async () => {
		const mallory = await join({ name: 'Mallory' });
		const errors: { code: string; message: string; type?: string }[] = [];
		mallory.onMessage('error', (e) => errors.push(e));
		mallory.send('input', { seq: 'one', kind: 'direction', dx: 1, dy: 0 });
		mallory.send('input', { seq: 1, kind: 'teleport', x: 0, y: 0 });
		mallory.send('fly', { up: true });
		await vi.waitFor(() => expect(errors).toHaveLength(3));
		expect(errors[0]).toMatchObject({ code: 'E_BAD_MESSAGE', type: 'input' });
		expect(errors[0]!.message).toMatch(/seq/);
		expect(errors[2]).toMatchObject({ code: 'E_UNKNOWN_MESSAGE', type: 'fly' });
		expect(serverRoom(mallory).state.players.has(mallory.sessionId)).toBe(true);
	});

	it('disconnects a client after too many refused messages without disturbing the others', async () => {
		const bob = await join({ name: 'Bob' });
		const mallory = await join({ name: 'Mallory' });
		const left = new Promise<number>((resolve) => mallory.onLeave((code) => resolve(code)));
		for (let i = 0; i < MAX_REFUSED_MESSAGES; i++) mallory.send('input', { garbage: i });
		expect(await left).toBe(CLOSE_BAD_CLIENT);
		await vi.waitFor(() => expect(bob.state.players.has(mallory.sessionId)).toBe(false));
		const seq = await walk(bob, 0, -1, 200, 1);
		await vi.waitFor(() => expect(seen(bob, bob.sessionId)?.lastInputSeq).toBe(seq - 1));
	});

	it('keeps a dropped player\'s avatar, stopped, and hands it back when the client reconnects', async () => {
		const bob = await join({ name: 'Bob' });
		const alice = await join({ name: 'Alice' });
		await vi.waitFor(() => expect(alice.state.players?.has(bob.sessionId)).toBe(true));
		// The SDK reconnects only rooms joined at least minUptime ago (5 s by default).
		bob.reconnection.minUptime = 0;
		const server = serverRoom(bob);
		bob.send('input', { seq: 1, kind: 'direction', dx: 1, dy: 0 });
		await vi.waitFor(() => expect(server.movementOf(bob.sessionId)!.moving).toBe(true));
		const dropped = new Promise((resolve) => server.events.once('playerDropped', resolve));
		const reconnected = new Promise((resolve) => server.events.once('playerReconnected', resolve));

		dropConnection(server, bob.sessionId);

		await dropped;
		// Stopped where it was, still on the map for the others.
		expect(server.movementOf(bob.sessionId)).toMatchObject({ dirX: 0, dirY: 0, path: [] });
		expect(alice.state.players.has(bob.sessionId)).toBe(true);
		await reconnected;
		expect(server.state.players.size).toBe(2);
		// The same session walks on, its input sequence continuing.
		const seq = await walk(bob, 0, 1, 200, 2);
		await vi.waitFor(() => expect(seen(bob, bob.sessionId)?.lastInputSeq).toBe(seq - 1));
	});

	it('removes a dropped player who does not come back within reconnectGraceSeconds', async () => {
		const bob = await join({ name: 'Bob' });
		const alice = await join({ name: 'Alice' });
		await vi.waitFor(() => expect(alice.state.players?.has(bob.sessionId)).toBe(true));
		bob.reconnection.enabled = false;
		const server = serverRoom(bob);
		const left = new Promise((resolve) => server.events.once('playerLeft', resolve));
		const droppedAt = performance.now();

		dropConnection(server, bob.sessionId);

		await left;
		const waited = performance.now() - droppedAt;
		expect(waited).toBeGreaterThanOrEqual(RECONNECT_GRACE_SECONDS * 1000 - 50);
		await vi.waitFor(() => expect(alice.state.players.has(bob.sessionId)).toBe(false));
	});

	it('sends positions only to clients within the view radius, and the roster to everyone', async () => {
		const alice = await join({ name: 'Alice' });
		const bob = await join({ name: 'Bob' });
		await vi.waitFor(() => {
			expect(seen(bob, alice.sessionId)?.x).toBeTypeOf('number');
			expect(seen(alice, bob.sessionId)?.x).toBeTypeOf('number');
		});
		// Bob walks ~250 px west: beyond VIEW_RADIUS + hysteresis.
		await walk(bob, -1, 0, 1600, 1);
		await vi.waitFor(() => {
			const bobSeenByAlice = seen(alice, bob.sessionId);
			expect(bobSeenByAlice?.name).toBe('Bob');
			expect(bobSeenByAlice?.x).toBeUndefined();
		});
		// Bob still sees himself move.
		expect(seen(bob, bob.sessionId)?.x).toBeTypeOf('number');
	});

	it('emits the hearing-graph diff: an edge when players meet, gone when one walks away or turns DND', async () => {
		const alice = await join({ name: 'Alice' });
		const bob = await join({ name: 'Bob' });
		const room = serverRoom(alice);
		const edges = new Set<string>();
		const onDiff = (diff: HearingDiff) => {
			for (const e of diff.added) edges.add(`${e.listener}>${e.speaker}`);
			for (const e of diff.removed) edges.delete(`${e.listener}>${e.speaker}`);
		};
		// Both spawned next to each other at the lobby: the edges exist already.
		for (const edge of room.proximity.edges()) edges.add(`${edge.listener}>${edge.speaker}`);
		room.events.on('hearingDiff', onDiff);
		await vi.waitFor(() => expect(edges).toEqual(new Set([`${alice.sessionId}>${bob.sessionId}`, `${bob.sessionId}>${alice.sessionId}`])));

		bob.send('status', { status: 'dnd' });
		await vi.waitFor(() => expect(edges.size).toBe(0));
		await vi.waitFor(() => expect(seen(alice, bob.sessionId)?.status).toBe('dnd'));
		bob.send('status', { status: 'available' });
		await vi.waitFor(() => expect(edges.size).toBe(2));

		// Beyond leaveRadius (160 px): walk ~250 px away.
		await walk(bob, -1, 0, 1600, 1);
		await vi.waitFor(() => expect(edges.size).toBe(0));
		room.events.off('hearingDiff', onDiff);
	});

	it('keeps fifty clients in sync', async () => {
		const crowd = await Promise.all(Array.from({ length: 50 }, (_, i) => join({ name: `Bot ${i}` })));
		const first = crowd[0]!;
		await vi.waitFor(() => expect(first.state.players.size).toBe(50), { timeout: 10_000 });
		// Everyone walks a little; each client converges to the server's position for itself.
		await Promise.all(crowd.map((room, i) => walk(room, i % 2 ? 1 : -1, i % 3 ? 1 : -1, 300, 1)));
		const server = serverRoom(first);
		await vi.waitFor(
			() => {
				for (const room of crowd) {
					const truth = server.movementOf(room.sessionId)!;
					const mine = seen(room, room.sessionId)!;
					expect(mine.x).toBeCloseTo(truth.x, 3);
					expect(mine.y).toBeCloseTo(truth.y, 3);
				}
			},
			{ timeout: 10_000 },
		);
		expect(server.state.players.size).toBe(50);
	});
});

/** Cuts a client's socket without a close frame (code 1006), as a network change does. */
function dropConnection(room: WorldRoom, sessionId: string): void {
	const client = room.clients.find((c) => c.sessionId === sessionId);
	if (!client) throw new Error(`no client ${sessionId}`);
	(client.ref as unknown as { terminate(): void }).terminate();
}
