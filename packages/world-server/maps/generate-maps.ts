/**
 * Generates Hallway's demo maps: the office (`office.tmj`), the garden
 * (`garden.tmj`), their shared tileset (`office-tiles.tsj` + `office-tiles.png`,
 * painted here pixel by pixel) and a preview of the office with its zones,
 * spawns and portals drawn over it (`docs/images/office-map-preview.png`).
 *
 *   node scripts/run-ts.mjs packages/world-server/maps/generate-maps.ts
 *
 * Run from the repository root. Everything is deterministic (seeded random),
 * so regenerating gives byte-identical files unless this script changed.
 * Edit the maps here rather than in Tiled, or stop regenerating them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { WorldMap } from '../src/map/index.js';
import { loadMapFile, validatePortalLinks } from '../src/map/index.js';

const MAPS_DIR = path.resolve('packages/world-server/maps');
const PREVIEW_FILE = path.resolve('docs/images/office-map-preview.png');
const TILE = 32;
const TILESET_COLUMNS = 8;
const TILESET_NAME = 'office-tiles';
const TILED_VERSION = { version: '1.8', tiledversion: '1.8.2' } as const;

// ---------------------------------------------------------------------------
// PNG encoding (RGBA, 8 bits per channel, no interlace)
// ---------------------------------------------------------------------------

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 6; // colour type: RGBA
	// compression, filter and interlace methods stay 0
	const stride = width * 4;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0; // filter: none
		raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw, { level: 9 })),
		pngChunk('IEND', new Uint8Array(0)),
	]);
}

// ---------------------------------------------------------------------------
// A tiny RGBA canvas
// ---------------------------------------------------------------------------

type Rgb = readonly [number, number, number];

function hex(value: string): Rgb {
	const n = Number.parseInt(value.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function shade(c: Rgb, f: number): Rgb {
	return [c[0] * f, c[1] * f, c[2] * f];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
	return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Seeded PRNG (mulberry32) so the art is the same on every run. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Canvas {
	readonly data: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.data = new Uint8Array(width * height * 4);
	}

	/** Source-over blend of one pixel. */
	plot(x: number, y: number, c: Rgb, alpha = 1): void {
		x = Math.floor(x);
		y = Math.floor(y);
		if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
		const i = (y * this.width + x) * 4;
		const d = this.data;
		const a = Math.min(1, alpha);
		const da = d[i + 3]! / 255;
		const oa = a + da * (1 - a);
		for (let k = 0; k < 3; k++) {
			d[i + k] = Math.round((c[k]! * a + d[i + k]! * da * (1 - a)) / oa);
		}
		d[i + 3] = Math.round(oa * 255);
	}

	rect(x: number, y: number, w: number, h: number, c: Rgb, alpha = 1): void {
		for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.plot(i, j, c, alpha);
	}

	/** Filled ellipse with a soft one-pixel edge. */
	ellipse(cx: number, cy: number, rx: number, ry: number, c: Rgb, alpha = 1): void {
		for (let y = Math.floor(cy - ry - 1); y <= Math.ceil(cy + ry + 1); y++) {
			for (let x = Math.floor(cx - rx - 1); x <= Math.ceil(cx + rx + 1); x++) {
				const dx = (x + 0.5 - cx) / rx;
				const dy = (y + 0.5 - cy) / ry;
				const d = Math.sqrt(dx * dx + dy * dy);
				const edge = (1 - d) * Math.min(rx, ry);
				if (edge > -0.5) this.plot(x, y, c, alpha * Math.min(1, edge + 0.5));
			}
		}
	}

	circle(cx: number, cy: number, r: number, c: Rgb, alpha = 1): void {
		this.ellipse(cx, cy, r, r, c, alpha);
	}

	ring(cx: number, cy: number, r: number, width: number, c: Rgb, alpha = 1): void {
		for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++) {
			for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
				const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
				const cover = Math.min(1, Math.max(0, width / 2 + 0.5 - Math.abs(d - (r - width / 2))));
				if (cover > 0) this.plot(x, y, c, alpha * cover);
			}
		}
	}

	roundRect(x: number, y: number, w: number, h: number, r: number, c: Rgb, alpha = 1): void {
		for (let j = y; j < y + h; j++) {
			for (let i = x; i < x + w; i++) {
				const cx = Math.min(Math.max(i + 0.5, x + r), x + w - r);
				const cy = Math.min(Math.max(j + 0.5, y + r), y + h - r);
				const d = Math.hypot(i + 0.5 - cx, j + 0.5 - cy);
				const cover = Math.min(1, Math.max(0, r - d + 0.5));
				if (cover > 0) this.plot(i, j, c, alpha * cover);
			}
		}
	}

	line(x0: number, y0: number, x1: number, y1: number, c: Rgb, alpha = 1): void {
		const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
		for (let k = 0; k <= n; k++) this.plot(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n, c, alpha);
	}

	/** Multiplies brightness of every opaque pixel in the area by a random factor in [1 - amount, 1 + amount]. */
	noise(x: number, y: number, w: number, h: number, amount: number, rnd: () => number): void {
		for (let j = y; j < y + h; j++) {
			for (let i = x; i < x + w; i++) {
				const k = (j * this.width + i) * 4;
				if (this.data[k + 3] === 0) continue;
				const f = 1 + (rnd() * 2 - 1) * amount;
				for (let c = 0; c < 3; c++) this.data[k + c] = Math.max(0, Math.min(255, Math.round(this.data[k + c]! * f)));
			}
		}
	}

	/** Draws another canvas's area onto this one (alpha blended). */
	blit(src: Canvas, sx: number, sy: number, w: number, h: number, dx: number, dy: number): void {
		for (let j = 0; j < h; j++) {
			for (let i = 0; i < w; i++) {
				const k = ((sy + j) * src.width + sx + i) * 4;
				const a = src.data[k + 3]! / 255;
				if (a > 0) this.plot(dx + i, dy + j, [src.data[k]!, src.data[k + 1]!, src.data[k + 2]!], a);
			}
		}
	}
}

// ---------------------------------------------------------------------------
// The tileset: 8 columns x 4 rows of 32x32 tiles
// ---------------------------------------------------------------------------

