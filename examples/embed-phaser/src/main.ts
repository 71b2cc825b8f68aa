import Phaser from 'phaser';
import { MeadowScene } from './meadow-scene.js';
import { MEADOW_ROWS, TILE_SIZE } from './meadow.js';

new Phaser.Game({
	type: Phaser.AUTO,
	parent: 'game',
	width: MEADOW_ROWS[0].length * TILE_SIZE,
	height: MEADOW_ROWS.length * TILE_SIZE,
	backgroundColor: '#2f6b2a',
	scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_HORIZONTALLY },
	scene: [MeadowScene],
});
