import Phaser from 'phaser';
import type { ClientMap } from '../core/types.js';
import type { HallwayDepths } from './options.js';
import { loadTexture, tilesetTextureKey } from './tileset-images.js';

/** Tile layers with these names (any case, last path segment) hold walls for the server and are not drawn. */
const COLLISION_LAYER_NAMES = new Set(['collisions', 'collision']);

interface TiledTileset {
	name: string;
	image: string;
}

/**
 * Draws the Tiled map of a `ClientMap`: every tile layer in order except the
 * collision layer, with the tileset images the server serves beside the map.
 * `render` again for the next map (a portal); the previous one is removed
 * only when the new one is ready, so the screen never flashes empty.
 */
export class MapRenderer {
	readonly #scene: Phaser.Scene;
	readonly #depths: Readonly<HallwayDepths>;
	readonly #onError: (error: Error) => void;
	#tilemap: Phaser.Tilemaps.Tilemap | null = null;
	/** Bumped by every render and by destroy: a slow render that finds it changed gives up. */
	#generation = 0;

	constructor(scene: Phaser.Scene, depths: Readonly<HallwayDepths>, onError: (error: Error) => void) {
		this.#scene = scene;
		this.#depths = depths;
		this.#onError = onError;
	}

	/** The Phaser tilemap of the map on screen (null before the first one is drawn). */
	get tilemap(): Phaser.Tilemaps.Tilemap | null {
		return this.#tilemap;
	}

	/**
	 * Draws `map`. Resolves when it is on screen, or when a newer render
	 * superseded it. Problems (a missing tileset image) go to `onError`; the
	 * rest of the map is drawn anyway.
	 */
	async render(map: ClientMap, mapUrl: string): Promise<void> {
		const generation = ++this.#generation;
		const tilesets = readTilesets(map.tiled);
		const keys = new Map<string, string>();
		await Promise.all(
			tilesets.map(async (tileset) => {
				let url: string;
				try {
					url = new URL(tileset.image, mapUrl).href;
				} catch {
					this.#onError(new Error(`E_TILESET_IMAGE: tileset "${tileset.name}" has an invalid image path "${tileset.image}"`));
					return;
				}
				const key = tilesetTextureKey(url);
				try {
					await loadTexture(this.#scene.textures, key, url);
					keys.set(tileset.name, key);
				} catch (error) {
					this.#onError(error instanceof Error ? error : new Error(String(error)));
				}
			}),
		);
		if (generation !== this.#generation) return;
		this.#clear();

		const data = Phaser.Tilemaps.Parsers.Tiled.ParseJSONTiled(map.name, map.tiled, false);
		if (!data) {
			this.#onError(new Error(`E_MAP_RENDER: map "${map.name}" is not a Tiled JSON map Phaser can read`));
			return;
		}
		const tilemap = new Phaser.Tilemaps.Tilemap(this.#scene, data);
		const images: Phaser.Tilemaps.Tileset[] = [];
		for (const [name, key] of keys) {
			const tileset = tilemap.addTilesetImage(name, key);
			if (tileset) images.push(tileset);
		}
		let below = 0;
		let above = 0;
		for (const layerData of tilemap.layers) {
			if (isCollisionLayer(layerData.name)) continue;
			const layer = tilemap.createLayer(layerData.name, images, 0, 0);
			if (!layer) continue;
			layer.setDepth(isOverhead(layerData.properties) ? this.#depths.overhead + above++ : this.#depths.map + below++);
		}
		this.#tilemap = tilemap;
	}

	destroy(): void {
		this.#generation++;
		this.#clear();
	}

	// Destroying the tilemap destroys its layers.
	#clear(): void {
		this.#tilemap?.destroy();
		this.#tilemap = null;
	}
}

/** The tilesets of a Tiled JSON map that have one image (image-collection tilesets are not supported by Phaser). */
function readTilesets(tiled: Record<string, unknown>): TiledTileset[] {
	const tilesets = tiled['tilesets'];
	if (!Array.isArray(tilesets)) return [];
	const result: TiledTileset[] = [];
	for (const entry of tilesets as unknown[]) {
		if (typeof entry !== 'object' || entry === null) continue;
		const { name, image } = entry as { name?: unknown; image?: unknown };
		if (typeof name === 'string' && typeof image === 'string') result.push({ name, image });
	}
	return result;
}

function isCollisionLayer(name: string): boolean {
	const last = name.split('/').pop() ?? name;
	return COLLISION_LAYER_NAMES.has(last.toLowerCase());
}

/** Tiled custom property `above: true` on a layer draws it over the avatars (roofs, tree tops). */
function isOverhead(properties: unknown): boolean {
	if (Array.isArray(properties)) {
		return properties.some((p: unknown) => typeof p === 'object' && p !== null && (p as { name?: unknown }).name === 'above' && (p as { value?: unknown }).value === true);
	}
	return typeof properties === 'object' && properties !== null && (properties as { above?: unknown }).above === true;
}
