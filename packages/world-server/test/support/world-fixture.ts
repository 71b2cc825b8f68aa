import { fileURLToPath } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import { loadMapFile, type WorldMap } from '../../src/map/index.js';
import type { WorldConfig } from '../../src/room/index.js';

const mapsDir = fileURLToPath(new URL('../../maps/', import.meta.url));

/** The demo maps shipped with the package. */
export async function demoMaps(): Promise<Map<string, WorldMap>> {
	const office = await loadMapFile(`${mapsDir}office.tmj`);
	const garden = await loadMapFile(`${mapsDir}garden.tmj`);
	return new Map([
		[office.name, office],
		[garden.name, garden],
	]);
}

export async function officeWorld(overrides: Partial<WorldConfig> = {}): Promise<WorldConfig> {
	return { maps: await demoMaps(), defaultMap: 'office', ...overrides };
}

/** A client-side player state as the SDK decodes it (view fields absent when out of view). */
export interface DecodedPlayer {
	userId: string;
	name: string;
	status: string;
	x?: number;
	y?: number;
	lastInputSeq?: number;
}

export interface DecodedWorld {
	map: string;
	players: Map<string, DecodedPlayer>;
}

/** Joins a world as a fresh SDK client, the way `WorldClient` will. */
export async function joinWorld(url: string, world: string, options: { name?: string; map?: string; spawn?: string } = {}): Promise<Room<DecodedWorld>> {
	const client = new Client(url);
	return client.joinOrCreate<DecodedWorld>(world, { map: 'office', ...options });
}

/** A plain snapshot of what a client currently knows about a player. */
export function seen(room: Room<DecodedWorld>, sessionId: string): DecodedPlayer | undefined {
	const player = room.state.players.get(sessionId);
	return player ? { ...(player as unknown as { toJSON(): DecodedPlayer }).toJSON() } : undefined;
}

/** Leaves a room, giving up after a second (a room the server already closed never answers). */
export async function leaveQuietly(room: Room): Promise<void> {
	await Promise.race([room.leave().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000))]);
}
