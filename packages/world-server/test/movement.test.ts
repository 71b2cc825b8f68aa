import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CollisionGrid } from '../src/map/index.js';
import { findSpawn, isTileBlocked, loadMapFile } from '../src/map/index.js';
import type { MovementInput, MovementOptions, MovementState } from '../src/movement/index.js';
import {
	applyInput,
	boxOverlapsBlocked,
	createMovementState,
	DEFAULT_MOVEMENT_OPTIONS,
	findPath,
	findSpawnPosition,
	findTilePath,
	MovementError,
	MovementInputSchema,
	MovementSimulator,
	resolveMovementOptions,
	step,
	sweptBoxClear,
} from '../src/movement/index.js';
import { Random } from './support/random.js';

const TILE = 32;
const DT = 1 / 20;
const H = DEFAULT_MOVEMENT_OPTIONS.halfSize;
const SPEED = DEFAULT_MOVEMENT_OPTIONS.maxSpeed;

/** A grid from ASCII art: `#` blocked, anything else walkable. */
function grid(...lines: string[]): CollisionGrid {
	const rows = lines.length;
	const cols = lines[0]!.length;
	const collision = new Uint8Array(cols * rows);
	lines.forEach((line, r) => {
		for (let c = 0; c < cols; c++) collision[r * cols + c] = line[c] === '#' ? 1 : 0;
	});
	return { cols, rows, tileWidth: TILE, tileHeight: TILE, widthPx: cols * TILE, heightPx: rows * TILE, collision };
}

function emptyGrid(cols: number, rows: number): CollisionGrid {
	return grid(...Array.from({ length: rows }, () => '.'.repeat(cols)));
}

const centre = (col: number, row: number) => ({ x: (col + 0.5) * TILE, y: (row + 0.5) * TILE });
const stateAt = (col: number, row: number): MovementState => createMovementState((col + 0.5) * TILE, (row + 0.5) * TILE);

/** Seeded draws in [0, 1) so fuzz tests are reproducible (the shared mulberry32 PRNG). */
function random(seed: number): () => number {
	const generator = new Random(seed);
	return () => generator.next();
}

let seq = 0;
const dir = (dx: number, dy: number): MovementInput => ({ seq: ++seq, kind: 'direction', dx, dy });
const target = (x: number, y: number): MovementInput => ({ seq: ++seq, kind: 'target', x, y });

/** Steps until the path is walked (or `maxTicks`), checking the invariants on every tick. */
function walk(state: MovementState, g: CollisionGrid, maxTicks = 2000, options: MovementOptions = DEFAULT_MOVEMENT_OPTIONS): number {
	let ticks = 0;
	while (state.path.length > 0 && ticks < maxTicks) {
		const before = { x: state.x, y: state.y };
		step(state, g, DT, options);
		expect(Math.hypot(state.x - before.x, state.y - before.y)).toBeLessThanOrEqual(options.maxSpeed * DT + 1e-9);
		expect(boxOverlapsBlocked(g, state.x, state.y, options.halfSize)).toBe(false);
		ticks++;
	}
	return ticks;
}

describe('speed limit', () => {
	it('moves at most maxSpeed * dt whatever length the direction claims', () => {
		for (const [dx, dy] of [
			[1, 0],
			[100, 0],
			[1e300, -1e300],
			[-1, 1],
			[0.6, 0.8],
		]) {
			const g = emptyGrid(20, 20);
			const s = createMovementState(320, 320);
			expect(applyInput(s, dir(dx!, dy!), g).accepted).toBe(true);
			step(s, g, DT);
			expect(Math.hypot(s.x - 320, s.y - 320)).toBeCloseTo(SPEED * DT, 9);
		}
	});

	it('lets a shorter vector walk slower (analog sticks)', () => {
		const g = emptyGrid(20, 20);
		const s = createMovementState(320, 320);
		applyInput(s, dir(0.5, 0), g);
		step(s, g, DT);
		expect(s.x - 320).toBeCloseTo(SPEED * DT * 0.5, 9);
	});

	it('caps a huge dt so a stalled tick cannot teleport', () => {
		const g = emptyGrid(200, 10);
		const s = createMovementState(48, 48);
		applyInput(s, dir(1, 0), g);
		step(s, g, 3600);
		expect(s.x - 48).toBeCloseTo(SPEED * DEFAULT_MOVEMENT_OPTIONS.maxStepSeconds, 9);
		expect(step(s, g, Number.NaN)).toBe(false);
		expect(step(s, g, -1)).toBe(false);
	});

	it('walks a far click-to-move target at top speed only, never jumping', () => {
		const g = emptyGrid(100, 100);
		const s = createMovementState(48, 48);
		applyInput(s, target(3000, 3000), g);
		step(s, g, DT);
		expect(Math.hypot(s.x - 48, s.y - 48)).toBeCloseTo(SPEED * DT, 6);
	});

	it('never moves faster than the limit under a barrage of hostile inputs', () => {
		const g = grid(
			'..........',
			'..###.....',
			'......#...',
			'..#...#...',
			'..#.......',
			'..........',
		);
		const rnd = random(7);
		const s = createMovementState(16, 16);
		for (let i = 0; i < 500; i++) {
			const r = rnd();
			const input =
				r < 0.4
					? dir((rnd() - 0.5) * 1e6, (rnd() - 0.5) * 1e6)
					: r < 0.7
						? target((rnd() - 0.5) * 1e7, (rnd() - 0.5) * 1e7)
						: target(rnd() * g.widthPx, rnd() * g.heightPx);
			applyInput(s, input, g);
			const before = { x: s.x, y: s.y };
			step(s, g, DT);
			expect(Math.hypot(s.x - before.x, s.y - before.y)).toBeLessThanOrEqual(SPEED * DT + 1e-9);
			expect(boxOverlapsBlocked(g, s.x, s.y, H)).toBe(false);
		}
	});
});

