import { describe, expect, it } from 'vitest';
import { InterestManager } from '../src/room/interest-manager.js';
import { Random } from './support/random.js';

function pairs(changes: { viewer: string; subject: string }[]): string[] {
	return changes.map((c) => `${c.viewer}>${c.subject}`).sort();
}

describe('InterestManager (who receives whose position)', () => {
	it('shows two avatars to each other within the view radius, symmetrically', () => {
		const interest = new InterestManager({ viewRadius: 100, hysteresis: 20 });
		interest.set('a', 0, 0);
		interest.set('b', 90, 0);
		interest.set('c', 500, 0);
		const diff = interest.update();
		expect(pairs(diff.shown)).toEqual(['a>b', 'b>a']);
		expect(diff.hidden).toEqual([]);
		expect(interest.visibleTo('c')).toEqual([]);
	});

	it('hides an avatar only once it is beyond viewRadius + hysteresis', () => {
		const interest = new InterestManager({ viewRadius: 100, hysteresis: 20 });
		interest.set('a', 0, 0);
		interest.set('b', 50, 0);
		interest.update();
		interest.set('b', 115, 0);
		expect(interest.update()).toEqual({ shown: [], hidden: [] });
		interest.set('b', 121, 0);
		expect(pairs(interest.update().hidden)).toEqual(['a>b', 'b>a']);
		// Coming back inside the hysteresis band is not enough to be shown again.
		interest.set('b', 110, 0);
		expect(interest.update().shown).toEqual([]);
		interest.set('b', 100, 0);
		expect(pairs(interest.update().shown)).toEqual(['a>b', 'b>a']);
	});

	it('does not flap for an avatar jittering at the edge', () => {
		const interest = new InterestManager({ viewRadius: 100, hysteresis: 20 });
		interest.set('a', 0, 0);
		interest.set('b', 99, 0);
		interest.update();
		let changes = 0;
		for (let i = 0; i < 100; i++) {
			interest.set('b', 99 + (i % 2 ? 10 : -5), 0);
			const diff = interest.update();
			changes += diff.shown.length + diff.hidden.length;
		}
		expect(changes).toBe(0);
	});

	it('tells everyone who saw a removed avatar, and forgets it', () => {
		const interest = new InterestManager({ viewRadius: 100, hysteresis: 20 });
		interest.set('a', 0, 0);
		interest.set('b', 10, 0);
		interest.set('c', 20, 0);
		interest.update();
		interest.remove('b');
		expect(pairs(interest.update().hidden)).toEqual(['a>b', 'c>b']);
		expect(interest.visibleTo('a')).toEqual(['c']);
		// The freed slot is reused without leaking old visibility.
		interest.set('d', 1000, 1000);
		expect(interest.update()).toEqual({ shown: [], hidden: [] });
		expect(interest.visibleTo('d')).toEqual([]);
	});

	it('matches a brute-force check on a random crowd', () => {
		const interest = new InterestManager({ viewRadius: 150, hysteresis: 0 });
		const generator = new Random(42);
		const random = () => generator.next();
		const positions = new Map<string, [number, number]>();
		for (let i = 0; i < 200; i++) positions.set(`p${i}`, [random() * 2000, random() * 2000]);
		for (let step = 0; step < 20; step++) {
			for (const [id, [x, y]] of positions) {
				if (random() < 0.3) positions.set(id, [x + (random() - 0.5) * 200, y + (random() - 0.5) * 200]);
				const [nx, ny] = positions.get(id)!;
				interest.set(id, nx, ny);
			}
			interest.update();
			for (const [id, [x, y]] of positions) {
				const expected = [...positions]
					.filter(([other, [ox, oy]]) => other !== id && Math.hypot(ox - x, oy - y) <= 150)
					.map(([other]) => other)
					.sort();
				expect(interest.visibleTo(id).sort()).toEqual(expected);
			}
		}
	});
});
