import type { ClientMap, MediaSource, Player, WorldClientEvents } from '../core/types.js';

/**
 * What the Phaser layer uses of a `WorldClient`, and nothing more.
 *
 * Why a structural type rather than the class: the layer is a consumer of the
 * client's public API (never a back door), and any object of this shape works
 * (a test double, a client wrapped by the host game). A `WorldClient`
 * satisfies it as is.
 */
export interface HallwayClient {
	/** The current map (changes when a portal is taken: `mapChanged`). */
	readonly map: ClientMap;
	/** URL the map JSON came from; tileset images in `map.tiled` are relative to it. */
	readonly mapUrl: string;
	/**
	 * The world's description, when the client has it: its call radii make the
	 * bubbles fade exactly where calls start and end.
	 */
	readonly info?: { readonly proximity?: { readonly enterRadius: number; readonly leaveRadius: number } };
	/** Everyone on the current map, self included. Positions are live: read them every frame. */
	readonly players: ReadonlyMap<string, Player>;
	/** This client's own player. */
	readonly self: Player;
	/** Held direction (length ≤ 1); `{ x: 0, y: 0 }` stops. */
	move(direction: { x: number; y: number }): void;
	/** Walk to a world point; the server paths around walls. */
	moveTo(x: number, y: number): void;
	readonly media: {
		/** The local capture of a source, for a self-view. */
		localTrack(source: MediaSource): MediaStreamTrack | undefined;
		/** Audio-only mode shows the people heard as placeholders (absent: never audio-only). */
		readonly state?: { readonly audioOnly?: boolean };
	};
	/** Subscribes; returns the function that unsubscribes. */
	on<E extends keyof WorldClientEvents>(event: E, listener: (...args: WorldClientEvents[E]) => void): () => void;
}

/**
 * `client.self`, or undefined while there is none (a `WorldClient` throws
 * `E_NOT_CONNECTED` between leaving a map through a portal and joining the
 * next). Per-frame code must not throw: it would stop the game loop.
 */
export function selfOf(client: HallwayClient): Player | undefined {
	try {
		return client.self;
	} catch {
		return undefined;
	}
}
