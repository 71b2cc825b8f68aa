import { pairDistance } from './pair-distance.js';
import {
	BAND_FAR,
	BAND_MID,
	BAND_NEAR,
	PAIR_NONE,
	PAIR_PREWARM,
	REASON_PRIVATE_ZONE,
	REASON_PROXIMITY,
	REASON_SPOTLIGHT,
	bandName,
	bandOf,
	hasVideo,
	isEdge,
	mediaName,
	packEdge,
	reasonName,
	reasonOf,
} from './pair-state.js';
import { PairTable, ROW_SPEAKER, ROW_STATE, ROW_STATE_IN, ROW_STRIDE, ROW_TWIN } from './pair-table.js';
import { ProximityError } from './proximity-error.js';
import { proximityQueryRadius, resolveProximityOptions } from './proximity-options.js';
import type { ProximityOptions } from './proximity-options.js';
import { SpatialHash } from './spatial-hash.js';
import type { HearingDiff, HearingEdge, HearingPair, ProximityAvatar } from './types.js';

// Each avatar (a "slot") has one 128-byte record in `#hot`: its first 64-byte
// cache line holds everything the hot loops read about a neighbour, so
// visiting a neighbour costs one cache line instead of one per field; the
// second holds what only its own evaluation needs (`#counts`, `#bounds`).
const HOT_STRIDE = 16;
const HOT_X = 0;
const HOT_Y = 1;
/** Status, flags, activeSpot, dirty and relinked bits, below. */
const HOT_BITS = 2;
/** Private zone index, or -1. */
const HOT_ZONE = 3;
/** Head of the slot's list of changed speakers in the pending arena, or -1. */
const HOT_PENDING = 4;
/** "Seen in the current pass" stamp. */
const HOT_SEEN = 5;
/** Row-index stamp and the slot's entry index in the row being indexed. */
const HOT_ROW_MARK = 6;
const HOT_ROW_POS = 7;

// HOT_BITS. Status: PENDING = upserted, not yet ticked; LEAVING = removed, its
// edges go at the next tick (an upsert before then revives it).
const STATUS_MASK = 3;
const FREE = 0;
const PENDING = 1;
const LIVE = 2;
const LEAVING = 3;
const SPOTLIGHT = 4;
const SILENT = 8;
const DND = 16;
const AUDIO_ONLY = 32;
const FLAGS_MASK = SPOTLIGHT | SILENT | DND | AUDIO_ONLY;
/** Silent zone or do-not-disturb: no edges at all. */
const BLOCKED = SILENT | DND;
/** Flags that change how others hear the avatar (audioOnly only concerns itself as a listener). */
const SPEAKER_FLAGS = SPOTLIGHT | SILENT | DND;
/** Spotlight, not blocked, not in a private zone: heard by the whole world. */
const ACTIVE_SPOT = 64;
/** Only the pairs in its pending list changed: re-decide just those when the caps allow. */
const DIRTY_LOCAL = 128;
/** The listener itself changed: redo its whole selection. */
const DIRTY_FULL = 256;
const DIRTY_MASK = DIRTY_LOCAL | DIRTY_FULL;
/** Its neighbour row was rebuilt this tick. */
const RELINKED = 512;
/** A mover that also joined or changed how others hear it this tick: its neighbours were told already. */
const SPEAKER_CHANGED = 2048;
/** Moved this tick (and did not join): its previous position is in `#previousX/Y`. */
const MOVED = 4096;

/** A cap was binding at the last full evaluation: local changes go through `#evaluateCapped`. */
const CAPPED = 1024;

// `#counts`, an Int32Array view of `#hot`'s memory: how many edges, video
// edges and prewarms a listener has, in the record's 9th and 10th doubles.
const COUNT_STRIDE = HOT_STRIDE * 2;
const COUNT_EDGES = 16;
const COUNT_VIDEOS = 17;
const COUNT_PREWARMS = 18;

// `#bounds`, per capped listener: bounds on the cap keys of its proximity
// candidates (see `#evaluateCapped`). For each cap, every selected key is at
// most *_SEL and every rejected key at least *_REJ.
// They are the record's last six doubles: `#bounds` is `#hot` itself.
const BOUND_STRIDE = HOT_STRIDE;
const INCLUSION_SEL = 10;
const INCLUSION_REJ = 11;
const VIDEO_SEL = 12;
const VIDEO_REJ = 13;
const PREWARM_SEL = 14;
const PREWARM_REJ = 15;

// Candidate classes in cap order: spotlight and private-zone candidates (never
// both for one listener) rank before proximity ones.
const CLASS_FIRST = 0;
const CLASS_PROXIMITY = 1;
/** In `#candClass`: a proximity pair that can only be prewarmed. */
const CLASS_PREWARM_ONLY = 2;

// Per changed pair in `#evaluateCapped`: what it had, what it may get, what it gets.
const WAS_EDGE = 1;
const WAS_VIDEO = 2;
const WAS_PREWARM = 4;
const EDGE_ELIGIBLE = 8;
const PREWARM_ELIGIBLE = 16;
const IN_VIDEO_POOL = 32;
const IN_PREWARM_POOL = 64;
const IS_EDGE = 128;
const IS_VIDEO = 256;
const IS_PREWARM = 512;
/** `#applyCap` could not prove the change leaves the cap boundary alone. */
const CAP_UNSAFE = -1_000_000;

/** Up to this many candidates, a cap is applied in place (no allocation); beyond, by sorting. */
const SELECTION_IN_PLACE_MAX = 48;
/** Beyond one dirty listener in this many slots, dirty listeners are found by scanning all slots in order. */
const DIRTY_SCAN_RATIO = 4;
/** `#markLocal` hints: the pair is known not to be in the listener's row, or nothing is known. */
const NOT_IN_ROW = -2;
const UNKNOWN_IN_ROW = -1;
/** Rows up to this many entries are searched linearly; longer ones are indexed first. */
const ROW_SCAN_MAX = 32;

/**
 * Decides every tick who hears and sees whom, and reports the change of the
 * hearing graph as a diff (see `HearingDiff`).
 *
 * Rules, in order of precedence, for a listener L and a speaker S:
 * 1. If L or S is silent (silent zone) or do-not-disturb: nothing.
 * 2. If L or S is in a private zone: an edge iff both are in the same one,
 *    whatever the distance, band `'near'`. A closed room stays closed: its
 *    members do not hear spotlight speakers outside, and a spotlight inside a
 *    private zone only reaches that zone.
 * 3. If S is in a spotlight zone: an edge for every L, band `'near'`.
 * 4. Otherwise by distance d: an edge appears at d ≤ enterRadius and goes at
 *    d > leaveRadius; band near/mid/far with hysteresis; no edge but within
 *    prewarmRadius (kept until prewarmRadius + prewarmHysteresis): prewarm.
 * Caps per listener: spotlight/private-zone edges first, then nearest; the
 * first `maxVideoPeers` are audio+video (none for an audioOnly listener), the
 * rest audio up to `maxAudioPeers`; proximity pairs that lose their edge to the
 * cap may be prewarmed instead; at most `maxPrewarmPeers` prewarms, nearest
 * first. A pair that holds a slot ranks `capHysteresis` px nearer, spotlight
 * speakers all rank as distance 0, and ties go to the smaller player id, so
 * results are deterministic.
 *
 * Work per tick follows what changed, not the world size:
 * - Each avatar that moved updates the spatial hash and rebuilds its neighbour
 *   row (everyone within the query radius) from one query.
 * - While doing so it looks at each of its pairs, both ways. A pair whose
 *   distance stayed between the same two thresholds gets the same answer from
 *   every rule; under a binding cap, bounds recorded at the listener's last
 *   full evaluation tell whether the move could cross a cap boundary. Only
 *   pairs that may have changed are queued for their listener.
 * - A listener with queued pairs re-decides just those: directly when no cap
 *   binds, through the recorded bounds when one does, and in full (all its
 *   candidates, from its row) when neither can prove the outcome, or when its
 *   own flags or zone changed.
 * Internally avatars are integer slots with a 128-byte record each (the
 * first cache line is all a neighbour's visit reads) and pair states are small
 * integers in dense rows, so the hot loops neither build strings nor allocate.
 */
export class ProximityEngine {
	/** The resolved options (defaults filled in, validated). */
	readonly options: Readonly<ProximityOptions>;

	readonly #queryRadius: number;
	readonly #hash: SpatialHash;
	/** Neighbour rows with the state of every pair (see pair-table.ts). */
	readonly #pairs = new PairTable();
	readonly #idToSlot = new Map<string, number>();
	readonly #free: number[] = [];
	#present = 0;
	#slotCount = 0;

