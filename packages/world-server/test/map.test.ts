import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldMap } from '../src/map/index.js';
import {
	findSpawn,
	isBlockedAt,
	isTileBlocked,
	loadMapFile,
	MapError,
	parseMap,
	portalAt,
	readMapWithEmbeddedTilesets,
	validatePortalLinks,
	ZoneIndex,
} from '../src/map/index.js';

const MAPS = fileURLToPath(new URL('../maps/', import.meta.url));
const TILE = 32;

/** Centre of a tile, in px. */
const at = (col: number, row: number): [number, number] => [(col + 0.5) * TILE, (row + 0.5) * TILE];

// ---------------------------------------------------------------------------
// Inline fixtures: a 4x3 map with an embedded tileset (tile 0 floor, tile 1
// colliding wall) that each test breaks in one way.
// ---------------------------------------------------------------------------

// Fixtures are plain JSON that each test mutates freely.
type Json = Record<string, any>;

function minimalMap(): Json {
	return {
		type: 'map',
		version: '1.8',
		tiledversion: '1.8.2',
		orientation: 'orthogonal',
		renderorder: 'right-down',
		infinite: false,
		width: 4,
		height: 3,
		tilewidth: TILE,
		tileheight: TILE,
		tilesets: [
			{
				firstgid: 1,
				name: 'tiles',
				tilecount: 2,
				columns: 2,
				image: 'tiles.png',
				tilewidth: TILE,
				tileheight: TILE,
				tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
			},
		],
		layers: [
			{ id: 1, name: 'floor', type: 'tilelayer', width: 4, height: 3, data: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
			{ id: 2, name: 'walls', type: 'tilelayer', width: 4, height: 3, data: [0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2] },
			{ id: 3, name: 'zones', type: 'objectgroup', objects: [] },
			{
				id: 4,
				name: 'spawns',
				type: 'objectgroup',
				objects: [{ id: 1, name: 'start', point: true, x: 16, y: 16, width: 0, height: 0 }],
			},
		],
	};
}

function layer(map: Json, name: string): Json {
	return map['layers'].find((l: Json) => l['name'] === name);
}

function parse(json: unknown): WorldMap {
	return parseMap(json, { name: 'broken', file: 'broken.tmj' });
}

/** Runs fn, expects a MapError, returns it. */
function mapError(fn: () => unknown): MapError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(MapError);
		return error as MapError;
	}
	throw new Error('expected a MapError, nothing was thrown');
}

async function mapErrorAsync(promise: Promise<unknown>): Promise<MapError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(MapError);
		return error as MapError;
	}
	throw new Error('expected a MapError, nothing was thrown');
}

// ---------------------------------------------------------------------------

