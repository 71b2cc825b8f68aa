import type Phaser from 'phaser';

// One download per image and texture manager, even when two maps (or two scenes) ask at once.
const pending = new WeakMap<Phaser.Textures.TextureManager, Map<string, Promise<void>>>();

/** The texture key of a tileset image URL (the same image on two maps is loaded once). */
export function tilesetTextureKey(url: string): string {
	return `hallway:tileset:${url}`;
}

/**
 * Loads an image into the game's textures under `key`, unless it is there.
 *
 * Why not the scene's loader: the embedding game owns it (its own queue, its
 * `complete` events, maybe a running preload); an image element of our own
 * cannot interfere with it. `crossOrigin` lets WebGL use images from the
 * world server when the game is served from another origin (the server sends
 * CORS headers).
 */
export function loadTexture(textures: Phaser.Textures.TextureManager, key: string, url: string): Promise<void> {
	if (textures.exists(key)) return Promise.resolve();
	let byKey = pending.get(textures);
	if (!byKey) pending.set(textures, (byKey = new Map()));
	const inFlight = byKey.get(key);
	if (inFlight) return inFlight;
	const loading = new Promise<void>((resolve, reject) => {
		const image = new Image();
		image.crossOrigin = 'anonymous';
		image.decoding = 'async';
		image.onload = () => {
			if (!textures.exists(key)) textures.addImage(key, image);
			resolve();
		};
		image.onerror = () => reject(new Error(`E_TILESET_IMAGE: could not load the tileset image ${url}`));
		image.src = url;
	}).finally(() => byKey.delete(key));
	byKey.set(key, loading);
	return loading;
}
