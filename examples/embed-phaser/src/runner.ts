import Phaser from 'phaser';
import type { Meadow } from './meadow.js';
import { TEXTURES } from './textures.js';

/** Walking speed, px/s. */
const SPEED = 160;
/** Half the side of the runner's square footprint, px. */
const HALF_SIZE = 10;

/**
 * The game's own hero, moved with the arrow keys: it slides along hedges
 * and around the pond, never through them.
 */
export class Runner {
	readonly sprite: Phaser.GameObjects.Image;
	readonly #meadow: Meadow;
	readonly #keys: Phaser.Types.Input.Keyboard.CursorKeys | undefined;

	constructor(scene: Phaser.Scene, meadow: Meadow) {
		this.#meadow = meadow;
		this.sprite = scene.add.image(meadow.start.x, meadow.start.y, TEXTURES.runner).setOrigin(0.5, 0.8);
		this.#keys = scene.input.keyboard?.createCursorKeys();
	}

	get x(): number {
		return this.sprite.x;
	}

	get y(): number {
		return this.sprite.y;
	}

	update(deltaMs: number): void {
		const keys = this.#keys;
		if (!keys) return;
		let dx = (keys.right.isDown ? 1 : 0) - (keys.left.isDown ? 1 : 0);
		let dy = (keys.down.isDown ? 1 : 0) - (keys.up.isDown ? 1 : 0);
		if (dx !== 0 && dy !== 0) {
			dx *= Math.SQRT1_2;
			dy *= Math.SQRT1_2;
		}
		const step = (SPEED * Math.min(deltaMs, 100)) / 1000;
		// One axis at a time: blocked on one, the runner still slides along the other.
		if (dx !== 0 && this.#fits(this.x + dx * step, this.y)) this.sprite.x += dx * step;
		if (dy !== 0 && this.#fits(this.x, this.y + dy * step)) this.sprite.y += dy * step;
		this.sprite.setDepth(this.y);
	}

	destroy(): void {
		this.sprite.destroy();
	}

	#fits(x: number, y: number): boolean {
		const m = this.#meadow;
		const h = HALF_SIZE;
		return !m.blockedAt(x - h, y - h) && !m.blockedAt(x + h - 0.01, y - h) && !m.blockedAt(x - h, y + h - 0.01) && !m.blockedAt(x + h - 0.01, y + h - 0.01);
	}
}
