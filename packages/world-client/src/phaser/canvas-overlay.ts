/** Size of the overlay in CSS px, and how many CSS px one game px is. */
export interface OverlayFrame {
	readonly width: number;
	readonly height: number;
	readonly scaleX: number;
	readonly scaleY: number;
}

/**
 * A `<div>` laid exactly over the game canvas, for DOM content that must
 * follow the game world (video bubbles).
 *
 * Why not Phaser's DOMElement: it needs `dom: { createContainer: true }` in
 * the game config, which an existing game may not have. Why not
 * `position: fixed`: a transformed ancestor breaks it. The overlay is the
 * canvas's next sibling, absolutely positioned, and each frame it measures
 * where it landed against the canvas and corrects its offset: this works
 * whatever the page's positioning context, scrolling, or Phaser scale mode.
 */
export class CanvasOverlay {
	readonly element: HTMLDivElement;
	readonly #canvas: HTMLCanvasElement;
	#left = 0;
	#top = 0;
	#width = -1;
	#height = -1;
	#hidden = false;

	constructor(canvas: HTMLCanvasElement, className = 'hallway-bubbles') {
		this.#canvas = canvas;
		this.element = canvas.ownerDocument.createElement('div');
		this.element.className = className;
		// Inline, so the overlay works even when the page brings its own styles.
		Object.assign(this.element.style, { position: 'absolute', left: '0px', top: '0px', overflow: 'hidden', pointerEvents: 'none' });
	}

	/** Hides the overlay (the scene sleeps) or shows it again. */
	setHidden(hidden: boolean): void {
		this.#hidden = hidden;
		this.element.style.display = hidden ? 'none' : '';
	}

	/**
	 * Aligns the overlay with the canvas. `gameWidth`/`gameHeight` are the
	 * game's size in game px (cameras work in those). Returns null while the
	 * canvas is not displayed.
	 */
	sync(gameWidth: number, gameHeight: number): OverlayFrame | null {
		if (this.#hidden) return null;
		if (!this.element.isConnected) {
			if (!this.#canvas.isConnected) return null;
			this.#canvas.after(this.element);
		}
		const canvas = this.#canvas.getBoundingClientRect();
		if (canvas.width === 0 || canvas.height === 0) return null;
		const overlay = this.element.getBoundingClientRect();
		const dx = canvas.left - overlay.left;
		const dy = canvas.top - overlay.top;
		// Sub-pixel differences are rounding, not movement: do not write styles every frame for them.
		if (Math.abs(dx) > 0.5 || Math.abs(dy) > 0.5) {
			this.#left += dx;
			this.#top += dy;
			this.element.style.left = `${this.#left}px`;
			this.element.style.top = `${this.#top}px`;
		}
		if (canvas.width !== this.#width || canvas.height !== this.#height) {
			this.#width = canvas.width;
			this.#height = canvas.height;
			this.element.style.width = `${canvas.width}px`;
			this.element.style.height = `${canvas.height}px`;
		}
		return { width: canvas.width, height: canvas.height, scaleX: canvas.width / gameWidth, scaleY: canvas.height / gameHeight };
	}

	destroy(): void {
		this.element.remove();
	}
}
