import Phaser from 'phaser';
import { AvatarLayer } from './avatar-layer.js';
import { ensureBubbleStyles } from './bubble-styles.js';
import { CameraFollow } from './camera-follow.js';
import type { HallwayClient } from './client-shape.js';
import { KeyboardInput } from './keyboard-input.js';
import { MapRenderer } from './map-renderer.js';
import { type HallwayOptions, type ResolvedHallwayOptions, resolveOptions } from './options.js';
import { PinchZoom } from './pinch-zoom.js';
import { PointerInput } from './pointer-input.js';
import { VideoBubbles } from './video-bubbles.js';
import { VirtualJoystick } from './virtual-joystick.js';

/** What `attachHallway` returns: the running layer, to adjust or remove. */
export interface HallwayHandle {
	readonly client: HallwayClient;
	readonly scene: Phaser.Scene;
	/** Resolves when the first map is on screen (tileset images loaded). Never rejects: problems go to `onError`. */
	readonly ready: Promise<void>;
	/** The Phaser tilemap of the current map (null before it is drawn, or with `map: false`). */
	readonly tilemap: Phaser.Tilemaps.Tilemap | null;
	/** The element over the canvas that holds the video bubbles (null with `bubbles: false`). */
	readonly bubbleLayer: HTMLElement | null;
	/** The on-screen joystick (`.hallway-joystick`), null when the `joystick` option left it off. */
	readonly joystick: HTMLElement | null;
	/** Current camera zoom. */
	readonly zoom: number;
	/** True once destroyed (by `destroy()` or by the scene shutting down). */
	readonly destroyed: boolean;
	/**
	 * The container of a player's avatar (at its position, y-sorted), to hang
	 * the game's own objects on it: `handle.avatarOf(id)?.add(hat)`.
	 */
	avatarOf(playerId: string): Phaser.GameObjects.Container | undefined;
	/** Zooms the camera (when the layer drives it), keeping it within the map. */
	setZoom(zoom: number): void;
	/** Turns keyboard movement off (a menu is open) or back on. */
	setKeyboardEnabled(enabled: boolean): void;
	/** Turns click-to-move off or back on. */
	setPointerEnabled(enabled: boolean): void;
	/** Turns the on-screen joystick off (stopping the avatar if held) or back on. */
	setJoystickEnabled(enabled: boolean): void;
	/**
	 * Removes everything the layer added (game objects, DOM, listeners) and
	 * stops the avatar. Idempotent. The client stays connected: disconnecting
	 * is the game's call.
	 */
	destroy(): void;
}

/**
 * Renders a Hallway world in an existing Phaser scene: the Tiled map, an
 * avatar per player (name, status, speaking ring, emotes), circular video
 * bubbles pinned above the people you are talking with, keyboard,
 * click-or-tap-to-move and (on touch screens) joystick input, and a camera
 * that follows you (pinch to zoom).
 *
 * Call it from the scene's `create()` (or later), with a connected
 * `WorldClient`. It cleans up by itself when the scene shuts down.
 *
 * ```ts
 * import { WorldClient } from '@hallway/world-client';
 * import { attachHallway } from '@hallway/world-client/phaser';
 *
 * class Lobby extends Phaser.Scene {
 *   async create() {
 *     const client = await WorldClient.connect({ endpoint: 'https://hallway.example.com', world: 'office', name: 'Ada' });
 *     const hallway = attachHallway(this, client, { zoom: 2 });
 *     this.add.image(400, 300, 'fountain').setDepth(300); // depth = y: walks among the avatars
 *   }
 * }
 * ```
 *
 * Bubbles are DOM elements in a `.hallway-bubbles` layer laid over the
 * canvas (no `dom.createContainer` needed). Each is a
 * `.hallway-bubble[data-player-id][data-source][data-state]` with a
 * `.hallway-bubble-frame` holding a `<video>` and a
 * `.hallway-bubble-placeholder`; `.is-speaking` and `.is-offscreen` are
 * toggled on it. Override the default styles with your own CSS, or pass
 * `injectStyles: false`.
 */
export function attachHallway(scene: Phaser.Scene, client: HallwayClient, options?: HallwayOptions): HallwayHandle {
	return new HallwayLayer(scene, client, resolveOptions(options));
}

class HallwayLayer implements HallwayHandle {
	readonly client: HallwayClient;
	readonly scene: Phaser.Scene;
	readonly ready: Promise<void>;
	readonly #options: ResolvedHallwayOptions;
	readonly #map: MapRenderer | null;
	readonly #avatars: AvatarLayer;
	readonly #camera: CameraFollow | null;
	readonly #keyboard: KeyboardInput | null;
	readonly #pointer: PointerInput | null;
	readonly #joystick: VirtualJoystick | null;
	readonly #pinch: PinchZoom | null;
	readonly #bubbles: VideoBubbles | null;
	readonly #unsubscribe: (() => void)[] = [];
	/** What the game asked for; sleeping turns the keyboard off without forgetting it. */
	#keyboardWanted = true;
	#destroyed = false;