/** Tile ids (local to the tileset; gid = id + 1). */
const T = {
	wood: 0,
	tileFloor: 1,
	carpetBlue: 2,
	carpetGreen: 3,
	carpetBeige: 4,
	carpetGrey: 5,
	rug: 6,
	doormat: 7,
	wall: 8,
	wallWindow: 9,
	stageFloor: 10,
	stageEdge: 11,
	grass: 12,
	grassFlowers: 13,
	stonePath: 14,
	water: 15,
	desk: 16,
	deskMonitor: 17,
	chair: 18,
	plant: 19,
	sofa: 20,
	bookshelf: 21,
	meetingTable: 22,
	coffeeCounter: 23,
	whiteboard: 24,
	speaker: 25,
	beanbag: 26,
	waterCooler: 27,
	tree: 28,
	bench: 29,
	hedge: 30,
	portal: 31,
} as const;
type TileName = keyof typeof T;

/** Tiles an avatar cannot walk through (`collides: true` in the tileset). */
const COLLIDING: ReadonlySet<TileName> = new Set<TileName>([
	'wall',
	'wallWindow',
	'water',
	'desk',
	'deskMonitor',
	'plant',
	'sofa',
	'bookshelf',
	'meetingTable',
	'coffeeCounter',
	'whiteboard',
	'speaker',
	'waterCooler',
	'tree',
	'bench',
	'hedge',
]);

type Painter = (cv: Canvas, x: number, y: number, rnd: () => number) => void;

function planks(cv: Canvas, x: number, y: number, rnd: () => number, base: Rgb): void {
	// Four planks per tile with staggered end joints; the joints sit at the same
	// place in every tile so a floor of many tiles reads as one continuous deck.
	const joints = [6, 22, 14, 30];
	for (let p = 0; p < 4; p++) {
		const py = y + p * 8;
		cv.rect(x, py, TILE, 8, shade(base, 0.93 + rnd() * 0.12));
		for (let g = 0; g < 3; g++) {
			const gx = x + Math.floor(rnd() * 24);
			cv.rect(gx, py + 2 + Math.floor(rnd() * 4), 4 + Math.floor(rnd() * 8), 1, shade(base, 0.85), 0.5);
		}
		cv.rect(x, py + 7, TILE, 1, shade(base, 0.7));
		cv.rect(x, py, TILE, 1, shade(base, 1.08), 0.6);
		cv.rect(x + joints[p]!, py, 1, 7, shade(base, 0.72));
	}
	cv.noise(x, y, TILE, TILE, 0.03, rnd);
}

function carpet(cv: Canvas, x: number, y: number, rnd: () => number, base: Rgb): void {
	cv.rect(x, y, TILE, TILE, base);
	cv.noise(x, y, TILE, TILE, 0.06, rnd);
	for (let k = 0; k < 14; k++) cv.plot(x + rnd() * TILE, y + rnd() * TILE, shade(base, rnd() < 0.5 ? 0.8 : 1.15), 0.7);
}

function grass(cv: Canvas, x: number, y: number, rnd: () => number): void {
	const base = hex('#6cab4c');
	cv.rect(x, y, TILE, TILE, base);
	cv.noise(x, y, TILE, TILE, 0.07, rnd);
	for (let k = 0; k < 22; k++) {
		const bx = x + Math.floor(rnd() * TILE);
		const by = y + Math.floor(rnd() * (TILE - 3));
		cv.rect(bx, by, 1, 2 + Math.floor(rnd() * 2), shade(base, rnd() < 0.5 ? 0.78 : 1.2), 0.8);
	}
}

function bricks(cv: Canvas, x: number, y: number, rnd: () => number): void {
	const mortar = hex('#454c5c');
	cv.rect(x, y, TILE, TILE, mortar);
	for (let row = 0; row < 4; row++) {
		const offset = row % 2 === 0 ? 0 : 8;
		for (let b = -1; b < 2; b++) {
			const bx = x + b * 16 + offset;
			const left = Math.max(bx, x);
			const right = Math.min(bx + 15, x + TILE);
			if (right <= left) continue;
			const c = shade(hex('#6d768c'), 0.92 + rnd() * 0.14);
			cv.rect(left, y + row * 8, right - left, 7, c);
			cv.rect(left, y + row * 8, right - left, 1, shade(c, 1.18));
		}
	}
	cv.noise(x, y, TILE, TILE, 0.04, rnd);
}

function shadow(cv: Canvas, cx: number, cy: number, rx: number, ry: number): void {
	cv.ellipse(cx, cy, rx, ry, [0, 0, 0], 0.22);
}

function deskTop(cv: Canvas, x: number, y: number, rnd: () => number): void {
	cv.rect(x + 3, y + 6, 28, 25, [0, 0, 0], 0.22);
	const top = hex('#c09062');
	cv.roundRect(x + 2, y + 3, 28, 25, 2, shade(top, 0.7));
	cv.roundRect(x + 3, y + 4, 26, 23, 1.5, top);
	cv.rect(x + 3, y + 4, 26, 1, shade(top, 1.15));
	for (let g = 0; g < 4; g++) cv.rect(x + 5 + Math.floor(rnd() * 14), y + 7 + g * 5, 8, 1, shade(top, 0.88), 0.6);
}

