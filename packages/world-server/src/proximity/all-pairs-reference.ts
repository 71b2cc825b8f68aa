import { pairDistance } from './pair-distance.js';
import { resolveProximityOptions } from './proximity-options.js';
import type { ProximityOptions } from './proximity-options.js';
import type { Band, HearingDiff, HearingEdge, HearingPair, ProximityAvatar } from './types.js';

/**
 * The proximity rules written the obvious way: every ordered pair of avatars
 * is looked at, every tick. It is the tests' oracle (the engine's cumulative
 * diffs must give exactly this graph) and the benchmark's all-pairs baseline.
 * It shares nothing with the engine but the distance function, so a bug in
 * the engine's bookkeeping cannot hide in both.
 *
 * See `ProximityEngine` for the rules; this file is their executable statement.
 */

/** A complete hearing graph, keyed by player ids. */
export interface HearingGraph {
	/** listener id -> speaker id -> edge. */
	readonly edges: ReadonlyMap<string, ReadonlyMap<string, HearingEdge>>;
	/** listener id -> prewarmed speaker ids. Never overlaps `edges`. */
	readonly prewarm: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The graph before anyone joined. */
export function emptyHearingGraph(): HearingGraph {
	return { edges: new Map(), prewarm: new Map() };
}

type CandidateKind = 'privateZone' | 'spotlight' | 'proximity';

interface Candidate {
	speaker: ProximityAvatar;
	kind: CandidateKind;
	distance: number;
	previous: HearingEdge | undefined;
	wasPrewarmed: boolean;
}

/**
 * The new hearing graph from all avatars and the previous graph (hysteresis
 * and cap ties depend on what each pair had). O(n²).
 */
export function computeHearingGraph(
	avatars: readonly ProximityAvatar[],
	previous: HearingGraph,
	options: ProximityOptions,
): HearingGraph {
	const edges = new Map<string, Map<string, HearingEdge>>();
	const prewarm = new Map<string, Set<string>>();
	const reach = Math.max(options.leaveRadius, options.prewarmRadius + options.prewarmHysteresis);

	for (const listener of avatars) {
		if (isBlocked(listener)) continue;
		const previousEdges = previous.edges.get(listener.id);
		const previousPrewarm = previous.prewarm.get(listener.id);
		const candidates: Candidate[] = [];
		for (const speaker of avatars) {
			if (speaker === listener || isBlocked(speaker)) continue;
			let kind: CandidateKind;
			if (listener.privateZone !== null || speaker.privateZone !== null) {
				// A closed room: only its members, and all of them.
				if (listener.privateZone !== speaker.privateZone) continue;
				kind = 'privateZone';
			} else if (speaker.spotlight) {
				kind = 'spotlight';
			} else {
				kind = 'proximity';
			}
			const distance = pairDistance(listener.x, listener.y, speaker.x, speaker.y);
			if (kind === 'proximity' && distance > reach) continue;
			candidates.push({
				speaker,
				kind,
				distance,
				previous: previousEdges?.get(speaker.id),
				wasPrewarmed: previousPrewarm?.has(speaker.id) ?? false,
			});
		}

		// Who may have an edge: zone and spotlight pairs always, proximity pairs
		// within enterRadius, or within leaveRadius if they already had one.
		const eligible = candidates.filter(
			(c) =>
				c.kind !== 'proximity' ||
				c.distance <= options.enterRadius ||
				(c.previous !== undefined && c.distance <= options.leaveRadius),
		);
		// Caps: spotlight/zone first, then nearest; holding a slot counts as capHysteresis nearer.
		const byInclusion = [...eligible].sort(rank(options, (c) => c.previous !== undefined));
		const included = byInclusion.slice(0, options.maxAudioPeers);
		const withVideo = new Set(
			listener.audioOnly === true
				? []
				: [...included].sort(rank(options, (c) => c.previous?.media === 'audio+video')).slice(0, options.maxVideoPeers),
		);
		const listenerEdges = new Map<string, HearingEdge>();
		for (const c of included) {
			listenerEdges.set(c.speaker.id, {
				listener: listener.id,
				speaker: c.speaker.id,
				band: c.kind === 'proximity' ? distanceBand(c.distance, c.previous?.band, options) : 'near',
				media: withVideo.has(c) ? 'audio+video' : 'audio',
				reason: c.kind,
			});
		}
		if (listenerEdges.size > 0) edges.set(listener.id, listenerEdges);

		// Prewarm: proximity pairs without an edge in the approach ring (or
		// capped out nearer), nearest first, kept with hysteresis.
		const prewarmable = candidates
			.filter(
				(c) =>
					c.kind === 'proximity' &&
					!listenerEdges.has(c.speaker.id) &&
					(c.distance <= options.prewarmRadius ||
						(c.wasPrewarmed && c.distance <= options.prewarmRadius + options.prewarmHysteresis)),
			)
			.sort((a, b) => {
				const ka = a.distance - (a.wasPrewarmed ? options.capHysteresis : 0);
				const kb = b.distance - (b.wasPrewarmed ? options.capHysteresis : 0);
				return ka - kb || byId(a, b);
			})
			.slice(0, options.maxPrewarmPeers);
		if (prewarmable.length > 0) prewarm.set(listener.id, new Set(prewarmable.map((c) => c.speaker.id)));
	}
	return { edges, prewarm };
}

/** Everything that differs between two graphs, as a `HearingDiff`. */
export function diffHearingGraphs(before: HearingGraph, after: HearingGraph): HearingDiff {
	const diff: HearingDiff = { added: [], removed: [], changed: [], prewarmAdded: [], prewarmRemoved: [] };
	for (const [listener, edges] of after.edges) {
		const old = before.edges.get(listener);
		for (const [speaker, edge] of edges) {
			const was = old?.get(speaker);
			if (was === undefined) diff.added.push(edge);
			else if (was.band !== edge.band || was.media !== edge.media || was.reason !== edge.reason) diff.changed.push(edge);
		}
	}
	for (const [listener, edges] of before.edges) {
		const now = after.edges.get(listener);
		for (const speaker of edges.keys()) if (!now?.has(speaker)) diff.removed.push({ listener, speaker });
	}
	for (const [listener, speakers] of after.prewarm) {
		const old = before.prewarm.get(listener);
		for (const speaker of speakers) if (!old?.has(speaker)) diff.prewarmAdded.push({ listener, speaker });
	}
	for (const [listener, speakers] of before.prewarm) {
		const now = after.prewarm.get(listener);
		for (const speaker of speakers) if (!now?.has(speaker)) diff.prewarmRemoved.push({ listener, speaker });
	}
	return diff;
}

/**
 * The reference behind the engine's API (`upsert`, `remove`, `tick`), so
 * tests and the benchmark drive both the same way.
 */
export class AllPairsReference {
	readonly options: Readonly<ProximityOptions>;
	readonly #avatars = new Map<string, ProximityAvatar>();
	#graph: HearingGraph = emptyHearingGraph();

