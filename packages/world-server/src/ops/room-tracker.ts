import type { WorldRoom } from '../room/world-room.js';

/**
 * The live WorldRooms of one server, with the world each belongs to: what
 * metrics count and a drain closes. Filled from Colyseus' room handler events
 * (`create`, `dispose`), so it holds this server's rooms only, not those of
 * another server in the same process.
 */
export class RoomTracker {
	readonly #rooms = new Map<WorldRoom, string>();

	add(world: string, room: WorldRoom): void {
		this.#rooms.set(room, world);
	}

	delete(room: WorldRoom): void {
		this.#rooms.delete(room);
	}

	get size(): number {
		return this.#rooms.size;
	}

	/** Rooms with their world name. */
	entries(): IterableIterator<[room: WorldRoom, world: string]> {
		return this.#rooms.entries();
	}

	/** Connected players across every room. */
	get players(): number {
		let players = 0;
		for (const room of this.#rooms.keys()) players += room.clients.length;
		return players;
	}
}
