import type Phaser from 'phaser';

/**
 * The avatar's look, generated on a canvas (no art files to ship or load).
 * Textures are white or grey where the player's colour goes, so one texture
 * serves every player through a tint, and all avatars batch together.
 */
export const AVATAR_TEXTURES = {
	/** The body: a rounded bean, white with shading; tinted with the player's colour. */
	body: 'hallway:avatar-body',
	/** Eyes looking at the viewer (facing down). */
	eyesFront: 'hallway:avatar-eyes-front',
	/** Eyes looking right (flipped for left). */
	eyesSide: 'hallway:avatar-eyes-side',
	/** Soft shadow under the feet. */
	shadow: 'hallway:avatar-shadow',
	/** The speaking ring; tinted green. */
	ring: 'hallway:avatar-ring',
	/** A white disc for the status dot; tinted with the status colour. */
	dot: 'hallway:avatar-dot',
	/** The click-to-move target marker. */
	marker: 'hallway:move-marker',
} as const;

/**
 * Textures are drawn at this multiple of their size in world px and shown at
 * its inverse, so avatars stay crisp with the camera zoomed in.
 */
export const TEXTURE_SCALE = 2;

/** Size of the body in world px. */
export const BODY_SIZE = { width: 26, height: 30 } as const;

/** Radius of the speaking ring in world px. */
export const RING_RADIUS = 19;

/** Creates the textures once per game (the texture manager is shared by all scenes). */
export function ensureAvatarTextures(textures: Phaser.Textures.TextureManager): void {
	draw(textures, AVATAR_TEXTURES.body, BODY_SIZE.width + 2, BODY_SIZE.height + 2, drawBody);
	draw(textures, AVATAR_TEXTURES.eyesFront, 18, 10, (ctx) => drawEyes(ctx, 18, 10, 4.6, 0.3));
	draw(textures, AVATAR_TEXTURES.eyesSide, 18, 10, (ctx) => drawEyes(ctx, 18, 10, 3.4, 1.4));
	draw(textures, AVATAR_TEXTURES.shadow, 26, 10, drawShadow);
	draw(textures, AVATAR_TEXTURES.ring, (RING_RADIUS + 4) * 2, (RING_RADIUS + 4) * 2, drawRing);
	draw(textures, AVATAR_TEXTURES.dot, 10, 10, (ctx) => {
		ctx.fillStyle = '#ffffff';
		ctx.beginPath();
		ctx.arc(5, 5, 4, 0, Math.PI * 2);
		ctx.fill();
	});
	draw(textures, AVATAR_TEXTURES.marker, 24, 24, (ctx) => {
		ctx.strokeStyle = '#ffffff';
		ctx.lineWidth = 2;
		ctx.beginPath();
		ctx.arc(12, 12, 9, 0, Math.PI * 2);
		ctx.stroke();
		ctx.fillStyle = '#ffffff';
		ctx.beginPath();
		ctx.arc(12, 12, 2.5, 0, Math.PI * 2);
		ctx.fill();
	});
}

/** Draws a texture in world px units (the context is pre-scaled by TEXTURE_SCALE). */
function draw(
	textures: Phaser.Textures.TextureManager,
	key: string,
	width: number,
	height: number,
	paint: (ctx: CanvasRenderingContext2D) => void,
): void {
	if (textures.exists(key)) return;
	const texture = textures.createCanvas(key, width * TEXTURE_SCALE, height * TEXTURE_SCALE);
	if (!texture) return;
	const ctx = texture.getContext();
	ctx.save();
	ctx.scale(TEXTURE_SCALE, TEXTURE_SCALE);
	paint(ctx);
	ctx.restore();
	texture.refresh();
}

