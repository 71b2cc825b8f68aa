import { WorldClient } from '@hallway/world-client';
import { attachHallway } from '@hallway/world-client/phaser';
import Phaser from 'phaser';
import { CoffeeCups } from './coffee-cups.js';
import { mediaButtons } from './media-buttons.js';
import { Meadow } from './meadow.js';
import { drawMeadow } from './meadow-view.js';
import { Runner } from './runner.js';
import { makeTextures, TEXTURES } from './textures.js';

/** Whatever the rules read the player's position from. */
interface Walker {
	readonly x: number;
	readonly y: number;
}

const HUD_DEPTH = 1_000_000;

/**
 * Coffee Run: walk around the meadow and drink the coffee before it gets
 * cold. The game knows nothing about Hallway except `#joinHallway`, the few
 * lines that turn the meadow into a place to meet.
 */
export class MeadowScene extends Phaser.Scene {
	readonly #meadow = new Meadow();
	#player!: Walker;
	#runner: Runner | null = null;
	#cups!: CoffeeCups;
	#note!: Phaser.GameObjects.Text;

	constructor() {
		super('meadow');
	}

	create(): void {
		makeTextures(this.textures, this.#meadow);
		drawMeadow(this, this.#meadow);
		this.#runner = new Runner(this, this.#meadow);
		this.#player = this.#runner;
		this.#cups = new CoffeeCups(this, this.#meadow, 3);

		const style = { fontFamily: 'system-ui, sans-serif', fontSize: '18px', color: '#ffffff', stroke: '#1f2937', strokeThickness: 4 };
		this.add.image(28, 26, TEXTURES.cup).setScrollFactor(0).setDepth(HUD_DEPTH);
		const score = this.add.text(46, 14, '0', { ...style, fontStyle: 'bold', fontSize: '22px' }).setScrollFactor(0).setDepth(HUD_DEPTH);
		this.#cups.onCollect((cups) => score.setText(String(cups)));
		this.#note = this.add.text(this.scale.width - 14, 14, 'Arrow keys to walk', style).setOrigin(1, 0).setScrollFactor(0).setDepth(HUD_DEPTH);

		// Hallway: meet the people in the meadow; without a world server, play alone.
		this.#joinHallway().catch((error: Error) => {
			this.#note.setText('Playing alone');
			console.warn(`Coffee Run: no Hallway world (${error.message})`);
		});
	}

	override update(_time: number, delta: number): void {
		this.#runner?.update(delta);
		this.#cups.update(this.#player);
	}

	/** Hallway: the lines Coffee Run added to become a place to meet (docs/embedding.md shows them). */
	async #joinHallway(): Promise<void> {
		const name = new URLSearchParams(location.search).get('name') ?? 'Coffee fan';
		const client = await WorldClient.connect({ endpoint: location.origin, world: 'meadow', name });
		attachHallway(this, client, { map: false }); // the game draws the meadow; Hallway adds people, bubbles, input
		this.#runner?.destroy(); // the Hallway avatar is the player now,
		this.#runner = null;
		this.#player = client.self; // and the cups follow it
		this.#cups.onCollect((cups) => {
			if (cups % 5 === 0) client.emote('tada'); // a cheer every 5 cups, for the people nearby
		});
		mediaButtons(client, document.querySelector<HTMLElement>('#media')!);
		this.#note.setText('Arrows, WASD or click · walk up to someone to talk');
	}
}