const PAINTERS: Record<TileName, Painter> = {
	wood: (cv, x, y, rnd) => planks(cv, x, y, rnd, hex('#c99a68')),
	tileFloor: (cv, x, y, rnd) => {
		for (let j = 0; j < 2; j++) {
			for (let i = 0; i < 2; i++) {
				const c = shade(hex('#dcd7cf'), 0.96 + rnd() * 0.06);
				cv.rect(x + i * 16, y + j * 16, 16, 16, c);
				cv.rect(x + i * 16, y + j * 16, 16, 1, shade(c, 1.05));
				cv.rect(x + i * 16, y + j * 16, 1, 16, shade(c, 1.04));
				cv.rect(x + i * 16, y + j * 16 + 15, 16, 1, shade(c, 0.82));
				cv.rect(x + i * 16 + 15, y + j * 16, 1, 16, shade(c, 0.85));
			}
		}
		cv.noise(x, y, TILE, TILE, 0.02, rnd);
	},
	carpetBlue: (cv, x, y, rnd) => carpet(cv, x, y, rnd, hex('#5a7db3')),
	carpetGreen: (cv, x, y, rnd) => carpet(cv, x, y, rnd, hex('#6b9a6b')),
	carpetBeige: (cv, x, y, rnd) => carpet(cv, x, y, rnd, hex('#d6c4a4')),
	carpetGrey: (cv, x, y, rnd) => carpet(cv, x, y, rnd, hex('#8d939d')),
	rug: (cv, x, y, rnd) => {
		const red = hex('#a9443b');
		const gold = hex('#dcb35c');
		cv.rect(x, y, TILE, TILE, red);
		cv.noise(x, y, TILE, TILE, 0.05, rnd);
		cv.rect(x, y, TILE, 1, shade(red, 0.8));
		cv.rect(x, y, 1, TILE, shade(red, 0.8));
		// A gold diamond per tile: a rug of many tiles reads as a patterned carpet.
		for (let k = 0; k <= 8; k++) {
			cv.plot(x + 16 - 8 + k, y + 16 - k, gold);
			cv.plot(x + 16 + 8 - k, y + 16 + k, gold);
			cv.plot(x + 16 - 8 + k, y + 16 + k, gold);
			cv.plot(x + 16 + 8 - k, y + 16 - k, gold);
		}
		cv.circle(x + 16, y + 16, 2.5, gold);
		for (const [cx, cy] of [
			[0, 0],
			[32, 0],
			[0, 32],
			[32, 32],
		] as const) {
			cv.circle(x + cx, y + cy, 3, shade(gold, 0.85));
		}
	},
	doormat: (cv, x, y, rnd) => {
		planks(cv, x, y, rnd, hex('#c99a68'));
		cv.rect(x + 2, y + 3, 28, 26, hex('#5d5048'));
		for (let k = 0; k < 8; k++) cv.rect(x + 4, y + 5 + k * 3, 24, 1, hex('#76675c'));
	},
	wall: (cv, x, y, rnd) => bricks(cv, x, y, rnd),
	wallWindow: (cv, x, y, rnd) => {
		bricks(cv, x, y, rnd);
		cv.rect(x + 4, y + 5, 24, 22, hex('#39404e'));
		for (let j = 0; j < 18; j++) {
			cv.rect(x + 6, y + 7 + j, 20, 1, mix(hex('#9fd2ee'), hex('#e2f4ff'), j / 18));
		}
		cv.rect(x + 15, y + 7, 2, 18, hex('#39404e'));
		cv.line(x + 8, y + 20, x + 13, y + 9, [255, 255, 255], 0.6);
		cv.line(x + 19, y + 22, x + 24, y + 11, [255, 255, 255], 0.45);
	},
	stageFloor: (cv, x, y, rnd) => planks(cv, x, y, rnd, hex('#8a5a3a')),
	stageEdge: (cv, x, y, rnd) => {
		planks(cv, x, y, rnd, hex('#8a5a3a'));
		cv.rect(x, y + 22, TILE, 10, hex('#4e3323'));
		cv.rect(x, y + 22, TILE, 2, hex('#c48a5a'));
		cv.rect(x, y + 30, TILE, 2, [0, 0, 0], 0.25);
	},
	grass: (cv, x, y, rnd) => grass(cv, x, y, rnd),
	grassFlowers: (cv, x, y, rnd) => {
		grass(cv, x, y, rnd);
		const petals = [hex('#ffffff'), hex('#f6a5c0'), hex('#ffe066'), hex('#b9a4f5')];
		for (let k = 0; k < 5; k++) {
			const fx = x + 4 + Math.floor(rnd() * 24);
			const fy = y + 4 + Math.floor(rnd() * 24);
			const c = petals[Math.floor(rnd() * petals.length)]!;
			for (const [dx, dy] of [
				[-1, 0],
				[1, 0],
				[0, -1],
				[0, 1],
			] as const) {
				cv.plot(fx + dx, fy + dy, c);
			}
			cv.plot(fx, fy, hex('#f2b632'));
		}
	},
	stonePath: (cv, x, y, rnd) => {
		cv.rect(x, y, TILE, TILE, hex('#8f8a80'));
		for (let j = 0; j < 2; j++) {
			for (let i = 0; i < 2; i++) {
				const c = shade(hex('#cbc5ba'), 0.9 + rnd() * 0.15);
				const sx = x + i * 16 + 1 + Math.floor(rnd() * 2);
				const sy = y + j * 16 + 1 + Math.floor(rnd() * 2);
				cv.roundRect(sx + 1, sy + 1, 13, 13, 4, shade(c, 0.7));
				cv.roundRect(sx, sy, 13, 13, 4, c);
			}
		}
		cv.noise(x, y, TILE, TILE, 0.04, rnd);
	},
	water: (cv, x, y, rnd) => {
		for (let j = 0; j < TILE; j++) cv.rect(x, y + j, TILE, 1, mix(hex('#3a7fbd'), hex('#4d95cf'), Math.sin((j / TILE) * Math.PI)));
		for (let k = 0; k < 5; k++) {
			const wx = x + 2 + Math.floor(rnd() * 22);
			const wy = y + 3 + Math.floor(rnd() * 26);
			cv.rect(wx, wy, 6, 1, hex('#a8d4f2'), 0.8);
			cv.rect(wx + 1, wy - 1, 4, 1, hex('#a8d4f2'), 0.4);
		}
	},
	desk: (cv, x, y, rnd) => deskTop(cv, x, y, rnd),
	deskMonitor: (cv, x, y, rnd) => {
		deskTop(cv, x, y, rnd);
		cv.rect(x + 14, y + 14, 4, 3, hex('#5a5f69'));
		cv.roundRect(x + 7, y + 5, 18, 11, 1.5, hex('#2a2e36'));
		cv.rect(x + 8, y + 6, 16, 9, hex('#4f9fd6'));
		cv.rect(x + 8, y + 6, 16, 3, hex('#7cc0ea'));
		cv.roundRect(x + 9, y + 19, 14, 5, 1, hex('#e3e7ec'));
		for (let k = 0; k < 6; k++) cv.plot(x + 10 + k * 2, y + 21, hex('#9aa2ad'));
		cv.circle(x + 26, y + 22, 2.5, hex('#f4f4f4'));
		cv.circle(x + 26, y + 22, 1.3, hex('#6b4226'));
	},
	chair: (cv, x, y) => {
		shadow(cv, x + 17, y + 19, 10, 8);
		cv.roundRect(x + 8, y + 5, 16, 6, 2.5, hex('#27303c'));
		cv.circle(x + 16, y + 17, 9, hex('#2e3846'));
		cv.circle(x + 16, y + 17, 7.5, hex('#3f4c5f'));
		cv.circle(x + 14.5, y + 15.5, 3, hex('#56657b'), 0.7);
	},
	plant: (cv, x, y) => {
		shadow(cv, x + 17, y + 25, 10, 5);
		cv.circle(x + 16, y + 22, 7, hex('#9c5330'));
		cv.circle(x + 16, y + 22, 5.5, hex('#b9683f'));
		cv.circle(x + 16, y + 22, 4, hex('#5a3b26'));
		const leaves: [number, number, number, string][] = [
			[10, 13, 6, '#3f8a3f'],
			[22, 12, 6, '#3f8a3f'],
			[16, 8, 6.5, '#4e9e48'],
			[12, 17, 5, '#4e9e48'],
			[20, 17, 5, '#4e9e48'],
			[15, 12, 4, '#6cbc5e'],
			[19, 9, 2.5, '#8fd07a'],
		];
		for (const [lx, ly, r, c] of leaves) cv.circle(x + lx, y + ly, r, hex(c));
	},
	sofa: (cv, x, y) => {
		cv.rect(x + 2, y + 7, 30, 24, [0, 0, 0], 0.2);
		const teal = hex('#3d8b86');
		cv.roundRect(x + 1, y + 4, 30, 25, 4, shade(teal, 0.7));
		cv.roundRect(x + 2, y + 4, 28, 9, 3, shade(teal, 0.85));
		cv.roundRect(x + 1, y + 8, 6, 20, 3, shade(teal, 0.9));
		cv.roundRect(x + 25, y + 8, 6, 20, 3, shade(teal, 0.9));
		cv.roundRect(x + 7, y + 12, 9, 14, 2, teal);
		cv.roundRect(x + 16, y + 12, 9, 14, 2, teal);
		cv.rect(x + 8, y + 13, 7, 1, shade(teal, 1.2));
		cv.rect(x + 17, y + 13, 7, 1, shade(teal, 1.2));
	},
	bookshelf: (cv, x, y, rnd) => {
		const wood = hex('#6e4b2f');
		cv.rect(x + 1, y + 1, 30, 30, shade(wood, 0.75));
		cv.rect(x + 2, y + 2, 28, 28, wood);
		const colours = ['#c0392b', '#2e86c1', '#f1c40f', '#27ae60', '#8e44ad', '#e67e22', '#ecf0f1', '#16a085'].map(hex);
		for (let s = 0; s < 3; s++) {
			const sy = y + 3 + s * 9;
			cv.rect(x + 3, sy, 26, 8, shade(wood, 0.55));
			let bx = x + 3;
			while (bx < x + 28) {
				const w = 2 + Math.floor(rnd() * 3);
				const h = 5 + Math.floor(rnd() * 3);
				const c = colours[Math.floor(rnd() * colours.length)]!;
				cv.rect(bx, sy + 8 - h, Math.min(w, x + 29 - bx), h, c);
				cv.rect(bx, sy + 8 - h, 1, h, shade(c, 1.2), 0.5);
				bx += w + (rnd() < 0.2 ? 1 : 0);
			}
			cv.rect(x + 2, sy + 8, 28, 1, shade(wood, 1.15));
		}
	},
	meetingTable: (cv, x, y, rnd) => {
		const top = hex('#8d5f3e');
		cv.rect(x, y, TILE, TILE, top);
		for (let g = 0; g < 6; g++) cv.rect(x + Math.floor(rnd() * 20), y + 2 + g * 5, 6 + Math.floor(rnd() * 10), 1, shade(top, 0.86), 0.7);
		cv.noise(x, y, TILE, TILE, 0.03, rnd);
	},
	coffeeCounter: (cv, x, y) => {
		cv.rect(x, y + 1, TILE, 22, hex('#a3aab1'));
		cv.rect(x, y + 1, TILE, 1, hex('#c9ced3'));
		cv.rect(x, y + 23, TILE, 9, hex('#6a7178'));
		cv.rect(x, y + 23, TILE, 1, hex('#50565c'));
		cv.roundRect(x + 7, y + 3, 14, 15, 2, hex('#2b2b2f'));
		cv.rect(x + 9, y + 5, 10, 4, hex('#4a4a52'));
		cv.plot(x + 18, y + 11, hex('#ff4d4d'));
		cv.circle(x + 25, y + 13, 3, hex('#f5f5f5'));
		cv.circle(x + 25, y + 13, 1.8, hex('#6b4226'));
	},
	whiteboard: (cv, x, y, rnd) => {
		cv.rect(x + 3, y + 4, 28, 20, [0, 0, 0], 0.2);
		cv.rect(x + 2, y + 2, 28, 20, hex('#9aa3ad'));
		cv.rect(x + 3, y + 3, 26, 18, hex('#f6f8fa'));
		const ink = ['#2e6fd8', '#d83a2e', '#2a9d55'].map(hex);
		for (let k = 0; k < 3; k++) {
			let px = x + 5;
			let py = y + 6 + k * 5;
			for (let s = 0; s < 5; s++) {
				const nx = px + 3 + Math.floor(rnd() * 3);
				const ny = py + Math.floor(rnd() * 3) - 1;
				cv.line(px, py, nx, ny, ink[k]!);
				px = nx;
				py = ny;
			}
		}
		cv.rect(x + 6, y + 22, 20, 2, hex('#7d8690'));
	},
	speaker: (cv, x, y) => {
		shadow(cv, x + 17, y + 27, 12, 4);
		cv.roundRect(x + 6, y + 3, 20, 26, 2, hex('#1d1f24'));
		cv.circle(x + 16, y + 19, 6.5, hex('#3a3d45'));
		cv.circle(x + 16, y + 19, 4, hex('#15161a'));
		cv.circle(x + 16, y + 9, 3, hex('#3a3d45'));
		cv.circle(x + 16, y + 9, 1.5, hex('#15161a'));
	},
	beanbag: (cv, x, y) => {
		shadow(cv, x + 17, y + 21, 12, 8);
		cv.ellipse(x + 16, y + 17, 12, 11, hex('#c96f2c'));
		cv.ellipse(x + 16, y + 16, 10, 9, hex('#e0873a'));
		cv.ellipse(x + 14, y + 13, 4.5, 3.5, hex('#f1a45f'), 0.8);
	},
	waterCooler: (cv, x, y) => {
		shadow(cv, x + 17, y + 27, 9, 4);
		cv.roundRect(x + 9, y + 14, 14, 15, 2, hex('#cfd5db'));
		cv.rect(x + 9, y + 14, 14, 1, hex('#eef1f4'));
		cv.rect(x + 14, y + 21, 4, 2, hex('#5a6470'));
		cv.circle(x + 16, y + 10, 7, hex('#74c0ee'), 0.9);
		cv.circle(x + 14, y + 8, 2.5, hex('#e6f6ff'), 0.8);
	},
	tree: (cv, x, y) => {
		cv.ellipse(x + 18, y + 20, 14, 11, [0, 0, 0], 0.25);
		cv.circle(x + 16, y + 15, 14, hex('#2f6b2e'));
		cv.circle(x + 13, y + 12, 10, hex('#3f8a3a'));
		cv.circle(x + 19, y + 17, 8, hex('#3a8036'));
		cv.circle(x + 11, y + 10, 5, hex('#5ea653'));
		cv.circle(x + 10, y + 9, 2.5, hex('#82c470'));
	},
	bench: (cv, x, y) => {
		cv.rect(x + 3, y + 10, 28, 16, [0, 0, 0], 0.2);
		const wood = hex('#a8734a');
		cv.rect(x + 4, y + 8, 3, 18, shade(wood, 0.55));
		cv.rect(x + 25, y + 8, 3, 18, shade(wood, 0.55));
		for (let s = 0; s < 3; s++) {
			cv.rect(x + 1, y + 8 + s * 6, 30, 4, wood);
			cv.rect(x + 1, y + 8 + s * 6, 30, 1, shade(wood, 1.2));
			cv.rect(x + 1, y + 11 + s * 6, 30, 1, shade(wood, 0.7));
		}
	},
	hedge: (cv, x, y, rnd) => {
		cv.rect(x, y, TILE, TILE, hex('#2f5d2b'));
		for (let k = 0; k < 16; k++) {
			cv.circle(x + 3 + rnd() * 26, y + 3 + rnd() * 24, 3 + rnd() * 3, shade(hex('#3f7a37'), 0.85 + rnd() * 0.35));
		}
		cv.rect(x, y + 28, TILE, 4, [0, 0, 0], 0.18);
	},
	portal: (cv, x, y) => {
		cv.circle(x + 16, y + 16, 15, hex('#6b4cf5'), 0.3);
		cv.ring(x + 16, y + 16, 13, 2, hex('#a58bff'));
		cv.circle(x + 16, y + 16, 9.5, hex('#b9a6ff'), 0.55);
		cv.ring(x + 16, y + 16, 7, 1.5, hex('#ffffff'), 0.7);
		cv.circle(x + 16, y + 16, 3.5, hex('#ffffff'), 0.85);
		for (const [sx, sy] of [
			[7, 8],
			[25, 10],
			[9, 25],
			[24, 24],
		] as const) {
			cv.plot(x + sx, y + sy, [255, 255, 255], 0.9);
		}
	},
};

