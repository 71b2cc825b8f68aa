import { describe, expect, it } from 'vitest';
import { pickProcess } from '../src/cluster/room-placement.js';

describe('pickProcess (where a new room goes among several processes)', () => {
	const processes = [
		{ processId: 'a', roomCount: 2, ccu: 10 },
		{ processId: 'b', roomCount: 1, ccu: 40 },
		{ processId: 'c', roomCount: 1, ccu: 5 },
	];

	it('picks the process with the fewest rooms, then the fewest players', () => {
		expect(pickProcess(processes, new Set())).toBe('c');
	});

	it('skips draining processes', () => {
		expect(pickProcess(processes, new Set(['c']))).toBe('b');
		expect(pickProcess(processes, new Set(['b', 'c']))).toBe('a');
	});

	it('has no answer when every process drains, or none is listed', () => {
		expect(pickProcess(processes, new Set(['a', 'b', 'c']))).toBeUndefined();
		expect(pickProcess([], new Set())).toBeUndefined();
	});
});
