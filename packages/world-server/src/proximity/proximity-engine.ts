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
import { PairThresholds } from './pair-thresholds.js';
import { ProximityError } from './proximity-error.js';
import { proximityQueryRadius, resolveProximityOptions } from './proximity-options.js';
import type { ProximityOptions } from './proximity-options.js';
import { RowIndex } from './row-index.js';
import { SlotList } from './slot-list.js';
import { SpatialHash } from './spatial-hash.js';
import { SpatialOrder } from './spatial-order.js';
import { gathered, grown } from './typed-blocks.js';
import type { HearingDiff, HearingEdge, HearingPair, ProximityAvatar } from './types.js';

// `#bits`, per slot. Status: PENDING = upserted, not yet ticked; LEAVING =
// removed, its edges go at the next tick (an upsert before then revives it).
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
/** Moved this tick (and did not join): its previous position is in `#previous`. */
const MOVED = 4096;

/** A cap was binding at the last full evaluation: local changes go through `#evaluateCapped`. */
const CAPPED = 1024;

// `#counts`, per slot: how many edges, video edges and prewarms the listener has.
const COUNT_STRIDE = 4;
const COUNT_EDGES = 0;
const COUNT_VIDEOS = 1;
const COUNT_PREWARMS = 2;

// `#bounds`, per capped listener: bounds on the cap keys of its proximity
// candidates (see `#evaluateCapped`). For each cap (at CAP_*), every selected
// key is at most the number at SELECTED and every rejected key at least the
// one at REJECTED. A full evaluation sets them; every later change of a key
// only widens them, so they may be looser than the keys, never tighter.
const BOUND_STRIDE = 8;
const CAP_INCLUSION = 0;
const CAP_VIDEO = 2;
const CAP_PREWARM = 4;
const SELECTED = 0;
const REJECTED = 1;

/** In `#handoff`: a pair's distance before and after this tick's moves. */
const BEFORE = 0;
const AFTER = 1;

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
/** Slots are renumbered in map order right after a tick when more than 1 in this many avatars joined since the last time. */
const JOIN_WAVE_SHARE = 4;
/** `#stamp` restarts from 0 at the first tick after passing this. */
const STAMP_LIMIT = 0x3fff_ffff;
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
 *   distance did not pass a threshold that matters in its current state (see
 *   pair-thresholds.ts) gets the same answer from every rule; under a binding
 *   cap, bounds recorded at the listener's last full evaluation tell whether
 *   the move could cross a cap boundary. Only pairs that may have changed are
 *   queued for their listener.
 * - A listener with queued pairs re-decides just those: directly when no cap
 *   binds, through the recorded bounds when one does (re-ranking only the
 *   video or the prewarm candidates when a slot of that cap may change
 *   hands), and in full (all its candidates, from its row) when none of these
 *   can prove the outcome, or when its own flags or zone changed.
 * Internally avatars are integer slots with their fields in typed arrays, and
 * pair states are small integers in dense rows (pair-table.ts), so the hot
 * loops neither build strings nor allocate: at ten thousand avatars, garbage
 * made every tick costs more in evicted cache lines than in collections. For
 * the same reason the hot loops spell out `pairDistance` and hand doubles to
 * helpers in typed arrays (`#handoff`): V8 boxes a double passed to a call it
 * does not inline. And for the cache as well, movers relink in map order, and
 * now and then every slot is renumbered in map order (spatial-order.ts), so
 * that what a mover reads about its neighbours lies close together.
 */
export class ProximityEngine {
	/** The resolved options (defaults filled in, validated). */
	readonly options: Readonly<ProximityOptions>;

	readonly #queryRadius: number;
	readonly #hash: SpatialHash;
	/** Puts each tick's movers, and now and then all slots, in map order (see spatial-order.ts). */
	readonly #spatialOrder: SpatialOrder;
	/** Ticks since the slots were last renumbered in map order (`#reorderSlots`), and avatars that joined since. */
	#ticksSinceReorder = 0;
	#joinedSinceReorder = 0;
	/** Neighbour rows with the state of every pair (see pair-table.ts). */
	readonly #pairs = new PairTable();
	readonly #idToSlot = new Map<string, number>();
	readonly #free: number[] = [];
	#present = 0;
	#slotCount = 0;

	// Per slot, each in its own typed array, reallocated when the capacity
	// grows. Visiting a neighbour reads a few of them (`#bits`, `#zoneOf`,
	// `#position`): at ten thousand avatars those take a quarter of a megabyte,
	// which mostly stays in the core's cache; one record per avatar holding
	// every field measured slower.
	/** x, y. */
	#position = new Float64Array(0);
	/** x, y before this tick's move, for movers. */
	#previous = new Float64Array(0);
	/** Status, flags, activeSpot, dirty and relinked bits (see above). */
	#bits = new Int32Array(0);
	/** Private zone index, or -1. */
	#zoneOf = new Int32Array(0);
	/** Head of the slot's list of changed speakers in the pending arena, or -1. */
	#pendingHead = new Int32Array(0);
	/** "Seen in the current pass" stamp. */
	#seen = new Int32Array(0);
	/** Row-index stamp and the slot's entry index in the row being indexed. */
	#rowMark = new Int32Array(0);
	#rowPos = new Int32Array(0);
	/** Edges, video edges and prewarms per listener (COUNT_*). */
	#counts = new Int32Array(0);
	/** Per capped listener: bounds on its cap keys (BOUND_STRIDE numbers, see above). */
	#bounds = new Float64Array(0);
	readonly #ids: string[] = [];
	// The state from the latest upsert, committed at the next tick.
	readonly #nextX: number[] = [];
	readonly #nextY: number[] = [];
	readonly #nextBits: number[] = [];
	readonly #nextZone: number[] = [];
	/** The distances the rules compare with, and which matter in which pair state. */
	readonly #thresholds: PairThresholds;

	// Per-tick bookkeeping. Marks compare with `#generation`, so they reset for free each tick.
	#generation = 1;
	readonly #changed = new SlotList();
	readonly #changedMark: number[] = [];
	readonly #leaving = new SlotList();
	readonly #leavingMark: number[] = [];
	readonly #movers = new SlotList();
	readonly #dirtyList = new SlotList();
	/** Pending arena: linked lists (one per dirty listener) of speakers whose pair may have changed. */
	readonly #pendingSpeaker: number[] = [];
	readonly #pendingNext: number[] = [];
	readonly #pendingHint: number[] = [];
	#pendingLength = 0;
	/** Source of fresh stamps for `#seen` and `#rowMark`. */
	#stamp = 0;
	/** Set when the spotlight set changed this tick: capped listeners then re-decide in full. */
	#spotlightsChanged = false;

	// Zones and spotlights.
	readonly #zoneIds = new Map<string, number>();
	readonly #zoneMembers: SlotList[] = [];
	readonly #spotlights = new SlotList();

	// Scratch buffers, reused across ticks.
	/**
	 * Distances handed to helpers in an array rather than as arguments: a
	 * double passed to (or returned from) a call V8 does not inline is boxed,
	 * i.e. allocated, and these calls run tens of thousands of times a tick.
	 * `#relink` puts the distances of the pair it looks at here (BEFORE and
	 * AFTER the move) for `#keepsCapSides`; `#uncappedPairState` uses AFTER.
	 */
	readonly #handoff = new Float64Array(2);
	readonly #querySlots: number[] = [];
	readonly #queryDistances: number[] = [];
	readonly #queryPositions: number[] = [];
	readonly #rowIndex = new RowIndex();
	/** The live slots, in map order, while `#reorderSlots` renumbers them. */
	readonly #reorderList = new SlotList();
	readonly #farSpeakers: number[] = [];
	readonly #farStates: number[] = [];
	// Candidates of the listener being evaluated in full, by candidate index
	// (typed, and grown by `#reserveCandidates`: their helpers read a distance
	// by index, see `#handoff`).
	#candSlot = new Int32Array(0);
	#candClass = new Int32Array(0);
	#candReason = new Int32Array(0);
	#candDistance = new Float64Array(0);
	#candPrevious = new Int32Array(0);
	/** Entry index in the listener's row, or -1 when the state is a far state. */
	#candLocation = new Int32Array(0);
	#candKey = new Float64Array(0);
	#candNext = new Int32Array(0);
	#order = new Int32Array(0);
	#prewarmOrder = new Int32Array(0);
	// Changed pairs of the listener being evaluated locally (grown by `#reserveLocal`).
	#localSlot = new Int32Array(0);
	#localLocation = new Int32Array(0);
	#localPrevious = new Int32Array(0);
	#localNext = new Int32Array(0);
	#localDistance = new Float64Array(0);
	#localFlags = new Int32Array(0);
	/** Per entry of the row `#reselectCap` ranks: stamped when the entry is a changed pair. */
	#entryMark = new Int32Array(0);