function paintTileset(): Canvas {
	const names = Object.keys(T) as TileName[];
	const rows = Math.ceil(names.length / TILESET_COLUMNS);
	const cv = new Canvas(TILESET_COLUMNS * TILE, rows * TILE);
	for (const name of names) {
		const id = T[name];
		PAINTERS[name](cv, (id % TILESET_COLUMNS) * TILE, Math.floor(id / TILESET_COLUMNS) * TILE, random(1000 + id));
	}
	return cv;
}

function tilesetJson(image: Canvas): object {
	const names = Object.keys(T) as TileName[];
	return {
		columns: TILESET_COLUMNS,
		image: `${TILESET_NAME}.png`,
		imageheight: image.height,
		imagewidth: image.width,
		margin: 0,
		name: TILESET_NAME,
		spacing: 0,
		tilecount: names.length,
		...TILED_VERSION,
		tileheight: TILE,
		tilewidth: TILE,
		type: 'tileset',
		// Each tile carries its name as its type (class), which helps when
		// painting in Tiled; walls and solid furniture also carry `collides`.
		tiles: names.map((name) => ({
			id: T[name],
			...(COLLIDING.has(name) ? { properties: [{ name: 'collides', type: 'bool', value: true }] } : {}),
			type: name,
		})),
	};
}

