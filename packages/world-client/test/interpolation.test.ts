import { describe, expect, it } from 'vitest';
import { SnapshotBuffer } from '../src/core/interpolation.js';

describe('SnapshotBuffer (interpolation of other players)', () => {
	/** Positions of a player walking right at 160 px/s, received every 50 ms ± jitter. */
	function walking(jitterMs: number): SnapshotBuffer {
		const buffer = new SnapshotBuffer(100);
		for (let i = 0; i <= 40; i++) {
			const jitter = jitterMs * Math.sin(i * 1.7);
			buffer.push(i * 50 + jitter, i * 8, 0);
		}
		return buffer;
	}

	it('draws the player 100 ms in the past, between the snapshots around that moment', () => {
		const buffer = walking(0);
		expect(buffer.sample(1900)).toEqual({ x: (1800 / 50) * 8, y: 0 });
		expect(buffer.sample(1925)!.x).toBeCloseTo((1825 / 50) * 8, 6);
	});

	it('moves smoothly at 60 fps despite ±20 ms arrival jitter: no jumps, never backwards', () => {
		const buffer = walking(20);
		let previous = buffer.sample(1200)!.x;
		let largestStep = 0;
		for (let now = 1200; now <= 2200; now += 1000 / 60) {
			const { x } = buffer.sample(now)!;
			expect(x).toBeGreaterThanOrEqual(previous);
			largestStep = Math.max(largestStep, x - previous);
			previous = x;
		}
		// 160 px/s is 2.7 px per frame: the even time grid absorbs the jitter.
		expect(largestStep).toBeLessThan(3.5);
	});

	it('stops at the last position when updates stop (no extrapolation), and restarts after clear()', () => {
		const buffer = walking(0);
		expect(buffer.sample(10_000)).toEqual({ x: 320, y: 0 });
		buffer.clear();
		expect(buffer.sample(10_000)).toBeUndefined();
		buffer.push(10_000, 50, 60);
		expect(buffer.sample(10_001)).toEqual({ x: 50, y: 60 });
	});

	it('keeps snapshots in time order even when a timestamp goes backwards', () => {
		const buffer = new SnapshotBuffer(0);
		buffer.push(100, 0, 0);
		buffer.push(90, 10, 0);
		expect(buffer.sample(100)).toEqual({ x: 10, y: 0 });
	});
});