describe('input validation', () => {
	it('records the seq of the last accepted input for reconciliation', () => {
		const g = emptyGrid(10, 10);
		const s = createMovementState(100, 100);
		expect(s.lastInputSeq).toBe(0);
		applyInput(s, { seq: 5, kind: 'direction', dx: 1, dy: 0 }, g);
		expect(s.lastInputSeq).toBe(5);
		applyInput(s, { seq: 9, kind: 'target', x: 200, y: 200 }, g);
		expect(s.lastInputSeq).toBe(9);
	});

	it('rejects replayed or out-of-order seqs without changing anything', () => {
		const g = emptyGrid(10, 10);
		const s = createMovementState(100, 100);
		applyInput(s, { seq: 5, kind: 'direction', dx: 1, dy: 0 }, g);
		const result = applyInput(s, { seq: 5, kind: 'direction', dx: -1, dy: 0 }, g);
		expect(result).toMatchObject({ accepted: false, code: 'E_INPUT_STALE' });
		expect([s.dirX, s.lastInputSeq]).toEqual([1, 5]);
	});

	it('rejects non-finite numbers, bad seqs and unknown kinds', () => {
		const g = emptyGrid(10, 10);
		const s = createMovementState(100, 100);
		const bad: unknown[] = [
			{ seq: 1, kind: 'direction', dx: Number.NaN, dy: 0 },
			{ seq: 1, kind: 'direction', dx: Number.POSITIVE_INFINITY, dy: 0 },
			{ seq: 1, kind: 'direction', dx: '1', dy: 0 },
			{ seq: 1, kind: 'target', x: 10, y: Number.NaN },
			{ seq: 1.5, kind: 'direction', dx: 1, dy: 0 },
			{ seq: -1, kind: 'direction', dx: 1, dy: 0 },
			{ seq: 1, kind: 'teleport', x: 500, y: 500 },
		];
		for (const input of bad) {
			expect(applyInput(s, input as MovementInput, g)).toMatchObject({ accepted: false, code: 'E_INPUT_INVALID' });
		}
		expect(s).toEqual(createMovementState(100, 100));
	});

	it('exports a schema for network messages', () => {
		expect(MovementInputSchema.safeParse({ seq: 1, kind: 'direction', dx: 1, dy: 0 }).success).toBe(true);
		expect(MovementInputSchema.safeParse({ seq: 1, kind: 'teleport', x: 1, y: 0 }).success).toBe(false);
	});

	it('treats a tiny direction as stop and updates facing', () => {
		const g = emptyGrid(10, 10);
		const s = createMovementState(100, 100);
		applyInput(s, dir(0, -1), g);
		step(s, g, DT);
		expect([s.facing, s.moving]).toEqual(['up', true]);
		applyInput(s, dir(0.001, 0), g);
		expect(step(s, g, DT)).toBe(false);
		expect([s.facing, s.moving]).toEqual(['up', false]);
		applyInput(s, dir(-1, 0.2), g);
		step(s, g, DT);
		expect(s.facing).toBe('left');
	});
});