	#diff: HearingDiff = emptyDiff();

	constructor(options: Partial<ProximityOptions> = {}) {
		this.options = Object.freeze(resolveProximityOptions(options));
		this.#queryRadius = proximityQueryRadius(this.options);
		this.#hash = new SpatialHash(this.options.cellSize);
		this.#spatialOrder = new SpatialOrder(this.options.cellSize);
		this.#thresholds = new PairThresholds(this.options);
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
		const bits = this.#bits;
		if (this.#stamp > STAMP_LIMIT) {
			// Stamps live in 32-bit arrays: start over long before they wrap (after
			// hours of uptime), between ticks, when no stamp is in use.
			this.#seen.fill(0);
			this.#rowMark.fill(0);
			this.#entryMark.fill(0);
			this.#stamp = 0;
		}

		const leaving = this.#leaving;
		const changed = this.#changed;
		const movers = this.#movers;
		for (let i = 0; i < leaving.length; i++) {
			const slot = leaving.at(i);
			if (this.#status(slot) === LEAVING) this.#detach(slot);
		}
		for (let i = 0; i < changed.length; i++) {
			const slot = changed.at(i);
			const status = this.#status(slot);
			if (status === PENDING || status === LIVE) this.#applyChange(slot);
		}
		this.#spatialOrder.sort(movers, this.#position);
		for (let i = 0; i < movers.length; i++) {
			const slot = movers.at(i);
			this.#relink(slot);
			// A mover that is redone in full needs nothing but its row, final now
			// (later movers find it relinked and leave the pair alone), and the
			// neighbours' records it just read are still in cache: do it at once.
			if ((bits[slot]! & DIRTY_FULL) !== 0) this.#evaluate(slot);
		}
		const dirty = this.#dirtyList;
		if (dirty.length * DIRTY_SCAN_RATIO > this.#slotCount) {
			// Most listeners are dirty: visiting them in slot order reads the
			// per-slot arrays sequentially, which beats the list's random order.
			for (let listener = 0; listener < this.#slotCount; listener++) {
				if ((bits[listener]! & DIRTY_MASK) !== 0) this.#evaluate(listener);
			}
		} else {
			for (let i = 0; i < dirty.length; i++) this.#evaluate(dirty.at(i));
		}
		for (let i = 0; i < movers.length; i++) {
			const slot = movers.at(i);
			bits[slot] = bits[slot]! & ~(RELINKED | SPEAKER_CHANGED | MOVED);
		}
		// Spotlights gone this tick: their listeners have re-decided, the columns can go.
		this.#pairs.far.settle();
		for (let i = 0; i < leaving.length; i++) {
			const slot = leaving.at(i);
			// Released only now: evaluations above still printed its id.
			if (this.#status(slot) === FREE && this.#idToSlot.get(this.#ids[slot]!) === slot) this.#release(slot);
		}

		changed.clear();
		leaving.clear();
		movers.clear();
		dirty.clear();
		this.#pendingLength = 0;
		this.#spotlightsChanged = false;
		this.#generation++;
		const every = this.options.reorderEveryTicks;
		if (every > 0) {
			this.#ticksSinceReorder++;
			// Periodically (avatars walk), and at once after a wave of joins
			// (the first tick of a room, the start of an event): joiners get slots
			// in the order they came.
			if (this.#ticksSinceReorder >= every || this.#joinedSinceReorder * JOIN_WAVE_SHARE > this.#present) this.#reorderSlots();
		}
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
		const bits = this.#bits[listener]!;
		if ((bits & DIRTY_MASK) === 0) return;
		if ((bits & STATUS_MASK) === LIVE) {
			if ((bits & DIRTY_FULL) !== 0) this.#evaluateFull(listener);
			else if ((bits & CAPPED) !== 0) this.#evaluateCapped(listener);
			else this.#evaluateLocal(listener);
		}
		// Read again: the evaluation updates the CAPPED bit.
		this.#bits[listener] = this.#bits[listener]! & ~DIRTY_MASK;
	}

	/** A removed avatar leaves every index; its listeners re-decide their pair with it. */
	#detach(slot: number): void {
		// As a listener, it simply loses everything.
		const pairs = this.#pairs;
		const data = pairs.data;
		const start = pairs.start(slot);
		for (let index = 0, o = start; index < pairs.size(slot); index++, o += ROW_STRIDE) {
			const state = data[o + ROW_STATE]!;
			if (state === PAIR_NONE) continue;
			this.#emit(slot, data[o + ROW_SPEAKER]!, state, PAIR_NONE);
			pairs.setState(slot, index, PAIR_NONE);
		}
		const farSpeakers = this.#farSpeakers;
		const farStates = this.#farStates;
		for (let i = pairs.far.entries(slot, farSpeakers, farStates) - 1; i >= 0; i--) this.#emit(slot, farSpeakers[i]!, farStates[i]!, PAIR_NONE);
		pairs.far.clear(slot);
		this.#counts.fill(0, slot * COUNT_STRIDE + COUNT_EDGES, slot * COUNT_STRIDE + COUNT_PREWARMS + 1);
		// As a speaker, everyone who may hold a state about it re-decides that pair.
		this.#notifyNeighbours(slot);
		const zone = this.#zone(slot);
		if (zone >= 0) {
			const members = this.#zoneMembers[zone]!;
			members.delete(slot);
			this.#notifyMembers(members, slot);
		}
		if ((this.#bitsOf(slot) & ACTIVE_SPOT) !== 0) {
			this.#spotlights.delete(slot);
			this.#pairs.far.closeColumn(slot);
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
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const nextX = this.#nextX[slot]!;
		const nextY = this.#nextY[slot]!;
		const nextFlags = this.#nextBits[slot]!;
		const nextZone = this.#nextZone[slot]!;
		const current = bits[slot]!;

		if ((current & STATUS_MASK) === PENDING) {
			this.#joinedSinceReorder++;
			position[slot * 2] = nextX;
			position[slot * 2 + 1] = nextY;
			bits[slot] = LIVE | nextFlags;
			zoneOf[slot] = nextZone;
			this.#hash.insertAt(slot, position);
			if (nextZone >= 0) {
				const members = this.#zoneMembers[nextZone]!;
				members.push(slot);
				this.#notifyMembers(members, slot);
			}
			this.#updateSpotlight(slot);
			this.#markFull(slot);
			// Its neighbours hear of it when `#relink` links them.
			bits[slot] = bits[slot]! | SPEAKER_CHANGED;
			this.#movers.push(slot);
			return;
		}

		const flags = current & FLAGS_MASK;
		const zone = zoneOf[slot]!;
		const moved = nextX !== position[slot * 2] || nextY !== position[slot * 2 + 1];
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
					members.push(slot);
					this.#notifyMembers(members, slot);
				}
			} else if (zone >= 0) {
				this.#notifyMembers(this.#zoneMembers[zone]!, slot);
			}
		}
		bits[slot] = (bits[slot]! & ~FLAGS_MASK) | nextFlags;
		zoneOf[slot] = nextZone;
		if (speakerChanged) this.#updateSpotlight(slot);
		if (moved) {
			this.#previous[slot * 2] = position[slot * 2]!;
			this.#previous[slot * 2 + 1] = position[slot * 2 + 1]!;
			position[slot * 2] = nextX;
			position[slot * 2 + 1] = nextY;
			this.#hash.moveTo(slot, position);
			bits[slot] = bits[slot]! | MOVED | (speakerChanged ? SPEAKER_CHANGED : 0);
			this.#movers.push(slot);
		}
	}

	/**
	 * Rebuilds a mover's neighbour row from one spatial query (all positions
	 * are committed by now) and works out, pair by pair, who must re-decide
	 * what: the neighbours listening to the mover and, when the mover only
	 * moved, the mover listening to them. A pair whose distance did not pass a
	 * threshold that matters in its state gets the same answer from every rule
	 * (pair-thresholds.ts), so for a listener whose caps do not bind it cannot
	 * change; for one whose caps bind it cannot either unless it may cross a cap
	 * boundary (`#keepsCapSides`). Only the pairs that may have changed are
	 * queued (`#markLocal`).
	 */
	#relink(slot: number): void {
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const pairs = this.#pairs;
		let data = pairs.data;
		let start = pairs.start(slot);
		const size = pairs.size(slot);
		const rowIndex = this.#rowIndex;
		rowIndex.build(data, start, size);
		const moverBits = bits[slot]!;
		const moverZone = zoneOf[slot]!;
		// A mover that joined or changed flags or zone told its neighbours already.
		const tellNeighbours = (moverBits & SPEAKER_CHANGED) === 0;
		// One that is redone in full need not sort out its own pairs.
		const decideSelf = (moverBits & DIRTY_FULL) === 0;
		const thresholds = this.#thresholds;
		const handoff = this.#handoff;
		const slots = this.#querySlots;
		const distances = this.#queryDistances;
		const positions = this.#queryPositions;
		const count = this.#hash.queryAround(slot, position, this.#queryRadius, slots, distances, positions);
		const previous = this.#previous;
		const previousX = previous[slot * 2]!;
		const previousY = previous[slot * 2 + 1]!;
		for (let i = 0; i < count; i++) {
			const other = slots[i]!;
			if (other === slot) continue;
			let index = rowIndex.find(other);
			const linked = index >= 0;
			if (linked) rowIndex.markFound(index);
			const otherBits = bits[other]!;
			// A mover relinked earlier this tick already handled this pair, both ways.
			if ((otherBits & RELINKED) !== 0) continue;
			if (!linked) {
				pairs.link(slot, other);
				// Linking may have moved the row, or all rows.
				data = pairs.data;
				start = pairs.start(slot);
				index = pairs.size(slot) - 1;
			}
			const offset = start + index * ROW_STRIDE;
			// A pair must be re-decided outright when the mover joined or changed
			// (it told its old neighbours, not this new one), or when this new
			// neighbour did (it told its old neighbours, not the mover).
			const redo = !tellNeighbours || (!linked && (otherBits & SPEAKER_CHANGED) !== 0);
			let crossed = 0;
			if (!redo) {
				// Otherwise the pair can change only if its distance passed a
				// threshold that matters in its state or, under a binding cap, took
				// it across the cap's boundary. A pair that was not linked was beyond
				// the query radius before, so the same test holds for it. (A
				// neighbour that did not move is where the query found it.)
				const moved = (otherBits & MOVED) !== 0;
				// pairDistance(previous positions), spelled out (see pair-distance.ts).
				const dx = previousX - (moved ? previous[other * 2]! : positions[2 * i]!);
				const dy = previousY - (moved ? previous[other * 2 + 1]! : positions[2 * i + 1]!);
				handoff[BEFORE] = Math.sqrt(dx * dx + dy * dy);
				handoff[AFTER] = distances[i]!;
				crossed = thresholds.crossed(handoff);
			}
			// Way 0: the neighbour listens to the mover (unless the mover told it
			// already); way 1: the mover listens to it (unless redone in full).
			for (let way = 0; way < 2; way++) {
				if (way === 0 ? !tellNeighbours && linked : !decideSelf) continue;
				const listenerBits = way === 0 ? otherBits : moverBits;
				const state = data[offset + (way === 0 ? ROW_STATE_IN : ROW_STATE)]!;
				let mark = redo || (crossed & thresholds.relevant(state)) !== 0;
				if (!mark && (listenerBits & CAPPED) !== 0 && ((moverBits | otherBits) & BLOCKED) === 0) {
					// Under a binding cap. Only proximity pairs depend on distance,
					// and a zone pair only through the cap order: the members whose
					// cap binds re-decide their zone (below).
					const otherZone = zoneOf[other]!;
					if (moverZone >= 0 || otherZone >= 0) mark = moverZone === otherZone;
					else if (((way === 0 ? moverBits : otherBits) & ACTIVE_SPOT) === 0) mark = !this.#keepsCapSides(way === 0 ? other : slot, state, listenerBits);
				}
				if (mark) this.#markLocal(way === 0 ? other : slot, way === 0 ? slot : other, way === 0 ? data[offset + ROW_TWIN]! : index);
			}
		}
		// Entries the query did not find again are out of range now. Going down
		// from the last one the row had, each unlink moves into the freed entry
		// one that was already looked at (or was just linked).
		for (let index = size - 1; index >= 0; index--) {
			if (rowIndex.isFound(index)) continue;
			const offset = start + index * ROW_STRIDE;
			const other = data[offset + ROW_SPEAKER]!;
			const stateIn = data[offset + ROW_STATE_IN]!;
			const state = data[offset + ROW_STATE]!;
			pairs.unlinkAt(slot, index);
			// Out of the query radius now: only the thresholds the distance passed
			// on the way out matter, as above (a zone or spotlight edge has none,
			// and a mover that joined or changed told this neighbour already).
			// Neither relinks them again this tick: their states are far states
			// now (far-states.ts).
			if (!tellNeighbours && !decideSelf) continue;
			const moved = (bits[other]! & MOVED) !== 0;
			// pairDistance(previous positions) and pairDistance(positions), spelled out.
			const dx = previousX - (moved ? previous[other * 2]! : position[other * 2]!);
			const dy = previousY - (moved ? previous[other * 2 + 1]! : position[other * 2 + 1]!);
			handoff[BEFORE] = Math.sqrt(dx * dx + dy * dy);
			const nx = position[slot * 2]! - position[other * 2]!;
			const ny = position[slot * 2 + 1]! - position[other * 2 + 1]!;
			handoff[AFTER] = Math.sqrt(nx * nx + ny * ny);
			const crossed = thresholds.crossed(handoff);
			if (tellNeighbours && (crossed & thresholds.relevant(stateIn)) !== 0) this.#markLocal(other, slot, NOT_IN_ROW);
			if (decideSelf && (crossed & thresholds.relevant(state)) !== 0) this.#markLocal(slot, other, NOT_IN_ROW);
		}
		bits[slot] = bits[slot]! | RELINKED;
		// Inside a private zone distance only orders a binding cap: members whose
		// cap binds must re-decide (the others cannot change), and so must the
		// mover itself if its cap binds.
		const zone = zoneOf[slot]!;
		if (zone >= 0) {
			if (tellNeighbours) {
				const members = this.#zoneMembers[zone]!;
				for (let m = 0; m < members.length; m++) {
					const member = members.at(m);
					if ((bits[member]! & CAPPED) !== 0) this.#markLocal(member, slot);
				}
			}
			if (decideSelf && (moverBits & CAPPED) !== 0) this.#markFull(slot);
		}
	}

