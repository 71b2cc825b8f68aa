import { describe, expect, it } from 'vitest';
import { AllPairsReference } from '../src/proximity/all-pairs-reference.js';
import type { HearingGraph } from '../src/proximity/all-pairs-reference.js';
import { ProximityEngine } from '../src/proximity/index.js';
import type { HearingDiff, HearingEdge, ProximityAvatar, ProximityOptions } from '../src/proximity/index.js';
import { Random } from './support/random.js';

/**
 * Seeded random worlds: every step moves, rezones, toggles, adds and removes
 * avatars, then ticks both the engine and the all-pairs reference. After every
 * tick the graph obtained by applying the engine's diffs one after the other
 * must equal the reference's graph, and each diff must be minimal. Most
 * scenarios renumber the engine's slots in map order every few ticks
 * (`reorderEveryTicks`), which must never change a result; the others do it
 * at the default interval.
 */

interface Scenario {
	name: string;
	seed: number;
	steps: number;
	avatars: number;
	/** Side of the square the avatars start in, px. */
	area: number;
	zones: readonly (string | null)[];
	/** Per step, probability of each kind of operation (the rest are moves). */
	zoneChange: number;
	toggle: number;
	churn: number;
	options: Partial<ProximityOptions>;
}

const scenarios: Scenario[] = [
	{ name: 'defaults, office density', seed: 1, steps: 1000, avatars: 40, area: 700, zones: [null, null, null, 'a', 'b'], zoneChange: 0.15, toggle: 0.1, churn: 0.1, options: {} },
	{
		name: 'tight caps in a crowd',
		seed: 2,
		steps: 1000,
		avatars: 60,
		area: 450,
		zones: [null, null, null, null, 'a'],
		zoneChange: 0.1,
		toggle: 0.1,
		churn: 0.1,
		options: { maxVideoPeers: 2, maxAudioPeers: 4, maxPrewarmPeers: 2, reorderEveryTicks: 7 },
	},
	{
		name: 'meeting rooms with small caps',
		seed: 3,
		steps: 1000,
		avatars: 45,
		area: 600,
		zones: [null, 'a', 'b', 'c'],
		zoneChange: 0.4,
		toggle: 0.15,
		churn: 0.1,
		options: { maxVideoPeers: 3, maxAudioPeers: 5, maxPrewarmPeers: 3, reorderEveryTicks: 3 },
	},
	{
		name: 'no hysteresis anywhere (ties broken by id)',
		seed: 4,
		steps: 1000,
		avatars: 40,
		area: 500,
		zones: [null, null, 'a'],
		zoneChange: 0.1,
		toggle: 0.1,
		churn: 0.1,
		options: { bandHysteresis: 0, capHysteresis: 0, prewarmHysteresis: 0, maxVideoPeers: 3, maxAudioPeers: 6, maxPrewarmPeers: 2, reorderEveryTicks: 1 },
	},
	{
		name: 'dense crowd, caps applied by sorting',
		seed: 5,
		steps: 250,
		avatars: 110,
		area: 320,
		zones: [null, null, null, 'a'],
		zoneChange: 0.05,
		toggle: 0.05,
		churn: 0.05,
		options: { reorderEveryTicks: 5 },
	},
	{
		name: 'rooms wider than the neighbour radius',
		seed: 7,
		steps: 500,
		avatars: 30,
		area: 1200,
		zones: [null, 'a', 'b'],
		zoneChange: 0.3,
		toggle: 0.1,
		churn: 0.1,
		options: { maxVideoPeers: 1, maxAudioPeers: 2, maxPrewarmPeers: 1 },
	},
	{
		name: 'zero caps',
		seed: 6,
		steps: 400,
		avatars: 30,
		area: 500,
		zones: [null, null, 'a'],
		zoneChange: 0.1,
		toggle: 0.2,
		churn: 0.1,
		options: { maxVideoPeers: 0, maxAudioPeers: 2, maxPrewarmPeers: 0 },
	},
];

describe('ProximityEngine against the all-pairs reference', () => {
	for (const scenario of scenarios) {
		it(`reproduces the reference graph with minimal diffs after every tick (${scenario.name}, seed ${scenario.seed})`, () => {
			runScenario(scenario);
		});
	}
});