describe('collision', () => {
	it('never crosses a one-tile wall, at any angle and speed', () => {
		// A wall at column 5, full height: nothing may ever end up right of it.
		const g = grid(...Array.from({ length: 12 }, () => '.....#......'));
		const wallLeft = 5 * TILE;
		for (const maxSpeed of [160, 1_000, 10_000, 200_000]) {
			const options = resolveMovementOptions({ maxSpeed });
			for (let deg = -89; deg <= 89; deg += 2) {
				const rad = (deg * Math.PI) / 180;
				for (const startX of [H, 100, wallLeft - H - 0.001, wallLeft - H]) {
					const s = createMovementState(startX, 6 * TILE);
					applyInput(s, dir(Math.cos(rad), Math.sin(rad)), g, options);
					for (let t = 0; t < 12; t++) {
						step(s, g, DT, options);
						expect(s.x + H).toBeLessThanOrEqual(wallLeft + 1e-9);
						expect(boxOverlapsBlocked(g, s.x, s.y, H)).toBe(false);
					}
				}
			}
		}
	});

	it('keeps the footprint out of walls on random maps, whatever the inputs (fuzz)', () => {
		const rnd = random(1234);
		for (let m = 0; m < 30; m++) {
			const lines = Array.from({ length: 12 }, () => Array.from({ length: 16 }, () => (rnd() < 0.3 ? '#' : '.')).join(''));
			const g = grid(...lines);
			const free = [...g.collision.keys()].filter((i) => g.collision[i] === 0);
			if (free.length === 0) continue;
			const startIdx = free[Math.floor(rnd() * free.length)]!;
			const s = createMovementState(((startIdx % 16) + 0.5) * TILE, (Math.floor(startIdx / 16) + 0.5) * TILE);
			const options = resolveMovementOptions({ maxSpeed: 50 + rnd() * 3000 });
			for (let t = 0; t < 200; t++) {
				if (t % 10 === 0) {
					const a = rnd() * 2 * Math.PI;
					applyInput(s, rnd() < 0.7 ? dir(Math.cos(a), Math.sin(a)) : target(rnd() * 600, rnd() * 400), g, options);
				}
				step(s, g, DT * (0.5 + rnd() * 4), options);
				expect(boxOverlapsBlocked(g, s.x, s.y, H)).toBe(false);
			}
		}
	});

	it('stops flush against a wall and slides along it', () => {
		const g = grid(
			'..........',
			'..........',
			'..........',
			'##########',
		);
		const s = createMovementState(100, 40);
		applyInput(s, dir(1, 1), g);
		for (let t = 0; t < 20; t++) step(s, g, DT);
		expect(s.y).toBe(3 * TILE - H); // flush with the wall's top edge
		expect(s.x).toBeGreaterThan(100 + 60); // kept sliding to the right
		expect(s.facing).toBe('right');
	});

	it('stops in an inside corner', () => {
		const g = grid(
			'....#',
			'....#',
			'#####',
		);
		const s = createMovementState(40, 20);
		applyInput(s, dir(1, 1), g);
		for (let t = 0; t < 40; t++) step(s, g, DT);
		expect([s.x, s.y]).toEqual([4 * TILE - H, 2 * TILE - H]);
		expect(s.moving).toBe(false);
	});

	it('does not squeeze through the diagonal gap between two tiles touching at a corner', () => {
		// Walls at (2,1) and (1,2) meet at a corner; (2,2) is on the other side.
		const g = grid(
			'.....',
			'..#..',
			'.#...',
			'.....',
		);
		for (const start of [centre(1, 1), { x: 2 * TILE - H, y: 2 * TILE - H }]) {
			const s = createMovementState(start.x, start.y);
			applyInput(s, dir(1, 1), g);
			for (let t = 0; t < 60; t++) {
				step(s, g, DT);
				expect(s.x < 2 * TILE || s.y < 2 * TILE).toBe(true);
				expect(boxOverlapsBlocked(g, s.x, s.y, H)).toBe(false);
			}
		}
		// Pathfinding does not cut that corner either: it walks around.
		const tiles = findTilePath(g, { col: 1, row: 1 }, { col: 2, row: 2 }, { maxNodes: 100 });
		expect(tiles.reachedGoal).toBe(true);
		expect(tiles.tiles.length).toBeGreaterThan(3);
	});

	it('keeps avatars inside the map bounds', () => {
		const g = emptyGrid(5, 5);
		const s = createMovementState(30, 30);
		applyInput(s, dir(-1, -1), g);
		for (let t = 0; t < 20; t++) step(s, g, DT);
		expect([s.x, s.y]).toEqual([H, H]);
		applyInput(s, dir(1, 1), g);
		for (let t = 0; t < 40; t++) step(s, g, DT);
		expect([s.x, s.y]).toEqual([g.widthPx - H, g.heightPx - H]);
	});

	it('lets an avatar that starts overlapping a wall walk out of it', () => {
		const g = grid('..#..');
		const s = createMovementState(2 * TILE + 4, 16);
		applyInput(s, dir(1, 0), g);
		for (let t = 0; t < 10; t++) step(s, g, DT);
		expect(s.x).toBeGreaterThan(3 * TILE + H);
	});

	it('checks straight-line sweeps exactly', () => {
		const g = grid(
			'.....',
			'.....',
			'..#..',
			'.....',
		);
		expect(sweptBoxClear(g, centre(0, 0), centre(4, 0), H)).toBe(true);
		expect(sweptBoxClear(g, centre(0, 2), centre(4, 2), H)).toBe(false);
		expect(sweptBoxClear(g, centre(0, 0), centre(4, 3), H)).toBe(false);
		// Passes just above the block: bottom of the box 1 px above the block's top.
		expect(sweptBoxClear(g, { x: 16, y: 2 * TILE - H - 1 }, { x: 150, y: 2 * TILE - H - 1 }, H)).toBe(true);
	});
});