// ---------------------------------------------------------------------------
// Map building
// ---------------------------------------------------------------------------

class TileLayer {
	readonly gids: number[];

	constructor(
		readonly name: string,
		readonly cols: number,
		readonly rows: number,
	) {
		this.gids = new Array<number>(cols * rows).fill(0);
	}

	set(col: number, row: number, tile: TileName | null): void {
		if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) throw new Error(`${this.name}: ${col},${row} outside the map`);
		this.gids[row * this.cols + col] = tile === null ? 0 : T[tile] + 1;
	}

	/** Fills the inclusive tile range. */
	fill(c0: number, r0: number, c1: number, r1: number, tile: TileName | null): void {
		for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.set(c, r, tile);
	}
}

interface MapObject {
	name: string;
	type: string;
	/** Tile coordinates are multiplied by TILE when the object is written. */
	shape:
		| { kind: 'rect'; col: number; row: number; cols: number; rows: number }
		| { kind: 'ellipse'; col: number; row: number; cols: number; rows: number }
		| { kind: 'polygon'; col: number; row: number; points: readonly (readonly [number, number])[] }
		| { kind: 'point'; x: number; y: number };
	properties?: Record<string, string>;
}

interface MapSpec {
	file: string;
	cols: number;
	rows: number;
	properties: Record<string, string>;
	tileLayers: TileLayer[];
	objectLayers: { name: string; objects: MapObject[] }[];
}

