import type Phaser from 'phaser';
import type { Player } from '../core/types.js';
import { AVATAR_TEXTURES, TEXTURE_SCALE } from './avatar-textures.js';
import type { HallwayClient } from './client-shape.js';

/** A press that moved farther than this (game px) is a drag, not a click. */
const CLICK_SLOP = 10;
/** A click this close (world px) to an avatar's body picks the avatar. */
const AVATAR_HIT_RADIUS = 16;
/** The body's centre is this far above the player's position (world px). */
const AVATAR_BODY_OFFSET_Y = -4;

/**
 * Click or tap to walk: the pointer's screen position → world position →
 * `client.moveTo`, with a small marker where the avatar is heading. Clicks
 * on the game's own interactive objects and drags are left to the game.
 *
 * Touch: a tap walks; a drag, a pinch or any gesture with two fingers on the
 * map does not (no finger of it walks when lifted). A tap on page content
 * over the canvas (a chat panel, a button) never reaches here: Phaser
 * reports a release over another element as `pointerupoutside`.
 */
export class PointerInput {
	readonly #scene: Phaser.Scene;
	readonly #client: HallwayClient;
	readonly #camera: () => Phaser.Cameras.Scene2D.Camera;
	readonly #onPlayerClick: ((player: Player) => void) | undefined;
	readonly #depth: number;
	#enabled = true;
	/** Two or more fingers touched the map since the gesture's first finger: a gesture, not a tap. */
	#multiTouch = false;
	#marker: Phaser.GameObjects.Image | null = null;

	constructor(
		scene: Phaser.Scene,
		client: HallwayClient,
		options: { camera: () => Phaser.Cameras.Scene2D.Camera; onPlayerClick: ((player: Player) => void) | undefined; depth: number },
	) {
		this.#scene = scene;
		this.#client = client;
		this.#camera = options.camera;
		this.#onPlayerClick = options.onPlayerClick;
		this.#depth = options.depth;
		scene.input.on('pointerdown', this.#onPointerDown);
		scene.input.on('pointerup', this.#onPointerUp);
	}

	setEnabled(enabled: boolean): void {
		this.#enabled = enabled;
	}

	destroy(): void {
		this.#scene.input?.off('pointerdown', this.#onPointerDown);
		this.#scene.input?.off('pointerup', this.#onPointerUp);
		this.#marker?.destroy();
		this.#marker = null;
	}

	readonly #onPointerDown = (): void => {
		// A first finger starts a new gesture; a second one makes it a gesture that never walks.
		// (Fingers lifted together are released in one batch: clearing the flag on release would let the last one walk.)
		this.#multiTouch = this.#pointersOnMap() > 1;
	};

	readonly #onPointerUp = (pointer: Phaser.Input.Pointer, over: Phaser.GameObjects.GameObject[]): void => {
		if (this.#multiTouch || !this.#enabled || over.length > 0) return;
		// Primary button or a touch; right and middle clicks are the game's.
		if (pointer.button !== 0 || pointer.getDistance() > CLICK_SLOP) return;
		const world = this.#camera().getWorldPoint(pointer.x, pointer.y);

		if (this.#onPlayerClick) {
			const player = this.#playerAt(world.x, world.y);
			if (player) {
				this.#onPlayerClick(player);
				return;
			}
		}

		const map = this.#client.map;
		const x = Math.min(map.widthPx - 1, Math.max(0, world.x));
		const y = Math.min(map.heightPx - 1, Math.max(0, world.y));
		this.#client.moveTo(x, y);
		this.#showMarker(x, y);
	};

	/** Pointers pressed on the game's canvas now (fingers, or the mouse). */
	#pointersOnMap(): number {
		const canvas = this.#scene.game.canvas;
		let count = 0;
		for (const pointer of this.#scene.input.manager.pointers) if (pointer.isDown && pointer.downElement === canvas) count++;
		return count;
	}

	/** The nearest visible avatar (not self) whose body is under the point. */
	#playerAt(x: number, y: number): Player | undefined {
		let best: Player | undefined;
		let bestDistance = AVATAR_HIT_RADIUS;
		for (const player of this.#client.players.values()) {
			if (player.isSelf || !player.inView) continue;
			const distance = Math.hypot(player.x - x, player.y + AVATAR_BODY_OFFSET_Y - y);
			if (distance <= bestDistance) {
				best = player;
				bestDistance = distance;
			}
		}
		return best;
	}

	#showMarker(x: number, y: number): void {
		this.#marker?.destroy();
		const marker = this.#scene.add.image(x, y, AVATAR_TEXTURES.marker);
		marker.setDepth(this.#depth).setAlpha(0.9).setScale(0.6 / TEXTURE_SCALE);
		this.#marker = marker;
		this.#scene.tweens.add({
			targets: marker,
			scale: 1.2 / TEXTURE_SCALE,
			alpha: 0,
			duration: 600,
			ease: 'Cubic.easeOut',
			onComplete: () => {
				if (this.#marker === marker) this.#marker = null;
				marker.destroy();
			},
		});
	}
}