	/**
	 * For a listener whose caps bind, and its proximity pair in `state` whose
	 * distance went from `#handoff[BEFORE]` to `#handoff[AFTER]` without passing
	 * a threshold that matters (one or both of them moved): true when the pair
	 * keeps its place on the right side of every cap boundary, so the listener
	 * need not re-decide it. Widens the listener's bounds to the pair's new
	 * keys, the way `#evaluateCapped` does, so later checks in the same tick see
	 * it.
	 */
	#keepsCapSides(listener: number, state: number, listenerBits: number): boolean {
		if (isEdge(state) && reasonOf(state) !== REASON_PROXIMITY) return false;
		const options = this.options;
		const before = this.#handoff[BEFORE]!;
		const after = this.#handoff[AFTER]!;
		const wasEdge = isEdge(state);
		const prewarmed = state === PAIR_PREWARM;
		// Same thresholds, so eligibility is as before. In each pool, a pair that
		// holds its slot and came no farther, or one without a slot that went no
		// nearer, keeps its side of the boundary, and the bounds already cover
		// its new key: only the other two moves need a look at them.
		const edgeEligible = after <= options.enterRadius || (wasEdge && after <= options.leaveRadius);
		const videoPool = wasEdge && (listenerBits & AUDIO_ONLY) === 0;
		const prewarmPool = !wasEdge && (after <= options.prewarmRadius || (prewarmed && after <= options.prewarmRadius + options.prewarmHysteresis));
		const edgeCheck = edgeEligible && (wasEdge ? after > before : after < before);
		const videoCheck = videoPool && (hasVideo(state) ? after > before : after < before);
		const prewarmCheck = prewarmPool && (prewarmed ? after > before : after < before);
		if (!edgeCheck && !videoCheck && !prewarmCheck) return true;