function mapJson(spec: MapSpec): object {
	let nextLayerId = 1;
	let nextObjectId = 1;
	const layers: object[] = spec.tileLayers.map((layer) => ({
		data: layer.gids,
		height: spec.rows,
		id: nextLayerId++,
		name: layer.name,
		opacity: 1,
		type: 'tilelayer',
		visible: true,
		width: spec.cols,
		x: 0,
		y: 0,
	}));
	for (const group of spec.objectLayers) {
		layers.push({
			draworder: 'topdown',
			id: nextLayerId++,
			name: group.name,
			objects: group.objects.map((obj) => {
				const base = {
					id: nextObjectId++,
					name: obj.name,
					rotation: 0,
					type: obj.type,
					visible: true,
					...(obj.properties
						? { properties: Object.entries(obj.properties).map(([name, value]) => ({ name, type: 'string', value })) }
						: {}),
				};
				const s = obj.shape;
				switch (s.kind) {
					case 'rect':
						return { ...base, x: s.col * TILE, y: s.row * TILE, width: s.cols * TILE, height: s.rows * TILE };
					case 'ellipse':
						return { ...base, ellipse: true, x: s.col * TILE, y: s.row * TILE, width: s.cols * TILE, height: s.rows * TILE };
					case 'polygon':
						return {
							...base,
							x: s.col * TILE,
							y: s.row * TILE,
							width: 0,
							height: 0,
							polygon: s.points.map(([px, py]) => ({ x: px * TILE, y: py * TILE })),
						};
					case 'point':
						return { ...base, point: true, x: s.x, y: s.y, width: 0, height: 0 };
				}
			}),
			opacity: 1,
			type: 'objectgroup',
			visible: true,
			x: 0,
			y: 0,
		});
	}
	return {
		compressionlevel: -1,
		height: spec.rows,
		infinite: false,
		layers,
		nextlayerid: nextLayerId,
		nextobjectid: nextObjectId,
		orientation: 'orthogonal',
		properties: Object.entries(spec.properties).map(([name, value]) => ({ name, type: 'string', value })),
		renderorder: 'right-down',
		...TILED_VERSION,
		tileheight: TILE,
		tilesets: [{ firstgid: 1, source: `${TILESET_NAME}.tsj` }],
		tilewidth: TILE,
		type: 'map',
		width: spec.cols,
	};
}

/**
 * The office, 40x30 tiles. Top row: two meeting rooms with doors onto the
 * corridor, a kitchenette, the stage with an audience rug. Middle: the open
 * floor with desk pods. Bottom: a lounge, the lobby with the garden door, and
 * the quiet library (its entrance vestibule is left out of the silent zone so
 * people can still say hello at the door).
 */