	// Per slot: `#hot` is reallocated when the capacity grows; the others are views of it.
	#hot = new Float64Array(0);
	#counts = new Int32Array(0);
	#bounds = this.#hot;
	readonly #ids: string[] = [];
	// The state from the latest upsert, committed at the next tick.
	readonly #nextX: number[] = [];
	readonly #nextY: number[] = [];
	readonly #nextBits: number[] = [];
	readonly #nextZone: number[] = [];
	/** Position before this tick's move, for movers. */
	readonly #previousX: number[] = [];
	readonly #previousY: number[] = [];
	/** Every distance the rules compare with, sorted: a pair whose distance stays between the same two cannot change on its own. */
	readonly #thresholds: number[];

	// Per-tick bookkeeping. Marks compare with `#generation`, so they reset for free each tick.
	#generation = 1;
	readonly #changed: number[] = [];
	readonly #changedMark: number[] = [];
	readonly #leaving: number[] = [];
	readonly #leavingMark: number[] = [];
	readonly #movers: number[] = [];
	readonly #dirtyList: number[] = [];
	/** Pending arena: linked lists (one per dirty listener) of speakers whose pair may have changed. */
	readonly #pendingSpeaker: number[] = [];
	readonly #pendingNext: number[] = [];
	readonly #pendingHint: number[] = [];
	#pendingLength = 0;
	/** Source of fresh stamps for the HOT_SEEN and HOT_ROW_MARK fields. */
	#stamp = 0;
	/** Set when the spotlight set changed this tick: capped listeners then re-decide in full. */
	#spotlightsChanged = false;

	// Zones and spotlights.
	readonly #zoneIds = new Map<string, number>();
	readonly #zoneMembers: Set<number>[] = [];
	readonly #spotlights = new Set<number>();

	// Scratch buffers, reused across ticks.
	readonly #querySlots: number[] = [];
	readonly #queryDistances: number[] = [];
	readonly #candSlot: number[] = [];
	readonly #candClass: number[] = [];
	readonly #candReason: number[] = [];
	readonly #candDistance: number[] = [];
	readonly #candPrevious: number[] = [];
	/** Entry index in the listener's row, or -1 when the state lives in the side map. */
	readonly #candLocation: number[] = [];
	readonly #candKey: number[] = [];
	readonly #candNext: number[] = [];
	readonly #order: number[] = [];
	readonly #prewarmOrder: number[] = [];
	readonly #localSlot: number[] = [];
	readonly #localLocation: number[] = [];
	readonly #localPrevious: number[] = [];
	readonly #localNext: number[] = [];
	readonly #localDistance: number[] = [];
	readonly #localFlags: number[] = [];

	#diff: HearingDiff = emptyDiff();

