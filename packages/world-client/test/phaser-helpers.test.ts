import { describe, expect, it } from 'vitest';
// The helpers' own modules, not the entry: the entry imports Phaser, which needs a browser.
import { bubbleAppearance, bubbleAppearanceFor, distanceForBand, layoutBubbles } from '../src/phaser/bubble-layout.js';
import { cameraBoundsFor } from '../src/phaser/camera-bounds.js';
import { EMOTE_EMOJI, emojiForEmote } from '../src/phaser/emotes.js';
import { directionFromKeys, isEditableTarget } from '../src/phaser/keyboard-direction.js';
import { colorFromId, initialOf, statusStyle, truncateName } from '../src/phaser/player-style.js';
import { EMOTES } from '@hallway/world-server/shared';

describe('colorFromId', () => {
	it('gives the same colour to the same user every time', () => {
		expect(colorFromId('user-42')).toEqual(colorFromId('user-42'));
	});

	it('spreads similar ids over different hues', () => {
		const hues = new Set(Array.from({ length: 20 }, (_, i) => Math.floor(colorFromId(`user-${i}`).hue / 30)));
		expect(hues.size).toBeGreaterThanOrEqual(6);
	});

	it('returns matching number and CSS forms', () => {
		const color = colorFromId('ada');
		expect(color.css).toMatch(/^#[0-9a-f]{6}$/);
		expect(Number.parseInt(color.css.slice(1), 16)).toBe(color.value);
		expect(color.hue).toBeGreaterThanOrEqual(0);
		expect(color.hue).toBeLessThan(360);
	});
});

describe('names and statuses', () => {
	it('takes the first character of a name as its initial, emoji included', () => {
		expect(initialOf('ada')).toBe('A');
		expect(initialOf('  émile')).toBe('É');
		expect(initialOf('👩‍💻 Grace')).toBe('👩‍💻');
		expect(initialOf('')).toBe('?');
	});

	it('shortens long names with an ellipsis and leaves short ones alone', () => {
		expect(truncateName('Ada')).toBe('Ada');
		expect(truncateName('Bartholomew Fitzgerald-Smythe', 12)).toBe('Bartholomew…');
		expect([...truncateName('x'.repeat(50), 10)]).toHaveLength(10);
	});

	it('colours each status and falls back to available for an unknown one', () => {
		expect(statusStyle('dnd').css).toBe('#ef4444');
		expect(statusStyle('busy').value).toBe(0xf59e0b);
		expect(statusStyle('on-holiday')).toEqual(statusStyle('available'));
	});
});

describe('emotes', () => {
	it('has an emoji for every emote the server accepts', () => {
		for (const emote of EMOTES) expect(EMOTE_EMOJI[emote]).toBeTruthy();
		expect(emojiForEmote('wave')).toBe('👋');
		expect(emojiForEmote('tada')).toBe('🎉');
	});

	it('still shows something for an emote this version does not know', () => {
		expect(emojiForEmote('dance')).toBe('✨');
	});
});

describe('bubbleAppearance', () => {
	it('is full size and opaque up close (the near band)', () => {
		expect(bubbleAppearance(0)).toEqual({ opacity: 1, scale: 1 });
		expect(bubbleAppearance(64)).toEqual({ opacity: 1, scale: 1 });
	});

	it('fades and shrinks steadily towards the leave radius', () => {
		const steps = [64, 90, 110, 128, 145, 160].map((d) => bubbleAppearance(d));
		for (let i = 1; i < steps.length; i++) {
			expect(steps[i]!.opacity).toBeLessThan(steps[i - 1]!.opacity + 1e-9);
			expect(steps[i]!.scale).toBeLessThan(steps[i - 1]!.scale + 1e-9);
		}
		expect(bubbleAppearance(110).opacity).toBeLessThan(1);
	});

	it('bottoms out at the minimum at and beyond the leave radius', () => {
		expect(bubbleAppearance(160)).toEqual({ opacity: 0.45, scale: 0.72 });
		expect(bubbleAppearance(500)).toEqual({ opacity: 0.45, scale: 0.72 });
	});

	it('follows a world with other radii', () => {
		const wide = { enterRadius: 256, leaveRadius: 320 };
		expect(bubbleAppearance(128, wide)).toEqual({ opacity: 1, scale: 1 });
		expect(bubbleAppearance(320, wide).opacity).toBeCloseTo(0.45);
	});

	it('uses the band when the distance is unknown, and ignores distance when focused', () => {
		expect(distanceForBand('near')).toBe(0);
		expect(bubbleAppearanceFor({ distance: Number.NaN, band: 'far' })).toEqual(bubbleAppearance(128));
		expect(bubbleAppearanceFor({ band: 'mid' })).toEqual(bubbleAppearance(96));
		expect(bubbleAppearanceFor({ distance: 400, focused: true })).toEqual({ opacity: 1, scale: 1 });
		expect(bubbleAppearanceFor({})).toEqual({ opacity: 1, scale: 1 });
	});
});

describe('layoutBubbles', () => {
	const viewport = { width: 800, height: 600 };
	const slot = (key: string, x: number, y: number, size = 80) => ({ key, x, y, width: size, height: size });

	it('leaves a lone bubble where it wants to be', () => {
		const placed = layoutBubbles([slot('a', 300, 200)], viewport);
		expect(placed.get('a')).toEqual({ x: 300, y: 200, clamped: false });
	});

	it('puts the bubbles of two people standing together side by side', () => {
		const placed = layoutBubbles([slot('a', 400, 200), slot('b', 410, 205)], viewport, { gap: 6 });
		const a = placed.get('a')!;
		const b = placed.get('b')!;
		expect(Math.abs(b.x - a.x)).toBeGreaterThanOrEqual(86 - 1e-6);
		// Centred as a pair around where they wanted to be.
		expect((a.x + b.x) / 2).toBeCloseTo(405);
		expect(a.x).toBeLessThan(b.x);
	});

	it('separates a crowd so that no two bubbles overlap', () => {
		const slots = Array.from({ length: 6 }, (_, i) => slot(`p${i}`, 400 + i * 3, 300 + (i % 2) * 4, 70));
		const placed = [...layoutBubbles(slots, viewport, { iterations: 30 }).values()];
		for (let i = 0; i < placed.length; i++) {
			for (let j = i + 1; j < placed.length; j++) {
				const overlapX = 70 - Math.abs(placed[i]!.x - placed[j]!.x);
				const overlapY = 70 - Math.abs(placed[i]!.y - placed[j]!.y);
				expect(overlapX <= 0.5 || overlapY <= 0.5).toBe(true);
			}
		}
	});

	it('pins a bubble whose avatar is off screen to the edge, and says so', () => {
		const placed = layoutBubbles([slot('far', 1500, -300)], viewport, { margin: 8 });
		expect(placed.get('far')).toEqual({ x: 800 - 8 - 40, y: 8 + 40, clamped: true });
	});

	it('does not depend on the order of the slots', () => {
		const slots = [slot('b', 410, 205), slot('a', 400, 200), slot('c', 395, 210)];
		expect(layoutBubbles(slots, viewport)).toEqual(layoutBubbles([...slots].reverse(), viewport));
	});
});

describe('directionFromKeys', () => {
	it('walks straight at full speed', () => {
		expect(directionFromKeys(['up'])).toEqual({ x: 0, y: -1 });
		expect(directionFromKeys(['right'])).toEqual({ x: 1, y: 0 });
	});

	it('walks diagonally no faster than straight', () => {
		const { x, y } = directionFromKeys(['down', 'left']);
		expect(Math.hypot(x, y)).toBeCloseTo(1);
		expect(x).toBeLessThan(0);
		expect(y).toBeGreaterThan(0);
	});

	it('stops when opposite keys cancel out or nothing is held', () => {
		expect(directionFromKeys(['left', 'right'])).toEqual({ x: 0, y: 0 });
		expect(directionFromKeys([])).toEqual({ x: 0, y: 0 });
	});
});

describe('isEditableTarget', () => {
	it('treats text fields as taking the keys, so typing does not walk the avatar', () => {
		expect(isEditableTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
		expect(isEditableTarget({ tagName: 'input', type: 'search' })).toBe(true);
		expect(isEditableTarget({ tagName: 'TEXTAREA' })).toBe(true);
		expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
	});

	it('lets keys through from buttons, checkboxes, the canvas and the page', () => {
		expect(isEditableTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
		expect(isEditableTarget({ tagName: 'BUTTON' })).toBe(false);
		expect(isEditableTarget({ tagName: 'CANVAS' })).toBe(false);
		expect(isEditableTarget(null)).toBe(false);
	});
});

describe('cameraBoundsFor', () => {
	it('bounds the camera to a map larger than the view', () => {
		expect(cameraBoundsFor(1280, 960, 800, 600, 1)).toEqual({ x: 0, y: 0, width: 1280, height: 960 });
	});

	it('centres a map smaller than the view', () => {
		expect(cameraBoundsFor(400, 960, 800, 600, 1)).toEqual({ x: -200, y: 0, width: 800, height: 960 });
	});

	it('accounts for zoom', () => {
		// At zoom 2 an 800 px wide view shows 400 world px: the 640 px map fills it.
		expect(cameraBoundsFor(640, 200, 800, 600, 2)).toEqual({ x: 0, y: -50, width: 640, height: 300 });
	});
});
