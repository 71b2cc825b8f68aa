import Phaser from 'phaser';
import { cameraBoundsFor } from './camera-bounds.js';
import { type HallwayClient, selfOf } from './client-shape.js';

/**
 * The main camera follows this client's avatar, bounded to the map (centred
 * when the map is smaller than the view). It jumps, rather than pans, to the
 * avatar on the first frame and after a portal.
 */
export class CameraFollow {
	readonly #scene: Phaser.Scene;
	readonly #camera: Phaser.Cameras.Scene2D.Camera;
	readonly #client: HallwayClient;
	/** What the camera follows: fed from `client.self` each frame (the self player can change with the map). */
	readonly #target = { x: 0, y: 0 };
	#snap = true;

	constructor(scene: Phaser.Scene, camera: Phaser.Cameras.Scene2D.Camera, client: HallwayClient, zoom: number, lerp: number) {
		this.#scene = scene;
		this.#camera = camera;
		this.#client = client;
		camera.setZoom(zoom);
		camera.startFollow(this.#target, false, lerp, lerp);
		this.updateBounds();
		scene.scale.on(Phaser.Scale.Events.RESIZE, this.updateBounds, this);
	}

	get zoom(): number {
		return this.#camera.zoom;
	}

	setZoom(zoom: number): void {
		this.#camera.setZoom(zoom);
		this.updateBounds();
	}

	/** Fits the bounds to the current map and view; call after a map change. */
	updateBounds(): void {
		const map = this.#client.map;
		const camera = this.#camera;
		const bounds = cameraBoundsFor(map.widthPx, map.heightPx, camera.width, camera.height, camera.zoom);
		camera.setBounds(bounds.x, bounds.y, bounds.width, bounds.height);
	}

	/** The next frame centres on the avatar at once (a new map: panning across it would look like a glitch). */
	snapNext(): void {
		this.#snap = true;
	}

	/** Moves the follow target; called every frame before the camera renders. */
	update(): void {
		const self = selfOf(this.#client);
		if (!self || !Number.isFinite(self.x) || !Number.isFinite(self.y)) return;
		this.#target.x = self.x;
		this.#target.y = self.y;
		if (this.#snap) {
			this.#snap = false;
			this.#camera.centerOn(self.x, self.y);
		}
	}

	destroy(): void {
		this.#scene.scale.off(Phaser.Scale.Events.RESIZE, this.updateBounds, this);
		this.#camera.stopFollow();
	}
}
