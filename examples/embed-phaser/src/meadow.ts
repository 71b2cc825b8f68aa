/**
 * The game's one level, a meadow of 30x20 tiles of 32 px, as text:
 *   `.` grass    `,` flowers   `=` sand path   `b` picnic blanket (a private zone in Hallway)
 *   `#` hedge    `~` pond      `o` rock        `T` tree
 *   `S` where the player starts (grass)
 * Hedges, pond, rocks and trees block. The game draws from this, and the
 * world server gets the same walls as a Tiled map (`meadow-tiled.ts`).
 */
export const MEADOW_ROWS = [
	'##############################',
	'#.....,.......T.......,......#',
	'#..T.......,......,.......T..#',
	'#.....~~~~.........bbbbb.....#',
	'#...,~~~~~~...o....bbbbb..,..#',
	'#....~~~~~~........bbbbb.....#',
	'#.....~~~~....,..............#',
	'#..............====......T...#',
	'#..o....T....===..===........#',
	'#.........====......====.....#',
	'#..,....===......S.....===...#',
	'#......==....,.........,.==..#',
	'#....===..T.......o.......==.#',
	'#...==..............T......=.#',
	'#.,.=....,...~~~~........,.=.#',
	'#...=.......~~~~~~...o.....=.#',
	'#.T.=..o.....~~~~.......T..=.#',
	'#...=.............,........=.#',
	'#.......,....T.......,.......#',
	'##############################',
] as const;

export const TILE_SIZE = 32;

export type Ground = 'grass' | 'flowers' | 'path' | 'blanket';
export type Obstacle = 'hedge' | 'pond' | 'rock' | 'tree';

export interface Cell {
	readonly col: number;
	readonly row: number;
	readonly ground: Ground;
	readonly obstacle: Obstacle | null;
}

const GROUND: Readonly<Record<string, Ground>> = { '.': 'grass', S: 'grass', ',': 'flowers', '=': 'path', b: 'blanket' };
const OBSTACLE: Readonly<Record<string, Obstacle>> = { '#': 'hedge', '~': 'pond', o: 'rock', T: 'tree' };

/** The level read from its text: cells, walls, the start and the blanket. */
export class Meadow {
	readonly cols: number;
	readonly rows: number;
	readonly tileSize = TILE_SIZE;
	readonly cells: readonly Cell[];
	/** Centre of the `S` tile, px. */
	readonly start: { readonly x: number; readonly y: number };
	/** The blanket's tiles as one rectangle, px. */
	readonly blanket: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

	constructor(rows: readonly string[] = MEADOW_ROWS) {
		this.rows = rows.length;
		this.cols = rows[0]?.length ?? 0;
		const cells: Cell[] = [];
		let start: { x: number; y: number } | undefined;
		const blanket = { minCol: Infinity, minRow: Infinity, maxCol: -Infinity, maxRow: -Infinity };
		rows.forEach((line, row) => {
			if (line.length !== this.cols) throw new Error(`E_LEVEL: row ${row} has ${line.length} tiles, expected ${this.cols}`);
			[...line].forEach((char, col) => {
				const obstacle = OBSTACLE[char] ?? null;
				const ground = GROUND[char] ?? 'grass';
				if (!obstacle && !GROUND[char]) throw new Error(`E_LEVEL: unknown tile "${char}" at col ${col}, row ${row}`);
				if (char === 'S') start = this.centreOf(col, row);
				if (char === 'b') {
					blanket.minCol = Math.min(blanket.minCol, col);
					blanket.maxCol = Math.max(blanket.maxCol, col);
					blanket.minRow = Math.min(blanket.minRow, row);
					blanket.maxRow = Math.max(blanket.maxRow, row);
				}
				cells.push({ col, row, ground, obstacle });
			});
		});
		if (!start) throw new Error('E_LEVEL: no start tile "S"');
		this.cells = cells;
		this.start = start;
		this.blanket = {
			x: blanket.minCol * TILE_SIZE,
			y: blanket.minRow * TILE_SIZE,
			width: (blanket.maxCol - blanket.minCol + 1) * TILE_SIZE,
			height: (blanket.maxRow - blanket.minRow + 1) * TILE_SIZE,
		};
	}

	get widthPx(): number {
		return this.cols * TILE_SIZE;
	}

	get heightPx(): number {
		return this.rows * TILE_SIZE;
	}

	centreOf(col: number, row: number): { x: number; y: number } {
		return { x: (col + 0.5) * TILE_SIZE, y: (row + 0.5) * TILE_SIZE };
	}

	/** True on a blocking tile, or outside the meadow. */
	blockedAt(x: number, y: number): boolean {
		const col = Math.floor(x / TILE_SIZE);
		const row = Math.floor(y / TILE_SIZE);
		if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) return true;
		return this.cells[row * this.cols + col]!.obstacle !== null;
	}
}