function runScenario(scenario: Scenario): void {
	const random = new Random(scenario.seed);
	const engine = new ProximityEngine(scenario.options);
	const reference = new AllPairsReference(scenario.options);
	const o = engine.options;
	// Distances that sit exactly on (or one pixel off) every threshold.
	const thresholds = [
		o.enterRadius,
		o.leaveRadius,
		o.prewarmRadius,
		o.prewarmRadius + o.prewarmHysteresis,
		o.nearBandRadius,
		o.nearBandRadius + o.bandHysteresis,
		o.midBandRadius,
		o.midBandRadius + o.bandHysteresis,
	];
	const world = new Map<string, ProximityAvatar>();
	let nextId = 0;
	// Ids are random strings, so the id tie-break does not follow join order.
	const newId = (): string => `${random.int(0, 999).toString(36)}-${nextId++}`;
	const upsert = (avatar: ProximityAvatar): void => {
		world.set(avatar.id, avatar);
		engine.upsert({ ...avatar });
		reference.upsert({ ...avatar });
	};
	const remove = (id: string): void => {
		world.delete(id);
		engine.remove(id);
		reference.remove(id);
	};
	const spawn = (): ProximityAvatar => ({
		id: newId(),
		x: random.int(0, scenario.area),
		y: random.int(0, scenario.area),
		privateZone: random.chance(0.15) ? random.pick(scenario.zones) : null,
		spotlight: random.chance(0.05),
		silent: random.chance(0.05),
		doNotDisturb: random.chance(0.05),
		audioOnly: random.chance(0.1),
	});

	for (let i = 0; i < scenario.avatars; i++) upsert(spawn());
	const cumulative = new CumulativeGraph();

	for (let step = 0; step < scenario.steps; step++) {
		const operations = random.int(1, 8);
		for (let k = 0; k < operations; k++) {
			const ids = [...world.keys()];
			const roll = random.next();
			if (ids.length === 0 || roll < scenario.churn / 2) {
				upsert(spawn());
				continue;
			}
			const id = random.pick(ids);
			const avatar = { ...world.get(id)! };
			if (roll < scenario.churn) {
				if (random.chance(0.3)) {
					// Removed and back before the tick: the same player, edges kept.
					remove(id);
					upsert(avatar);
				} else {
					remove(id);
				}
			} else if (roll < scenario.churn + scenario.zoneChange) {
				avatar.privateZone = random.pick(scenario.zones);
				upsert(avatar);
			} else if (roll < scenario.churn + scenario.zoneChange + scenario.toggle) {
				const flag = random.pick(['spotlight', 'silent', 'doNotDisturb', 'audioOnly'] as const);
				// Spotlight is rare in real worlds and makes everyone hear the speaker.
				if (flag !== 'spotlight' || random.chance(0.3)) avatar[flag] = !avatar[flag];
				upsert(avatar);
			} else {
				const kind = random.next();
				if (kind < 0.5) {
					// A walking step, sometimes back and forth (jitter).
					avatar.x += random.int(-12, 12);
					avatar.y += random.int(-12, 12);
				} else if (kind < 0.8) {
					// Onto (or one pixel off) a threshold from another avatar.
					const other = world.get(random.pick(ids))!;
					const distance = random.pick(thresholds) + random.int(-1, 1);
					if (random.chance(0.5)) {
						avatar.x = other.x + (random.chance(0.5) ? distance : -distance);
						avatar.y = other.y;
					} else {
						avatar.x = other.x;
						avatar.y = other.y + (random.chance(0.5) ? distance : -distance);
					}
				} else if (kind < 0.95) {
					avatar.x = random.int(0, scenario.area);
					avatar.y = random.int(0, scenario.area);
				}
				// else: an upsert that changes nothing.
				upsert(avatar);
			}
		}

		const diff = engine.tick();
		reference.tick();
		const context = `${scenario.name}, seed ${scenario.seed}, step ${step}`;
		cumulative.apply(diff, context);
		const expected = serializeGraph(reference.graph());
		const actual = cumulative.serialize();
		if (actual !== expected) {
			expect.fail(`${context}: engine graph differs from the reference\n${describeDifference(actual, expected)}`);
		}
		if (step % 50 === 0) {
			// The inspection API reads the same state the diffs were made from.
			const inspected = serializeLists(
				engine.edges().map(edgeKey),
				engine.prewarms().map((p) => `${p.listener}>${p.speaker}`),
			);
			expect(inspected, context).toBe(expected);
			expect(engine.size, context).toBe(world.size);
		}
	}
}

