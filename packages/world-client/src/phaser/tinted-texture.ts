import Phaser from 'phaser';

/**
 * The texture key to draw `key` in `color` with. Under WebGL that is `key`
 * itself and the caller tints the image (`setTint`, free on the GPU). The
 * Canvas renderer ignores tints, which left every avatar white on machines
 * without WebGL: there a coloured copy is painted once per (texture, colour)
 * and reused.
 */
export function tintedTextureKey(scene: Phaser.Scene, key: string, color: number): string {
	if (scene.game.renderer.type !== Phaser.CANVAS) return key;
	const tintedKey = `${key}#${color.toString(16).padStart(6, '0')}`;
	const textures = scene.textures;
	if (textures.exists(tintedKey)) return tintedKey;
	const source = textures.get(key).getSourceImage() as HTMLCanvasElement | HTMLImageElement;
	const canvas = textures.createCanvas(tintedKey, source.width, source.height);
	if (!canvas) return key;
	const ctx = canvas.getContext();
	// Multiply the white-ish artwork by the colour (shading survives), then keep the artwork's alpha.
	ctx.drawImage(source, 0, 0);
	ctx.globalCompositeOperation = 'multiply';
	ctx.fillStyle = `#${color.toString(16).padStart(6, '0')}`;
	ctx.fillRect(0, 0, source.width, source.height);
	ctx.globalCompositeOperation = 'destination-in';
	ctx.drawImage(source, 0, 0);
	ctx.globalCompositeOperation = 'source-over';
	canvas.refresh();
	return tintedKey;
}

/** Shows `image` in `color`: a tint under WebGL, a coloured copy of its texture under Canvas. */
export function paint(image: Phaser.GameObjects.Image, baseKey: string, color: number): Phaser.GameObjects.Image {
	const key = tintedTextureKey(image.scene, baseKey, color);
	if (key === baseKey) return image.setTexture(baseKey).setTint(color);
	return image.setTexture(key).clearTint();
}
