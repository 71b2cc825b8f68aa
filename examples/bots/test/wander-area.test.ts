import { fromClientMapData } from '@hallway/world-server/shared';
import { describe, expect, it } from 'vitest';
import { isBlocked, wanderArea } from '../src/wander-area.js';

/**
 * A 6x4 map of 10 px tiles, drawn as text: `#` wall, `P` portal, `m` a
 * private zone, `.` floor. The right part (cols 4-5) is walled off.
 */
const ROWS = ['.m.#..', '.m.#..', '...#..', 'P..#..'];

function tinyMap() {
	const cols = ROWS[0]!.length;
	const cells = ROWS.join('');
	const collision = btoa([...cells].map((c) => String.fromCharCode(c === '#' ? 1 : 0)).join(''));
	const rect = (x: number, y: number, width: number, height: number) => ({ type: 'rect' as const, rect: { x, y, width, height } });
	return fromClientMapData({
		name: 'tiny',
		cols,
		rows: ROWS.length,
		tileWidth: 10,
		tileHeight: 10,
		collision,
		zones: [{ id: '1', name: 'Meeting', kind: 'private', shape: rect(10, 0, 10, 20), bounds: { x: 10, y: 0, width: 10, height: 20 } }],
		portals: [{ id: '2', name: 'Out', targetMap: 'else', targetSpawn: 'in', shape: rect(0, 30, 10, 10), bounds: { x: 0, y: 30, width: 10, height: 10 } }],
		spawns: [{ name: 'start', x: 25, y: 5 }],
		tiled: {},
	});
}

const tilesOf = (points: { x: number; y: number }[]) => points.map((p) => `${(p.x - 5) / 10},${(p.y - 5) / 10}`).sort();

describe('wanderArea', () => {
	it('keeps to the reachable floor, away from walls, portals and meeting rooms', () => {
		const area = wanderArea(tinyMap(), { x: 25, y: 5 }, { portalMargin: 0 });
		expect(tilesOf(area)).toEqual(['0,0', '0,1', '0,2', '1,2', '1,3', '2,0', '2,1', '2,2', '2,3'].sort());
	});

	it('walks into meeting rooms when asked, and keeps a margin around portals', () => {
		const area = wanderArea(tinyMap(), { x: 25, y: 5 }, { avoidPrivateZones: false, portalMargin: 1 });
		expect(tilesOf(area)).toEqual(['0,0', '0,1', '1,0', '1,1', '2,0', '2,1', '2,2', '2,3'].sort());
	});

	it('is empty from a wall or off the map', () => {
		expect(wanderArea(tinyMap(), { x: 35, y: 5 })).toEqual([]);
		expect(wanderArea(tinyMap(), { x: -5, y: 5 })).toEqual([]);
		expect(isBlocked(tinyMap(), { x: 35, y: 5 })).toBe(true);
		expect(isBlocked(tinyMap(), { x: 25, y: 5 })).toBe(false);
	});
});
