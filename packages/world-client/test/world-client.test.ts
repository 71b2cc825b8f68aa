import { createRequire } from 'node:module';
import path from 'node:path';
import { loadMapFile, startWorldServer, type WorldServer } from '@hallway/world-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ChatMessage, type Player, WorldClient } from '../src/index.js';

/** Generous waits: the machine may be busy with browser tests; passing fast is what matters. */
const SLOW = { timeout: 5000, interval: 20 };

const mapsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@hallway/world-server/package.json')), 'maps');

describe('WorldClient against a real world server (Node, no media)', () => {
	let server: WorldServer;
	const clients: WorldClient[] = [];

	async function connect(name: string, spawn?: string): Promise<WorldClient> {
		const client = await WorldClient.connect({ endpoint: server.url, world: 'office', name, media: false, ...(spawn ? { spawn } : {}) });
		clients.push(client);
		return client;
	}

	beforeAll(async () => {
		const office = await loadMapFile(path.join(mapsDir, 'office.tmj'));
		const garden = await loadMapFile(path.join(mapsDir, 'garden.tmj'));
		server = await startWorldServer({ worlds: { office: { maps: new Map([[office.name, office], [garden.name, garden]]), defaultMap: 'office', interest: { viewRadius: 320 } } } });
	});
	afterEach(async () => {
		await Promise.all(clients.splice(0).map((c) => c.disconnect()));
	});
	afterAll(async () => {
		await server?.close();
	});

	it('connects: the map, self at the lobby spawn, and the world rules', async () => {
		const ada = await connect('Ada');
		expect(ada.connectionState).toBe('connected');
		expect(ada.map.name).toBe('office');
		expect(ada.map.collision.length).toBe(ada.map.cols * ada.map.rows);
		expect(ada.self.name).toBe('Ada');
		expect(ada.self.isSelf).toBe(true);
		expect(Math.hypot(ada.self.x - 624, ada.self.y - 784)).toBeLessThan(48);
		expect(ada.info.movement.maxSpeed).toBe(160);
	});

	it('moves with prediction and ends where the server says', async () => {
		const ada = await connect('Ada');
		const start = { x: ada.self.x, y: ada.self.y };
		ada.move({ x: 1, y: 0 });
		// Prediction moves the avatar before any server round trip could.
		await vi.waitFor(() => expect(ada.self.x).toBeGreaterThan(start.x + 4), { timeout: 2000, interval: 10 });
		await new Promise((r) => setTimeout(r, 500));
		ada.move({ x: 0, y: 0 });
		await new Promise((r) => setTimeout(r, 600));
		expect(ada.self.moving).toBe(false);
		const bob = await connect('Bob');
		const adaSeenByBob = bob.players.get(ada.self.id)!;
		await vi.waitFor(() => expect(adaSeenByBob.inView).toBe(true), SLOW);
		await vi.waitFor(() => expect(Math.abs(adaSeenByBob.x - ada.self.x)).toBeLessThan(1), SLOW);
		expect(ada.self.x - start.x).toBeGreaterThan(60);
	});

	it('sees others join, move and leave, with events in order', async () => {
		const ada = await connect('Ada');
		const events: string[] = [];
		ada.on('playerJoined', (p: Player) => events.push(`joined ${p.name}`));
		ada.on('playerLeft', (p: Player) => events.push(`left ${p.name}`));
		const bob = await connect('Bob');
		await vi.waitFor(() => expect(events).toContain('joined Bob'), SLOW);
		const bobSeen = ada.players.get(bob.self.id)!;
		const moved = vi.fn();
		ada.on('playerMoved', moved);
		bob.moveTo(bob.self.x + 64, bob.self.y);
		await vi.waitFor(() => expect(moved).toHaveBeenCalledWith(bobSeen), SLOW);
		await bob.disconnect();
		await vi.waitFor(() => expect(events).toEqual(['joined Bob', 'left Bob']), SLOW);
	});

	it('delivers nearby chat to neighbours only, and world chat to everyone', async () => {
		const ada = await connect('Ada');
		const bob = await connect('Bob');
		const far = await connect('Far', 'east-wing');
		const got = { bob: [] as ChatMessage[], far: [] as ChatMessage[] };
		bob.on('chat', (m) => got.bob.push(m));
		far.on('chat', (m) => got.far.push(m));
		ada.sendChat('<b>hi</b> nearby');
		ada.sendChat('hello world', 'world');
		await vi.waitFor(() => expect(got.far.map((m) => m.text)).toEqual(['hello world']), SLOW);
		await vi.waitFor(() => expect(got.bob.map((m) => m.text)).toEqual(['<b>hi</b> nearby', 'hello world']), SLOW);
		expect(got.bob[0]).toMatchObject({ name: 'Ada', scope: 'nearby', fromId: ada.self.id, self: false });
	});

	it('refuses an empty or oversized chat line with a clear error', async () => {
		const ada = await connect('Ada');
		const errors: string[] = [];
		ada.on('error', (e) => errors.push(e.code));
		ada.sendChat('   ');
		ada.sendChat('x'.repeat(600));
		await vi.waitFor(() => expect(errors).toEqual(['E_BAD_MESSAGE', 'E_BAD_MESSAGE']), SLOW);
	});

	it('shows emotes, status and locates a player out of view', async () => {
		const ada = await connect('Ada');
		const far = await connect('Far', 'east-wing');
		const emotes: string[] = [];
		ada.on('emote', (p, e) => emotes.push(`${p.name}:${e}`));
		await vi.waitFor(() => expect(ada.players.has(far.self.id)).toBe(true), SLOW);
		far.emote('wave');
		far.setStatus('busy');
		await vi.waitFor(() => expect(emotes).toEqual(['Far:wave']), SLOW);
		const farSeen = ada.players.get(far.self.id)!;
		await vi.waitFor(() => expect(farSeen.status).toBe('busy'), SLOW);
		expect(farSeen.inView).toBe(false);
		const at = await ada.locate(far.self.id);
		expect(Math.hypot(at.x - 1040, at.y - 368)).toBeLessThan(48);
		await expect(ada.locate('nobody')).rejects.toMatchObject({ code: 'E_UNKNOWN_PLAYER' });
	});

	it('follows a player', async () => {
		const ada = await connect('Ada');
		const bob = await connect('Bob');
		bob.moveTo(bob.self.x + 200, bob.self.y - 96);
		await vi.waitFor(() => expect(Math.hypot(ada.self.x - bob.self.x, ada.self.y - bob.self.y)).toBeGreaterThan(150), { timeout: 5000 });
		ada.follow(bob.self.id);
		expect(ada.following).toBe(bob.self.id);
		await vi.waitFor(() => expect(Math.hypot(ada.self.x - bob.self.x, ada.self.y - bob.self.y)).toBeLessThan(64), { timeout: 8000 });
		ada.move({ x: -1, y: 0 });
		expect(ada.following).toBeNull();
	});
});