	constructor(scene: Phaser.Scene, client: HallwayClient, options: ResolvedHallwayOptions) {
		this.scene = scene;
		this.client = client;
		this.#options = options;
		const camera = (): Phaser.Cameras.Scene2D.Camera => scene.cameras.main;

		this.#map = options.map ? new MapRenderer(scene, options.depth, options.onError) : null;
		this.ready = this.#renderMap();
		this.#camera = options.camera ? new CameraFollow(scene, camera(), client, options.zoom, options.cameraLerp) : null;
		this.#avatars = new AvatarLayer(scene, client, options.depth, this.#textResolution());
		this.#keyboard = options.keyboard && typeof window !== 'undefined' ? new KeyboardInput(client) : null;
		this.#pointer =
			options.pointer && scene.input
				? new PointerInput(scene, client, { camera, onPlayerClick: options.onPlayerClick, depth: options.depth.avatars - 1 })
				: null;
		// Phaser tracks one finger by default: a pinch needs two, and a thumb may be on the joystick meanwhile.
		if ((options.pointer || options.pinchZoom) && scene.input && scene.input.manager.pointersTotal < 3) {
			scene.input.addPointer(3 - scene.input.manager.pointersTotal);
		}
		const range = options.pinchZoom;
		this.#pinch =
			range && options.camera && scene.input
				? new PinchZoom(scene, { range, getZoom: () => this.zoom, setZoom: (zoom) => this.setZoom(zoom) })
				: null;
		this.#joystick = options.joystick && typeof window !== 'undefined' ? new VirtualJoystick(scene.game.canvas, client) : null;
		if ((options.bubbles || this.#joystick) && options.injectStyles) ensureBubbleStyles(scene.game.canvas.ownerDocument);
		this.#bubbles = options.bubbles
			? new VideoBubbles(scene, client, {
					size: options.bubbleSize,
					compact: options.compactBubbles,
					selfView: options.selfView,
					// The world's own radii first, so the fade ends where calls end; explicit options win.
					fade: { ...client.info?.proximity, ...options.fade },
					camera,
				})
			: null;

		this.#unsubscribe.push(
			client.on('mapChanged', () => {
				void this.#renderMap();
				this.#camera?.updateBounds();
				this.#camera?.snapNext();
			}),
		);
		const events = scene.events;
		events.on(Phaser.Scenes.Events.UPDATE, this.#update);
		events.on(Phaser.Scenes.Events.RENDER, this.#render);
		events.on(Phaser.Scenes.Events.SLEEP, this.#sleep);
		events.on(Phaser.Scenes.Events.WAKE, this.#wake);
		events.once(Phaser.Scenes.Events.SHUTDOWN, this.destroy);
		events.once(Phaser.Scenes.Events.DESTROY, this.destroy);
	}

	get tilemap(): Phaser.Tilemaps.Tilemap | null {
		return this.#map?.tilemap ?? null;
	}

	get bubbleLayer(): HTMLElement | null {
		return this.#bubbles?.overlay.element ?? null;
	}

	get joystick(): HTMLElement | null {
		return this.#joystick?.element ?? null;
	}

	get zoom(): number {
		return this.scene.cameras.main.zoom;
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	avatarOf(playerId: string): Phaser.GameObjects.Container | undefined {
		return this.#avatars.get(playerId)?.root;
	}

	setZoom(zoom: number): void {
		if (!(zoom > 0) || !Number.isFinite(zoom)) throw new RangeError(`E_HALLWAY_OPTION: zoom must be a positive number, got ${zoom}`);
		if (this.#camera) this.#camera.setZoom(zoom);
		else this.scene.cameras.main.setZoom(zoom);
		this.#avatars.setTextResolution(this.#textResolution());
	}

	setKeyboardEnabled(enabled: boolean): void {
		this.#keyboardWanted = enabled;
		this.#keyboard?.setEnabled(enabled);
	}

	setPointerEnabled(enabled: boolean): void {
		this.#pointer?.setEnabled(enabled);
	}

	setJoystickEnabled(enabled: boolean): void {
		this.#joystick?.setEnabled(enabled);
	}

	readonly destroy = (): void => {
		if (this.#destroyed) return;
		this.#destroyed = true;
		const events = this.scene.events;
		events.off(Phaser.Scenes.Events.UPDATE, this.#update);
		events.off(Phaser.Scenes.Events.RENDER, this.#render);
		events.off(Phaser.Scenes.Events.SLEEP, this.#sleep);
		events.off(Phaser.Scenes.Events.WAKE, this.#wake);
		events.off(Phaser.Scenes.Events.SHUTDOWN, this.destroy);
		events.off(Phaser.Scenes.Events.DESTROY, this.destroy);
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
		this.#keyboard?.destroy();
		this.#pointer?.destroy();
		this.#pinch?.destroy();
		this.#joystick?.destroy();
		this.#bubbles?.destroy();
		this.#avatars.destroy();
		this.#camera?.destroy();
		this.#map?.destroy();
	};

	readonly #update = (_time: number, delta: number): void => {
		this.#avatars.update(delta);
		this.#camera?.update();
	};

	// After the cameras moved for this frame: bubbles land where the avatars are drawn, not a frame behind.
	readonly #render = (): void => {
		this.#bubbles?.render();
		this.#joystick?.render(this.scene.scale.width, this.scene.scale.height);
	};

	readonly #sleep = (): void => {
		this.#keyboard?.setEnabled(false);
		this.#bubbles?.setHidden(true);
		this.#joystick?.setHidden(true);
	};

	readonly #wake = (): void => {
		this.#keyboard?.setEnabled(this.#keyboardWanted);
		this.#bubbles?.setHidden(false);
		this.#joystick?.setHidden(false);
	};

	async #renderMap(): Promise<void> {
		if (!this.#map) return;
		try {
			await this.#map.render(this.client.map, this.client.mapUrl);
		} catch (error) {
			this.#options.onError(error instanceof Error ? error : new Error(String(error)));
		}
	}

	/** Text is rasterised: render it at the pixels it covers on screen, capped to spare memory. */
	#textResolution(): number {
		const ratio = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
		return Math.min(4, Math.max(1, Math.ceil(ratio * this.scene.cameras.main.zoom)));
	}
}