		// A holder moving away may fall behind the nearest waiting pair; a waiting
		// pair coming closer may overtake the farthest holder. Either way its new
		// key must stay on its side of the bound of the other side, and then
		// widens the bound of its own side, the way `#evaluateCapped` does.
		const video = hasVideo(state);
		const bounds = this.#bounds;
		const at = listener * BOUND_STRIDE;
		const key = after - options.capHysteresis;
		if (edgeCheck && (wasEdge ? key >= bounds[at + CAP_INCLUSION + REJECTED]! : after <= bounds[at + CAP_INCLUSION + SELECTED]!)) return false;
		if (videoCheck && (video ? key >= bounds[at + CAP_VIDEO + REJECTED]! : after <= bounds[at + CAP_VIDEO + SELECTED]!)) return false;
		if (prewarmCheck && (prewarmed ? key >= bounds[at + CAP_PREWARM + REJECTED]! : after <= bounds[at + CAP_PREWARM + SELECTED]!)) return false;
		const handoff = this.#handoff;
		if (edgeCheck) widen(bounds, at + CAP_INCLUSION, wasEdge, handoff, AFTER, options.capHysteresis);
		if (videoCheck) widen(bounds, at + CAP_VIDEO, video, handoff, AFTER, options.capHysteresis);
		if (prewarmCheck) widen(bounds, at + CAP_PREWARM, prewarmed, handoff, AFTER, options.capHysteresis);
		return true;
	}

	/** Re-decides every speaker of one listener: candidates, caps, prewarm, then the diff. */
	#evaluateFull(listener: number): void {
		const options = this.options;
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const seen = this.#seen;
		const listenerBits = bits[listener]!;
		const x = position[listener * 2]!;
		const y = position[listener * 2 + 1]!;
		const pairs = this.#pairs;
		const data = pairs.data;
		const start = pairs.start(listener);
		const size = pairs.size(listener);
		const far = pairs.far;
		const zone = zoneOf[listener]!;
		const distant = zone >= 0 ? this.#zoneMembers[zone]! : this.#spotlights;
		if (this.#candSlot.length < size + distant.length) this.#reserveCandidates(size + distant.length);
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
		for (let index = 0, o = start; index < size; index++, o += ROW_STRIDE) {
			const speaker = data[o + ROW_SPEAKER]!;
			const prev = data[o + ROW_STATE]!;
			const speakerBits = bits[speaker]!;
			const speakerZone = zoneOf[speaker]!;
			let candidateClass = -1;
			let reason = REASON_PROXIMITY;
			// pairDistance(listener, speaker), spelled out (see pair-distance.ts).
			const dx = x - position[speaker * 2]!;
			const dy = y - position[speaker * 2 + 1]!;
			const d = Math.sqrt(dx * dx + dy * dy);
			distances[n] = d;
			if (!blocked && (speakerBits & BLOCKED) === 0) {
				if (zone >= 0 || speakerZone >= 0) {
					if (zone === speakerZone) {
						candidateClass = CLASS_FIRST;
						reason = REASON_PRIVATE_ZONE;
					}
				} else if ((speakerBits & ACTIVE_SPOT) !== 0) {
					candidateClass = CLASS_FIRST;
					reason = REASON_SPOTLIGHT;
					// A stage is heard the same everywhere.
					distances[n] = 0;
				} else if (d <= options.enterRadius || (isEdge(prev) && d <= options.leaveRadius)) {
					candidateClass = CLASS_PROXIMITY;
				} else if (this.#prewarmAllowed(distances, n, prev)) {
					candidateClass = CLASS_PREWARM_ONLY;
				}
			}
			if (candidateClass < 0) {
				if (prev !== PAIR_NONE) {
					this.#emit(listener, speaker, prev, PAIR_NONE);
					pairs.setState(listener, index, PAIR_NONE);
				}
				continue;
			}
			seen[speaker] = stamp;
			slots[n] = speaker;
			classes[n] = candidateClass;
			reasons[n] = reason;
			previous[n] = prev;
			locations[n] = index;
			next[n] = PAIR_NONE;
			if (candidateClass === CLASS_PREWARM_ONLY) prewarmOrder[prewarmCandidates++] = n;
			else order[eligible++] = n;
			n++;
		}
		// Spotlight speakers and zone members beyond the row: far states.
		let farFound = 0;
		if (!blocked) {
			for (let i = 0; i < distant.length; i++) {
				const speaker = distant.at(i);
				if (speaker === listener || seen[speaker] === stamp || (bits[speaker]! & BLOCKED) !== 0) continue;
				seen[speaker] = stamp;
				const prev = far.get(listener, speaker);
				if (prev !== PAIR_NONE) farFound++;
				slots[n] = speaker;
				classes[n] = CLASS_FIRST;
				reasons[n] = zone >= 0 ? REASON_PRIVATE_ZONE : REASON_SPOTLIGHT;
				if (zone >= 0) {
					const dx = x - position[speaker * 2]!;
					const dy = y - position[speaker * 2 + 1]!;
					distances[n] = Math.sqrt(dx * dx + dy * dy);
				} else {
					distances[n] = 0;
				}
				previous[n] = prev;
				locations[n] = -1;
				next[n] = PAIR_NONE;
				order[eligible++] = n;
				n++;
			}
		}
		// Far states of speakers that are no longer candidates go (none when every one was found above).
		if (far.count(listener) > farFound) {
			const farSpeakers = this.#farSpeakers;
			const farStates = this.#farStates;
			for (let i = far.entries(listener, farSpeakers, farStates) - 1; i >= 0; i--) {
				const speaker = farSpeakers[i]!;
				if (seen[speaker] === stamp) continue;
				this.#emit(listener, speaker, farStates[i]!, PAIR_NONE);
				far.set(listener, speaker, PAIR_NONE);
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
				if (classes[i] === CLASS_PROXIMITY && this.#prewarmAllowed(distances, i, previous[i]!)) {
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
			const band = classes[i] === CLASS_PROXIMITY ? this.#band(distances, i, bandOf(previous[i]!)) : BAND_NEAR;
			next[i] = packEdge(band, k < videoCount, reasons[i]!);
		}
		let prewarmed = prewarmCandidates;
		if (prewarmCandidates > options.maxPrewarmPeers) {
			capped = true;
			prewarmed = options.maxPrewarmPeers;
			this.#rankPrewarmKeys(prewarmOrder, prewarmCandidates);
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
			if (location >= 0) pairs.setState(listener, location, state);
			else far.set(listener, speaker, state);
		}
		const counts = this.#counts;
		const at = listener * COUNT_STRIDE;
		counts[at + COUNT_EDGES] = included;
		counts[at + COUNT_VIDEOS] = videoCount;
		counts[at + COUNT_PREWARMS] = prewarmed;
		bits[listener] = capped ? bits[listener]! | CAPPED : bits[listener]! & ~CAPPED;
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
		bounds[at + CAP_INCLUSION + SELECTED] = inclusionSel;
		bounds[at + CAP_INCLUSION + REJECTED] = inclusionRej;
		bounds[at + CAP_VIDEO + SELECTED] = videoSel;
		bounds[at + CAP_VIDEO + REJECTED] = videoRej;
		bounds[at + CAP_PREWARM + SELECTED] = prewarmSel;
		bounds[at + CAP_PREWARM + REJECTED] = prewarmRej;
	}

	/**
	 * Re-decides only the pending pairs of a listener whose caps do not bind:
	 * then each pair's fate depends on that pair alone. Falls back to a full
	 * evaluation when the result would bind a cap.
	 */
	#evaluateLocal(listener: number): void {
		const bits = this.#bits;
		const seen = this.#seen;
		const pendingHead = this.#pendingHead;
		const data = this.#pairs.data;
		const start = this.#pairs.start(listener);
		const size = this.#pairs.size(listener);
		const far = this.#pairs.far;
		const indexed = this.#indexRowIfLong(listener);
		const stamp = ++this.#stamp;
		if (this.#localSlot.length < this.#pendingLength) this.#reserveLocal(this.#pendingLength);
		const slots = this.#localSlot;
		const locations = this.#localLocation;
		const previousStates = this.#localPrevious;
		const nextStates = this.#localNext;
		let changes = 0;
		let edgeDelta = 0;
		let prewarmDelta = 0;
		for (let p = pendingHead[listener]!; p >= 0; p = this.#pendingNext[p]!) {
			const speaker = this.#pendingSpeaker[p]!;
			if (seen[speaker] === stamp) continue;
			seen[speaker] = stamp;
			const location = this.#locate(data, start, size, speaker, indexed, this.#pendingHint[p]!);
			const previous = location >= 0 ? data[start + location * ROW_STRIDE + ROW_STATE]! : far.get(listener, speaker);
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
		const audioOnly = (bits[listener]! & AUDIO_ONLY) !== 0;
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
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const listenerBits = bits[listener]!;
		const speakerBits = bits[speaker]!;
		if ((speakerBits & STATUS_MASK) !== LIVE || ((listenerBits | speakerBits) & BLOCKED) !== 0) return PAIR_NONE;
		const video = (listenerBits & AUDIO_ONLY) === 0;
		const listenerZone = zoneOf[listener]!;
		const speakerZone = zoneOf[speaker]!;
		if (listenerZone >= 0 || speakerZone >= 0) {
			return listenerZone === speakerZone ? packEdge(BAND_NEAR, video, REASON_PRIVATE_ZONE) : PAIR_NONE;
		}
		if ((speakerBits & ACTIVE_SPOT) !== 0) return packEdge(BAND_NEAR, video, REASON_SPOTLIGHT);
		// pairDistance(listener, speaker), spelled out (see pair-distance.ts).
		const dx = position[listener * 2]! - position[speaker * 2]!;
		const dy = position[listener * 2 + 1]! - position[speaker * 2 + 1]!;
		const scratch = this.#handoff;
		scratch[AFTER] = Math.sqrt(dx * dx + dy * dy);
		const d = scratch[AFTER]!;
		const options = this.options;
		if (d <= options.enterRadius || (isEdge(previous) && d <= options.leaveRadius)) {
			return packEdge(this.#band(scratch, AFTER, bandOf(previous)), video, REASON_PROXIMITY);
		}
		return this.#prewarmAllowed(scratch, AFTER, previous) ? PAIR_PREWARM : PAIR_NONE;
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
	 *
	 * When the edges are proven settled but a video or prewarm slot may change
	 * hands (most often a pair at the boundary of a crowded listener's video or
	 * prewarm cap), only that cap is decided again (`#reselectCap`): cheaper
	 * than a full evaluation, with the same result.
	 */
	#evaluateCapped(listener: number): void {
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const seen = this.#seen;
		const pendingHead = this.#pendingHead;
		if (this.#spotlightsChanged || zoneOf[listener]! >= 0) {
			this.#evaluateFull(listener);
			return;
		}
		const options = this.options;
		const bonus = options.capHysteresis;
		const data = this.#pairs.data;
		const start = this.#pairs.start(listener);
		const size = this.#pairs.size(listener);
		const far = this.#pairs.far;
		const indexed = this.#indexRowIfLong(listener);
		const stamp = ++this.#stamp;
		if (this.#localSlot.length < this.#pendingLength) this.#reserveLocal(this.#pendingLength);
		const slots = this.#localSlot;
		const locations = this.#localLocation;
		const previousStates = this.#localPrevious;
		const distances = this.#localDistance;
		const changeFlags = this.#localFlags;
		const listenerBits = bits[listener]!;
		const audioOnly = (listenerBits & AUDIO_ONLY) !== 0;
		const x = position[listener * 2]!;
		const y = position[listener * 2 + 1]!;

		// 1. What each changed pair had, and what it may have now.
		let changes = 0;
		for (let p = pendingHead[listener]!; p >= 0; p = this.#pendingNext[p]!) {
			const speaker = this.#pendingSpeaker[p]!;
			if (seen[speaker] === stamp) continue;
			seen[speaker] = stamp;
			const speakerBits = bits[speaker]!;
			// The spotlight set did not change this tick, and distance never matters to a spotlight pair.
			if ((speakerBits & ACTIVE_SPOT) !== 0) continue;
			const location = this.#locate(data, start, size, speaker, indexed, this.#pendingHint[p]!);
			const previous = location >= 0 ? data[start + location * ROW_STRIDE + ROW_STATE]! : far.get(listener, speaker);
			if (isEdge(previous) && reasonOf(previous) !== REASON_PROXIMITY) {
				this.#evaluateFull(listener);
				return;
			}
			let d = Infinity;
			if ((speakerBits & STATUS_MASK) === LIVE && ((listenerBits | speakerBits) & BLOCKED) === 0 && zoneOf[speaker]! < 0) {
				// pairDistance(listener, speaker), spelled out (see pair-distance.ts).
				const dx = x - position[speaker * 2]!;
				const dy = y - position[speaker * 2 + 1]!;
				d = Math.sqrt(dx * dx + dy * dy);
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
			boundAt + CAP_INCLUSION,
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
				boundAt + CAP_VIDEO,
			);
			// The edges are settled: a video slot that may change hands is decided
			// among the edges alone.
			if (videoDelta === CAP_UNSAFE) videoDelta = this.#reselectCap(listener, changes, true) - counts[countAt + COUNT_VIDEOS]!;
		}
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			if ((flags & IS_EDGE) === 0 && (flags & PREWARM_ELIGIBLE) !== 0) changeFlags[c] = flags | IN_PREWARM_POOL;
		}
		let prewarmDelta = this.#applyCap(
			changes,
			WAS_PREWARM,
			IN_PREWARM_POOL,
			IS_PREWARM,
			options.maxPrewarmPeers - counts[countAt + COUNT_PREWARMS]!,
			boundAt + CAP_PREWARM,
		);
		// Likewise for the prewarm slots, among the pairs without an edge.
		if (prewarmDelta === CAP_UNSAFE) prewarmDelta = this.#reselectCap(listener, changes, false) - counts[countAt + COUNT_PREWARMS]!;

		// 3. Commit the changed pairs and widen the bounds for next time (a cap
		// just re-selected has exact bounds, which its pairs leave as they are).
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]!;
			const previous = previousStates[c]!;
			let next = PAIR_NONE;
			if ((flags & IS_EDGE) !== 0) {
				next = packEdge(this.#band(distances, c, bandOf(previous)), (flags & IS_VIDEO) !== 0, REASON_PROXIMITY);
				widen(bounds, boundAt + CAP_INCLUSION, true, distances, c, bonus);
				if (!audioOnly) widen(bounds, boundAt + CAP_VIDEO, (flags & IS_VIDEO) !== 0, distances, c, bonus);
			} else {
				if ((flags & EDGE_ELIGIBLE) !== 0) widen(bounds, boundAt + CAP_INCLUSION, false, distances, c, bonus);
				if ((flags & IN_PREWARM_POOL) !== 0) widen(bounds, boundAt + CAP_PREWARM, (flags & IS_PREWARM) !== 0, distances, c, bonus);
				if ((flags & IS_PREWARM) !== 0) next = PAIR_PREWARM;
			}
			this.#store(listener, slots[c]!, locations[c]!, previous, next);
		}
		counts[countAt + COUNT_EDGES] = counts[countAt + COUNT_EDGES]! + edgeDelta;
		counts[countAt + COUNT_VIDEOS] = counts[countAt + COUNT_VIDEOS]! + videoDelta;
		counts[countAt + COUNT_PREWARMS] = counts[countAt + COUNT_PREWARMS]! + prewarmDelta;
	}

	/**
	 * Decides the video cap (`forVideo`) or the prewarm cap of a capped
	 * listener anew, over all its candidates, inside `#evaluateCapped` once the
	 * edges are settled (the inclusion cap was proven safe): the pool is then
	 * known without a full evaluation, namely the listener's edges for video,
	 * and for prewarm the allowed proximity pairs without an edge within the
	 * prewarm radius. Ranks them as `#evaluateFull` does, so the result is
	 * the same. The changed pairs (the first `changes` of the local arrays)
	 * get the cap's IS_ flag when selected; every other pair whose slot changes
	 * is stored (and reported) at once. Records the cap's bounds exactly and
	 * returns how many slots are taken.
	 */
	#reselectCap(listener: number, changes: number, forVideo: boolean): number {
		const options = this.options;
		const bonus = options.capHysteresis;
		const position = this.#position;
		const bits = this.#bits;
		const zoneOf = this.#zoneOf;
		const pairs = this.#pairs;
		const data = pairs.data;
		const start = pairs.start(listener);
		const size = pairs.size(listener);
		const far = pairs.far;
		const farCount = forVideo ? far.count(listener) : 0;
		if (this.#candSlot.length < size + farCount + changes) this.#reserveCandidates(size + farCount + changes);
		if (this.#entryMark.length < size) this.#entryMark = new Int32Array(2 * size);
		const inPool = forVideo ? IN_VIDEO_POOL : IN_PREWARM_POOL;
		const gets = forVideo ? IS_VIDEO : IS_PREWARM;
		const changeSlots = this.#localSlot;
		const changeLocations = this.#localLocation;
		const changeDistances = this.#localDistance;
		const changeFlags = this.#localFlags;
		const slots = this.#candSlot;
		const classes = this.#candClass;
		const distances = this.#candDistance;
		const previous = this.#candPrevious;
		const locations = this.#candLocation;
		/** Per candidate: its index among the changed pairs, or -1. */
		const changeOf = this.#candNext;
		const order = this.#order;
		const entryMark = this.#entryMark;
		const mark = ++this.#stamp;

		// 1. The pool: the changed pairs in it (at the distance they have now),
		// then every other pair in it, whose state did not change. Each ranks by
		// the state it had, as in `#evaluateFull`.
		let n = 0;
		for (let c = 0; c < changes; c++) {
			const flags = changeFlags[c]! & ~gets;
			changeFlags[c] = flags;
			if (changeLocations[c]! >= 0) entryMark[changeLocations[c]!] = mark;
			if ((flags & inPool) === 0) continue;
			distances[n] = changeDistances[c]!;
			this.#addCandidate(n++, changeSlots[c]!, this.#localPrevious[c]!, changeLocations[c]!, c);
		}
		const listenerBits = bits[listener]!;
		const x = position[listener * 2]!;
		const y = position[listener * 2 + 1]!;
		for (let index = 0, o = start; index < size; index++, o += ROW_STRIDE) {
			if (entryMark[index] === mark) continue;
			const state = data[o + ROW_STATE]!;
			const speaker = data[o + ROW_SPEAKER]!;
			if (forVideo ? !isEdge(state) : isEdge(state)) continue;
			if (!forVideo) {
				// Allowed (see `#uncappedPairState`): the listener is in no zone here.
				const speakerBits = bits[speaker]!;
				if ((speakerBits & STATUS_MASK) !== LIVE || ((listenerBits | speakerBits) & BLOCKED) !== 0 || (speakerBits & ACTIVE_SPOT) !== 0 || zoneOf[speaker]! >= 0) continue;
			}
			// pairDistance(listener, speaker), spelled out (see pair-distance.ts).
			const dx = x - position[speaker * 2]!;
			const dy = y - position[speaker * 2 + 1]!;
			distances[n] = Math.sqrt(dx * dx + dy * dy);
			if (!forVideo && !this.#prewarmAllowed(distances, n, state)) continue;
			this.#addCandidate(n++, speaker, state, index, -1);
		}
		// Edges beyond the row: spotlight speakers far away. (A far state that is
		// not an edge is always among the changed pairs: it just left the row.)
		if (farCount > 0) {
			const farSpeakers = this.#farSpeakers;
			const farStates = this.#farStates;
			for (let i = far.entries(listener, farSpeakers, farStates) - 1; i >= 0; i--) {
				const speaker = farSpeakers[i]!;
				const state = farStates[i]!;
				if (!isEdge(state) || isChanged(changeSlots, changeLocations, changes, speaker)) continue;
				const dx = x - position[speaker * 2]!;
				const dy = y - position[speaker * 2 + 1]!;
				distances[n] = Math.sqrt(dx * dx + dy * dy);
				this.#addCandidate(n++, speaker, state, -1, -1);
			}
		}

		// 2. Rank, select, and hand out the slots.
		if (forVideo) this.#rankKeys(order, n, true);
		else this.#rankPrewarmKeys(order, n);
		const taken = Math.min(n, forVideo ? options.maxVideoPeers : options.maxPrewarmPeers);
		this.#selectTop(order, n, taken);
		let selectedBound = -Infinity;
		let rejectedBound = Infinity;
		for (let k = 0; k < n; k++) {
			const i = order[k]!;
			const selected = k < taken;
			if (classes[i] === CLASS_PROXIMITY) {
				if (selected) selectedBound = Math.max(selectedBound, distances[i]! - bonus);
				else rejectedBound = Math.min(rejectedBound, distances[i]!);
			}
			const c = changeOf[i]!;
			if (c >= 0) {
				if (selected) changeFlags[c] = changeFlags[c]! | gets;
				continue;
			}
			const state = previous[i]!;
			const next = forVideo ? packEdge(bandOf(state), selected, reasonOf(state)) : selected ? PAIR_PREWARM : PAIR_NONE;
			this.#store(listener, slots[i]!, locations[i]!, state, next);
		}
		const bounds = this.#bounds;
		const at = listener * BOUND_STRIDE + (forVideo ? CAP_VIDEO : CAP_PREWARM);
		bounds[at + SELECTED] = selectedBound;
		bounds[at + REJECTED] = rejectedBound;
		return taken;
	}

	/**
	 * Records, at candidate index n, a pair of `#reselectCap` (its distance is
	 * already at `#candDistance[n]`): the speaker, the state the pair had, its
	 * entry in the row (-1: a far state) and its index among the changed pairs
	 * (-1: unchanged). Spotlight and zone edges class first, as in
	 * `#evaluateFull`.
	 */
	#addCandidate(n: number, speaker: number, previous: number, location: number, change: number): void {
		const reason = isEdge(previous) ? reasonOf(previous) : REASON_PROXIMITY;
		this.#candSlot[n] = speaker;
		this.#candClass[n] = reason === REASON_PROXIMITY ? CLASS_PROXIMITY : CLASS_FIRST;
		this.#candReason[n] = reason;
		this.#candPrevious[n] = previous;
		this.#candLocation[n] = location;
		this.#candNext[n] = change;
		this.#order[n] = n;
	}

	/**
	 * One cap of `#evaluateCapped` over the changed pairs: a pair had the slot
	 * (`had` flag) and is in the cap's pool now (`inPool` flag); sets the `gets`
	 * flag on those that keep or take a slot. Returns the change in the number
	 * of slots taken, or CAP_UNSAFE when only a full evaluation can tell.
	 */
	#applyCap(changes: number, had: number, inPool: number, gets: number, free: number, boundsAt: number): number {
		const changeFlags = this.#localFlags;
		const distances = this.#localDistance;
		const selectedBound = this.#bounds[boundsAt + SELECTED]!;
		const rejectedBound = this.#bounds[boundsAt + REJECTED]!;
		const bonus = this.options.capHysteresis;
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

	/**
	 * Distance band with hysteresis: a band is kept until its threshold is
	 * passed by bandHysteresis. The distance is `distances[i]` (a double
	 * argument would be allocated when this is not inlined).
	 */
	#band(distances: Float64Array, i: number, previousBand: number): number {
		const d = distances[i]!;
		const options = this.options;
		const nearLimit = options.nearBandRadius + (previousBand === BAND_NEAR ? options.bandHysteresis : 0);
		if (d <= nearLimit) return BAND_NEAR;
		const keepsMid = previousBand === BAND_NEAR || previousBand === BAND_MID;
		const midLimit = options.midBandRadius + (keepsMid ? options.bandHysteresis : 0);
		return d <= midLimit ? BAND_MID : BAND_FAR;
	}

	/** Whether a pair without an edge, at distance `distances[i]`, may be prewarmed. */
	#prewarmAllowed(distances: Float64Array, i: number, previous: number): boolean {
		const d = distances[i]!;
		const options = this.options;
		return d <= options.prewarmRadius || (previous === PAIR_PREWARM && d <= options.prewarmRadius + options.prewarmHysteresis);
	}

	/**
	 * Sort keys for the caps. Spotlight speakers all count as distance 0 (a
	 * stage is heard the same everywhere), so listeners do not need
	 * re-deciding when a spotlight speaker walks about on stage.
	 */
	#rankKeys(order: Int32Array, count: number, forVideo: boolean): void {
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
	 * Sort keys for the prewarm cap: its candidates rank among themselves by
	 * distance, whatever their class said before, a held prewarm
	 * capHysteresis nearer.
	 */
	#rankPrewarmKeys(order: Int32Array, count: number): void {
		const bonus = this.options.capHysteresis;
		for (let k = 0; k < count; k++) {
			const i = order[k]!;
			this.#candClass[i] = CLASS_PROXIMITY;
			this.#candKey[i] = this.#candDistance[i]! - (this.#candPrevious[i] === PAIR_PREWARM ? bonus : 0);
		}
	}

	/**
	 * Partitions `order[0, count)` so that its first `k` entries are the best
	 * `k` by class, then key, then player id (in no particular order: a cap
	 * only needs the set). Small inputs, the usual case, are done in place by
	 * repeatedly picking the best (or worst) of the rest; large ones are sorted.
	 */
	#selectTop(order: Int32Array, count: number, k: number): void {
		if (k >= count || k <= 0) return;
		if (count > SELECTION_IN_PLACE_MAX) {
			order.subarray(0, count).sort(this.#compareBound);
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

	/** Makes room for `n` candidates (a listener's row and distant speakers). */
	#reserveCandidates(n: number): void {
		const length = 2 * n;
		this.#candSlot = new Int32Array(length);
		this.#candClass = new Int32Array(length);
		this.#candReason = new Int32Array(length);
		this.#candDistance = new Float64Array(length);
		this.#candPrevious = new Int32Array(length);
		this.#candLocation = new Int32Array(length);
		this.#candKey = new Float64Array(length);
		this.#candNext = new Int32Array(length);
		this.#order = new Int32Array(length);
		this.#prewarmOrder = new Int32Array(length);
	}

	/** Makes room for `n` changed pairs of one listener (at most all the pairs queued this tick). */
	#reserveLocal(n: number): void {
		const length = 2 * n;
		this.#localSlot = new Int32Array(length);
		this.#localLocation = new Int32Array(length);
		this.#localPrevious = new Int32Array(length);
		this.#localNext = new Int32Array(length);
		this.#localDistance = new Float64Array(length);
		this.#localFlags = new Int32Array(length);
	}

	/** Entry index of `speaker` in the row at `data[start]`, or -1 (then its state, if any, is a far state). */
	#locate(data: Int32Array, start: number, size: number, speaker: number, indexedStamp: number, hint: number): number {
		if (hint >= 0 && hint < size && data[start + hint * ROW_STRIDE + ROW_SPEAKER] === speaker) return hint;
		if (hint === NOT_IN_ROW) return -1;
		if (indexedStamp !== 0) {
			return this.#rowMark[speaker] === indexedStamp ? this.#rowPos[speaker]! : -1;
		}
		for (let index = 0, o = start; index < size; index++, o += ROW_STRIDE) if (data[o + ROW_SPEAKER] === speaker) return index;
		return -1;
	}

	/**
	 * For long rows (crowds), records each neighbour's entry index in
	 * `#rowPos` so `#locate` is O(1); returns the stamp (in `#rowMark`) that
	 * validates them, or 0 when the row is short enough to scan.
	 */
	#indexRowIfLong(listener: number): number {
		const pairs = this.#pairs;
		const size = pairs.size(listener);
		if (size <= ROW_SCAN_MAX) return 0;
		const data = pairs.data;
		const rowMark = this.#rowMark;
		const rowPos = this.#rowPos;
		const stamp = ++this.#stamp;
		for (let index = 0, o = pairs.start(listener); index < size; index++, o += ROW_STRIDE) {
			const neighbour = data[o + ROW_SPEAKER]!;
			rowMark[neighbour] = stamp;
			rowPos[neighbour] = index;
		}
		return stamp;
	}

	/** Writes a pair's new state (row entry or far state) and reports the transition. */
	#store(listener: number, speaker: number, location: number, previous: number, next: number): void {
		if (previous === next) return;
		this.#emit(listener, speaker, previous, next);
		if (location >= 0) this.#pairs.setState(listener, location, next);
		else this.#pairs.far.set(listener, speaker, next);
	}

	#updateSpotlight(slot: number): void {
		const bits = this.#bitsOf(slot);
		const active = (bits & SPOTLIGHT) !== 0 && (bits & BLOCKED) === 0 && this.#zone(slot) < 0;
		if (active === ((bits & ACTIVE_SPOT) !== 0)) return;
		this.#setBits(slot, active ? bits | ACTIVE_SPOT : bits & ~ACTIVE_SPOT);
		this.#spotlightsChanged = true;
		if (active) {
			this.#spotlights.push(slot);
			this.#pairs.far.openColumn(slot);
		} else {
			this.#spotlights.delete(slot);
			this.#pairs.far.closeColumn(slot);
		}
		// Every listener in the world has a pair with a spotlight speaker.
		this.#notifyEveryone(slot);
	}

	#notifyNeighbours(slot: number): void {
		const pairs = this.#pairs;
		const data = pairs.data;
		const end = pairs.start(slot) + pairs.size(slot) * ROW_STRIDE;
		for (let o = pairs.start(slot); o < end; o += ROW_STRIDE) this.#markLocal(data[o + ROW_SPEAKER]!, slot);
	}

	#notifyMembers(members: SlotList, slot: number): void {
		for (let i = 0; i < members.length; i++) this.#markLocal(members.at(i), slot);
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
		const bits = this.#bits[listener]!;
		if (listener === speaker || (bits & STATUS_MASK) !== LIVE || (bits & DIRTY_FULL) !== 0) return;
		const pendingHead = this.#pendingHead;
		if ((bits & DIRTY_LOCAL) === 0) {
			this.#bits[listener] = bits | DIRTY_LOCAL;
			pendingHead[listener] = -1;
			this.#dirtyList.push(listener);
		}
		const p = this.#pendingLength++;
		this.#pendingSpeaker[p] = speaker;
		this.#pendingHint[p] = hint;
		this.#pendingNext[p] = pendingHead[listener]!;
		pendingHead[listener] = p;
	}

	/** The listener itself changed: re-decide all its pairs. */
	#markFull(listener: number): void {
		const bits = this.#bitsOf(listener);
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
		const pairs = this.#pairs;
		const data = pairs.data;
		const end = pairs.start(listener) + pairs.size(listener) * ROW_STRIDE;
		for (let o = pairs.start(listener); o < end; o += ROW_STRIDE) take(data[o + ROW_SPEAKER]!, data[o + ROW_STATE]!);
		const farSpeakers = this.#farSpeakers;
		const farStates = this.#farStates;
		for (let i = pairs.far.entries(listener, farSpeakers, farStates) - 1; i >= 0; i--) take(farSpeakers[i]!, farStates[i]!);
	}

	#bitsOf(slot: number): number {
		return this.#bits[slot]!;
	}

	#setBits(slot: number, bits: number): void {
		this.#bits[slot] = bits;
	}

	#status(slot: number): number {
		return this.#bitsOf(slot) & STATUS_MASK;
	}

	#setStatus(slot: number, status: number): void {
		this.#setBits(slot, (this.#bitsOf(slot) & ~STATUS_MASK) | status);
	}

	#zone(slot: number): number {
		return this.#zoneOf[slot]!;
	}

	#internZone(id: string): number {
		let zone = this.#zoneIds.get(id);
		if (zone === undefined) {
			zone = this.#zoneMembers.length;
			this.#zoneIds.set(id, zone);
			this.#zoneMembers.push(new SlotList());
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
			this.#changedMark.push(0);
			this.#leavingMark.push(0);
			this.#pairs.ensure(slot);
		}
		this.#ids[slot] = id;
		this.#counts.fill(0, slot * COUNT_STRIDE, (slot + 1) * COUNT_STRIDE);
		this.#bits[slot] = PENDING;
		this.#zoneOf[slot] = -1;
		this.#pendingHead[slot] = -1;
		this.#idToSlot.set(id, slot);
		return slot;
	}

	/** Makes room for `size` slots, doubling the typed arrays when full. */
	#grow(size: number): void {
		if (size <= this.#bits.length) {
			this.#slotCount = size;
			return;
		}
		const slots = Math.max(64, size, this.#bits.length * 2);
		this.#position = grown(this.#position, slots * 2);
		this.#previous = grown(this.#previous, slots * 2);
		this.#bits = grown(this.#bits, slots);
		this.#zoneOf = grown(this.#zoneOf, slots);
		this.#pendingHead = grown(this.#pendingHead, slots);
		this.#seen = grown(this.#seen, slots);
		this.#rowMark = grown(this.#rowMark, slots);
		this.#rowPos = grown(this.#rowPos, slots);
		this.#counts = grown(this.#counts, slots * COUNT_STRIDE);
		this.#bounds = grown(this.#bounds, slots * BOUND_STRIDE);
		this.#slotCount = size;
	}

	/**
	 * Renumbers the slots in map order, between ticks (every per-tick list is
	 * empty, every slot LIVE or FREE): avatars that are near each other get
	 * nearby slots, so the per-slot records, rows and cells a mover reads for
	 * its neighbours share cache lines. Avatars join in no particular order,
	 * and at ten thousand of them the records outgrow the core's cache. Free
	 * slots are dropped on the way. Results never depend on slot numbers (ties
	 * go by player id), only the memory layout changes.
	 */
	#reorderSlots(): void {
		this.#ticksSinceReorder = 0;
		this.#joinedSinceReorder = 0;
		const oldCount = this.#slotCount;
		const order = this.#reorderList;
		order.clear();
		for (let slot = 0; slot < oldCount; slot++) if (this.#status(slot) === LIVE) order.push(slot);
		this.#spatialOrder.sort(order, this.#position);
		const count = order.length;
		const oldOf = new Int32Array(count);
		const newOf = new Int32Array(oldCount).fill(-1);
		for (let slot = 0; slot < count; slot++) {
			oldOf[slot] = order.at(slot);
			newOf[order.at(slot)] = slot;
		}

		this.#position = gathered(this.#position, oldOf, count, 2);
		this.#bits = gathered(this.#bits, oldOf, count, 1);
		this.#zoneOf = gathered(this.#zoneOf, oldOf, count, 1);
		this.#counts = gathered(this.#counts, oldOf, count, COUNT_STRIDE);
		this.#bounds = gathered(this.#bounds, oldOf, count, BOUND_STRIDE);
		// Stamps and per-tick marks start over (the per-tick ones are stale between ticks anyway).
		this.#seen.fill(0);
		this.#rowMark.fill(0);
		this.#entryMark.fill(0);
		this.#stamp = 0;

		const ids = this.#ids.slice(0, oldCount);
		this.#ids.length = count;
		for (let slot = 0; slot < count; slot++) {
			const id = ids[oldOf[slot]!]!;
			this.#ids[slot] = id;
			this.#idToSlot.set(id, slot);
		}
		// Stale between ticks (a slot's next upsert writes its next* values, and
		// every mark is older than the coming tick's generation): only their length matters.
		for (const list of [this.#nextX, this.#nextY, this.#nextBits, this.#nextZone, this.#changedMark, this.#leavingMark]) list.length = count;
		this.#free.length = 0;
		this.#slotCount = count;

		for (const members of this.#zoneMembers) renumberList(members, newOf);
		renumberList(this.#spotlights, newOf);
		this.#pairs.reorder(oldOf, newOf, count);
		this.#hash.clear();
		for (let slot = 0; slot < count; slot++) this.#hash.insertAt(slot, this.#position);
	}

	#release(slot: number): void {
		this.#idToSlot.delete(this.#ids[slot]!);
		this.#setBits(slot, FREE);
		this.#free.push(slot);
	}
}

/**
 * Widens one cap's bounds (at `at` in a bounds array) to a pair's new key: a
 * pair holding a slot ranks at its distance less `bonus` (capHysteresis), a
 * waiting one at its distance. The distance is `distances[i]`: a double
 * argument would be allocated when this is not inlined.
 */
function widen(bounds: Float64Array, at: number, holds: boolean, distances: Float64Array, i: number, bonus: number): void {
	const distance = distances[i]!;
	if (holds) {
		if (distance - bonus > bounds[at + SELECTED]!) bounds[at + SELECTED] = distance - bonus;
	} else if (distance < bounds[at + REJECTED]!) {
		bounds[at + REJECTED] = distance;
	}
}

/** Whether `speaker` is a changed pair of `#reselectCap` outside the row (those are few). */
function isChanged(slots: Int32Array, locations: Int32Array, changes: number, speaker: number): boolean {
	for (let c = 0; c < changes; c++) if (locations[c]! < 0 && slots[c] === speaker) return true;
	return false;
}

/** Rewrites each slot of `list` as its new number, `newOf[slot]`. */
function renumberList(list: SlotList, newOf: Int32Array): void {
	for (let i = 0; i < list.length; i++) list.set(i, newOf[list.at(i)]!);
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