/** The graph built by applying diffs in order; checks each diff is minimal while applying it. */
class CumulativeGraph {
	readonly #edges = new Map<string, HearingEdge>();
	readonly #prewarm = new Set<string>();

	apply(diff: HearingDiff, context: string): void {
		const touched = new Set<string>();
		const once = (key: string, what: string): void => {
			if (touched.has(key)) expect.fail(`${context}: ${key} appears twice among removed/changed/added (${what})`);
			touched.add(key);
		};
		for (const pair of diff.removed) {
			const key = `${pair.listener}>${pair.speaker}`;
			once(key, 'removed');
			if (!this.#edges.delete(key)) expect.fail(`${context}: removed ${key}, which was not an edge`);
		}
		for (const edge of diff.changed) {
			const key = `${edge.listener}>${edge.speaker}`;
			once(key, 'changed');
			const was = this.#edges.get(key);
			if (was === undefined) expect.fail(`${context}: changed ${key}, which was not an edge`);
			if (edgeKey(was) === edgeKey(edge)) expect.fail(`${context}: changed ${key} without changing it`);
			this.#edges.set(key, edge);
		}
		for (const edge of diff.added) {
			const key = `${edge.listener}>${edge.speaker}`;
			once(key, 'added');
			if (this.#edges.has(key)) expect.fail(`${context}: added ${key}, which already was an edge`);
			this.#edges.set(key, edge);
		}
		const prewarmTouched = new Set<string>();
		for (const pair of diff.prewarmRemoved) {
			const key = `${pair.listener}>${pair.speaker}`;
			if (prewarmTouched.has(key)) expect.fail(`${context}: ${key} twice in prewarm lists`);
			prewarmTouched.add(key);
			if (!this.#prewarm.delete(key)) expect.fail(`${context}: prewarmRemoved ${key}, which was not prewarmed`);
		}
		for (const pair of diff.prewarmAdded) {
			const key = `${pair.listener}>${pair.speaker}`;
			if (prewarmTouched.has(key)) expect.fail(`${context}: ${key} twice in prewarm lists`);
			prewarmTouched.add(key);
			if (this.#prewarm.has(key)) expect.fail(`${context}: prewarmAdded ${key}, which already was prewarmed`);
			this.#prewarm.add(key);
		}
		for (const key of this.#prewarm) {
			if (this.#edges.has(key)) expect.fail(`${context}: ${key} is both an edge and prewarmed`);
		}
	}

	serialize(): string {
		return serializeLists([...this.#edges.values()].map(edgeKey), [...this.#prewarm]);
	}
}

function edgeKey(edge: HearingEdge): string {
	return `${edge.listener}>${edge.speaker} ${edge.band} ${edge.media} ${edge.reason}`;
}

function serializeGraph(graph: HearingGraph): string {
	const edges: string[] = [];
	for (const listenerEdges of graph.edges.values()) for (const edge of listenerEdges.values()) edges.push(edgeKey(edge));
	const prewarm: string[] = [];
	for (const [listener, speakers] of graph.prewarm) for (const speaker of speakers) prewarm.push(`${listener}>${speaker}`);
	return serializeLists(edges, prewarm);
}

function serializeLists(edges: string[], prewarm: string[]): string {
	return `${edges.sort().join('\n')}\n--- prewarm\n${prewarm.sort().join('\n')}`;
}

function describeDifference(actual: string, expected: string): string {
	const a = new Set(actual.split('\n'));
	const e = new Set(expected.split('\n'));
	const extra = [...a].filter((line) => !e.has(line));
	const missing = [...e].filter((line) => !a.has(line));
	return `engine only:\n  ${extra.join('\n  ')}\nreference only:\n  ${missing.join('\n  ')}`;
}
