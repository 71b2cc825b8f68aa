import type Phaser from 'phaser';
import type { Meadow } from './meadow.js';
import { TEXTURES } from './textures.js';

/** Closer than this, px, and the cup is yours. */
const REACH = 22;
/** A new cup appears at least this far from the player, px: it should take a walk. */
const MIN_DISTANCE = 160;

/** The game's rule: cups of coffee appear on the grass; walk over one to drink it. */
export class CoffeeCups {
	/** Cups collected so far. */
	score = 0;
	readonly #scene: Phaser.Scene;
	readonly #spots: { x: number; y: number }[];
	readonly #cups = new Set<Phaser.GameObjects.Image>();
	readonly #listeners: ((score: number) => void)[] = [];

	constructor(scene: Phaser.Scene, meadow: Meadow, count: number) {
		this.#scene = scene;
		this.#spots = meadow.cells.filter((c) => !c.obstacle && c.ground !== 'blanket').map((c) => meadow.centreOf(c.col, c.row));
		for (let i = 0; i < count; i++) this.#spawn(meadow.start);
	}

	/** Called with the new score after each cup. */
	onCollect(listener: (score: number) => void): void {
		this.#listeners.push(listener);
	}

	/** Checks whether the player reached a cup; call every frame. */
	update(player: { readonly x: number; readonly y: number }): void {
		for (const cup of this.#cups) {
			if (Math.hypot(cup.x - player.x, cup.y - player.y) > REACH) continue;
			this.#cups.delete(cup);
			this.#scene.tweens.killTweensOf(cup);
			this.#scene.tweens.add({ targets: cup, y: cup.y - 24, alpha: 0, scale: 1.6, duration: 300, onComplete: () => cup.destroy() });
			this.score++;
			for (const listener of this.#listeners) listener(this.score);
			this.#spawn(player);
		}
	}

	#spawn(awayFrom: { x: number; y: number }): void {
		const far = this.#spots.filter((s) => Math.hypot(s.x - awayFrom.x, s.y - awayFrom.y) >= MIN_DISTANCE);
		const spot = far[Math.floor(Math.random() * far.length)] ?? this.#spots[0]!;
		const cup = this.#scene.add.image(spot.x, spot.y, TEXTURES.cup).setOrigin(0.5, 0.75).setDepth(spot.y);
		this.#scene.tweens.add({ targets: cup, y: spot.y - 3, duration: 700, yoyo: true, repeat: -1, ease: 'Sine.easeInOut' });
		this.#cups.add(cup);
	}
}
