import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXIMITY_OPTIONS, ProximityEngine, ProximityError, resolveProximityOptions } from '../src/proximity/index.js';
import type { HearingDiff, HearingEdge, HearingPair, ProximityAvatar } from '../src/proximity/index.js';
import { Random } from './support/random.js';

function avatar(id: string, x: number, y: number, extra: Partial<ProximityAvatar> = {}): ProximityAvatar {
	return { id, x, y, privateZone: null, spotlight: false, silent: false, doNotDisturb: false, ...extra };
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

/** `listener>speaker` keys, sorted, for readable assertions. */
function pairs(list: readonly HearingPair[]): string[] {
	return list.map((p) => `${p.listener}>${p.speaker}`).sort();
}

function edge(engine: ProximityEngine, listener: string, speaker: string): HearingEdge | undefined {
	return engine.edgesOf(listener).find((e) => e.speaker === speaker);
}

function isEmpty(diff: HearingDiff): boolean {
	return (
		diff.added.length + diff.removed.length + diff.changed.length + diff.prewarmAdded.length + diff.prewarmRemoved.length === 0
	);
}

/** An engine with a listener `l` at the origin and the given others, ticked once. */
function world(others: ProximityAvatar[], options: ConstructorParameters<typeof ProximityEngine>[0] = {}, listener = avatar('l', 0, 0)) {
	const engine = new ProximityEngine(options);
	engine.upsert(listener);
	for (const other of others) engine.upsert(other);
	const first = engine.tick();
	return { engine, first };
}

describe('proximity options', () => {
	it('fills every option with a documented default', () => {
		expect(resolveProximityOptions()).toEqual({
			enterRadius: 128,
			leaveRadius: 160,
			prewarmRadius: 208,
			prewarmHysteresis: 16,
			nearBandRadius: 64,
			midBandRadius: 112,
			bandHysteresis: 8,
			maxVideoPeers: 8,
			maxAudioPeers: 24,
			maxPrewarmPeers: 8,
			capHysteresis: 16,
			cellSize: 224,
			reorderEveryTicks: 200,
		});
		expect(DEFAULT_PROXIMITY_OPTIONS).toEqual(resolveProximityOptions());
	});

	it('derives the radii that are not given from enterRadius', () => {
		const options = resolveProximityOptions({ enterRadius: 256 });
		expect(options).toMatchObject({ leaveRadius: 320, prewarmRadius: 416, nearBandRadius: 128, midBandRadius: 224 });
	});

	it('rejects a leaveRadius that is not greater than enterRadius, naming both values', () => {
		expect(() => resolveProximityOptions({ leaveRadius: 100 })).toThrow(
			'E_PROXIMITY_OPTIONS: leaveRadius (100) must be greater than enterRadius (128)',
		);
		expect(() => new ProximityEngine({ leaveRadius: 100 })).toThrow(ProximityError);
	});

	it('rejects contradictory caps, bands and unknown option names', () => {
		expect(() => resolveProximityOptions({ maxVideoPeers: 10, maxAudioPeers: 5 })).toThrow(/maxAudioPeers \(5\) must be at least maxVideoPeers \(10\)/);
		expect(() => resolveProximityOptions({ midBandRadius: 50 })).toThrow(/midBandRadius \(50\) must be greater than nearBandRadius \(64\)/);
		expect(() => resolveProximityOptions({ prewarmRadius: 128 })).toThrow(/prewarmRadius \(128\) must be greater than enterRadius/);
		expect(() => resolveProximityOptions({ maxVideoPeers: 2.5 })).toThrow(/maxVideoPeers \(2.5\) must be an integer/);
		expect(() => resolveProximityOptions({ enterRadious: 100 } as never)).toThrow(/unknown option "enterRadious"/);
		expect(() => resolveProximityOptions({ enterRadius: Number.NaN })).toThrow(/enterRadius must be a finite number/);
	});
});

describe('entering and leaving range', () => {
	it('creates an edge in each direction once the avatars are within enterRadius', () => {
		const { engine, first } = world([avatar('s', 129, 0)]);
		expect(first.added).toEqual([]);
		engine.upsert(avatar('s', 128, 0));
		const diff = engine.tick();
		expect(pairs(diff.added)).toEqual(['l>s', 's>l']);
		expect(edge(engine, 'l', 's')).toEqual({ listener: 'l', speaker: 's', band: 'far', media: 'audio+video', reason: 'proximity' });
	});

	it('removes the edge only once the speaker is beyond leaveRadius', () => {
		const { engine } = world([avatar('s', 100, 0)]);
		engine.upsert(avatar('s', 160, 0));
		expect(engine.tick().removed).toEqual([]);
		expect(edge(engine, 'l', 's')).toBeDefined();
		engine.upsert(avatar('s', 161, 0));
		expect(pairs(engine.tick().removed)).toEqual(['l>s', 's>l']);
		expect(engine.edges()).toEqual([]);
	});

	it('does not create an edge for a pair that only comes between enterRadius and leaveRadius', () => {
		const { engine } = world([avatar('s', 300, 0)]);
		for (const x of [150, 140, 130]) {
			engine.upsert(avatar('s', x, 0));
			expect(engine.tick().added).toEqual([]);
		}
	});

	it('does not flap while a speaker jitters around enterRadius', () => {
		const { engine } = world([avatar('s', 300, 0)]);
		engine.upsert(avatar('s', 126, 0));
		expect(pairs(engine.tick().added)).toEqual(['l>s', 's>l']);
		for (let i = 0; i < 20; i++) {
			engine.upsert(avatar('s', i % 2 === 0 ? 131 : 125, 0));
			const diff = engine.tick();
			expect(diff.added).toEqual([]);
			expect(diff.removed).toEqual([]);
		}
	});

	it('does not flap while a speaker jitters around leaveRadius', () => {
		const { engine } = world([avatar('s', 100, 0)]);
		let removals = 0;
		for (let i = 0; i < 20; i++) {
			engine.upsert(avatar('s', i % 2 === 0 ? 163 : 157, 0));
			const diff = engine.tick();
			expect(diff.added).toEqual([]);
			removals += diff.removed.length;
		}
		expect(removals).toBe(2);
	});

	it('reports an empty diff when nothing changed, even after an identical upsert', () => {
		const { engine } = world([avatar('s', 50, 0), avatar('t', 500, 500)]);
		expect(isEmpty(engine.tick())).toBe(true);
		engine.upsert(avatar('s', 50, 0));
		expect(isEmpty(engine.tick())).toBe(true);
	});

	it('reports the whole world as added on the first tick', () => {
		const { first } = world([avatar('a', 10, 0), avatar('b', 20, 0)]);
		expect(pairs(first.added)).toEqual(['a>b', 'a>l', 'b>a', 'b>l', 'l>a', 'l>b']);
	});
});

describe('private zones', () => {
	it('connects all members of a private zone whatever the distance, in band near', () => {
		const { engine } = world([avatar('s', 1000, 0, { privateZone: 'room' })], {}, avatar('l', 0, 0, { privateZone: 'room' }));
		expect(edge(engine, 'l', 's')).toEqual({ listener: 'l', speaker: 's', band: 'near', media: 'audio+video', reason: 'privateZone' });
		expect(edge(engine, 's', 'l')?.reason).toBe('privateZone');
	});

	it('isolates a room from someone just outside its wall, closer than enterRadius, both ways', () => {
		const { engine, first } = world([avatar('out', 40, 0)], {}, avatar('l', 0, 0, { privateZone: 'room' }));
		expect(engine.edges()).toEqual([]);
		expect(first.prewarmAdded).toEqual([]);
		// And when the outsider steps in, the room opens to them.
		engine.upsert(avatar('out', 40, 0, { privateZone: 'room' }));
		expect(pairs(engine.tick().added)).toEqual(['l>out', 'out>l']);
	});

	it('keeps members of two different rooms apart', () => {
		const { engine } = world([avatar('s', 10, 0, { privateZone: 'b' })], {}, avatar('l', 0, 0, { privateZone: 'a' }));
		expect(engine.edges()).toEqual([]);
	});

	it('turns a proximity edge into a privateZone edge when both walk into the same room', () => {
		const { engine } = world([avatar('s', 100, 0)]);
		expect(edge(engine, 'l', 's')?.reason).toBe('proximity');
		engine.upsert(avatar('l', 0, 0, { privateZone: 'room' }));
		engine.upsert(avatar('s', 100, 0, { privateZone: 'room' }));
		const diff = engine.tick();
		expect(diff.added).toEqual([]);
		expect(diff.changed.map((e) => `${e.listener}>${e.speaker} ${e.reason} ${e.band}`).sort()).toEqual([
			'l>s privateZone near',
			's>l privateZone near',
		]);
	});

	it('gives video to the nearest members when a room holds more than maxVideoPeers, as the listener walks across it', () => {
		const inHall = { privateZone: 'hall' };
		const { engine } = world([avatar('a', 300, 0, inHall), avatar('b', 0, -400, inHall)], { maxVideoPeers: 1 }, avatar('l', 0, 0, inHall));
		expect(edge(engine, 'l', 'a')?.media).toBe('audio+video');
		expect(edge(engine, 'l', 'b')?.media).toBe('audio');
		// Now b is 250 px away and a 335 px: both beyond any proximity radius, only the room connects them.
		engine.upsert(avatar('l', 0, -150, inHall));
		engine.tick();
		expect(edge(engine, 'l', 'b')?.media).toBe('audio+video');
		expect(edge(engine, 'l', 'a')?.media).toBe('audio');
	});

	it('drops the edges of a member who leaves the room', () => {
		const { engine } = world([avatar('s', 500, 0, { privateZone: 'room' })], {}, avatar('l', 0, 0, { privateZone: 'room' }));
		engine.upsert(avatar('s', 500, 0));
		expect(pairs(engine.tick().removed)).toEqual(['l>s', 's>l']);
	});
});

describe('spotlight', () => {
	it('lets every listener in the world hear a spotlight speaker, in band near, one way only', () => {
		const { engine } = world([avatar('stage', 5000, 5000, { spotlight: true })]);
		expect(edge(engine, 'l', 'stage')).toEqual({ listener: 'l', speaker: 'stage', band: 'near', media: 'audio+video', reason: 'spotlight' });
		expect(engine.edgesOf('stage')).toEqual([]);
	});

	it('does not reach listeners inside a private zone: a closed room stays closed', () => {
		const { engine } = world([avatar('stage', 50, 0, { spotlight: true }), avatar('out', 5000, 0)], {}, avatar('l', 0, 0, { privateZone: 'room' }));
		expect(engine.edgesOf('l')).toEqual([]);
		expect(edge(engine, 'out', 'stage')?.reason).toBe('spotlight');
	});

	it('only reaches its own room when the stage is inside a private zone', () => {
		const { engine } = world(
			[avatar('stage', 3000, 0, { spotlight: true, privateZone: 'hall' }), avatar('out', 5000, 0)],
			{},
			avatar('l', 0, 0, { privateZone: 'hall' }),
		);
		expect(edge(engine, 'l', 'stage')?.reason).toBe('privateZone');
		expect(engine.edgesOf('out')).toEqual([]);
	});

	it('does not reach silent or do-not-disturb listeners', () => {
		const { engine } = world([avatar('stage', 5000, 0, { spotlight: true }), avatar('dnd', 100, 100, { doNotDisturb: true }), avatar('quiet', 200, 200, { silent: true })]);
		expect(engine.edgesOf('dnd')).toEqual([]);
		expect(engine.edgesOf('quiet')).toEqual([]);
		expect(edge(engine, 'l', 'stage')).toBeDefined();
	});

	it('takes the video slots before nearby speakers', () => {
		const { engine } = world(
			[avatar('stage', 5000, 0, { spotlight: true }), avatar('a', 10, 0), avatar('b', 20, 0), avatar('c', 30, 0)],
			{ maxVideoPeers: 2, maxAudioPeers: 4 },
		);
		expect(edge(engine, 'l', 'stage')?.media).toBe('audio+video');
		expect(edge(engine, 'l', 'a')?.media).toBe('audio+video');
		expect(edge(engine, 'l', 'b')?.media).toBe('audio');
		expect(edge(engine, 'l', 'c')?.media).toBe('audio');
	});

	it('turns the spotlight edge back into a proximity edge, or removes it, when the speaker steps off stage', () => {
		const { engine } = world([avatar('near', 100, 0, { spotlight: true }), avatar('far', 3000, 0, { spotlight: true })]);
		engine.upsert(avatar('near', 100, 0));
		engine.upsert(avatar('far', 3000, 0));
		const diff = engine.tick();
		expect(pairs(diff.removed)).toEqual(['far>near', 'l>far', 'near>far']);
		expect(diff.changed.filter((e) => e.listener === 'l').map((e) => `${e.speaker} ${e.reason} ${e.band}`)).toEqual(['near proximity mid']);
	});
});

describe('silent zones and do-not-disturb', () => {
	it('gives an avatar in a silent zone no edges, as listener or as speaker', () => {
		const { engine } = world([avatar('s', 10, 0, { silent: true })]);
		expect(engine.edges()).toEqual([]);
	});

	it('gives a do-not-disturb avatar no edges and restores them when it is turned off', () => {
		const { engine } = world([avatar('s', 10, 0)]);
		engine.upsert(avatar('s', 10, 0, { doNotDisturb: true }));
		expect(pairs(engine.tick().removed)).toEqual(['l>s', 's>l']);
		engine.upsert(avatar('s', 10, 0));
		expect(pairs(engine.tick().added)).toEqual(['l>s', 's>l']);
	});

	it('does not prewarm anything for a silent or do-not-disturb avatar', () => {
		const { engine, first } = world([avatar('s', 180, 0, { doNotDisturb: true }), avatar('t', 0, 180, { silent: true })]);
		expect(first.prewarmAdded).toEqual([]);
		expect(engine.prewarms()).toEqual([]);
	});
});

describe('caps', () => {
	// Speakers in a column above the listener, nearest first: s01 at 10 px ... s12 at 120 px.
	const column = (n: number): ProximityAvatar[] => Array.from({ length: n }, (_, i) => avatar(`s${String(i + 1).padStart(2, '0')}`, 0, 10 * (i + 1)));
	const mediaOf = (engine: ProximityEngine) =>
		Object.fromEntries(engine.edgesOf('l').map((e) => [e.speaker, e.media]).sort(([a], [b]) => String(a).localeCompare(String(b))));

	it('gives video to the nearest maxVideoPeers speakers and audio to the next ones', () => {
		const { engine } = world(column(12));
		const media = mediaOf(engine);
		expect(Object.keys(media)).toHaveLength(12);
		for (let i = 1; i <= 8; i++) expect(media[`s${String(i).padStart(2, '0')}`]).toBe('audio+video');
		for (let i = 9; i <= 12; i++) expect(media[`s${String(i).padStart(2, '0')}`]).toBe('audio');
	});

	it('gives no edge beyond maxAudioPeers, and prewarms the nearest left out instead', () => {
		const { engine } = world(column(6), { maxVideoPeers: 2, maxAudioPeers: 4, maxPrewarmPeers: 1 });
		expect(mediaOf(engine)).toEqual({ s01: 'audio+video', s02: 'audio+video', s03: 'audio', s04: 'audio' });
		expect(engine.prewarms().filter((p) => p.listener === 'l')).toEqual([{ listener: 'l', speaker: 's05' }]);
	});

	it('gives an audioOnly listener audio edges only, while others still see it', () => {
		const { engine } = world([avatar('s', 10, 0)], {}, avatar('l', 0, 0, { audioOnly: true }));
		expect(edge(engine, 'l', 's')?.media).toBe('audio');
		expect(edge(engine, 's', 'l')?.media).toBe('audio+video');
	});

	it('reports media changes when a nearer speaker takes the video slot', () => {
		const { engine } = world([avatar('a', 50, 0), avatar('b', 0, -100)], { maxVideoPeers: 1 });
		expect(edge(engine, 'l', 'a')?.media).toBe('audio+video');
		engine.upsert(avatar('b', 0, -20));
		const changed = engine
			.tick()
			.changed.filter((e) => e.listener === 'l')
			.map((e) => `${e.speaker} ${e.media}`)
			.sort();
		expect(changed).toEqual(['a audio', 'b audio+video']);
	});

	it('does not swap the video slot between two speakers at almost the same distance', () => {
		const { engine } = world([avatar('a', 50, 0), avatar('b', 0, -100)], { maxVideoPeers: 1 });
		for (const y of [-45, -52, -40, -36]) {
			// Within capHysteresis (16 px) of the holder: no swap.
			engine.upsert(avatar('b', 0, y));
			engine.tick();
			expect(edge(engine, 'l', 'a')?.media).toBe('audio+video');
		}
		engine.upsert(avatar('b', 0, -30));
		engine.tick();
		expect(edge(engine, 'l', 'b')?.media).toBe('audio+video');
		expect(edge(engine, 'l', 'a')?.media).toBe('audio');
	});
});

describe('approach ring', () => {
	it('prewarms a pair in the ring, then clears the prewarm when the edge is created', () => {
		const { engine, first } = world([avatar('s', 180, 0)]);
		expect(pairs(first.prewarmAdded)).toEqual(['l>s', 's>l']);
		expect(first.added).toEqual([]);
		engine.upsert(avatar('s', 120, 0));
		const diff = engine.tick();
		expect(pairs(diff.added)).toEqual(['l>s', 's>l']);
		expect(pairs(diff.prewarmRemoved)).toEqual(['l>s', 's>l']);
		expect(engine.prewarms()).toEqual([]);
	});

	it('clears the prewarm only once the pair is beyond prewarmRadius plus its hysteresis', () => {
		const { engine } = world([avatar('s', 200, 0)]);
		engine.upsert(avatar('s', 224, 0));
		expect(engine.tick().prewarmRemoved).toEqual([]);
		engine.upsert(avatar('s', 225, 0));
		expect(pairs(engine.tick().prewarmRemoved)).toEqual(['l>s', 's>l']);
		// Coming back, the ring starts at prewarmRadius again.
		engine.upsert(avatar('s', 210, 0));
		expect(engine.tick().prewarmAdded).toEqual([]);
		engine.upsert(avatar('s', 208, 0));
		expect(pairs(engine.tick().prewarmAdded)).toEqual(['l>s', 's>l']);
	});

	it('goes back to prewarm when an edge leaves range inside the ring', () => {
		const { engine } = world([avatar('s', 100, 0)]);
		engine.upsert(avatar('s', 170, 0));
		const diff = engine.tick();
		expect(pairs(diff.removed)).toEqual(['l>s', 's>l']);
		expect(pairs(diff.prewarmAdded)).toEqual(['l>s', 's>l']);
	});

	it('never prewarms across a private-zone wall', () => {
		const { engine } = world([avatar('s', 180, 0, { privateZone: 'room' })]);
		expect(engine.prewarms()).toEqual([]);
	});

	it('prewarms at most maxPrewarmPeers speakers per listener, nearest first', () => {
		const ring = [avatar('a', 200, 0), avatar('b', -170, 0), avatar('c', 0, 190), avatar('d', 0, -180)];
		const { engine } = world(ring, { maxPrewarmPeers: 2 });
		expect(pairs(engine.prewarms().filter((p) => p.listener === 'l'))).toEqual(['l>b', 'l>d']);
	});
});

describe('distance bands', () => {
	it('assigns near, mid and far by distance', () => {
		const { engine } = world([avatar('a', 50, 0), avatar('b', 0, 100), avatar('c', -120, 0)]);
		expect(edge(engine, 'l', 'a')?.band).toBe('near');
		expect(edge(engine, 'l', 'b')?.band).toBe('mid');
		expect(edge(engine, 'l', 'c')?.band).toBe('far');
	});

	it('changes band outwards only past the threshold plus bandHysteresis, inwards at the threshold', () => {
		const { engine } = world([avatar('s', 60, 0)]);
		const bandAt = (x: number): { band: string | undefined; changed: number } => {
			engine.upsert(avatar('s', x, 0));
			const diff = engine.tick();
			return { band: edge(engine, 'l', 's')?.band, changed: diff.changed.length };
		};
		expect(bandAt(72)).toEqual({ band: 'near', changed: 0 });
		expect(bandAt(73)).toEqual({ band: 'mid', changed: 2 });
		expect(bandAt(66)).toEqual({ band: 'mid', changed: 0 });
		expect(bandAt(64)).toEqual({ band: 'near', changed: 2 });
		expect(bandAt(119)).toEqual({ band: 'mid', changed: 2 });
		expect(bandAt(121)).toEqual({ band: 'far', changed: 2 });
		expect(bandAt(113)).toEqual({ band: 'far', changed: 0 });
		expect(bandAt(112)).toEqual({ band: 'mid', changed: 2 });
	});

	it('does not flap between bands while a speaker jitters on a threshold', () => {
		const { engine } = world([avatar('s', 60, 0)]);
		let changes = 0;
		for (let i = 0; i < 20; i++) {
			engine.upsert(avatar('s', i % 2 === 0 ? 66 : 62, 0));
			changes += engine.tick().changed.length;
		}
		expect(changes).toBe(0);
	});
});

describe('remove()', () => {
	it('removes all edges and prewarms of the avatar at the next tick, in both directions', () => {
		const { engine } = world([avatar('s', 10, 0), avatar('ring', 190, 0)]);
		expect(engine.remove('l')).toBe(true);
		expect(edge(engine, 's', 'l')).toBeDefined();
		const diff = engine.tick();
		expect(pairs(diff.removed)).toEqual(['l>s', 's>l']);
		expect(pairs(diff.prewarmRemoved)).toEqual(['l>ring', 'ring>l']);
		expect(engine.edgesOf('l')).toEqual([]);
		expect(engine.size).toBe(2);
	});

	it('is idempotent and ignores unknown ids', () => {
		const { engine } = world([avatar('s', 10, 0)]);
		expect(engine.remove('s')).toBe(true);
		expect(engine.remove('s')).toBe(false);
		expect(engine.remove('nobody')).toBe(false);
		expect(pairs(engine.tick().removed)).toEqual(['l>s', 's>l']);
		expect(isEmpty(engine.tick())).toBe(true);
	});

	it('keeps the edges of an avatar removed and upserted again before the tick', () => {
		const { engine } = world([avatar('s', 10, 0)]);
		engine.remove('s');
		engine.upsert(avatar('s', 10, 0));
		expect(isEmpty(engine.tick())).toBe(true);
		expect(engine.has('s')).toBe(true);
	});

	it('forgets an avatar added and removed between two ticks', () => {
		const { engine } = world([]);
		engine.upsert(avatar('ghost', 10, 0));
		engine.remove('ghost');
		expect(isEmpty(engine.tick())).toBe(true);
		expect(engine.size).toBe(1);
	});

	it('gives a newcomer correct edges after someone left (internal slots are reused)', () => {
		const { engine } = world([avatar('s', 10, 0)]);
		engine.remove('s');
		engine.tick();
		engine.upsert(avatar('t', 0, 10));
		expect(pairs(engine.tick().added)).toEqual(['l>t', 't>l']);
		expect(edge(engine, 'l', 't')).toMatchObject({ band: 'near', reason: 'proximity' });
	});
});

describe('upsert()', () => {
	it('rejects an avatar with a non-finite position', () => {
		const engine = new ProximityEngine();
		expect(() => engine.upsert(avatar('a', Number.NaN, 0))).toThrow('E_PROXIMITY_AVATAR: avatar "a": position must be finite numbers, got (NaN, 0)');
		expect(() => engine.upsert(avatar('', 0, 0))).toThrow(/E_PROXIMITY_AVATAR: avatar id must be a non-empty string/);
	});

	it('copies the avatar, so the caller may reuse the object', () => {
		const engine = new ProximityEngine();
		const a = avatar('a', 0, 0);
		engine.upsert(a);
		engine.upsert(avatar('b', 10, 0));
		a.x = 5000;
		engine.tick();
		expect(edge(engine, 'a', 'b')).toBeDefined();
	});
});

describe('renumbering slots in map order', () => {
	it('never changes a diff: an engine that renumbers every tick matches one that never does', () => {
		const random = new Random(11);
		const renumbering = new ProximityEngine({ reorderEveryTicks: 1, maxVideoPeers: 2, maxAudioPeers: 3, maxPrewarmPeers: 2 });
		const fixed = new ProximityEngine({ reorderEveryTicks: 0, maxVideoPeers: 2, maxAudioPeers: 3, maxPrewarmPeers: 2 });
		const avatars: ProximityAvatar[] = [];
		const upsert = (state: ProximityAvatar): void => {
			renumbering.upsert(state);
			fixed.upsert(state);
		};
		for (let i = 0; i < 60; i++) {
			const joining = avatar(`a${i}`, random.next() * 900, random.next() * 900, { privateZone: i % 10 === 0 ? 'room' : null });
			avatars.push(joining);
			upsert(joining);
		}
		for (let step = 0; step < 300; step++) {
			for (const walker of avatars) {
				if (!random.chance(0.3)) continue;
				walker.x = Math.max(0, Math.min(900, walker.x + (random.next() - 0.5) * 40));
				walker.y = Math.max(0, Math.min(900, walker.y + (random.next() - 0.5) * 40));
				upsert({ ...walker });
			}
			if (random.chance(0.2)) {
				// Someone leaves and someone new comes: slots are freed and taken.
				const leaving = avatars.splice(Math.floor(random.next() * avatars.length), 1)[0]!;
				renumbering.remove(leaving.id);
				fixed.remove(leaving.id);
				const joining = avatar(`b${step}`, random.next() * 900, random.next() * 900);
				avatars.push(joining);
				upsert(joining);
			}
			expect(canonical(renumbering.tick()), `tick ${step}`).toEqual(canonical(fixed.tick()));
		}
		expect(renumbering.edges().length).toBeGreaterThan(0);
		expect(renumbering.prewarms().length).toBeGreaterThan(0);
	});
});
