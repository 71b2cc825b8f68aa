import type Phaser from 'phaser';
import type { Cell, Meadow } from './meadow.js';

/** The game's art, painted on canvases at start: no image files to ship. */
export const TEXTURES = {
	ground: 'meadow:ground',
	tree: 'meadow:tree',
	rock: 'meadow:rock',
	cup: 'meadow:cup',
	runner: 'meadow:runner',
} as const;

/** Paints every texture once per game (the texture manager outlives scenes). */
export function makeTextures(textures: Phaser.Textures.TextureManager, meadow: Meadow): void {
	paint(textures, TEXTURES.ground, meadow.widthPx, meadow.heightPx, (ctx) => paintGround(ctx, meadow));
	paint(textures, TEXTURES.tree, 44, 60, paintTree);
	paint(textures, TEXTURES.rock, 30, 24, paintRock);
	paint(textures, TEXTURES.cup, 24, 28, paintCup);
	paint(textures, TEXTURES.runner, 28, 30, paintRunner);
}

function paint(textures: Phaser.Textures.TextureManager, key: string, width: number, height: number, draw: (ctx: CanvasRenderingContext2D) => void): void {
	if (textures.exists(key)) return;
	const texture = textures.createCanvas(key, width, height);
	if (!texture) return;
	draw(texture.getContext());
	texture.refresh();
}

/** The same meadow every time: a tiny seeded generator for blades and petals. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 4294967296;
	};
}

function paintGround(ctx: CanvasRenderingContext2D, meadow: Meadow): void {
	const random = seeded(7);
	const size = meadow.tileSize;
	for (const cell of meadow.cells) {
		const x = cell.col * size;
		const y = cell.row * size;
		// Grass under everything, so hedges and the pond sit in the meadow.
		ctx.fillStyle = (cell.col + cell.row) % 2 === 0 ? '#7cc05a' : '#78bb56';
		ctx.fillRect(x, y, size, size);
		for (let i = 0; i < 5; i++) {
			ctx.fillStyle = random() < 0.5 ? '#6aa94a' : '#8fd06a';
			ctx.fillRect(x + random() * (size - 2), y + random() * (size - 4), 2, 4);
		}
		paintCell(ctx, cell, x, y, size, random, meadow);
	}
}

function paintCell(ctx: CanvasRenderingContext2D, cell: Cell, x: number, y: number, size: number, random: () => number, meadow: Meadow): void {
	if (cell.ground === 'flowers') {
		for (let i = 0; i < 4; i++) {
			const fx = x + 4 + random() * (size - 8);
			const fy = y + 4 + random() * (size - 8);
			ctx.fillStyle = ['#fff7ae', '#f9a8d4', '#ffffff', '#c4b5fd'][i % 4]!;
			for (const [dx, dy] of [[-2, 0], [2, 0], [0, -2], [0, 2]] as const) circle(ctx, fx + dx, fy + dy, 1.6);
			ctx.fillStyle = '#f59e0b';
			circle(ctx, fx, fy, 1.2);
		}
	} else if (cell.ground === 'path') {
		ctx.fillStyle = '#e3c48f';
		joinedTile(ctx, cell, x, y, size, 10, (col, row) => meadow.cells[row * meadow.cols + col]?.ground === 'path', meadow);
		ctx.fillStyle = '#c9a66b';
		for (let i = 0; i < 4; i++) circle(ctx, x + 5 + random() * (size - 10), y + 5 + random() * (size - 10), 1.5);
	} else if (cell.ground === 'blanket') {
		// Red and white gingham, checked in 8 px squares.
		for (let cy = 0; cy < size; cy += 8) {
			for (let cx = 0; cx < size; cx += 8) {
				const odd = ((x + cx) / 8 + (y + cy) / 8) % 2 === 1;
				ctx.fillStyle = odd ? '#ef4444' : '#fef2f2';
				ctx.fillRect(x + cx, y + cy, 8, 8);
			}
		}
	}
	if (cell.obstacle === 'hedge') {
		ctx.fillStyle = '#2f6b2a';
		ctx.fillRect(x, y, size, size);
		ctx.fillStyle = '#3f8a36';
		for (const [bx, by] of [[8, 9], [22, 8], [15, 20], [6, 24], [25, 24]] as const) circle(ctx, x + bx, y + by, 8);
		ctx.fillStyle = '#5aa64b';
		for (const [bx, by] of [[6, 6], [20, 5], [13, 17]] as const) circle(ctx, x + bx, y + by, 3);
	} else if (cell.obstacle === 'pond') {
		ctx.fillStyle = '#3b82c4';
		joinedTile(ctx, cell, x, y, size, 12, (col, row) => meadow.cells[row * meadow.cols + col]?.obstacle === 'pond', meadow);
		ctx.strokeStyle = 'rgba(255,255,255,0.45)';
		ctx.lineWidth = 1.5;
		ctx.beginPath();
		const wx = x + 6 + random() * 12;
		const wy = y + 8 + random() * 14;
		ctx.moveTo(wx, wy);
		ctx.quadraticCurveTo(wx + 4, wy - 3, wx + 8, wy);
		ctx.stroke();
	}
}

/**
 * Fills a tile of a patch (pond, path), rounding only the corners where the
 * patch ends, so that neighbouring tiles read as one shape.
 */
