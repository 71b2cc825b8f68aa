import Phaser from 'phaser';
import type { HallwayClient } from './client-shape.js';
import { attachHallway, type HallwayHandle } from './hallway-layer.js';
import type { HallwayOptions } from './options.js';

/** Configuration of a `HallwayScene`: the client, the scene key, and the layer's options. */
export interface HallwaySceneConfig extends HallwayOptions {
	/** A connected `WorldClient` (or any object of its shape). */
	client: HallwayClient;
	/** Scene key. Default `'hallway'`. */
	key?: string;
	/** Colour around and under the map. Default `'#1e293b'`. */
	backgroundColor?: string;
}

/**
 * A ready-made scene that is only the Hallway world, for a page that has no
 * game of its own. An existing game calls `attachHallway` from its own scene
 * instead.
 *
 * ```ts
 * const client = await WorldClient.connect({ endpoint, world: 'office', name: 'Ada' });
 * new Phaser.Game({
 *   parent: 'world',
 *   scale: { mode: Phaser.Scale.RESIZE },
 *   scene: new HallwayScene({ client, zoom: 2 }),
 * });
 * ```
 */
export class HallwayScene extends Phaser.Scene {
	/** The running layer; set in `create()`, null before and after. */
	hallway: HallwayHandle | null = null;
	readonly #config: HallwaySceneConfig;

	constructor(config: HallwaySceneConfig) {
		super({ key: config.key ?? 'hallway' });
		this.#config = config;
	}

	create(): void {
		const { client, key: _key, backgroundColor, ...options } = this.#config;
		this.cameras.main.setBackgroundColor(backgroundColor ?? '#1e293b');
		this.hallway = attachHallway(this, client, options);
		this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
			this.hallway = null;
		});
	}
}
