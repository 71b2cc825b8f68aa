import type { MovementOptions } from '../movement/movement-options.js';

/** What a client needs before joining a world: its maps, the default one, and the rules its prediction must share. */
export interface WorldInfo {
	world: string;
	defaultMap: string;
	maps: { name: string; widthPx: number; heightPx: number; tileWidth: number; tileHeight: number }[];
	/** The movement rules the server simulates with (a predicting client must use the same). */
	movement: MovementOptions;
	/** Call radii, px, for clients that fade bubbles with distance. */
	proximity: { enterRadius: number; leaveRadius: number };
}