describe('click-to-move', () => {
	const walled = () =>
		grid(
			'..........',
			'..........',
			'#######...',
			'..........',
			'..........',
		);

	it('walks around a wall to the target', () => {
		const g = walled();
		const s = stateAt(1, 0);
		const to = centre(1, 4);
		expect(applyInput(s, target(to.x, to.y), g).accepted).toBe(true);
		expect(s.path.length).toBeGreaterThan(1);
		const ticks = walk(s, g);
		expect([s.x, s.y]).toEqual([to.x, to.y]);
		// Around the wall's open right end and back: about 2 x 6 tiles.
		expect(ticks * DT * SPEED).toBeGreaterThan(10 * TILE);
		expect(s.moving).toBe(true);
		step(s, g, DT);
		expect(s.moving).toBe(false);
	});

	it('smooths the path into straight lines', () => {
		const g = emptyGrid(20, 20);
		const result = findPath(g, centre(0, 0), centre(15, 9), { halfSize: H, maxNodes: 10_000 });
		expect(result.reachedGoal).toBe(true);
		expect(result.points).toEqual([centre(15, 9)]);
	});

	it('goes to the closest reachable tile when the target is walled off', () => {
		const g = grid(
			'.......',
			'....###',
			'....#..',
			'....###',
		);
		const s = createMovementState(16, 16);
		const to = centre(5, 2); // inside the closed box
		applyInput(s, target(to.x, to.y), g);
		expect(s.path.length).toBeGreaterThan(0);
		walk(s, g);
		expect(Math.floor(s.y / TILE)).toBe(2);
		expect(Math.floor(s.x / TILE)).toBe(3); // just outside the box's wall
		expect(findPath(g, centre(0, 0), to, { halfSize: H, maxNodes: 1000 }).reachedGoal).toBe(false);
	});

	it('goes next to a target that is inside a wall', () => {
		const g = walled();
		const s = stateAt(3, 0);
		const wall = centre(3, 2);
		applyInput(s, target(wall.x, wall.y), g);
		walk(s, g);
		expect(Math.floor(s.x / TILE)).toBe(3);
		expect(Math.floor(s.y / TILE)).toBe(1);
	});

	it('does nothing for an unreachable target when already as close as possible', () => {
		const g = grid('.#.');
		const s = createMovementState(16, 16);
		applyInput(s, target(80, 16), g);
		expect(s.path).toEqual([]);
		expect(step(s, g, DT)).toBe(false);
	});

	it('clamps targets outside the map into it', () => {
		const g = emptyGrid(5, 5);
		const s = createMovementState(80, 80);
		applyInput(s, target(-1e9, 1e9), g);
		walk(s, g);
		expect([s.x, s.y]).toEqual([H, g.heightPx - H]);
	});

	it('is cancelled by a direction input', () => {
		const g = emptyGrid(20, 20);
		const s = createMovementState(48, 48);
		applyInput(s, target(600, 48), g);
		step(s, g, DT);
		applyInput(s, dir(0, 1), g);
		expect(s.path).toEqual([]);
		const x = s.x;
		step(s, g, DT);
		expect(s.x).toBe(x);
		expect(s.facing).toBe('down');
	});

	it('bounds the A* search so a far target costs bounded CPU', () => {
		const g = emptyGrid(400, 400);
		const far = findTilePath(g, { col: 0, row: 0 }, { col: 399, row: 5 }, { maxNodes: 200 });
		expect(far.expanded).toBeLessThanOrEqual(200);
		// It still heads the right way: the best tile found is towards the target.
		const last = far.tiles[far.tiles.length - 1]!;
		expect(last % 400).toBeGreaterThan(50);
		// A walled-off target in a big map: the search stops at the bound.
		const walledIn = grid(...Array.from({ length: 200 }, (_, r) => (r === 100 ? '#'.repeat(200) : '.'.repeat(200))));
		const blocked = findTilePath(walledIn, { col: 0, row: 0 }, { col: 0, row: 199 }, { maxNodes: 5_000 });
		expect(blocked.reachedGoal).toBe(false);
		expect(blocked.expanded).toBe(5_000);
	});

	it('enters a meeting room of the demo office through its door', async () => {
		const office = await loadMapFile(fileURLToPath(new URL('../maps/office.tmj', import.meta.url)));
		const sim = new MovementSimulator(office);
		const lobby = findSpawn(office)!;
		const s = sim.spawn(lobby);
		const roomA = office.zones.find((z) => z.name === 'Meeting Room A')!;
		const inRoom = centre(2, 2);
		const tiles = findTilePath(office, { col: Math.floor(s.x / TILE), row: Math.floor(s.y / TILE) }, { col: 2, row: 2 }, { maxNodes: 10_000 });
		expect(tiles.reachedGoal).toBe(true);
		expect(tiles.tiles.some((i) => i === 8 * office.cols + 4 || i === 8 * office.cols + 5)).toBe(true);

		sim.applyInput(s, { seq: 1, kind: 'target', x: inRoom.x, y: inRoom.y });
		let ticks = 0;
		while (s.path.length > 0 && ticks++ < 1000) {
			sim.step(s);
			expect(isTileBlocked(office, Math.floor(s.x / TILE), Math.floor(s.y / TILE))).toBe(false);
			expect(boxOverlapsBlocked(office, s.x, s.y, sim.options.halfSize)).toBe(false);
		}
		expect([s.x, s.y]).toEqual([inRoom.x, inRoom.y]);
		expect(office.zoneIndex.query(s.x, s.y).privateZone).toBe(roomA.id);
	});
});