	constructor(options: Partial<ProximityOptions> = {}) {
		this.options = resolveProximityOptions(options);
	}

	get size(): number {
		return this.#avatars.size;
	}

	upsert(avatar: ProximityAvatar): void {
		this.#avatars.set(avatar.id, { ...avatar });
	}

	remove(id: string): boolean {
		return this.#avatars.delete(id);
	}

	tick(): HearingDiff {
		const next = computeHearingGraph([...this.#avatars.values()], this.#graph, this.options);
		const diff = diffHearingGraphs(this.#graph, next);
		this.#graph = next;
		return diff;
	}

	/** The graph as of the last tick. */
	graph(): HearingGraph {
		return this.#graph;
	}

	edges(): HearingEdge[] {
		return [...this.#graph.edges.values()].flatMap((m) => [...m.values()]);
	}

	prewarms(): HearingPair[] {
		return [...this.#graph.prewarm].flatMap(([listener, speakers]) => [...speakers].map((speaker) => ({ listener, speaker })));
	}
}

function isBlocked(avatar: ProximityAvatar): boolean {
	return avatar.silent || avatar.doNotDisturb;
}

/** Orders candidates for a cap: spotlight/zone before proximity, then by distance (spotlight counts as 0), then id. */
function rank(options: ProximityOptions, holdsSlot: (c: Candidate) => boolean): (a: Candidate, b: Candidate) => number {
	const key = (c: Candidate): number => (c.kind === 'spotlight' ? 0 : c.distance) - (holdsSlot(c) ? options.capHysteresis : 0);
	const group = (c: Candidate): number => (c.kind === 'proximity' ? 1 : 0);
	return (a, b) => group(a) - group(b) || key(a) - key(b) || byId(a, b);
}

function byId(a: Candidate, b: Candidate): number {
	return a.speaker.id < b.speaker.id ? -1 : a.speaker.id > b.speaker.id ? 1 : 0;
}

/** near / mid / far; a band is kept until its outer threshold is passed by bandHysteresis. */
function distanceBand(distance: number, previous: Band | undefined, options: ProximityOptions): Band {
	if (distance <= options.nearBandRadius + (previous === 'near' ? options.bandHysteresis : 0)) return 'near';
	const keepsMid = previous === 'near' || previous === 'mid';
	if (distance <= options.midBandRadius + (keepsMid ? options.bandHysteresis : 0)) return 'mid';
	return 'far';
}
