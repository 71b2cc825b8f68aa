import { describe, expect, it } from 'vitest';
// The helpers' own modules, not the entry: the entry imports Phaser, which needs a browser.
import { bubbleSizeFor } from '../src/phaser/bubble-layout.js';
import { isTouchFirst, joystickDirection, joystickKnob } from '../src/phaser/joystick-direction.js';
import { pinchZoom } from '../src/phaser/pinch-zoom.js';

describe('bubbleSizeFor', () => {
	it('keeps the full size on a laptop-sized canvas', () => {
		expect(bubbleSizeFor(96, { width: 1100, height: 700 })).toBe(96);
		expect(bubbleSizeFor(96, { width: 760, height: 600 })).toBe(96);
	});

	it('shrinks to 60% on a phone, held either way', () => {
		expect(bubbleSizeFor(100, { width: 360, height: 740 })).toBe(60);
		expect(bubbleSizeFor(100, { width: 740, height: 320 })).toBe(60);
	});

	it('shrinks in proportion between the two thresholds', () => {
		const phone = bubbleSizeFor(96, { width: 390, height: 844 });
		const tablet = bubbleSizeFor(96, { width: 540, height: 720 });
		expect(phone).toBe(Math.round(96 * (0.6 + 0.4 * (30 / 240))));
		expect(phone).toBeLessThan(tablet);
		expect(tablet).toBeLessThan(96);
	});

	it('can be tuned or turned off', () => {
		expect(bubbleSizeFor(100, { width: 390, height: 844 }, false)).toBe(100);
		expect(bubbleSizeFor(100, { width: 300, height: 600 }, { minScale: 0.5 })).toBe(50);
		expect(bubbleSizeFor(100, { width: 700, height: 900 }, { fullFrom: 800, smallAt: 600 })).toBe(Math.round(100 * (0.6 + 0.4 * 0.5)));
	});
});

describe('joystickDirection', () => {
	it('does not walk inside the dead zone', () => {
		expect(joystickDirection(0, 0, 50)).toEqual({ x: 0, y: 0 });
		expect(joystickDirection(6, -6, 50)).toEqual({ x: 0, y: 0 });
	});

	it('walks at full speed at the rim and beyond, in the pulled direction', () => {
		expect(joystickDirection(50, 0, 50)).toEqual({ x: 1, y: 0 });
		expect(joystickDirection(0, -200, 50)).toEqual({ x: 0, y: -1 });
		const diagonal = joystickDirection(100, 100, 50);
		expect(Math.hypot(diagonal.x, diagonal.y)).toBeCloseTo(1, 1);
		expect(diagonal.x).toBe(diagonal.y);
	});

	it('walks slower for a short pull', () => {
		const half = joystickDirection(30, 0, 50);
		expect(half.x).toBeGreaterThan(0);
		expect(half.x).toBeLessThan(1);
		expect(half.y).toBe(0);
	});

	it('rounds to steps of 1/20 so a trembling thumb sends the same direction', () => {
		expect(joystickDirection(40, 0.3, 50)).toEqual(joystickDirection(40.2, -0.2, 50));
	});
});

describe('joystickKnob', () => {
	it('follows the thumb inside the rim and stays on the rim outside it', () => {
		expect(joystickKnob(10, -20, 50)).toEqual({ x: 10, y: -20 });
		const knob = joystickKnob(300, 400, 50);
		expect(knob.x).toBeCloseTo(30);
		expect(knob.y).toBeCloseTo(40);
	});
});

describe('pinchZoom', () => {
	const range = { min: 0.5, max: 4 };

	it('zooms by how much the fingers spread', () => {
		expect(pinchZoom(1, 100, 200, range)).toBe(2);
		expect(pinchZoom(2, 200, 100, range)).toBe(1);
	});

	it('stays in range', () => {
		expect(pinchZoom(2, 100, 1000, range)).toBe(4);
		expect(pinchZoom(1, 400, 10, range)).toBe(0.5);
	});

	it('keeps the zoom when the fingers start on the same spot', () => {
		expect(pinchZoom(1.5, 0, 50, range)).toBe(1.5);
	});
});

describe('isTouchFirst', () => {
	const media = (matching: string[]) => (query: string) => ({ matches: matching.includes(query) });

	it('is true for a phone: a finger and no mouse', () => {
		expect(isTouchFirst(media(['(pointer: coarse)']))).toBe(true);
	});

	it('is false for a laptop, with or without a touch screen', () => {
		expect(isTouchFirst(media(['(pointer: fine)', '(any-pointer: fine)']))).toBe(false);
		expect(isTouchFirst(media(['(pointer: coarse)', '(any-pointer: fine)']))).toBe(false);
	});

	it('is false where media queries do not exist (Node)', () => {
		expect(isTouchFirst(undefined)).toBe(false);
	});
});