function officeSpec(): MapSpec {
	const cols = 40;
	const rows = 30;
	const floor = new TileLayer('floor', cols, rows);
	const walls = new TileLayer('walls', cols, rows);
	const furniture = new TileLayer('furniture', cols, rows);

	floor.fill(0, 0, cols - 1, rows - 1, 'wood');

	// Outer walls, with windows along the top and the sides.
	walls.fill(0, 0, cols - 1, 0, 'wall');
	walls.fill(0, rows - 1, cols - 1, rows - 1, 'wall');
	walls.fill(0, 0, 0, rows - 1, 'wall');
	walls.fill(cols - 1, 0, cols - 1, rows - 1, 'wall');
	for (const c of [3, 6, 14, 17, 23, 31, 34]) walls.set(c, 0, 'wallWindow');
	for (const r of [13, 16, 23, 26]) {
		walls.set(0, r, 'wallWindow');
		walls.set(cols - 1, r, 'wallWindow');
	}

	// Meeting Room A: cols 1-9, rows 1-7, door at cols 4-5 of row 8.
	floor.fill(1, 1, 9, 7, 'carpetBlue');
	walls.fill(10, 1, 10, 8, 'wall');
	walls.fill(1, 8, 9, 8, 'wall');
	walls.set(4, 8, null);
	walls.set(5, 8, null);
	floor.fill(4, 8, 5, 8, 'doormat');
	furniture.fill(3, 3, 7, 5, 'meetingTable');
	for (let c = 3; c <= 7; c++) {
		furniture.set(c, 2, 'chair');
		furniture.set(c, 6, 'chair');
	}
	furniture.set(2, 4, 'chair');
	furniture.set(8, 4, 'chair');
	furniture.set(1, 1, 'plant');
	furniture.set(9, 1, 'plant');
	furniture.fill(4, 1, 6, 1, 'whiteboard');

	// Meeting Room B: cols 11-19, rows 1-7, door at cols 15-16 of row 8. A lounge-style room.
	floor.fill(11, 1, 19, 7, 'carpetGreen');
	walls.fill(20, 1, 20, 8, 'wall');
	walls.fill(11, 8, 19, 8, 'wall');
	walls.set(15, 8, null);
	walls.set(16, 8, null);
	floor.fill(15, 8, 16, 8, 'doormat');
	furniture.fill(13, 4, 17, 5, 'meetingTable');
	for (let c = 13; c <= 17; c++) {
		furniture.set(c, 3, 'chair');
		furniture.set(c, 6, 'chair');
	}
	furniture.fill(14, 1, 16, 1, 'whiteboard');
	furniture.set(11, 1, 'plant');
	furniture.set(19, 1, 'plant');
	furniture.set(11, 7, 'plant');
	furniture.fill(19, 4, 19, 5, 'sofa');

	// Kitchenette: cols 21-26, rows 1-5.
	floor.fill(21, 1, 26, 5, 'tileFloor');
	furniture.fill(21, 1, 25, 1, 'coffeeCounter');
	furniture.set(26, 1, 'waterCooler');
	furniture.set(22, 3, 'desk');
	furniture.set(23, 3, 'desk');
	furniture.set(22, 4, 'chair');
	furniture.set(23, 4, 'chair');
	furniture.set(22, 2, 'chair');
	furniture.set(23, 2, 'chair');
	furniture.set(26, 5, 'plant');

	// Stage: platform cols 29-36, rows 1-3 plus its front edge on row 4; audience rug below.
	floor.fill(29, 1, 36, 3, 'stageFloor');
	floor.fill(29, 4, 36, 4, 'stageEdge');
	furniture.set(28, 1, 'speaker');
	furniture.set(37, 1, 'speaker');
	furniture.set(28, 4, 'plant');
	furniture.set(37, 4, 'plant');
	floor.fill(29, 6, 36, 9, 'rug');
	for (let r = 6; r <= 9; r += 1) {
		for (let c = 29; c <= 36; c++) if ((c - 29) % 3 !== 2 && r % 2 === 0) furniture.set(c, r, 'chair');
	}
	for (let r = 7; r <= 9; r += 2) {
		furniture.set(29, r, 'beanbag');
		furniture.set(36, r, 'beanbag');
	}

	// Open floor: grey carpet with two rows of desk pods.
	floor.fill(2, 10, 25, 19, 'carpetGrey');
	for (const pc of [4, 10, 16, 22]) {
		for (const pr of [12, 16]) {
			furniture.fill(pc, pr, pc + 2, pr, 'deskMonitor');
			furniture.fill(pc, pr + 1, pc + 2, pr + 1, 'deskMonitor');
			for (let c = pc; c <= pc + 2; c++) {
				furniture.set(c, pr - 1, 'chair');
				furniture.set(c, pr + 2, 'chair');
			}
		}
	}
	for (const [c, r] of [
		[2, 10],
		[25, 10],
		[2, 19],
		[25, 19],
		[8, 14],
		[20, 14],
	] as const) {
		furniture.set(c, r, 'plant');
	}

	// Lounge (bottom left): rug, sofas, beanbags.
	floor.fill(2, 22, 9, 27, 'rug');
	furniture.fill(2, 22, 4, 22, 'sofa');
	furniture.fill(7, 22, 9, 22, 'sofa');
	furniture.set(5, 24, 'meetingTable');
	furniture.set(6, 24, 'meetingTable');
	furniture.set(3, 25, 'beanbag');
	furniture.set(8, 25, 'beanbag');
	furniture.set(5, 27, 'beanbag');
	furniture.set(1, 21, 'plant');
	furniture.set(1, 28, 'plant');
	furniture.fill(1, 24, 1, 26, 'bookshelf');

	// Lobby and garden door (bottom centre).
	floor.fill(16, 26, 22, 27, 'rug');
	floor.fill(17, 28, 21, 28, 'tileFloor');
	furniture.fill(18, 28, 20, 28, 'portal');
	furniture.set(16, 28, 'plant');
	furniture.set(22, 28, 'plant');
	furniture.fill(13, 22, 15, 22, 'desk');
	furniture.set(14, 21, 'chair');
	furniture.set(12, 22, 'plant');

	// Quiet library (bottom right): cols 28-38, rows 20-28, behind bookshelves
	// on row 19 and column 27, entered through the gap at cols 29-30.
	floor.fill(28, 20, 38, 28, 'carpetBeige');
	furniture.fill(27, 19, 38, 19, 'bookshelf');
	furniture.set(29, 19, null);
	furniture.set(30, 19, null);
	furniture.fill(27, 20, 27, 28, 'bookshelf');
	furniture.fill(38, 22, 38, 27, 'bookshelf');
	furniture.fill(32, 24, 35, 24, 'desk');
	furniture.fill(32, 23, 35, 23, 'chair');
	furniture.fill(32, 25, 35, 25, 'chair');
	for (const [c, r] of [
		[30, 27],
		[33, 27],
		[36, 27],
		[36, 21],
	] as const) {
		furniture.set(c, r, 'beanbag');
	}
	furniture.set(38, 20, 'plant');
	furniture.set(38, 28, 'plant');
	furniture.set(31, 20, 'plant');

	return {
		file: 'office.tmj',
		cols,
		rows,
		properties: { displayName: 'Hallway Office' },
		tileLayers: [floor, walls, furniture],
		objectLayers: [
			{
				name: 'zones',
				objects: [
					{ name: 'Meeting Room A', type: 'private', shape: { kind: 'rect', col: 1, row: 1, cols: 9, rows: 7 } },
					{
						name: 'Meeting Room B',
						type: 'private',
						shape: {
							kind: 'polygon',
							col: 11,
							row: 1,
							points: [
								[0, 0],
								[9, 0],
								[9, 7],
								[0, 7],
							],
						},
					},
					{ name: 'Stage', type: 'spotlight', shape: { kind: 'rect', col: 29, row: 1, cols: 8, rows: 4 } },
					{
						name: 'Quiet Library',
						type: 'silent',
						// L-shaped: the whole room minus the vestibule at cols 28-30, rows 20-21.
						shape: {
							kind: 'polygon',
							col: 28,
							row: 20,
							points: [
								[3, 0],
								[11, 0],
								[11, 9],
								[0, 9],
								[0, 2],
								[3, 2],
							],
						},
					},
				],
			},
			{
				name: 'spawns',
				objects: [
					{ name: 'lobby', type: 'spawn', shape: { kind: 'point', x: 19.5 * TILE, y: 24.5 * TILE } },
					{ name: 'east-wing', type: 'spawn', shape: { kind: 'point', x: 32.5 * TILE, y: 11.5 * TILE } },
					{ name: 'from-garden', type: 'spawn', shape: { kind: 'point', x: 19.5 * TILE, y: 26.5 * TILE } },
				],
			},
			{
				name: 'portals',
				objects: [
					{
						name: 'To the garden',
						type: 'portal',
						shape: { kind: 'rect', col: 18, row: 28, cols: 3, rows: 1 },
						properties: { targetMap: 'garden', targetSpawn: 'from-office' },
					},
				],
			},
		],
	};
}

/**
 * The garden, 24x18 tiles: hedges all round, a pond with benches, trees,
 * stone paths, a gazebo (a private ellipse zone) and the door back to the office.
 */
function gardenSpec(): MapSpec {
	const cols = 24;
	const rows = 18;
	const floor = new TileLayer('floor', cols, rows);
	const walls = new TileLayer('walls', cols, rows);
	const furniture = new TileLayer('furniture', cols, rows);
	const rnd = random(7);

	floor.fill(0, 0, cols - 1, rows - 1, 'grass');
	for (let k = 0; k < 40; k++) floor.set(1 + Math.floor(rnd() * (cols - 2)), 1 + Math.floor(rnd() * (rows - 2)), 'grassFlowers');
	walls.fill(0, 0, cols - 1, 0, 'hedge');
	walls.fill(0, rows - 1, cols - 1, rows - 1, 'hedge');
	walls.fill(0, 0, 0, rows - 1, 'hedge');
	walls.fill(cols - 1, 0, cols - 1, rows - 1, 'hedge');

	// Paths: from the office door north to a crossing, west to the gazebo, east to the pond.
	floor.fill(11, 9, 12, 16, 'stonePath');
	floor.fill(4, 9, 19, 10, 'stonePath');
	floor.fill(4, 3, 8, 8, 'stonePath');

	// Gazebo: a stone circle ringed by benches.
	furniture.set(6, 2, 'bench');
	furniture.set(3, 5, 'bench');
	furniture.set(9, 5, 'bench');
	furniture.set(5, 2, 'plant');
	furniture.set(7, 2, 'plant');

	// Pond with benches.
	floor.fill(15, 3, 19, 6, 'water');
	floor.fill(16, 7, 18, 7, 'water');
	furniture.set(14, 8, 'bench');
	furniture.set(20, 8, 'bench');
	furniture.set(20, 4, 'bench');

	// Trees.
	for (const [c, r] of [
		[2, 12],
		[4, 14],
		[7, 13],
		[15, 13],
		[18, 14],
		[20, 12],
		[21, 2],
		[12, 2],
		[2, 2],
	] as const) {
		furniture.set(c, r, 'tree');
	}
	furniture.fill(11, 16, 12, 16, 'portal');

	return {
		file: 'garden.tmj',
		cols,
		rows,
		properties: { displayName: 'Rooftop Garden' },
		tileLayers: [floor, walls, furniture],
		objectLayers: [
			{
				name: 'zones',
				objects: [{ name: 'Gazebo', type: 'private', shape: { kind: 'ellipse', col: 4, row: 3, cols: 5, rows: 6 } }],
			},
			{
				name: 'spawns',
				objects: [{ name: 'from-office', type: 'spawn', shape: { kind: 'point', x: 12 * TILE, y: 13.5 * TILE } }],
			},
			{
				name: 'portals',
				objects: [
					{
						name: 'Back to the office',
						type: 'portal',
						shape: { kind: 'rect', col: 11, row: 16, cols: 2, rows: 1 },
						properties: { targetMap: 'office', targetSpawn: 'from-garden' },
					},
				],
			},
		],
	};
}

