import type Phaser from 'phaser';

/** Zoom range a pinch stays within (camera zoom, world px → game px). */
export interface PinchZoomRange {
	/** Default 0.5. */
	min: number;
	/** Default 4. */
	max: number;
}

export const DEFAULT_PINCH_ZOOM: Readonly<PinchZoomRange> = { min: 0.5, max: 4 };

/** The zoom for a pinch: the zoom when two fingers landed, times how much they spread, kept in range. */
export function pinchZoom(startZoom: number, startDistance: number, distance: number, range: PinchZoomRange): number {
	if (!(startDistance > 0) || !(distance > 0)) return startZoom;
	return Math.min(range.max, Math.max(range.min, (startZoom * distance) / startDistance));
}

/**
 * Two fingers on the map zoom the camera (the layer's `setZoom`, so it stays
 * within the map). Only pointers pressed on the canvas count: a thumb on the
 * joystick and a finger on the map are not a pinch.
 */
export class PinchZoom {
	readonly #scene: Phaser.Scene;
	readonly #range: PinchZoomRange;
	readonly #getZoom: () => number;
	readonly #setZoom: (zoom: number) => void;
	#start: { distance: number; zoom: number } | null = null;

	constructor(scene: Phaser.Scene, options: { range: PinchZoomRange; getZoom: () => number; setZoom: (zoom: number) => void }) {
		this.#scene = scene;
		this.#range = options.range;
		this.#getZoom = options.getZoom;
		this.#setZoom = options.setZoom;
		scene.input.on('pointermove', this.#onChange);
		scene.input.on('pointerdown', this.#onChange);
		scene.input.on('pointerup', this.#onChange);
		scene.input.on('pointerupoutside', this.#onChange);
	}

	destroy(): void {
		const input = this.#scene.input;
		input?.off('pointermove', this.#onChange);
		input?.off('pointerdown', this.#onChange);
		input?.off('pointerup', this.#onChange);
		input?.off('pointerupoutside', this.#onChange);
	}

	readonly #onChange = (): void => {
		const canvas = this.#scene.game.canvas;
		const fingers = this.#scene.input.manager.pointers.filter((pointer) => pointer.isDown && pointer.wasTouch && pointer.downElement === canvas);
		if (fingers.length !== 2) {
			this.#start = null;
			return;
		}
		const [a, b] = fingers as [Phaser.Input.Pointer, Phaser.Input.Pointer];
		const distance = Math.hypot(a.x - b.x, a.y - b.y);
		if (!this.#start) {
			this.#start = { distance, zoom: this.#getZoom() };
			return;
		}
		const zoom = pinchZoom(this.#start.zoom, this.#start.distance, distance, this.#range);
		if (Math.abs(zoom - this.#getZoom()) > 0.005) this.#setZoom(zoom);
	};
}