describe('demo maps', () => {
	let office: WorldMap;
	let garden: WorldMap;

	beforeAll(async () => {
		office = await loadMapFile(path.join(MAPS, 'office.tmj'));
		garden = await loadMapFile(path.join(MAPS, 'garden.tmj'));
	});

	it('loads the office with its size and name', () => {
		expect(office.name).toBe('office');
		expect([office.cols, office.rows, office.tileWidth, office.tileHeight]).toEqual([40, 30, 32, 32]);
		expect([office.widthPx, office.heightPx]).toEqual([1280, 960]);
		expect(office.properties['displayName']).toBe('Hallway Office');
	});

	it('blocks the walls and solid furniture from the tileset, not the floor or chairs', () => {
		expect(isTileBlocked(office, 0, 0)).toBe(true); // outer wall
		expect(isTileBlocked(office, 10, 3)).toBe(true); // wall between the meeting rooms
		expect(isTileBlocked(office, 3, 8)).toBe(true); // Room A's front wall...
		expect(isTileBlocked(office, 4, 8)).toBe(false); // ...and its door
		expect(isTileBlocked(office, 5, 8)).toBe(false);
		expect(isTileBlocked(office, 4, 12)).toBe(true); // a desk
		expect(isTileBlocked(office, 4, 11)).toBe(false); // its chair
		expect(isTileBlocked(office, 20, 20)).toBe(false); // open floor
		expect(isTileBlocked(office, -1, 5)).toBe(true); // outside the map
		expect(isBlockedAt(office, ...at(5, 4))).toBe(true); // meeting table
	});

	it('has two private meeting rooms, a stage and an L-shaped quiet library', () => {
		const byName = new Map(office.zones.map((z) => [z.name, z]));
		expect([...byName.keys()].sort()).toEqual(['Meeting Room A', 'Meeting Room B', 'Quiet Library', 'Stage']);
		expect(byName.get('Meeting Room A')!.kind).toBe('private');
		expect(byName.get('Meeting Room B')!.kind).toBe('private');
		expect(byName.get('Meeting Room B')!.shape.type).toBe('polygon');
		expect(byName.get('Stage')!.kind).toBe('spotlight');
		expect(byName.get('Quiet Library')!.kind).toBe('silent');

		const q = office.zoneIndex;
		const roomA = byName.get('Meeting Room A')!.id;
		const roomB = byName.get('Meeting Room B')!.id;
		expect(q.query(...at(2, 2))).toEqual({ privateZone: roomA, spotlight: false, silent: false });
		expect(q.query(...at(12, 6))).toEqual({ privateZone: roomB, spotlight: false, silent: false });
		expect(q.query(...at(4, 9))).toEqual({ privateZone: null, spotlight: false, silent: false }); // corridor
		expect(q.query(...at(32, 2))).toEqual({ privateZone: null, spotlight: true, silent: false });
		expect(q.query(...at(32, 7)).spotlight).toBe(false); // the audience is not on stage
		expect(q.query(...at(34, 26)).silent).toBe(true);
		expect(q.query(...at(29, 20)).silent).toBe(false); // the library's vestibule
		expect(q.query(...at(29, 23)).silent).toBe(true);
	});

	it('has named spawn points on walkable tiles, the lobby first', () => {
		expect(office.spawns.map((s) => s.name)).toEqual(['lobby', 'east-wing', 'from-garden']);
		expect(findSpawn(office)?.name).toBe('lobby');
		expect(findSpawn(office, 'from-garden')).toMatchObject({ x: 624, y: 848 });
		expect(findSpawn(office, 'nope')).toBeUndefined();
		for (const map of [office, garden]) {
			for (const s of map.spawns) {
				expect(isBlockedAt(map, s.x, s.y)).toBe(false);
				// Arriving on a portal would bounce the avatar straight back.
				expect(portalAt(map, s.x, s.y)).toBeUndefined();
			}
		}
	});

	it('links the office and the garden with portals both ways', () => {
		expect(office.portals).toHaveLength(1);
		expect(office.portals[0]).toMatchObject({ name: 'To the garden', targetMap: 'garden', targetSpawn: 'from-office' });
		expect(portalAt(office, ...at(19, 28))?.targetMap).toBe('garden');
		expect(portalAt(office, ...at(19, 26))).toBeUndefined();
		expect(garden.portals[0]).toMatchObject({ targetMap: 'office', targetSpawn: 'from-garden' });
		expect(() => validatePortalLinks([office, garden])).not.toThrow();
	});

	it('reports a portal to a map that is not loaded', () => {
		const error = mapError(() => validatePortalLinks([office]));
		expect(error.code).toBe('E_MAP_PORTAL');
		expect(error.message).toMatch(/portal \d+ \("To the garden"\): targetMap "garden" is not a loaded map/);
	});

	it('loads the garden with an elliptic private gazebo', () => {
		expect(garden.name).toBe('garden');
		const gazebo = garden.zones.find((z) => z.name === 'Gazebo')!;
		expect(gazebo.kind).toBe('private');
		const b = gazebo.bounds;
		expect(gazebo.contains(b.x + b.width / 2, b.y + b.height / 2)).toBe(true);
		expect(gazebo.contains(b.x + 2, b.y + 2)).toBe(false); // bounding-box corner, outside the ellipse
		expect(isTileBlocked(garden, 0, 5)).toBe(true); // hedge
		expect(isTileBlocked(garden, 16, 4)).toBe(true); // pond
	});
});

