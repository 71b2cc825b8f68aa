import type Phaser from 'phaser';
import type { Meadow } from './meadow.js';
import { TEXTURES } from './textures.js';

/** Below everything that stands on the meadow. */
export const GROUND_DEPTH = -20_000;

/**
 * Draws the meadow: the ground as one image, and trees and rocks as sprites
 * whose depth is the y of their base, so that whoever walks in front of a
 * tree is drawn over it and whoever walks behind is hidden by it.
 */
export function drawMeadow(scene: Phaser.Scene, meadow: Meadow): void {
	scene.add.image(0, 0, TEXTURES.ground).setOrigin(0, 0).setDepth(GROUND_DEPTH);
	for (const cell of meadow.cells) {
		if (cell.obstacle !== 'tree' && cell.obstacle !== 'rock') continue;
		const { x } = meadow.centreOf(cell.col, cell.row);
		const base = (cell.row + 1) * meadow.tileSize;
		const texture = cell.obstacle === 'tree' ? TEXTURES.tree : TEXTURES.rock;
		scene.add.image(x, base + (cell.obstacle === 'tree' ? 4 : -2), texture).setOrigin(0.5, 1).setDepth(base);
	}
}