describe('spawning', () => {
	it('keeps a spawn point that is clear', () => {
		const g = emptyGrid(5, 5);
		expect(findSpawnPosition(g, { x: 70, y: 70 })).toEqual({ x: 70, y: 70 });
	});

	it('moves a spawn point whose footprint touches a wall to a clear tile centre', () => {
		const g = grid(
			'.....',
			'..#..',
			'.....',
		);
		const p = findSpawnPosition(g, { x: 2 * TILE - 2, y: 16 });
		expect(boxOverlapsBlocked(g, p.x, p.y, H)).toBe(false);
		expect(Math.hypot(p.x - (2 * TILE - 2), p.y - 16)).toBeLessThan(2 * TILE);
	});

	it('spreads avatars that spawn at the same point, without going through walls', () => {
		const g = grid(
			'....#....',
			'....#....',
			'....#....',
		);
		const occupied: { x: number; y: number }[] = [];
		for (let i = 0; i < 12; i++) {
			const p = findSpawnPosition(g, centre(1, 1), { occupied });
			expect(boxOverlapsBlocked(g, p.x, p.y, H)).toBe(false);
			expect(p.x).toBeLessThan(4 * TILE); // never on the far side of the wall
			occupied.push(p);
		}
		const distinct = new Set(occupied.map((p) => `${p.x},${p.y}`));
		expect(distinct.size).toBe(12); // the left side has exactly 12 tiles
		// A 13th avatar still gets a clear spot, crowded or not.
		const crowded = findSpawnPosition(g, centre(1, 1), { occupied });
		expect(boxOverlapsBlocked(g, crowded.x, crowded.y, H)).toBe(false);
	});
});

describe('options', () => {
	it('refuses out-of-range options with a code', () => {
		expect(() => resolveMovementOptions({ maxSpeed: -1 })).toThrow(MovementError);
		expect(() => resolveMovementOptions({ maxSpeed: Number.NaN })).toThrow(/E_MOVEMENT_OPTIONS: option maxSpeed/);
		expect(() => new MovementSimulator(emptyGrid(3, 3), { halfSize: 20 })).toThrow(/wider than a 32x32 px tile/);
	});

	it('steps one tick by default', () => {
		const g = emptyGrid(10, 10);
		const sim = new MovementSimulator(g, { tickRate: 10 });
		const state = sim.spawn(centre(1, 1));
		sim.applyInput(state, { seq: 1, kind: 'direction', dx: 1, dy: 0 });
		sim.step(state);
		expect(state.x - centre(1, 1).x).toBeCloseTo(SPEED / 10, 9);
	});
});
