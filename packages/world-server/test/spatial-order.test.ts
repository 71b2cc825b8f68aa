import { describe, expect, it } from 'vitest';
import { ProximityEngine } from '../src/proximity/index.js';
import type { HearingDiff, ProximityAvatar } from '../src/proximity/index.js';
import { SlotList } from '../src/proximity/slot-list.js';
import { SpatialOrder, hilbertIndex } from '../src/proximity/spatial-order.js';
import { Random } from './support/random.js';

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

describe('renumbering slots in map order', () => {
	it('never changes a diff: an engine that renumbers every tick matches one that never does', () => {
		const random = new Random(11);
		const renumbering = new ProximityEngine({ reorderEveryTicks: 1, maxVideoPeers: 2, maxAudioPeers: 3, maxPrewarmPeers: 2 });
		const fixed = new ProximityEngine({ reorderEveryTicks: 0, maxVideoPeers: 2, maxAudioPeers: 3, maxPrewarmPeers: 2 });
		const avatars: ProximityAvatar[] = [];
		const upsert = (avatar: ProximityAvatar): void => {
			renumbering.upsert(avatar);
			fixed.upsert(avatar);
		};
		for (let i = 0; i < 60; i++) {
			const avatar = avatarAt(`a${i}`, random.next() * 900, random.next() * 900, i % 10 === 0 ? 'room' : null);
			avatars.push(avatar);
			upsert(avatar);
		}
		for (let step = 0; step < 300; step++) {
			for (const avatar of avatars) {
				if (!random.chance(0.3)) continue;
				avatar.x = Math.max(0, Math.min(900, avatar.x + (random.next() - 0.5) * 40));
				avatar.y = Math.max(0, Math.min(900, avatar.y + (random.next() - 0.5) * 40));
				upsert({ ...avatar });
			}
			if (random.chance(0.2)) {
				// Someone leaves and someone new comes: slots are freed and taken.
				const leaving = avatars.splice(Math.floor(random.next() * avatars.length), 1)[0]!;
				renumbering.remove(leaving.id);
				fixed.remove(leaving.id);
				const joining = avatarAt(`b${step}`, random.next() * 900, random.next() * 900, null);
				avatars.push(joining);
				upsert(joining);
			}
			expect(canonical(renumbering.tick()), `tick ${step}`).toEqual(canonical(fixed.tick()));
		}
		expect(renumbering.edges().length).toBeGreaterThan(0);
		expect(renumbering.prewarms().length).toBeGreaterThan(0);
	});
});

function avatarAt(id: string, x: number, y: number, privateZone: string | null): ProximityAvatar {
	return { id, x, y, privateZone, spotlight: false, silent: false, doNotDisturb: false };
}

/** A diff with each list sorted, so that two engines that visit pairs in another order compare equal. */
function canonical(diff: HearingDiff): Record<string, string[]> {
	const lines = (list: object[]): string[] => list.map((entry) => JSON.stringify(entry)).sort();
	return {
		added: lines(diff.added),
		removed: lines(diff.removed),
		changed: lines(diff.changed),
		prewarmAdded: lines(diff.prewarmAdded),
		prewarmRemoved: lines(diff.prewarmRemoved),
	};
}
