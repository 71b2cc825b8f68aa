import { describe, expect, it } from 'vitest';
import { LABEL_STEP, stackLabels } from '../src/phaser/label-layout.js';

describe('stackLabels (name tags of people standing together)', () => {
	it('leaves tags that do not touch where they are', () => {
		expect(stackLabels([{ x: 0, y: 0, width: 40 }, { x: 100, y: 0, width: 40 }])).toEqual([0, 0]);
	});

	it('lifts the upper of two overlapping tags by one step, so both names read', () => {
		// Two avatars side by side, 20 px apart, tags 50 px wide: they overlap; the lower one (nearer the viewer) stays.
		expect(stackLabels([{ x: 0, y: 0, width: 50 }, { x: 20, y: 4, width: 50 }])).toEqual([LABEL_STEP - 4, 0]);
	});

	it('stacks a crowd into distinct rows', () => {
		const crowd = [0, 1, 2, 3].map((i) => ({ x: i * 5, y: 0, width: 60 }));
		const lifted = stackLabels(crowd).map((offset, i) => crowd[i]!.y - offset);
		expect(new Set(lifted).size).toBe(4);
		const rows = [...lifted].sort((a, b) => a - b);
		for (let i = 1; i < rows.length; i++) expect(rows[i]! - rows[i - 1]!).toBeGreaterThanOrEqual(LABEL_STEP);
	});
});
