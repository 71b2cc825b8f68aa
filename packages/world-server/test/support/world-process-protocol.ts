// What a world process (world-process-entry.ts) and the test that started it (world-process.ts) share.

/** What the process prints once ready, after `HALLWAY_WORLD_PROCESS `. */
export interface WorldProcessReady {
	url: string;
	port: number;
	processId: string;
	publicAddress: string;
	pid: number;
}

/** One room of `GET /test/rooms`. */
export interface LocalRoom {
	roomId: string;
	world: string;
	map: string;
	/** Session ids of the players in it. */
	players: string[];
	media: { peers: number; transports: number; producers: number; consumers: number } | null;
}

export const WORLD_PROCESS_READY = 'HALLWAY_WORLD_PROCESS';