function drawBody(ctx: CanvasRenderingContext2D): void {
	const { width, height } = BODY_SIZE;
	const x = 1;
	const y = 1;
	const headRadius = width / 2;
	const footRadius = 7;
	ctx.beginPath();
	ctx.moveTo(x, y + headRadius);
	ctx.arc(x + headRadius, y + headRadius, headRadius, Math.PI, 0);
	ctx.lineTo(x + width, y + height - footRadius);
	ctx.quadraticCurveTo(x + width, y + height, x + width - footRadius, y + height);
	ctx.lineTo(x + footRadius, y + height);
	ctx.quadraticCurveTo(x, y + height, x, y + height - footRadius);
	ctx.closePath();

	// Light from the top left: the tint keeps the shading, so every colour looks rounded.
	const shade = ctx.createLinearGradient(0, y, 0, y + height);
	shade.addColorStop(0, '#ffffff');
	shade.addColorStop(0.55, '#ececec');
	shade.addColorStop(1, '#b9b9b9');
	ctx.fillStyle = shade;
	ctx.fill();

	ctx.save();
	ctx.clip();
	const highlight = ctx.createRadialGradient(x + width * 0.32, y + height * 0.2, 1, x + width * 0.32, y + height * 0.2, width * 0.55);
	highlight.addColorStop(0, 'rgba(255,255,255,0.9)');
	highlight.addColorStop(1, 'rgba(255,255,255,0)');
	ctx.fillStyle = highlight;
	ctx.fillRect(0, 0, width + 2, height + 2);
	// Two stubby feet: a darker band at the bottom with a notch between them.
	ctx.fillStyle = 'rgba(0,0,0,0.18)';
	ctx.fillRect(x, y + height - 4, width, 4);
	ctx.fillStyle = 'rgba(0,0,0,0.35)';
	ctx.fillRect(x + width / 2 - 0.75, y + height - 5, 1.5, 5);
	ctx.restore();

	ctx.lineWidth = 1.25;
	ctx.strokeStyle = '#4b4b4b';
	ctx.stroke();
}

function drawEyes(ctx: CanvasRenderingContext2D, width: number, height: number, spacing: number, look: number): void {
	const cx = width / 2;
	const cy = height / 2;
	for (const side of [-1, 1]) {
		const ex = cx + side * spacing;
		ctx.fillStyle = '#ffffff';
		ctx.beginPath();
		ctx.ellipse(ex, cy, 2.9, 3.7, 0, 0, Math.PI * 2);
		ctx.fill();
		ctx.lineWidth = 0.6;
		ctx.strokeStyle = 'rgba(15,23,42,0.55)';
		ctx.stroke();
		ctx.fillStyle = '#1e293b';
		ctx.beginPath();
		ctx.arc(ex + look, cy + 0.6, 1.7, 0, Math.PI * 2);
		ctx.fill();
		ctx.fillStyle = '#ffffff';
		ctx.beginPath();
		ctx.arc(ex + look - 0.6, cy - 0.2, 0.55, 0, Math.PI * 2);
		ctx.fill();
	}
}

function drawShadow(ctx: CanvasRenderingContext2D): void {
	const gradient = ctx.createRadialGradient(13, 5, 1, 13, 5, 13);
	gradient.addColorStop(0, 'rgba(0,0,0,0.38)');
	gradient.addColorStop(1, 'rgba(0,0,0,0)');
	ctx.fillStyle = gradient;
	ctx.save();
	ctx.scale(1, 10 / 26);
	ctx.beginPath();
	ctx.arc(13, 13, 13, 0, Math.PI * 2);
	ctx.fill();
	ctx.restore();
}

function drawRing(ctx: CanvasRenderingContext2D): void {
	const c = RING_RADIUS + 4;
	ctx.strokeStyle = 'rgba(255,255,255,0.35)';
	ctx.lineWidth = 4;
	ctx.beginPath();
	ctx.arc(c, c, RING_RADIUS + 1, 0, Math.PI * 2);
	ctx.stroke();
	ctx.strokeStyle = '#ffffff';
	ctx.lineWidth = 2;
	ctx.beginPath();
	ctx.arc(c, c, RING_RADIUS, 0, Math.PI * 2);
	ctx.stroke();
}