describe('parseMap', () => {
	it('accepts the minimal fixture', () => {
		const map = parse(minimalMap());
		expect(map.spawns).toEqual([expect.objectContaining({ name: 'start', x: 16, y: 16 })]);
		expect(Array.from(map.collision)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
	});

	it('masks flip flags off gids', () => {
		const json = minimalMap();
		// Horizontally + vertically + diagonally flipped wall tile.
		layer(json, 'walls')['data'][1] = (2 | 0x80000000 | 0x40000000 | 0x20000000) >>> 0;
		expect(parse(json).collision[1]).toBe(1);
	});

	it('blocks every non-empty tile of a layer named "collisions"', () => {
		const json = minimalMap();
		json['layers'].push({ id: 9, name: 'Collisions', type: 'tilelayer', width: 4, height: 3, data: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
		expect(parse(json).collision[1]).toBe(1);
	});

	it('reads base64 tile data, plain and zlib-compressed', () => {
		const gids = [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0];
		const bytes = Buffer.alloc(gids.length * 4);
		gids.forEach((g, i) => bytes.writeUInt32LE(g, i * 4));
		for (const [compression, payload] of [
			['', bytes],
			['zlib', deflateSync(bytes)],
		] as const) {
			const json = minimalMap();
			Object.assign(layer(json, 'walls'), { encoding: 'base64', compression, data: payload.toString('base64') });
			expect(Array.from(parse(json).collision)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		}
	});

	it('takes zone kinds from class (Tiled 1.9), type (1.8), the "stage" alias and the layer name', () => {
		const json = minimalMap();
		layer(json, 'zones')['objects'] = [
			{ id: 10, name: 'A', class: 'spotlight', x: 0, y: 0, width: 32, height: 32 },
			{ id: 11, name: 'B', type: 'stage', x: 32, y: 0, width: 32, height: 32 },
		];
		json['layers'].push({
			id: 8,
			name: 'silent',
			type: 'objectgroup',
			objects: [{ id: 12, name: 'C', x: 0, y: 32, width: 32, height: 32 }],
		});
		const map = parse(json);
		expect(map.zones.map((z) => [z.id, z.kind])).toEqual([
			['10', 'spotlight'],
			['11', 'spotlight'],
			['12', 'silent'],
		]);
	});

	it('makes polygon points relative to the object and supports rotated rectangles', () => {
		const json = minimalMap();
		layer(json, 'zones')['objects'] = [
			{ id: 5, name: 'tri', type: 'private', x: 32, y: 32, polygon: [{ x: 0, y: 0 }, { x: 64, y: 0 }, { x: 0, y: 64 }] },
			// A 64x16 bar rotated 90° clockwise around its top-left corner (64, 0): it now hangs down-left of it.
			{ id: 6, name: 'bar', type: 'silent', x: 64, y: 0, width: 64, height: 16, rotation: 90 },
		];
		const map = parse(json);
		const tri = map.zones.find((z) => z.name === 'tri')!;
		expect(tri.contains(40, 40)).toBe(true);
		expect(tri.contains(90, 90)).toBe(false); // beyond the hypotenuse
		const bar = map.zones.find((z) => z.name === 'bar')!;
		expect(bar.contains(56, 40)).toBe(true);
		expect(bar.contains(80, 8)).toBe(false); // where it was before rotating
	});

	it('prefers the smallest private zone when two overlap', () => {
		const json = minimalMap();
		layer(json, 'zones')['objects'] = [
			{ id: 1, name: 'hall', type: 'private', x: 0, y: 0, width: 128, height: 96 },
			{ id: 2, name: 'booth', type: 'private', x: 0, y: 0, width: 32, height: 32 },
		];
		const map = parse(json);
		expect(map.zoneIndex.query(10, 10).privateZone).toBe('2');
		expect(map.zoneIndex.query(100, 10).privateZone).toBe('1');
		expect(map.zoneIndex.zonesAt(10, 10).map((z) => z.name)).toEqual(['booth', 'hall']);
	});

	it('ignores objects of other classes in other layers', () => {
		const json = minimalMap();
		json['layers'].push({ id: 7, name: 'npcs', type: 'objectgroup', objects: [{ id: 20, type: 'npc', x: 5, y: 5, point: true }] });
		expect(parse(json).zones).toHaveLength(0);
	});

	describe('errors', () => {
		it('refuses infinite maps', () => {
			const json = { ...minimalMap(), infinite: true };
			const error = mapError(() => parse(json));
			expect(error.code).toBe('E_MAP_UNSUPPORTED');
			expect(error.message).toMatch(/^E_MAP_UNSUPPORTED: broken\.tmj: infinite maps are not supported; .*uncheck "Infinite"/);
		});

		it('refuses non-orthogonal maps', () => {
			const error = mapError(() => parse({ ...minimalMap(), orientation: 'isometric' }));
			expect(error.code).toBe('E_MAP_UNSUPPORTED');
			expect(error.message).toContain('orientation "isometric"');
		});

		it('names the layer with missing tile data', () => {
			const json = minimalMap();
			delete layer(json, 'walls')['data'];
			const error = mapError(() => parse(json));
			expect(error.message).toBe('E_MAP_INVALID: broken.tmj: layer "walls": tile layer has no "data"');
		});

		it('names the layer whose tile data has the wrong length', () => {
			const json = minimalMap();
			layer(json, 'floor')['data'] = [1, 1, 1];
			expect(mapError(() => parse(json)).message).toContain('layer "floor": tile data holds 3 tiles, expected 12 (4x3)');
		});

		it('names the object with a bad polygon', () => {
			const json = minimalMap();
			layer(json, 'zones')['objects'] = [
				{ id: 12, name: 'Room A', type: 'private', x: 0, y: 0, polygon: [{ x: 0, y: 0 }, { x: 10, y: 0 }] },
			];
			const error = mapError(() => parse(json));
			expect(error.code).toBe('E_MAP_INVALID');
			expect(error.message).toBe(
				'E_MAP_INVALID: broken.tmj: layer "zones", object 12 ("Room A"): polygon needs at least 3 points, it has 2',
			);
		});

		it('refuses flat polygons, empty rectangles and points as zones', () => {
			const cases: [Json, RegExp][] = [
				[{ polygon: [{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 20 }] }, /polygon has no area/],
				[{ width: 0, height: 32 }, /rectangle has zero width or height/],
				[{ point: true }, /is a point; a zone needs an area/],
			];
			for (const [shape, message] of cases) {
				const json = minimalMap();
				layer(json, 'zones')['objects'] = [{ id: 3, name: 'Z', type: 'silent', x: 0, y: 0, ...shape }];
				expect(mapError(() => parse(json)).message).toMatch(message);
			}
		});

		it('refuses an object in the zones layer without a zone class', () => {
			const json = minimalMap();
			layer(json, 'zones')['objects'] = [{ id: 4, name: 'Oops', type: 'privat', x: 0, y: 0, width: 32, height: 32 }];
			expect(mapError(() => parse(json)).message).toContain(
				'layer "zones", object 4 ("Oops"): class "privat" is not a zone kind; set its class (type) to private, spotlight (or stage) or silent',
			);
		});

		it('reports an unknown gid with its position', () => {
			const json = minimalMap();
			layer(json, 'walls')['data'][5] = 7;
			const error = mapError(() => parse(json));
			expect(error.code).toBe('E_MAP_UNKNOWN_GID');
			expect(error.message).toContain('layer "walls": tile at col 1, row 1 has gid 7, which no tileset of the map covers');
		});

		it('reports an external tileset that cannot be resolved', () => {
			const json = minimalMap();
			json['tilesets'] = [{ firstgid: 1, source: 'missing.tsj' }];
			const error = mapError(() => parseMap(json, { name: 'broken', resolveTileset: () => undefined }));
			expect(error.code).toBe('E_MAP_TILESET');
			expect(error.message).toContain('tileset "missing.tsj" does not exist');
			expect(mapError(() => parse(json)).message).toContain('pass resolveTileset');
		});

		it('refuses XML tilesets with the fix', () => {
			const json = minimalMap();
			json['tilesets'] = [{ firstgid: 1, source: 'tiles.tsx' }];
			expect(mapError(() => parse(json)).message).toContain('is an XML tileset; export it as JSON (.tsj)');
		});

		it('names the field with a wrong type', () => {
			const json = minimalMap();
			json['width'] = '4';
			const error = mapError(() => parse(json));
			expect(error.code).toBe('E_MAP_INVALID');
			expect(error.message).toMatch(/^E_MAP_INVALID: broken\.tmj: field "width": .*expected number, received string/);
		});

		it('names the layer and object of a field with a wrong type', () => {
			const json = minimalMap();
			layer(json, 'zones')['objects'] = [{ id: 3, name: 'Desk', type: 'private', x: '10', y: 0, width: 32, height: 32 }];
			expect(mapError(() => parse(json)).message).toMatch(
				/^E_MAP_INVALID: broken\.tmj: layer "zones", object 3 \("Desk"\), field "x": .*expected number/,
			);
		});

		it('refuses a JSON value that is not a map', () => {
			expect(mapError(() => parse([1, 2])).message).toContain('expected a Tiled JSON map');
			expect(mapError(() => parse({ ...minimalMap(), type: 'tileset' })).message).toContain('is this a tileset file?');
		});

		it('requires at least one spawn point, with a unique name, on a walkable tile', () => {
			const none = minimalMap();
			layer(none, 'spawns')['objects'] = [];
			expect(mapError(() => parse(none)).message).toContain('the map has no spawn point');

			const unnamed = minimalMap();
			layer(unnamed, 'spawns')['objects'][0]['name'] = '';
			expect(mapError(() => parse(unnamed)).message).toContain('spawn point needs a name');

			const twice = minimalMap();
			layer(twice, 'spawns')['objects'].push({ id: 2, name: 'start', point: true, x: 40, y: 40 });
			expect(mapError(() => parse(twice)).message).toContain('spawn name "start" is already used by object 1');

			const inWall = minimalMap();
			layer(inWall, 'spawns')['objects'][0]['x'] = 3 * TILE + 5;
			expect(mapError(() => parse(inWall)).message).toContain('spawn point is on a blocked tile (col 3, row 0)');
		});

		it('requires targetMap and targetSpawn on portals', () => {
			const json = minimalMap();
			json['layers'].push({
				id: 6,
				name: 'portals',
				type: 'objectgroup',
				objects: [
					{
						id: 9,
						name: 'Exit',
						x: 0,
						y: 64,
						width: 32,
						height: 32,
						properties: [{ name: 'targetMap', type: 'string', value: 'garden.tmj' }],
					},
				],
			});
			expect(mapError(() => parse(json)).message).toContain(
				'layer "portals", object 9 ("Exit"): a portal needs a string property "targetSpawn"',
			);
			layer(json, 'portals')['objects'][0]['properties'].push({ name: 'targetSpawn', type: 'string', value: 'gate' });
			expect(parse(json).portals[0]).toMatchObject({ targetMap: 'garden', targetSpawn: 'gate' });
		});

		it('refuses object templates in role layers', () => {
			const json = minimalMap();
			layer(json, 'zones')['objects'] = [{ id: 3, template: 'room.tj', type: 'private', x: 0, y: 0 }];
			expect(mapError(() => parse(json)).code).toBe('E_MAP_UNSUPPORTED');
		});
	});
});

describe('loadMapFile', () => {
	let dir: string;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'hallway-map-'));
		await mkdir(path.join(dir, 'tilesets'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('resolves external tilesets relative to the map file', async () => {
		const json = minimalMap();
		const { firstgid: _firstgid, ...tileset } = json['tilesets'][0];
		await writeFile(path.join(dir, 'tilesets', 'walls.tsj'), JSON.stringify({ type: 'tileset', ...tileset }));
		json['tilesets'] = [{ firstgid: 1, source: 'tilesets/walls.tsj' }];
		await writeFile(path.join(dir, 'ok.tmj'), JSON.stringify(json));
		const map = await loadMapFile(path.join(dir, 'ok.tmj'));
		expect(map.name).toBe('ok');
		expect(map.collision[3]).toBe(1);
	});

	it('names a missing external tileset', async () => {
		const json = minimalMap();
		json['tilesets'] = [{ firstgid: 1, source: 'nowhere.tsj' }];
		await writeFile(path.join(dir, 'lost.tmj'), JSON.stringify(json));
		const error = await mapErrorAsync(loadMapFile(path.join(dir, 'lost.tmj')));
		expect(error.message).toBe(
			'E_MAP_TILESET: lost.tmj: tileset "nowhere.tsj" does not exist (paths are relative to the map file)',
		);
	});

	it('reports a map file that is missing or not JSON', async () => {
		expect((await mapErrorAsync(loadMapFile(path.join(dir, 'none.tmj')))).code).toBe('E_MAP_READ');
		await writeFile(path.join(dir, 'xml.tmj'), '<?xml version="1.0"?><map/>');
		expect((await mapErrorAsync(loadMapFile(path.join(dir, 'xml.tmj')))).message).toContain('not valid JSON');
	});
});

describe('readMapWithEmbeddedTilesets', () => {
	it('inlines the external tileset so Phaser can load the map, and it still parses the same', async () => {
		const json = await readMapWithEmbeddedTilesets(path.join(MAPS, 'office.tmj'));
		const [tileset] = json['tilesets'] as Json[];
		expect(tileset).toMatchObject({ firstgid: 1, name: 'office-tiles', image: 'office-tiles.png', columns: 8, tilewidth: 32 });
		expect(tileset).not.toHaveProperty('source');
		expect(tileset).not.toHaveProperty('type');
		const fromEmbedded = parseMap(json, { name: 'office' });
		const fromFile = await loadMapFile(path.join(MAPS, 'office.tmj'));
		expect(Array.from(fromEmbedded.collision)).toEqual(Array.from(fromFile.collision));
	});

	it('names a missing tileset', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'hallway-embed-'));
		try {
			await writeFile(path.join(dir, 'm.tmj'), JSON.stringify({ ...minimalMap(), tilesets: [{ firstgid: 1, source: 'gone.tsj' }] }));
			const error = await mapErrorAsync(readMapWithEmbeddedTilesets(path.join(dir, 'm.tmj')));
			expect(error.code).toBe('E_MAP_TILESET');
			expect(error.message).toContain('tileset "gone.tsj"');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

describe('ZoneIndex', () => {
	it('answers no zone outside the map and for non-finite points', () => {
		const index = new ZoneIndex([], 100, 100);
		expect(index.query(-5, 10)).toEqual({ privateZone: null, spotlight: false, silent: false });
		expect(index.query(Number.NaN, 10).privateZone).toBeNull();
	});
});
