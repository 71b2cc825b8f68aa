// The Phaser game: one scene with the Hallway layer (map, avatars, bubbles,
// input, camera) and a "ping" marker this demo adds to show where someone is.
import type { Player, WorldClient } from '@hallway/world-client';
import { attachHallway, type HallwayHandle, isEditableTarget } from '@hallway/world-client/phaser';
import Phaser from 'phaser';

/** Camera zoom steps (mouse wheel, +/- keys); the default fits a laptop screen. */
const ZOOM_STEPS = [1, 1.25, 1.5, 2, 2.5] as const;
/** How long a ping pulses, ms. */
const PING_MS = 2400;

export interface WorldView {
	readonly game: Phaser.Game;
	/** Pulses a ring at a world point (where a located player stands). */
	ping(x: number, y: number, color: string): void;
}

class OfficeScene extends Phaser.Scene {
	readonly #client: WorldClient;
	readonly #onPlayerClick: (player: Player) => void;
	#zoom: number;
	#handle: HallwayHandle | undefined;

	constructor(client: WorldClient, onPlayerClick: (player: Player) => void) {
		super({ key: 'office' });
		this.#client = client;
		this.#onPlayerClick = onPlayerClick;
		this.#zoom = defaultZoom();
	}

	create(): void {
		this.cameras.main.setBackgroundColor('#1a1d29');
		this.#handle = attachHallway(this, this.#client, {
			zoom: this.#zoom,
			bubbleSize: 96,
			onPlayerClick: this.#onPlayerClick,
		});
		this.input.on('wheel', (_pointer: Phaser.Input.Pointer, _over: unknown, _dx: number, dy: number) => this.#step(dy > 0 ? -1 : 1));
	}

	/** One zoom step in or out. */
	#step(direction: 1 | -1): void {
		// A pinch (touch screens) may have zoomed in between.
		this.#zoom = this.#handle?.zoom ?? this.#zoom;
		const index = ZOOM_STEPS.findIndex((zoom) => zoom >= this.#zoom);
		const next = ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, (index < 0 ? ZOOM_STEPS.length - 1 : index) + direction))]!;
		if (next === this.#zoom) return;
		this.#zoom = next;
		this.#handle?.setZoom(next);
	}

	zoomBy(direction: 1 | -1): void {
		this.#step(direction);
	}

	ping(x: number, y: number, color: string): void {
		const value = Phaser.Display.Color.HexStringToColor(color).color;
		// Above the avatars, below name tags: the ring surrounds the person without hiding their name.
		const ring = this.add.circle(x, y, 14).setStrokeStyle(3, value, 1).setDepth(90_000 + y);
		const dot = this.add.circle(x, y, 5, value, 0.9).setDepth(90_000 + y);
		this.tweens.add({ targets: ring, scale: 3, alpha: 0, duration: PING_MS / 3, repeat: 2, ease: 'Cubic.easeOut' });
		this.time.delayedCall(PING_MS, () => {
			ring.destroy();
			dot.destroy();
		});
	}
}

export interface WorldViewOptions {
	onPlayerClick: (player: Player) => void;
	/**
	 * `auto`: WebGL, unless WebGL is emulated on the CPU (no GPU: a VM,
	 * headless Chromium with --disable-gpu), where each frame cost ~100 ms
	 * here (~7 fps, the main thread blocked): then Canvas, which draws the
	 * same frame in a few ms. `webgl` and `canvas` force one.
	 */
	renderer: 'auto' | 'webgl' | 'canvas';
}

const RENDERERS = { auto: Phaser.AUTO, webgl: Phaser.WEBGL, canvas: Phaser.CANVAS } as const;

export function createWorldView(parent: HTMLElement, client: WorldClient, options: WorldViewOptions): WorldView {
	const scene = new OfficeScene(client, options.onPlayerClick);
	const game = new Phaser.Game({
		type: options.renderer === 'auto' && softwareWebGl() ? Phaser.CANVAS : RENDERERS[options.renderer],
		parent,
		backgroundColor: '#1a1d29',
		// Crisp tiles when zoomed: the tileset is pixel art.
		pixelArt: true,
		scale: { mode: Phaser.Scale.RESIZE, width: parent.clientWidth || 800, height: parent.clientHeight || 600 },
		// The keyboard is the layer's (DOM listeners that leave text fields alone), not Phaser's.
		input: { keyboard: false },
		banner: false,
		audio: { noAudio: true },
		scene,
	});
	// +/- zoom the map, unless typing.
	window.addEventListener('keydown', (event) => {
		if (isEditableTarget(event.target)) return;
		if (event.key === '+' || event.key === '=') scene.zoomBy(1);
		else if (event.key === '-' || event.key === '_') scene.zoomBy(-1);
	});
	return { game, ping: (x, y, color) => scene.ping(x, y, color) };
}

/**
 * True when WebGL would run on the CPU (SwiftShader, llvmpipe: a VM, a
 * machine without a GPU driver, headless Chromium). Canvas is many times
 * faster there, and the layer paints colours itself under Canvas.
 */
function softwareWebGl(): boolean {
	const gl = document.createElement('canvas').getContext('webgl');
	if (!gl) return true;
	const info = gl.getExtension('WEBGL_debug_renderer_info');
	const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
	gl.getExtension('WEBGL_lose_context')?.loseContext();
	return /swiftshader|llvmpipe|software/i.test(renderer);
}

/** Bigger screens see the office bigger: about 22 tiles across the shorter side. */
function defaultZoom(): number {
	const short = Math.min(window.innerWidth, window.innerHeight);
	const wanted = short / (22 * 32);
	return ZOOM_STEPS.reduce((best, zoom) => (Math.abs(zoom - wanted) < Math.abs(best - wanted) ? zoom : best), ZOOM_STEPS[0]);
}