/**
 * JSON with one map row per line in tile layers' `data` (as Tiled lays out
 * CSV), so diffs of the maps stay readable.
 */
function formatMapJson(json: object, cols: number): string {
	const rows: number[][][] = [];
	const text = JSON.stringify(
		json,
		(key, value: unknown) => {
			if (key !== 'data' || !Array.isArray(value)) return value;
			const gids = value as number[];
			rows.push(Array.from({ length: Math.ceil(gids.length / cols) }, (_, r) => gids.slice(r * cols, (r + 1) * cols)));
			return `__DATA_${rows.length - 1}__`;
		},
		1,
	);
	return `${text.replace(/^( *)"data": "__DATA_(\d+)__"/gm, (_, indent: string, i: string) => {
		const lines = rows[Number(i)]!.map((row) => `${indent} ${row.join(',')}`);
		return `${indent}"data": [\n${lines.join(',\n')}\n${indent}]`;
	})}\n`;
}

// ---------------------------------------------------------------------------
// Preview: the map's tile layers with zones, spawns and portals drawn over
// ---------------------------------------------------------------------------

const ZONE_COLOURS: Record<string, Rgb> = {
	private: hex('#3d7bff'),
	spotlight: hex('#ffc400'),
	silent: hex('#b04dff'),
};

function renderPreview(spec: MapSpec, tileset: Canvas, map: WorldMap): Canvas {
	const cv = new Canvas(spec.cols * TILE, spec.rows * TILE);
	for (const layer of spec.tileLayers) {
		layer.gids.forEach((gid, i) => {
			if (gid === 0) return;
			const id = gid - 1;
			cv.blit(
				tileset,
				(id % TILESET_COLUMNS) * TILE,
				Math.floor(id / TILESET_COLUMNS) * TILE,
				TILE,
				TILE,
				(i % spec.cols) * TILE,
				Math.floor(i / spec.cols) * TILE,
			);
		});
	}
	const areas = [
		...map.zones.map((z) => ({ area: z, colour: ZONE_COLOURS[z.kind]! })),
		...map.portals.map((p) => ({ area: p, colour: hex('#00d5c0') })),
	];
	for (const { area, colour } of areas) {
		const b = area.bounds;
		for (let y = Math.floor(b.y); y < Math.ceil(b.y + b.height); y++) {
			for (let x = Math.floor(b.x); x < Math.ceil(b.x + b.width); x++) {
				if (!area.contains(x + 0.5, y + 0.5)) continue;
				const edge = [-2, 2].some((d) => !area.contains(x + 0.5 + d, y + 0.5) || !area.contains(x + 0.5, y + 0.5 + d));
				cv.plot(x, y, colour, edge ? 0.95 : 0.16);
			}
		}
	}
	for (const spawn of map.spawns) {
		cv.circle(spawn.x, spawn.y, 7, [255, 255, 255]);
		cv.circle(spawn.x, spawn.y, 5, hex('#e8344a'));
	}
	return cv;
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
	if (!existsSync(MAPS_DIR)) {
		throw new Error(`${MAPS_DIR} not found: run this script from the repository root`);
	}
	const tileset = paintTileset();
	writeFileSync(path.join(MAPS_DIR, `${TILESET_NAME}.png`), encodePng(tileset.width, tileset.height, tileset.data));
	writeFileSync(path.join(MAPS_DIR, `${TILESET_NAME}.tsj`), `${JSON.stringify(tilesetJson(tileset), null, 1)}\n`);

	const specs = [officeSpec(), gardenSpec()];
	const maps: WorldMap[] = [];
	for (const spec of specs) {
		const file = path.join(MAPS_DIR, spec.file);
		writeFileSync(file, formatMapJson(mapJson(spec), spec.cols));
		// Load what was written with the real loader: the maps ship only if they parse.
		maps.push(await loadMapFile(file));
	}
	validatePortalLinks(maps);

	const previewDir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
	mkdirSync(path.dirname(PREVIEW_FILE), { recursive: true });
	specs.forEach((spec, i) => {
		const map = maps[i]!;
		const preview = renderPreview(spec, tileset, map);
		const png = encodePng(preview.width, preview.height, preview.data);
		if (map.name === 'office') writeFileSync(PREVIEW_FILE, png);
		// Optional: `generate-maps.ts <dir>` also writes every map's preview there.
		if (previewDir) writeFileSync(path.join(previewDir, `${map.name}-preview.png`), png);
		const summary = `${map.name}: ${map.cols}x${map.rows} tiles, ${map.zones.length} zones, ${map.spawns.length} spawns, ${map.portals.length} portals, ${map.collision.reduce((n, v) => n + v, 0)} blocked tiles`;
		console.log(summary);
	});
	console.log(`wrote ${path.relative(process.cwd(), MAPS_DIR)}/{office.tmj,garden.tmj,${TILESET_NAME}.tsj,${TILESET_NAME}.png} and ${path.relative(process.cwd(), PREVIEW_FILE)}`);
}

await main();
