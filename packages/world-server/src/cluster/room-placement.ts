import { matchMaker, type Presence } from '@colyseus/core';

/** Presence set of the process ids that are draining: no new room goes there. */
export const DRAINING_PROCESSES_KEY = 'hallway:draining';

/** One process as Colyseus' stats see it (`matchMaker.stats.fetchAll()`). */
export interface ProcessLoad {
	processId: string;
	/** Rooms (maps) it hosts. */
	roomCount: number;
	/** Players connected to it. */
	ccu: number;
}

/**
 * Which process should create a new room: the one with the fewest rooms,
 * then the fewest players, among those not draining. Pure. Undefined when
 * every process drains (the caller then creates it locally, where the
 * draining server refuses it with `E_SERVER_DRAINING`).
 */
export function pickProcess(processes: readonly ProcessLoad[], draining: ReadonlySet<string>): string | undefined {
	let best: ProcessLoad | undefined;
	for (const p of processes) {
		if (draining.has(p.processId)) continue;
		if (!best || p.roomCount < best.roomCount || (p.roomCount === best.roomCount && p.ccu < best.ccu)) best = p;
	}
	return best?.processId;
}

/**
 * Room placement across processes sharing one presence. Colyseus' default
 * (fewest rooms) also picks a process that is draining: between the start of
 * its drain and its final shutdown it is still listed, so a map whose room
 * just closed there could be re-created there and refused. A draining process
 * puts its id in a presence set; placement skips the ids in it.
 */
export class RoomPlacement {
	constructor(private readonly presence: Presence) {}

	/** For `new Server({ selectProcessIdToCreateRoom })`. */
	readonly select = async (): Promise<string> => {
		const [processes, draining] = await Promise.all([matchMaker.stats.fetchAll(), this.presence.smembers(DRAINING_PROCESSES_KEY)]);
		return pickProcess(processes, new Set(draining)) ?? matchMaker.processId;
	};

	/** This process starts draining: place no new room here. */
	async markDraining(): Promise<void> {
		await this.presence.sadd(DRAINING_PROCESSES_KEY, matchMaker.processId);
	}

	/** This process is gone from the listings (its final shutdown): forget it. */
	async forget(): Promise<void> {
		await this.presence.srem(DRAINING_PROCESSES_KEY, matchMaker.processId);
	}
}
