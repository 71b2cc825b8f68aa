import { describe, expect, it } from 'vitest';
import { SlotList } from '../src/proximity/slot-list.js';
import { SpatialOrder, hilbertIndex } from '../src/proximity/spatial-order.js';

describe('hilbertIndex', () => {
	it('visits the 16 × 16 block at the origin first, once each cell, always stepping to a side-by-side cell', () => {
		const side = 16;
		const cellAt = new Map<number, [number, number]>();
		for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) cellAt.set(hilbertIndex(x, y), [x, y]);
		expect([...cellAt.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: side * side }, (_, i) => i));
		for (let i = 1; i < side * side; i++) {
			const [ax, ay] = cellAt.get(i - 1)!;
			const [bx, by] = cellAt.get(i)!;
			expect(Math.abs(ax - bx) + Math.abs(ay - by), `step ${i - 1} → ${i}`).toBe(1);
		}
	});

	it('takes negative and huge cell coordinates modulo 2¹³', () => {
		expect(hilbertIndex(-1, -1)).toBe(hilbertIndex(8191, 8191));
		expect(hilbertIndex(8192 + 5, 3)).toBe(hilbertIndex(5, 3));
		expect(hilbertIndex(8191, 0)).toBeLessThan(2 ** 26);
	});
});

describe('SpatialOrder', () => {
	it('sorts slots by their cell along the curve, keeping the order of slots in one cell', () => {
		const cellSize = 100;
		// Slots 0-4 at cells (1, 0), (0, 0), (0, 1), (0, 0), (1, 1).
		const positions = Float64Array.from([150, 20, 10, 10, 30, 160, 90, 99, 101, 199]);
		const list = new SlotList();
		for (const slot of [4, 3, 2, 1, 0]) list.push(slot);
		new SpatialOrder(cellSize).sort(list, positions);
		const sorted = Array.from({ length: list.length }, (_, i) => list.at(i));
		// Curve order of the 2 × 2 block: (0, 0), (0, 1), (1, 1), (1, 0).
		expect(sorted).toEqual([3, 1, 2, 4, 0]);
	});
});
