import { createRequire } from 'node:module';
import path from 'node:path';
import { matchMaker } from '@colyseus/core';
import {
	boxOverlapsBlocked,
	DEFAULT_MOVEMENT_OPTIONS,
	isBlockedAt,
	loadMapFile,
	startWorldServer,
	type WorldMap,
	type WorldRoom,
	type WorldServer,
} from '@hallway/world-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotFleet } from '../src/bot-fleet.js';

const mapsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@hallway/world-server/package.json')), 'maps');

/** The office room of this process (it exists once someone joined). */
async function officeRoom(): Promise<WorldRoom> {
	const [listing] = await matchMaker.query({ name: 'office', map: 'office' } as never);
	const room = listing ? (matchMaker.getLocalRoomById(listing.roomId) as WorldRoom | undefined) : undefined;
	if (!room) throw new Error('no office room yet');
	return room;
}

describe('bots against a real world server (no media)', () => {
	let server: WorldServer;
	let office: WorldMap;

	beforeAll(async () => {
		office = await loadMapFile(path.join(mapsDir, 'office.tmj'));
		const garden = await loadMapFile(path.join(mapsDir, 'garden.tmj'));
		server = await startWorldServer({ worlds: { office: { maps: new Map([[office.name, office], [garden.name, garden]]), defaultMap: 'office' } } });
	});
	afterAll(async () => {
		await server?.close();
	});

	it('joins five bots that wander the office without touching a wall or a meeting room, then leave', async () => {
		const fleet = new BotFleet({
			count: 5,
			staggerMs: 100,
			seed: 42,
			bot: { endpoint: server.url, world: 'office', pauseMs: [200, 600], emoteChance: 0.5, chatChance: 0.5 },
		});
		await fleet.start();
		const ids = fleet.bots.map((bot) => bot.client!.self.id);
		const room = await officeRoom();
		expect([...room.state.players.values()].map((p) => p.name).sort()).toEqual(['Bot 01', 'Bot 02', 'Bot 03', 'Bot 04', 'Bot 05']);

		// Watch the authoritative positions for a few seconds.
		const tracks = new Map<string, { x: number; y: number }[]>(ids.map((id) => [id, []]));
		const sampler = setInterval(() => {
			for (const id of ids) {
				const at = room.movementOf(id);
				if (at) tracks.get(id)!.push({ x: at.x, y: at.y });
			}
		}, 50);
		await new Promise((resolve) => setTimeout(resolve, 4000));
		clearInterval(sampler);

		const privateZones = office.zones.filter((zone) => zone.kind === 'private');
		for (const [id, samples] of tracks) {
			expect(samples.length, `samples of ${id}`).toBeGreaterThan(20);
			const [first] = samples;
			const farthest = Math.max(...samples.map((p) => Math.hypot(p.x - first!.x, p.y - first!.y)));
			expect(farthest, `${id} walked`).toBeGreaterThan(64);
			for (const p of samples) {
				expect(isBlockedAt(office, p.x, p.y), `${id} at (${p.x}, ${p.y}) stands on a blocked tile`).toBe(false);
				expect(boxOverlapsBlocked(office, p.x, p.y, DEFAULT_MOVEMENT_OPTIONS.halfSize), `${id} at (${p.x}, ${p.y}) overlaps a wall`).toBe(false);
				expect(privateZones.some((zone) => zone.contains(p.x, p.y)), `${id} at (${p.x}, ${p.y}) is in a meeting room`).toBe(false);
			}
		}

		const summary = fleet.summary();
		expect(summary).toMatchObject({ bots: 5, joined: 5, errors: 0 });
		expect(summary.inputs).toBeGreaterThanOrEqual(5);
		expect(summary.arrivals).toBeGreaterThan(0);

		await fleet.stop();
		expect(fleet.bots.every((bot) => bot.client === undefined)).toBe(true);
		await vi.waitFor(() => expect(room.state.players.size).toBe(0));
	});

	it('counts a failed join as an error and keeps the others going', async () => {
		const fleet = new BotFleet({ count: 2, staggerMs: 0, bot: { endpoint: server.url, world: 'nowhere' } });
		await fleet.start();
		expect(fleet.summary()).toMatchObject({ bots: 2, joined: 0, errors: 2 });
		await fleet.stop();
	});
});