function joinedTile(
	ctx: CanvasRenderingContext2D,
	cell: Cell,
	x: number,
	y: number,
	size: number,
	radius: number,
	same: (col: number, row: number) => boolean,
	meadow: Meadow,
): void {
	const inside = (col: number, row: number): boolean => col >= 0 && row >= 0 && col < meadow.cols && row < meadow.rows && same(col, row);
	const { col, row } = cell;
	const corner = (dx: number, dy: number): number => (!inside(col + dx, row) && !inside(col, row + dy) ? radius : 0);
	ctx.beginPath();
	ctx.roundRect(x, y, size, size, [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)]);
	ctx.fill();
}

function paintTree(ctx: CanvasRenderingContext2D): void {
	ctx.fillStyle = 'rgba(0,0,0,0.18)';
	ellipse(ctx, 22, 55, 14, 5);
	ctx.fillStyle = '#8b5a2b';
	ctx.fillRect(18, 34, 8, 22);
	ctx.fillStyle = '#2e7d32';
	circle(ctx, 22, 22, 18);
	ctx.fillStyle = '#388e3c';
	circle(ctx, 14, 26, 11);
	circle(ctx, 30, 26, 11);
	ctx.fillStyle = '#66bb6a';
	circle(ctx, 16, 14, 6);
	ctx.fillStyle = '#e53935';
	for (const [ax, ay] of [[12, 22], [28, 16], [24, 30], [33, 28]] as const) circle(ctx, ax, ay, 2.2);
}

function paintRock(ctx: CanvasRenderingContext2D): void {
	ctx.fillStyle = 'rgba(0,0,0,0.2)';
	ellipse(ctx, 15, 20, 13, 4);
	ctx.fillStyle = '#8d96a0';
	ellipse(ctx, 15, 13, 13, 10);
	ctx.fillStyle = '#b3bcc6';
	ellipse(ctx, 11, 9, 6, 4);
}

function paintCup(ctx: CanvasRenderingContext2D): void {
	// Steam, then the mug: white with a brown rim of coffee and a handle.
	ctx.strokeStyle = 'rgba(255,255,255,0.85)';
	ctx.lineWidth = 1.5;
	for (const sx of [8, 13]) {
		ctx.beginPath();
		ctx.moveTo(sx, 8);
		ctx.bezierCurveTo(sx - 3, 5, sx + 3, 3, sx, 0);
		ctx.stroke();
	}
	ctx.fillStyle = 'rgba(0,0,0,0.2)';
	ellipse(ctx, 11, 26, 9, 2.5);
	ctx.strokeStyle = '#fafafa';
	ctx.lineWidth = 3;
	ctx.beginPath();
	ctx.arc(19, 17, 4, -Math.PI / 2, Math.PI / 2);
	ctx.stroke();
	ctx.fillStyle = '#fafafa';
	roundRect(ctx, 3, 10, 16, 15, 3);
	ctx.fillStyle = '#6d4c41';
	ellipse(ctx, 11, 11, 7, 2);
	ctx.fillStyle = '#f97316';
	ctx.fillRect(3, 16, 16, 3);
}

function paintRunner(ctx: CanvasRenderingContext2D): void {
	// The game's own hero: a round orange fox, until Hallway's avatar takes over.
	ctx.fillStyle = 'rgba(0,0,0,0.2)';
	ellipse(ctx, 14, 27, 10, 3);
	ctx.fillStyle = '#ea7a2a';
	for (const ex of [7, 21]) {
		ctx.beginPath();
		ctx.moveTo(ex - 5, 10);
		ctx.lineTo(ex, 1);
		ctx.lineTo(ex + 5, 10);
		ctx.fill();
	}
	circle(ctx, 14, 16, 11);
	ctx.fillStyle = '#fff7ed';
	ellipse(ctx, 14, 21, 7, 5);
	ctx.fillStyle = '#1f2937';
	circle(ctx, 10, 14, 1.8);
	circle(ctx, 18, 14, 1.8);
	circle(ctx, 14, 18, 1.5);
}

function circle(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
	ctx.beginPath();
	ctx.arc(x, y, r, 0, Math.PI * 2);
	ctx.fill();
}

function ellipse(ctx: CanvasRenderingContext2D, x: number, y: number, rx: number, ry: number): void {
	ctx.beginPath();
	ctx.ellipse(x, y, rx, ry, 0, 0, Math.PI * 2);
	ctx.fill();
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
	ctx.beginPath();
	ctx.roundRect(x, y, w, h, r);
	ctx.fill();
}