	constructor(options: Partial<ProximityOptions> = {}) {
		this.options = Object.freeze(resolveProximityOptions(options));
		this.#queryRadius = proximityQueryRadius(this.options);
		this.#hash = new SpatialHash(this.options.cellSize);
		const o = this.options;
		this.#thresholds = [
			...new Set([
				o.enterRadius,
				o.leaveRadius,
				o.prewarmRadius,
				o.prewarmRadius + o.prewarmHysteresis,
				o.nearBandRadius,
				o.nearBandRadius + o.bandHysteresis,
				o.midBandRadius,
				o.midBandRadius + o.bandHysteresis,
				this.#queryRadius,
			]),
		].sort((a, b) => a - b);
	}

	/** Number of avatars (upserted and not removed, whether or not a tick has run since). */
	get size(): number {
		return this.#present;
	}

	/** True when the avatar is known (upserted and not removed). */
	has(id: string): boolean {
		const slot = this.#idToSlot.get(id);
		return slot !== undefined && this.#status(slot) !== LEAVING;
	}

	/**
	 * Adds an avatar or updates it. Takes effect at the next `tick()`; calling it
	 * with unchanged values costs nothing there. Removing and re-adding the same
	 * id between two ticks keeps its edges (the same player, not a new one).
	 * @throws ProximityError `E_PROXIMITY_AVATAR` for an empty id or a non-finite position.
	 */
	upsert(avatar: ProximityAvatar): void {
		validateAvatar(avatar);
		let slot = this.#idToSlot.get(avatar.id);
		if (slot === undefined) {
			slot = this.#allocate(avatar.id);
			this.#present++;
		} else if (this.#status(slot) === LEAVING) {
			this.#setStatus(slot, LIVE);
			this.#present++;
		}
		this.#nextX[slot] = avatar.x;
		this.#nextY[slot] = avatar.y;
		this.#nextBits[slot] =
			(avatar.spotlight ? SPOTLIGHT : 0) |
			(avatar.silent ? SILENT : 0) |
			(avatar.doNotDisturb ? DND : 0) |
			(avatar.audioOnly === true ? AUDIO_ONLY : 0);
		this.#nextZone[slot] = avatar.privateZone === null ? -1 : this.#internZone(avatar.privateZone);
		if (this.#changedMark[slot] !== this.#generation) {
			this.#changedMark[slot] = this.#generation;
			this.#changed.push(slot);
		}
	}

	/**
	 * Removes an avatar: all its edges (as listener and as speaker) are in the
	 * next tick's `removed`. Returns false when the id is unknown (idempotent).
	 */
	remove(id: string): boolean {
		const slot = this.#idToSlot.get(id);
		if (slot === undefined) return false;
		const status = this.#status(slot);
		if (status === LEAVING) return false;
		this.#present--;
		if (status === PENDING) {
			// Never ticked, so nobody knows it: forget it at once.
			this.#release(slot);
			return true;
		}
		this.#setStatus(slot, LEAVING);
		if (this.#leavingMark[slot] !== this.#generation) {
			this.#leavingMark[slot] = this.#generation;
			this.#leaving.push(slot);
		}
		return true;
	}

	/** Applies every upsert and remove since the last tick and returns the change of the hearing graph. */
	tick(): HearingDiff {
		const diff = emptyDiff();
		this.#diff = diff;
		const hot = this.#hot;

		for (const slot of this.#leaving) if (this.#status(slot) === LEAVING) this.#detach(slot);
		for (const slot of this.#changed) {
			const status = this.#status(slot);
			if (status === PENDING || status === LIVE) this.#applyChange(slot);
		}
		for (const slot of this.#movers) {
			this.#relink(slot);
			// A mover that is redone in full needs nothing but its row, final now
			// (later movers find it relinked and leave the pair alone), and the
			// neighbours' records it just read are still in cache: do it at once.
			if ((hot[slot * HOT_STRIDE + HOT_BITS]! & DIRTY_FULL) !== 0) this.#evaluate(slot);
		}
		const dirty = this.#dirtyList;
		if (dirty.length * DIRTY_SCAN_RATIO > this.#slotCount) {
			// Most listeners are dirty: visiting them in slot order reads the
			// per-slot arrays sequentially, which beats the list's random order.
			for (let listener = 0; listener < this.#slotCount; listener++) {
				if ((hot[listener * HOT_STRIDE + HOT_BITS]! & DIRTY_MASK) !== 0) this.#evaluate(listener);
			}
		} else {
			for (const listener of dirty) this.#evaluate(listener);
		}
		for (const slot of this.#movers) hot[slot * HOT_STRIDE + HOT_BITS] = hot[slot * HOT_STRIDE + HOT_BITS]! & ~(RELINKED | SPEAKER_CHANGED | MOVED);
		for (const slot of this.#leaving) {
			// Released only now: evaluations above still printed its id.
			if (this.#status(slot) === FREE && this.#idToSlot.get(this.#ids[slot]!) === slot) this.#release(slot);
		}

		this.#changed.length = 0;
		this.#leaving.length = 0;
		this.#movers.length = 0;
		this.#dirtyList.length = 0;
		this.#pendingLength = 0;
		this.#spotlightsChanged = false;
		this.#generation++;
		return diff;
	}

	/** Every edge of the graph as of the last tick. */
	edges(): HearingEdge[] {
		const result: HearingEdge[] = [];
		for (let slot = 0; slot < this.#slotCount; slot++) {
			const status = this.#status(slot);
			if (status === LIVE || status === LEAVING) this.#collect(slot, result, null);
		}
		return result;
	}

	/** The edges in which `listenerId` is the listener, as of the last tick. */
	edgesOf(listenerId: string): HearingEdge[] {
		const result: HearingEdge[] = [];
		const slot = this.#idToSlot.get(listenerId);
		if (slot !== undefined) this.#collect(slot, result, null);
		return result;
	}

	/** Every prewarmed pair as of the last tick. */
	prewarms(): HearingPair[] {
		const result: HearingPair[] = [];
		for (let slot = 0; slot < this.#slotCount; slot++) {
			const status = this.#status(slot);
			if (status === LIVE || status === LEAVING) this.#collect(slot, null, result);
		}
		return result;
	}

	// ---- tick phases -------------------------------------------------------

	/** Re-decides a dirty listener the cheapest way its dirt allows, and cleans it. */
	#evaluate(listener: number): void {
		const hot = this.#hot;
		const at = listener * HOT_STRIDE + HOT_BITS;
		const bits = hot[at]!;
		if ((bits & DIRTY_MASK) === 0) return;
		if ((bits & STATUS_MASK) === LIVE) {
			if ((bits & DIRTY_FULL) !== 0) this.#evaluateFull(listener);
			else if ((bits & CAPPED) !== 0) this.#evaluateCapped(listener);
			else this.#evaluateLocal(listener);
		}
		hot[at] = hot[at]! & ~DIRTY_MASK;
	}

	/** A removed avatar leaves every index; its listeners re-decide their pair with it. */
	#detach(slot: number): void {
		// As a listener, it simply loses everything.
		const row = this.#pairs.row(slot);
		for (let o = 0; o < row.length; o += ROW_STRIDE) {
			const state = row[o + ROW_STATE]!;
			if (state === PAIR_NONE) continue;
			this.#emit(slot, row[o + ROW_SPEAKER]!, state, PAIR_NONE);
			this.#pairs.setState(slot, o / ROW_STRIDE, PAIR_NONE);
		}
		const far = this.#pairs.far(slot);
		if (far !== undefined) {
			for (const [speaker, state] of far) this.#emit(slot, speaker, state, PAIR_NONE);
			far.clear();
		}
		this.#counts.fill(0, slot * COUNT_STRIDE + COUNT_EDGES, slot * COUNT_STRIDE + COUNT_PREWARMS + 1);
		// As a speaker, everyone who may hold a state about it re-decides that pair.
		this.#notifyNeighbours(slot);
		const zone = this.#zone(slot);
		if (zone >= 0) {
			const members = this.#zoneMembers[zone]!;
			members.delete(slot);
			this.#notifyMembers(members, slot);
		}
		if ((this.#bits(slot) & ACTIVE_SPOT) !== 0) {
			this.#spotlights.delete(slot);
			this.#spotlightsChanged = true;
			this.#notifyEveryone(slot);
		}
		this.#pairs.clear(slot);
		this.#hash.remove(slot);
		// FREE but still mapped: `tick()` releases it once evaluations are done.
		this.#setBits(slot, FREE);
	}

	/** Commits an upsert: position, flags, zone, and marks who must re-decide what. */
	#applyChange(slot: number): void {
		const hot = this.#hot;
		const base = slot * HOT_STRIDE;
		const nextX = this.#nextX[slot]!;
		const nextY = this.#nextY[slot]!;
		const nextFlags = this.#nextBits[slot]!;
		const nextZone = this.#nextZone[slot]!;
		const bits = hot[base + HOT_BITS]!;

		if ((bits & STATUS_MASK) === PENDING) {
			hot[base + HOT_X] = nextX;
			hot[base + HOT_Y] = nextY;
			hot[base + HOT_BITS] = LIVE | nextFlags;
			hot[base + HOT_ZONE] = nextZone;
			this.#hash.insert(slot, nextX, nextY);
			if (nextZone >= 0) {
				const members = this.#zoneMembers[nextZone]!;
				members.add(slot);
				this.#notifyMembers(members, slot);
			}
			this.#updateSpotlight(slot);
			this.#markFull(slot);
			// Its neighbours hear of it when `#relink` links them.
			hot[base + HOT_BITS] = hot[base + HOT_BITS]! | SPEAKER_CHANGED;
			this.#movers.push(slot);
			return;
		}

		const flags = bits & FLAGS_MASK;
		const zone = hot[base + HOT_ZONE]!;
		const moved = nextX !== hot[base + HOT_X] || nextY !== hot[base + HOT_Y];
		const speakerChanged = ((nextFlags ^ flags) & SPEAKER_FLAGS) !== 0 || nextZone !== zone;
		if (!moved && !speakerChanged && nextFlags === flags) return;
		// An avatar that only moved decides its own pairs in `#relink`, one by
		// one like its neighbours do; any other change redoes it in full.
		if (speakerChanged || nextFlags !== flags) this.#markFull(slot);

		if (speakerChanged) {
			this.#notifyNeighbours(slot);
			if (nextZone !== zone) {
				if (zone >= 0) {
					const members = this.#zoneMembers[zone]!;
					members.delete(slot);
					this.#notifyMembers(members, slot);
				}
				if (nextZone >= 0) {
					const members = this.#zoneMembers[nextZone]!;
					members.add(slot);
					this.#notifyMembers(members, slot);
				}
			} else if (zone >= 0) {
				this.#notifyMembers(this.#zoneMembers[zone]!, slot);
			}
		}
		hot[base + HOT_BITS] = (hot[base + HOT_BITS]! & ~FLAGS_MASK) | nextFlags;
		hot[base + HOT_ZONE] = nextZone;
		if (speakerChanged) this.#updateSpotlight(slot);
		if (moved) {
			this.#previousX[slot] = hot[base + HOT_X]!;
			this.#previousY[slot] = hot[base + HOT_Y]!;
			hot[base + HOT_X] = nextX;
			hot[base + HOT_Y] = nextY;
			this.#hash.move(slot, nextX, nextY);
			hot[base + HOT_BITS] = hot[base + HOT_BITS]! | MOVED | (speakerChanged ? SPEAKER_CHANGED : 0);
			this.#movers.push(slot);
		}
	}

	/**
	 * Rebuilds a mover's neighbour row from one spatial query (all positions
	 * are committed by now) and works out, pair by pair, who must re-decide
	 * what: the neighbours listening to the mover and, when the mover only
	 * moved, the mover listening to them. A pair whose distance stayed between
	 * the same two thresholds gets the same answer from every rule, so for a
	 * listener whose caps do not bind it cannot change; for one whose caps bind
	 * it cannot either unless it may cross a cap boundary (`#capsUnaffected`).
	 * Only the pairs that may have changed are queued (`#markLocal`).
	 */
	#relink(slot: number): void {
		const hot = this.#hot;
		const pairs = this.#pairs;
		const row = pairs.row(slot);
		const stamp = ++this.#stamp;
		for (let o = 0; o < row.length; o += ROW_STRIDE) {
			const at = row[o + ROW_SPEAKER]! * HOT_STRIDE;
			hot[at + HOT_ROW_MARK] = stamp;
			hot[at + HOT_ROW_POS] = o / ROW_STRIDE;
		}
		const base = slot * HOT_STRIDE;
		const moverBits = hot[base + HOT_BITS]!;
		// A mover that joined or changed flags or zone told its neighbours already.
		const tellNeighbours = (moverBits & SPEAKER_CHANGED) === 0;
		// One that is redone in full need not sort out its own pairs.
		const decideSelf = (moverBits & DIRTY_FULL) === 0;
		const moverCapped = (moverBits & CAPPED) !== 0;
		const previousX = this.#previousX[slot]!;
		const previousY = this.#previousY[slot]!;
		const slots = this.#querySlots;
		const distances = this.#queryDistances;
		const count = this.#hash.queryInto(hot[base + HOT_X]!, hot[base + HOT_Y]!, this.#queryRadius, slots, distances);
		for (let i = 0; i < count; i++) {
			const other = slots[i]!;
			if (other === slot) continue;
			const otherBase = other * HOT_STRIDE;
			hot[otherBase + HOT_SEEN] = stamp;
			const otherBits = hot[otherBase + HOT_BITS]!;
			// A mover relinked earlier this tick already handled this pair, both ways.
			if ((otherBits & RELINKED) !== 0) continue;
			if (hot[otherBase + HOT_ROW_MARK] !== stamp) {
				pairs.link(slot, other);
				const index = row.length / ROW_STRIDE - 1;
				this.#markLocal(other, slot, row[index * ROW_STRIDE + ROW_TWIN]!);
				if (decideSelf) this.#markLocal(slot, other, index);
				continue;
			}
			// The pair's distance at the last decision: both avatars where they were before this tick.
			const moved = (otherBits & MOVED) !== 0;
			const before = pairDistance(
				previousX,
				previousY,
				moved ? this.#previousX[other]! : hot[otherBase + HOT_X]!,
				moved ? this.#previousY[other]! : hot[otherBase + HOT_Y]!,
			);
			const after = distances[i]!;
			const crossed = this.#crossesThreshold(before, after);
			const index = hot[otherBase + HOT_ROW_POS]!;
			const offset = index * ROW_STRIDE;
			if (
				tellNeighbours &&
				(crossed || ((otherBits & CAPPED) !== 0 && !this.#capsUnaffected(other, slot, row[offset + ROW_STATE_IN]!, before, after)))
			) {
				this.#markLocal(other, slot, row[offset + ROW_TWIN]!);
			}
			if (decideSelf && (crossed || (moverCapped && !this.#capsUnaffected(slot, other, row[offset + ROW_STATE]!, before, after)))) {
				this.#markLocal(slot, other, index);
			}
		}
		for (let index = row.length / ROW_STRIDE - 1; index >= 0; index--) {
			const other = row[index * ROW_STRIDE + ROW_SPEAKER]!;
			if (hot[other * HOT_STRIDE + HOT_SEEN] === stamp) continue;
			pairs.unlinkAt(slot, index);
			// Neither relinks them again this tick: their states are in the side maps now.
			this.#markLocal(other, slot, NOT_IN_ROW);
			if (decideSelf) this.#markLocal(slot, other, NOT_IN_ROW);
		}
		hot[base + HOT_BITS] = hot[base + HOT_BITS]! | RELINKED;
		// Inside a private zone distance only orders a binding cap: members whose
		// cap binds must re-decide (the others cannot change), and so must the
		// mover itself if its cap binds.
		const zone = hot[base + HOT_ZONE]!;
		if (zone >= 0) {
			if (tellNeighbours) {
				for (const member of this.#zoneMembers[zone]!) {
					if ((hot[member * HOT_STRIDE + HOT_BITS]! & CAPPED) !== 0) this.#markLocal(member, slot);
				}
			}
			if (decideSelf && moverCapped) this.#markFull(slot);
		}
	}

	/** True when a threshold lies between the two distances, i.e. some rule may answer differently. */
	#crossesThreshold(before: number, after: number): boolean {
		const low = before < after ? before : after;
		const high = before < after ? after : before;
		const thresholds = this.#thresholds;
		// `d <= t` differs for the two distances exactly when low <= t < high.
		for (let i = 0; i < thresholds.length; i++) {
			const t = thresholds[i]!;
			if (t >= low && t < high) return true;
		}
		return false;
	}

	/**
	 * For a listener whose caps bind: true when its pair with `speaker`, whose
	 * distance went from `before` to `after` without crossing a threshold (one
	 * or both of them moved), keeps its place on the right side of every cap
	 * boundary, so the listener need not re-decide it. Widens the listener's
	 * bounds to the pair's new keys, the way `#evaluateCapped` does, so later
	 * checks in the same tick see it.
	 */
	#capsUnaffected(listener: number, speaker: number, state: number, before: number, after: number): boolean {
		const hot = this.#hot;
		const listenerBits = hot[listener * HOT_STRIDE + HOT_BITS]!;
		const speakerBits = hot[speaker * HOT_STRIDE + HOT_BITS]!;
		// Only proximity pairs depend on distance; a zone pair's does only through
		// the cap order, which the listener re-decides itself.
		if (((listenerBits | speakerBits) & BLOCKED) !== 0) return true;
		const listenerZone = hot[listener * HOT_STRIDE + HOT_ZONE]!;
		const speakerZone = hot[speaker * HOT_STRIDE + HOT_ZONE]!;
		if (listenerZone >= 0 || speakerZone >= 0) return listenerZone !== speakerZone;
		if ((speakerBits & ACTIVE_SPOT) !== 0) return true;
		if (isEdge(state) && reasonOf(state) !== REASON_PROXIMITY) return false;

		const options = this.options;
		const bonus = options.capHysteresis;
		const bounds = this.#bounds;
		const at = listener * BOUND_STRIDE;
		const farther = after > before;
		const wasEdge = isEdge(state);
		// Same thresholds, so eligibility is as before. A pair holding a slot that
		// comes nearer, or one without a slot that goes farther, is always safe.
		const edgeEligible = after <= options.enterRadius || (wasEdge && after <= options.leaveRadius);
		const videoPool = wasEdge && (listenerBits & AUDIO_ONLY) === 0;
		const prewarmPool = !wasEdge && (after <= options.prewarmRadius || (state === PAIR_PREWARM && after <= options.prewarmRadius + options.prewarmHysteresis));
		if (edgeEligible) {
			if (wasEdge ? farther && after - bonus >= bounds[at + INCLUSION_REJ]! : !farther && after <= bounds[at + INCLUSION_SEL]!) return false;
		}
		if (videoPool) {
			if (hasVideo(state) ? farther && after - bonus >= bounds[at + VIDEO_REJ]! : !farther && after <= bounds[at + VIDEO_SEL]!) return false;
		}
		if (prewarmPool) {
			if (state === PAIR_PREWARM ? farther && after - bonus >= bounds[at + PREWARM_REJ]! : !farther && after <= bounds[at + PREWARM_SEL]!) return false;
		}
		if (edgeEligible) {
			if (wasEdge) bounds[at + INCLUSION_SEL] = Math.max(bounds[at + INCLUSION_SEL]!, after - bonus);
			else bounds[at + INCLUSION_REJ] = Math.min(bounds[at + INCLUSION_REJ]!, after);
		}
		if (videoPool) {
			if (hasVideo(state)) bounds[at + VIDEO_SEL] = Math.max(bounds[at + VIDEO_SEL]!, after - bonus);
			else bounds[at + VIDEO_REJ] = Math.min(bounds[at + VIDEO_REJ]!, after);
		}
		if (prewarmPool) {
			if (state === PAIR_PREWARM) bounds[at + PREWARM_SEL] = Math.max(bounds[at + PREWARM_SEL]!, after - bonus);
			else bounds[at + PREWARM_REJ] = Math.min(bounds[at + PREWARM_REJ]!, after);
		}
		return true;
	}

	/** Re-decides every speaker of one listener: candidates, caps, prewarm, then the diff. */
	#evaluateFull(listener: number): void {
		const options = this.options;
		const hot = this.#hot;
		const base = listener * HOT_STRIDE;
		const listenerBits = hot[base + HOT_BITS]!;
		const x = hot[base + HOT_X]!;
		const y = hot[base + HOT_Y]!;
		const row = this.#pairs.row(listener);
		const far = this.#pairs.far(listener);
		const slots = this.#candSlot;
		const classes = this.#candClass;
		const reasons = this.#candReason;
		const distances = this.#candDistance;
		const previous = this.#candPrevious;
		const locations = this.#candLocation;
		const next = this.#candNext;
		const order = this.#order;
		const prewarmOrder = this.#prewarmOrder;

		// 1. Candidates, at index n of the scratch arrays: `order` lists those
		// that may get an edge, `prewarmOrder` those that may only be prewarmed.
		// A stored state that is not a candidate any more goes at once.
		const stamp = ++this.#stamp;
		let n = 0;
		let eligible = 0;
		let prewarmCandidates = 0;
		const blocked = (listenerBits & BLOCKED) !== 0;
		const zone = hot[base + HOT_ZONE]!;
		for (let o = 0; o < row.length; o += ROW_STRIDE) {
			const speaker = row[o + ROW_SPEAKER]!;
			const prev = row[o + ROW_STATE]!;
			const speakerBase = speaker * HOT_STRIDE;
			const speakerBits = hot[speakerBase + HOT_BITS]!;
			const speakerZone = hot[speakerBase + HOT_ZONE]!;
			let candidateClass = -1;
			let reason = REASON_PROXIMITY;
			let d = 0;
			if (!blocked && (speakerBits & BLOCKED) === 0) {
				if (zone >= 0 || speakerZone >= 0) {
					if (zone === speakerZone) {
						candidateClass = CLASS_FIRST;
						reason = REASON_PRIVATE_ZONE;
						d = pairDistance(x, y, hot[speakerBase + HOT_X]!, hot[speakerBase + HOT_Y]!);
					}
				} else if ((speakerBits & ACTIVE_SPOT) !== 0) {
					candidateClass = CLASS_FIRST;
					reason = REASON_SPOTLIGHT;
				} else {
					d = pairDistance(x, y, hot[speakerBase + HOT_X]!, hot[speakerBase + HOT_Y]!);
					if (d <= options.enterRadius || (isEdge(prev) && d <= options.leaveRadius)) candidateClass = CLASS_PROXIMITY;
					else if (this.#prewarmAllowed(d, prev)) candidateClass = CLASS_PREWARM_ONLY;
				}
			}
			if (candidateClass < 0) {
				if (prev !== PAIR_NONE) {
					this.#emit(listener, speaker, prev, PAIR_NONE);
					this.#pairs.setState(listener, o / ROW_STRIDE, PAIR_NONE);
				}
				continue;
			}
			hot[speakerBase + HOT_SEEN] = stamp;
			slots[n] = speaker;
			classes[n] = candidateClass;
			reasons[n] = reason;
			distances[n] = d;
			previous[n] = prev;
			locations[n] = o / ROW_STRIDE;
			next[n] = PAIR_NONE;
			if (candidateClass === CLASS_PREWARM_ONLY) prewarmOrder[prewarmCandidates++] = n;
			else order[eligible++] = n;
			n++;
		}
		// Spotlight speakers and zone members beyond the row: states in the side map.
		if (!blocked) {
			const distant = zone >= 0 ? this.#zoneMembers[zone]! : this.#spotlights;
			for (const speaker of distant) {
				const speakerBase = speaker * HOT_STRIDE;
				if (speaker === listener || hot[speakerBase + HOT_SEEN] === stamp || (hot[speakerBase + HOT_BITS]! & BLOCKED) !== 0) continue;
				hot[speakerBase + HOT_SEEN] = stamp;
				slots[n] = speaker;
				classes[n] = CLASS_FIRST;
				reasons[n] = zone >= 0 ? REASON_PRIVATE_ZONE : REASON_SPOTLIGHT;
				distances[n] = zone >= 0 ? pairDistance(x, y, hot[speakerBase + HOT_X]!, hot[speakerBase + HOT_Y]!) : 0;
				previous[n] = far?.get(speaker) ?? PAIR_NONE;
				locations[n] = -1;
				next[n] = PAIR_NONE;
				order[eligible++] = n;
				n++;
			}
		}
		if (far !== undefined && far.size > 0) {
			for (const [speaker, state] of far) {
				if (hot[speaker * HOT_STRIDE + HOT_SEEN] === stamp) continue;
				this.#emit(listener, speaker, state, PAIR_NONE);
				far.delete(speaker);
			}
		}

		// 2. Caps.
		const audioOnly = (listenerBits & AUDIO_ONLY) !== 0;
		const videoCap = audioOnly ? options.maxAudioPeers : options.maxVideoPeers;
		let capped = eligible > videoCap;
		let included = eligible;
		let videoCount = audioOnly ? 0 : eligible;
		if (capped) {
			// Inclusion: holders of an edge rank capHysteresis nearer.
			this.#rankKeys(order, eligible, false);
			included = Math.min(eligible, options.maxAudioPeers);
			this.#selectTop(order, eligible, included);
			// Proximity pairs left out may still be prewarmed.
			for (let k = included; k < eligible; k++) {
				const i = order[k]!;
				if (classes[i] === CLASS_PROXIMITY && this.#prewarmAllowed(distances[i]!, previous[i]!)) {
					prewarmOrder[prewarmCandidates++] = i;
				}
			}
			if (!audioOnly) {
				// Video among the included: holders of video rank capHysteresis nearer.
				videoCount = Math.min(included, options.maxVideoPeers);
				this.#rankKeys(order, included, true);
				this.#selectTop(order, included, videoCount);
			}
		}
		for (let k = 0; k < included; k++) {
			const i = order[k]!;
			const band = classes[i] === CLASS_PROXIMITY ? this.#band(distances[i]!, bandOf(previous[i]!)) : BAND_NEAR;
			next[i] = packEdge(band, k < videoCount, reasons[i]!);
		}
		let prewarmed = prewarmCandidates;
		if (prewarmCandidates > options.maxPrewarmPeers) {
			capped = true;
			prewarmed = options.maxPrewarmPeers;
			const keys = this.#candKey;
			for (let k = 0; k < prewarmCandidates; k++) {
				const i = prewarmOrder[k]!;
				// Ranked among themselves, whatever their class said before.
				classes[i] = CLASS_PROXIMITY;
				keys[i] = distances[i]! - (previous[i] === PAIR_PREWARM ? options.capHysteresis : 0);
			}
			this.#selectTop(prewarmOrder, prewarmCandidates, prewarmed);
		}
		for (let k = 0; k < prewarmed; k++) next[prewarmOrder[k]!] = PAIR_PREWARM;
		if (capped) this.#recordBounds(listener, eligible, included, videoCount, audioOnly, prewarmCandidates, prewarmed);

		// 3. Commit.
		for (let i = 0; i < n; i++) {
			const prev = previous[i]!;
			const state = next[i]!;
			if (prev === state) continue;
			const speaker = slots[i]!;
			this.#emit(listener, speaker, prev, state);
			const location = locations[i]!;
			if (location >= 0) this.#pairs.setState(listener, location, state);
			else if (state === PAIR_NONE) far!.delete(speaker);
			else this.#pairs.farForWriting(listener).set(speaker, state);
		}
		const counts = this.#counts;
		const at = listener * COUNT_STRIDE;
		counts[at + COUNT_EDGES] = included;
		counts[at + COUNT_VIDEOS] = videoCount;
		counts[at + COUNT_PREWARMS] = prewarmed;
		hot[base + HOT_BITS] = capped ? hot[base + HOT_BITS]! | CAPPED : hot[base + HOT_BITS]! & ~CAPPED;
	}

	/**
	 * After a capped full evaluation: bounds on each cap's keys as they will be
	 * next tick (selected pairs then hold their slot, so their key is
	 * d - capHysteresis; rejected ones d). Only proximity candidates count:
	 * spotlight and private-zone ones always rank first.
	 */
	#recordBounds(
		listener: number,
		eligible: number,
		included: number,
		videoCount: number,
		audioOnly: boolean,
		prewarmCandidates: number,
		prewarmed: number,
	): void {
		const bonus = this.options.capHysteresis;
		const order = this.#order;
		const prewarmOrder = this.#prewarmOrder;
		const classes = this.#candClass;
		const distances = this.#candDistance;
		let inclusionSel = -Infinity;
		let inclusionRej = Infinity;
		let videoSel = -Infinity;
		let videoRej = Infinity;
		let prewarmSel = -Infinity;
		let prewarmRej = Infinity;
		for (let k = 0; k < eligible; k++) {
			const i = order[k]!;
			if (classes[i] !== CLASS_PROXIMITY) continue;
			const d = distances[i]!;
			if (k >= included) {
				inclusionRej = Math.min(inclusionRej, d);
				continue;
			}
			inclusionSel = Math.max(inclusionSel, d - bonus);
			if (audioOnly) continue;
			if (k < videoCount) videoSel = Math.max(videoSel, d - bonus);
			else videoRej = Math.min(videoRej, d);
		}
		for (let k = 0; k < prewarmCandidates; k++) {
			const d = distances[prewarmOrder[k]!]!;
			if (k < prewarmed) prewarmSel = Math.max(prewarmSel, d - bonus);
			else prewarmRej = Math.min(prewarmRej, d);
		}
		const bounds = this.#bounds;
		const at = listener * BOUND_STRIDE;
		bounds[at + INCLUSION_SEL] = inclusionSel;
		bounds[at + INCLUSION_REJ] = inclusionRej;
		bounds[at + VIDEO_SEL] = videoSel;
		bounds[at + VIDEO_REJ] = videoRej;
		bounds[at + PREWARM_SEL] = prewarmSel;
		bounds[at + PREWARM_REJ] = prewarmRej;
	}

	/**
	 * Re-decides only the pending pairs of a listener whose caps do not bind:
	 * then each pair's fate depends on that pair alone. Falls back to a full
	 * evaluation when the result would bind a cap.
	 */
	#evaluateLocal(listener: number): void {
		const hot = this.#hot;
		const row = this.#pairs.row(listener);
		const far = this.#pairs.far(listener);
		const indexed = this.#indexRowIfLong(listener);
		const stamp = ++this.#stamp;
		const slots = this.#localSlot;
		const locations = this.#localLocation;
		const previousStates = this.#localPrevious;
		const nextStates = this.#localNext;
		let changes = 0;
		let edgeDelta = 0;
		let prewarmDelta = 0;
		for (let p = hot[listener * HOT_STRIDE + HOT_PENDING]!; p >= 0; p = this.#pendingNext[p]!) {
			const speaker = this.#pendingSpeaker[p]!;
			const seenAt = speaker * HOT_STRIDE + HOT_SEEN;
			if (hot[seenAt] === stamp) continue;
			hot[seenAt] = stamp;
			const location = this.#locate(row, speaker, indexed, this.#pendingHint[p]!);
			const previous = location >= 0 ? row[location * ROW_STRIDE + ROW_STATE]! : (far?.get(speaker) ?? PAIR_NONE);
			const next = this.#uncappedPairState(listener, speaker, previous);
			if (next === previous) continue;
			edgeDelta += (isEdge(next) ? 1 : 0) - (isEdge(previous) ? 1 : 0);
			prewarmDelta += (next === PAIR_PREWARM ? 1 : 0) - (previous === PAIR_PREWARM ? 1 : 0);
			slots[changes] = speaker;
			locations[changes] = location;
			previousStates[changes] = previous;
			nextStates[changes] = next;
			changes++;
		}
		if (changes === 0) return;
		const counts = this.#counts;
		const at = listener * COUNT_STRIDE;
		const edges = counts[at + COUNT_EDGES]! + edgeDelta;
		const prewarms = counts[at + COUNT_PREWARMS]! + prewarmDelta;
		const audioOnly = (hot[listener * HOT_STRIDE + HOT_BITS]! & AUDIO_ONLY) !== 0;
		const videoCap = audioOnly ? this.options.maxAudioPeers : this.options.maxVideoPeers;
		if (edges > videoCap || prewarms > this.options.maxPrewarmPeers) {
			this.#evaluateFull(listener);
			return;
		}
		for (let c = 0; c < changes; c++) this.#store(listener, slots[c]!, locations[c]!, previousStates[c]!, nextStates[c]!);
		counts[at + COUNT_EDGES] = edges;
		// Uncapped: every edge carries video unless the listener wants none.
		counts[at + COUNT_VIDEOS] = audioOnly ? 0 : edges;
		counts[at + COUNT_PREWARMS] = prewarms;
	}

	/** What `listener` gets from `speaker` when no cap binds (rules 1-4 of the class comment). */
	#uncappedPairState(listener: number, speaker: number, previous: number): number {
		const hot = this.#hot;
		const base = listener * HOT_STRIDE;
		const speakerBase = speaker * HOT_STRIDE;
		const listenerBits = hot[base + HOT_BITS]!;
		const speakerBits = hot[speakerBase + HOT_BITS]!;
		if ((speakerBits & STATUS_MASK) !== LIVE || ((listenerBits | speakerBits) & BLOCKED) !== 0) return PAIR_NONE;
		const video = (listenerBits & AUDIO_ONLY) === 0;
		const listenerZone = hot[base + HOT_ZONE]!;
		const speakerZone = hot[speakerBase + HOT_ZONE]!;
		if (listenerZone >= 0 || speakerZone >= 0) {
			return listenerZone === speakerZone ? packEdge(BAND_NEAR, video, REASON_PRIVATE_ZONE) : PAIR_NONE;
		}
		if ((speakerBits & ACTIVE_SPOT) !== 0) return packEdge(BAND_NEAR, video, REASON_SPOTLIGHT);
		const d = pairDistance(hot[base + HOT_X]!, hot[base + HOT_Y]!, hot[speakerBase + HOT_X]!, hot[speakerBase + HOT_Y]!);
		const options = this.options;
		if (d <= options.enterRadius || (isEdge(previous) && d <= options.leaveRadius)) {
			return packEdge(this.#band(d, bandOf(previous)), video, REASON_PROXIMITY);
		}
		return this.#prewarmAllowed(d, previous) ? PAIR_PREWARM : PAIR_NONE;
	}

	/**
	 * Re-decides the pending pairs of a listener whose caps bind, without
	 * looking at its other candidates, when the change provably cannot move a
	 * cap boundary; otherwise falls back to a full evaluation.
	 *
	 * Only proximity pairs qualify (a change of the spotlight set, or a
	 * listener in a private zone, goes full; a spotlight pair never changes on
	 * its own). Every pair that is not queued kept its state, and its cap keys
	 * are within the listener's bounds (`#relink` checked the ones that moved
	 * and widened the bounds). Each cap (edges, video among edges, prewarm
	 * among the rest) then stays as it was for those if every queued pair that
	 * keeps its slot still ranks before every rejected one, and every queued
	 * pair without a slot still ranks after every selected one, using the
	 * bounds (stale bounds are only looser, never wrong). A pair may take a
	 * free slot when the cap does not bind, and may give one up only when
	 * nobody was waiting for it.
	 */
	#evaluateCapped(listener: number): void {
		const hot = this.#hot;
		const base = listener * HOT_STRIDE;
		if (this.#spotlightsChanged || hot[base + HOT_ZONE]! >= 0) {
			this.#evaluateFull(listener);
			return;
		}
		const options = this.options;
		const bonus = options.capHysteresis;
		const row = this.#pairs.row(listener);
		const far = this.#pairs.far(listener);
		const indexed = this.#indexRowIfLong(listener);
		const stamp = ++this.#stamp;
		const slots = this.#localSlot;
		const locations = this.#localLocation;
		const previousStates = this.#localPrevious;
		const distances = this.#localDistance;
		const changeFlags = this.#localFlags;
		const listenerBits = hot[base + HOT_BITS]!;
		const audioOnly = (listenerBits & AUDIO_ONLY) !== 0;
		const x = hot[base + HOT_X]!;
		const y = hot[base + HOT_Y]!;

		// 1. What each changed pair had, and what it may have now.
		let changes = 0;
		for (let p = hot[base + HOT_PENDING]!; p >= 0; p = this.#pendingNext[p]!) {
			const speaker = this.#pendingSpeaker[p]!;
			const speakerBase = speaker * HOT_STRIDE;
			if (hot[speakerBase + HOT_SEEN] === stamp) continue;
			hot[speakerBase + HOT_SEEN] = stamp;
			const speakerBits = hot[speakerBase + HOT_BITS]!;
			// The spotlight set did not change this tick, and distance never matters to a spotlight pair.
			if ((speakerBits & ACTIVE_SPOT) !== 0) continue;
			const location = this.#locate(row, speaker, indexed, this.#pendingHint[p]!);
			const previous = location >= 0 ? row[location * ROW_STRIDE + ROW_STATE]! : (far?.get(speaker) ?? PAIR_NONE);
			if (isEdge(previous) && reasonOf(previous) !== REASON_PROXIMITY) {
				this.#evaluateFull(listener);
				return;
			}
			let d = Infinity;
			if ((speakerBits & STATUS_MASK) === LIVE && ((listenerBits | speakerBits) & BLOCKED) === 0 && hot[speakerBase + HOT_ZONE]! < 0) {
				d = pairDistance(x, y, hot[speakerBase + HOT_X]!, hot[speakerBase + HOT_Y]!);
			}
			const wasEdge = isEdge(previous);
			const wasPrewarm = previous === PAIR_PREWARM;
			let flags = 0;
			if (wasEdge) flags |= WAS_EDGE;
			if (wasEdge && hasVideo(previous)) flags |= WAS_VIDEO;
			if (wasPrewarm) flags |= WAS_PREWARM;
			if (d <= options.enterRadius || (wasEdge && d <= options.leaveRadius)) flags |= EDGE_ELIGIBLE;
			if (d <= options.prewarmRadius || (wasPrewarm && d <= options.prewarmRadius + options.prewarmHysteresis)) flags |= PREWARM_ELIGIBLE;
			slots[changes] = speaker;
			locations[changes] = location;
			previousStates[changes] = previous;
			distances[changes] = d;
			changeFlags[changes] = flags;
			changes++;
		}
		if (changes === 0) return;

		// 2. Each cap in turn; the pools of the later ones depend on the earlier.
		const counts = this.#counts;
		const countAt = listener * COUNT_STRIDE;
		const bounds = this.#bounds;
		const boundAt = listener * BOUND_STRIDE;
		const edgeDelta = this.#applyCap(
			changes,
			WAS_EDGE,
			EDGE_ELIGIBLE,
			IS_EDGE,
			options.maxAudioPeers - counts[countAt + COUNT_EDGES]!,
			bounds[boundAt + INCLUSION_SEL]!,
			bounds[boundAt + INCLUSION_REJ]!,
			bonus,
		);
		if (edgeDelta === CAP_UNSAFE) {
			this.#evaluateFull(listener);
			return;
		}
		let videoDelta = 0;
		if (!audioOnly) {
			for (let c = 0; c < changes; c++) if ((changeFlags[c]! & IS_EDGE) !== 0) changeFlags[c] = changeFlags[c]! | IN_VIDEO_POOL;
			videoDelta = this.#applyCap(
				changes,
				WAS_VIDEO,
				IN_VIDEO_POOL,
				IS_VIDEO,
				options.maxVideoPeers - counts[countAt + COUNT_VIDEOS]!,
				bounds[boundAt + VIDEO_SEL]!,
				bounds[boundAt + VIDEO_REJ]!,
				bonus,
			);
			if (videoDelta === CAP_UNSAFE) {
				this.#evaluateFull(listener);
				return;
			}
		}
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			if ((flags & IS_EDGE) === 0 && (flags & PREWARM_ELIGIBLE) !== 0) changeFlags[c] = flags | IN_PREWARM_POOL;
		}
		const prewarmDelta = this.#applyCap(
			changes,
			WAS_PREWARM,
			IN_PREWARM_POOL,
			IS_PREWARM,
			options.maxPrewarmPeers - counts[countAt + COUNT_PREWARMS]!,
			bounds[boundAt + PREWARM_SEL]!,
			bounds[boundAt + PREWARM_REJ]!,
			bonus,
		);
		if (prewarmDelta === CAP_UNSAFE) {
			this.#evaluateFull(listener);
			return;
		}

		// 3. Safe: commit the changed pairs and widen the bounds for next time.
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			const previous = previousStates[c]!;
			const d = distances[c]!;
			let next = PAIR_NONE;
			if ((flags & IS_EDGE) !== 0) {
				next = packEdge(this.#band(d, bandOf(previous)), (flags & IS_VIDEO) !== 0, REASON_PROXIMITY);
				bounds[boundAt + INCLUSION_SEL] = Math.max(bounds[boundAt + INCLUSION_SEL]!, d - bonus);
				if ((flags & IS_VIDEO) !== 0) bounds[boundAt + VIDEO_SEL] = Math.max(bounds[boundAt + VIDEO_SEL]!, d - bonus);
				else if (!audioOnly) bounds[boundAt + VIDEO_REJ] = Math.min(bounds[boundAt + VIDEO_REJ]!, d);
			} else {
				if ((flags & EDGE_ELIGIBLE) !== 0) bounds[boundAt + INCLUSION_REJ] = Math.min(bounds[boundAt + INCLUSION_REJ]!, d);
				if ((flags & IS_PREWARM) !== 0) {
					next = PAIR_PREWARM;
					bounds[boundAt + PREWARM_SEL] = Math.max(bounds[boundAt + PREWARM_SEL]!, d - bonus);
				} else if ((flags & IN_PREWARM_POOL) !== 0) {
					bounds[boundAt + PREWARM_REJ] = Math.min(bounds[boundAt + PREWARM_REJ]!, d);
				}
			}
			this.#store(listener, slots[c]!, locations[c]!, previous, next);
		}
		counts[countAt + COUNT_EDGES] = counts[countAt + COUNT_EDGES]! + edgeDelta;
		counts[countAt + COUNT_VIDEOS] = counts[countAt + COUNT_VIDEOS]! + videoDelta;
		counts[countAt + COUNT_PREWARMS] = counts[countAt + COUNT_PREWARMS]! + prewarmDelta;
	}

	/**
	 * One cap of `#evaluateCapped` over the changed pairs: a pair had the slot
	 * (`had` flag) and is in the cap's pool now (`inPool` flag); sets the `gets`
	 * flag on those that keep or take a slot. Returns the change in the number
	 * of slots taken, or CAP_UNSAFE when only a full evaluation can tell.
	 */
	#applyCap(changes: number, had: number, inPool: number, gets: number, free: number, selectedBound: number, rejectedBound: number, bonus: number): number {
		const changeFlags = this.#localFlags;
		const distances = this.#localDistance;
		let delta = 0;
		let joiners = 0;
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			if ((flags & had) !== 0 && (flags & inPool) === 0) {
				// A slot given up: fine only if nobody was waiting for one.
				if (rejectedBound !== Infinity) return CAP_UNSAFE;
				free++;
				delta--;
			} else if ((flags & had) === 0 && (flags & inPool) !== 0) {
				joiners++;
			}
		}
		// Free slots mean nobody is waiting: joiners take them, if there are enough.
		if (free > 0 && joiners > free) return CAP_UNSAFE;
		let keepMax = -Infinity;
		let waitMin = Infinity;
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			if ((flags & inPool) === 0) continue;
			const d = distances[c]!;
			if ((flags & had) !== 0) {
				keepMax = Math.max(keepMax, d - bonus);
				changeFlags[c] = flags | gets;
			} else if (free > 0) {
				changeFlags[c] = flags | gets;
				delta++;
			} else {
				waitMin = Math.min(waitMin, d);
			}
		}
		if (keepMax >= rejectedBound || waitMin <= selectedBound || keepMax >= waitMin) return CAP_UNSAFE;
		return delta;
	}

	// ---- rules -------------------------------------------------------------

	/** Distance band with hysteresis: a band is kept until its threshold is passed by bandHysteresis. */
	#band(d: number, previousBand: number): number {
		const options = this.options;
		const nearLimit = options.nearBandRadius + (previousBand === BAND_NEAR ? options.bandHysteresis : 0);
		if (d <= nearLimit) return BAND_NEAR;
		const keepsMid = previousBand === BAND_NEAR || previousBand === BAND_MID;
		const midLimit = options.midBandRadius + (keepsMid ? options.bandHysteresis : 0);
		return d <= midLimit ? BAND_MID : BAND_FAR;
	}

	#prewarmAllowed(d: number, previous: number): boolean {
		const options = this.options;
		return d <= options.prewarmRadius || (previous === PAIR_PREWARM && d <= options.prewarmRadius + options.prewarmHysteresis);
	}

	/**
	 * Sort keys for the caps. Spotlight speakers all count as distance 0 (a
	 * stage is heard the same everywhere), so listeners do not need
	 * re-deciding when a spotlight speaker walks about on stage.
	 */
	#rankKeys(order: number[], count: number, forVideo: boolean): void {
		const bonus = this.options.capHysteresis;
		const keys = this.#candKey;
		for (let k = 0; k < count; k++) {
			const i = order[k]!;
			const prev = this.#candPrevious[i]!;
			const holds = isEdge(prev) && (!forVideo || hasVideo(prev));
			const distance = this.#candReason[i] === REASON_SPOTLIGHT ? 0 : this.#candDistance[i]!;
			keys[i] = distance - (holds ? bonus : 0);
		}
	}

	/**
	 * Partitions `order[0, count)` so that its first `k` entries are the best
	 * `k` by class, then key, then player id (in no particular order: a cap
	 * only needs the set). Small inputs, the usual case, are done in place by
	 * repeatedly picking the best (or worst) of the rest; large ones are sorted.
	 */
	#selectTop(order: number[], count: number, k: number): void {
		if (k >= count || k <= 0) return;
		if (count > SELECTION_IN_PLACE_MAX) {
			const sorted = order.slice(0, count).sort(this.#compareBound);
			for (let j = 0; j < count; j++) order[j] = sorted[j]!;
			return;
		}
		if (k <= count - k) {
			for (let j = 0; j < k; j++) {
				let best = j;
				for (let m = j + 1; m < count; m++) if (this.#compare(order[m]!, order[best]!) < 0) best = m;
				const item = order[best]!;
				order[best] = order[j]!;
				order[j] = item;
			}
		} else {
			for (let j = count - 1; j >= k; j--) {
				let worst = j;
				for (let m = 0; m < j; m++) if (this.#compare(order[m]!, order[worst]!) > 0) worst = m;
				const item = order[worst]!;
				order[worst] = order[j]!;
				order[j] = item;
			}
		}
	}

	readonly #compareBound = (a: number, b: number): number => this.#compare(a, b);

	#compare(a: number, b: number): number {
		const classes = this.#candClass;
		const keys = this.#candKey;
		if (classes[a] !== classes[b]) return classes[a]! - classes[b]!;
		if (keys[a] !== keys[b]) return keys[a]! - keys[b]!;
		return this.#ids[this.#candSlot[a]!]! < this.#ids[this.#candSlot[b]!]! ? -1 : 1;
	}

	// ---- bookkeeping -------------------------------------------------------

	/** Entry index of `speaker` in `row`, or -1 (then its state, if any, is in the side map). */
	#locate(row: number[], speaker: number, indexedStamp: number, hint: number): number {
		if (hint >= 0 && row[hint * ROW_STRIDE + ROW_SPEAKER] === speaker) return hint;
		if (hint === NOT_IN_ROW) return -1;
		if (indexedStamp !== 0) {
			const base = speaker * HOT_STRIDE;
			return this.#hot[base + HOT_ROW_MARK] === indexedStamp ? this.#hot[base + HOT_ROW_POS]! : -1;
		}
		for (let o = 0; o < row.length; o += ROW_STRIDE) if (row[o + ROW_SPEAKER] === speaker) return o / ROW_STRIDE;
		return -1;
	}

	/**
	 * For long rows (crowds), records each neighbour's entry index in its hot
	 * record so `#locate` is O(1); returns the stamp that validates them, or 0
	 * when the row is short enough to scan.
	 */
	#indexRowIfLong(listener: number): number {
		const row = this.#pairs.row(listener);
		if (row.length <= ROW_SCAN_MAX * ROW_STRIDE) return 0;
		const hot = this.#hot;
		const stamp = ++this.#stamp;
		for (let o = 0; o < row.length; o += ROW_STRIDE) {
			const base = row[o + ROW_SPEAKER]! * HOT_STRIDE;
			hot[base + HOT_ROW_MARK] = stamp;
			hot[base + HOT_ROW_POS] = o / ROW_STRIDE;
		}
		return stamp;
	}

	/** Writes a pair's new state (row entry or side map) and reports the transition. */
	#store(listener: number, speaker: number, location: number, previous: number, next: number): void {
		if (previous === next) return;
		this.#emit(listener, speaker, previous, next);
		if (location >= 0) this.#pairs.setState(listener, location, next);
		else if (next === PAIR_NONE) this.#pairs.far(listener)?.delete(speaker);
		else this.#pairs.farForWriting(listener).set(speaker, next);
	}

	#updateSpotlight(slot: number): void {
		const bits = this.#bits(slot);
		const active = (bits & SPOTLIGHT) !== 0 && (bits & BLOCKED) === 0 && this.#zone(slot) < 0;
		if (active === ((bits & ACTIVE_SPOT) !== 0)) return;
		this.#setBits(slot, active ? bits | ACTIVE_SPOT : bits & ~ACTIVE_SPOT);
		this.#spotlightsChanged = true;
		if (active) this.#spotlights.add(slot);
		else this.#spotlights.delete(slot);
		// Every listener in the world has a pair with a spotlight speaker.
		this.#notifyEveryone(slot);
	}

	#notifyNeighbours(slot: number): void {
		const row = this.#pairs.row(slot);
		for (let o = 0; o < row.length; o += ROW_STRIDE) this.#markLocal(row[o + ROW_SPEAKER]!, slot);
	}

	#notifyMembers(members: Set<number>, slot: number): void {
		for (const member of members) this.#markLocal(member, slot);
	}

	#notifyEveryone(slot: number): void {
		for (let listener = 0; listener < this.#slotCount; listener++) this.#markLocal(listener, slot);
	}

	/**
	 * The pair (listener, speaker) may have changed. `hint` is where the
	 * speaker probably sits in the listener's row (checked before use, since
	 * later unlinks may reorder the row), NOT_IN_ROW, or UNKNOWN_IN_ROW.
	 */
	#markLocal(listener: number, speaker: number, hint = UNKNOWN_IN_ROW): void {
		const hot = this.#hot;
		const at = listener * HOT_STRIDE + HOT_BITS;
		const bits = hot[at]!;
		if (listener === speaker || (bits & STATUS_MASK) !== LIVE || (bits & DIRTY_FULL) !== 0) return;
		const pendingAt = listener * HOT_STRIDE + HOT_PENDING;
		if ((bits & DIRTY_LOCAL) === 0) {
			hot[at] = bits | DIRTY_LOCAL;
			hot[pendingAt] = -1;
			this.#dirtyList.push(listener);
		}
		const p = this.#pendingLength++;
		this.#pendingSpeaker[p] = speaker;
		this.#pendingHint[p] = hint;
		this.#pendingNext[p] = hot[pendingAt]!;
		hot[pendingAt] = p;
	}

	/** The listener itself changed: re-decide all its pairs. */
	#markFull(listener: number): void {
		const bits = this.#bits(listener);
		if ((bits & DIRTY_MASK) === 0) this.#dirtyList.push(listener);
		this.#setBits(listener, bits | DIRTY_FULL);
	}

	#emit(listener: number, speaker: number, previous: number, next: number): void {
		const diff = this.#diff;
		const wasEdge = isEdge(previous);
		const isNowEdge = isEdge(next);
		if (wasEdge && isNowEdge) {
			diff.changed.push(this.#edge(listener, speaker, next));
			return;
		}
		if (wasEdge) diff.removed.push(this.#pair(listener, speaker));
		else if (previous === PAIR_PREWARM) diff.prewarmRemoved.push(this.#pair(listener, speaker));
		if (isNowEdge) diff.added.push(this.#edge(listener, speaker, next));
		else if (next === PAIR_PREWARM) diff.prewarmAdded.push(this.#pair(listener, speaker));
	}

	#edge(listener: number, speaker: number, state: number): HearingEdge {
		return {
			listener: this.#ids[listener]!,
			speaker: this.#ids[speaker]!,
			band: bandName(state),
			media: mediaName(state),
			reason: reasonName(state),
		};
	}

	#pair(listener: number, speaker: number): HearingPair {
		return { listener: this.#ids[listener]!, speaker: this.#ids[speaker]! };
	}

	/** Appends the listener's edges to `edges` and its prewarmed pairs to `prewarms` (either may be null). */
	#collect(listener: number, edges: HearingEdge[] | null, prewarms: HearingPair[] | null): void {
		const take = (speaker: number, state: number): void => {
			if (edges !== null && isEdge(state)) edges.push(this.#edge(listener, speaker, state));
			if (prewarms !== null && state === PAIR_PREWARM) prewarms.push(this.#pair(listener, speaker));
		};
		const row = this.#pairs.row(listener);
		for (let o = 0; o < row.length; o += ROW_STRIDE) take(row[o + ROW_SPEAKER]!, row[o + ROW_STATE]!);
		const far = this.#pairs.far(listener);
		if (far !== undefined) for (const [speaker, state] of far) take(speaker, state);
	}

	#bits(slot: number): number {
		return this.#hot[slot * HOT_STRIDE + HOT_BITS]!;
	}

	#setBits(slot: number, bits: number): void {
		this.#hot[slot * HOT_STRIDE + HOT_BITS] = bits;
	}

	#status(slot: number): number {
		return this.#bits(slot) & STATUS_MASK;
	}

	#setStatus(slot: number, status: number): void {
		this.#setBits(slot, (this.#bits(slot) & ~STATUS_MASK) | status);
	}

	#zone(slot: number): number {
		return this.#hot[slot * HOT_STRIDE + HOT_ZONE]!;
	}

	#internZone(id: string): number {
		let zone = this.#zoneIds.get(id);
		if (zone === undefined) {
			zone = this.#zoneMembers.length;
			this.#zoneIds.set(id, zone);
			this.#zoneMembers.push(new Set());
		}
		return zone;
	}

	#allocate(id: string): number {
		let slot = this.#free.pop();
		if (slot === undefined) {
			slot = this.#slotCount;
			this.#grow(slot + 1);
			this.#ids.push('');
			this.#nextX.push(0);
			this.#nextY.push(0);
			this.#nextBits.push(0);
			this.#nextZone.push(-1);
			this.#previousX.push(0);
			this.#previousY.push(0);
			this.#changedMark.push(0);
			this.#leavingMark.push(0);
			this.#pairs.ensure(slot);
		}
		this.#ids[slot] = id;
		const base = slot * HOT_STRIDE;
		this.#hot.fill(0, base, base + HOT_STRIDE);
		this.#hot[base + HOT_BITS] = PENDING;
		this.#hot[base + HOT_ZONE] = -1;
		this.#hot[base + HOT_PENDING] = -1;
		this.#idToSlot.set(id, slot);
		return slot;
	}

	/** Makes room for `size` slots, doubling the typed arrays when full. */
	#grow(size: number): void {
		if (size <= this.#hot.length / HOT_STRIDE) {
			this.#slotCount = size;
			return;
		}
		const slots = Math.max(64, size, (this.#hot.length / HOT_STRIDE) * 2);
		const hot = new Float64Array(slots * HOT_STRIDE);
		hot.set(this.#hot);
		this.#hot = hot;
		this.#counts = new Int32Array(hot.buffer);
		this.#bounds = hot;
		this.#slotCount = size;
	}

	#release(slot: number): void {
		this.#idToSlot.delete(this.#ids[slot]!);
		this.#setBits(slot, FREE);
		this.#free.push(slot);
	}
}

function emptyDiff(): HearingDiff {
	return { added: [], removed: [], changed: [], prewarmAdded: [], prewarmRemoved: [] };
}

function validateAvatar(avatar: ProximityAvatar): void {
	if (typeof avatar.id !== 'string' || avatar.id === '') {
		throw new ProximityError('E_PROXIMITY_AVATAR', `avatar id must be a non-empty string, got ${JSON.stringify(avatar.id)}`);
	}
	if (!Number.isFinite(avatar.x) || !Number.isFinite(avatar.y)) {
		throw new ProximityError('E_PROXIMITY_AVATAR', `avatar "${avatar.id}": position must be finite numbers, got (${avatar.x}, ${avatar.y})`);
	}
}
