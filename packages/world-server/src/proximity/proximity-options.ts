import { ProximityError } from './proximity-error.js';

/**
 * Every tunable of the proximity engine, in one place. Distances are world
 * pixels (the default map uses 32 px tiles); caps are counts per listener.
 *
 * Radii that are not given are derived from `enterRadius`, so that
 * `{ enterRadius: 256 }` alone scales the whole geometry consistently.
 */
export interface ProximityOptions {
	/**
	 * A proximity edge appears when the distance is at most this.
	 * Default 128 px (4 tiles).
	 */
	enterRadius: number;
	/**
	 * An existing proximity edge disappears when the distance exceeds this; in
	 * between it stays, and a missing edge is not created (hysteresis, so that
	 * someone standing on the boundary does not flap). Must be greater than
	 * `enterRadius`. Default 1.25 × enterRadius (160 px).
	 */
	leaveRadius: number;
	/**
	 * Outer edge of the approach ring: an allowed pair without an edge within
	 * this distance is prewarmed (the media plane pre-creates paused consumers,
	 * so crossing `enterRadius` is only a resume). Must be greater than
	 * `enterRadius`. Default 1.625 × enterRadius (208 px).
	 */
	prewarmRadius: number;
	/**
	 * A prewarmed pair stays prewarmed until the distance exceeds
	 * `prewarmRadius + prewarmHysteresis`. Default 16 px (half a tile). ≥ 0.
	 */
	prewarmHysteresis: number;
	/**
	 * Proximity edges up to this distance are in band `'near'` (full volume,
	 * highest simulcast layer). Default 0.5 × enterRadius (64 px).
	 */
	nearBandRadius: number;
	/**
	 * Proximity edges up to this distance (and beyond `nearBandRadius`) are in
	 * band `'mid'`; farther ones are `'far'`. Must be greater than
	 * `nearBandRadius`. Default 0.875 × enterRadius (112 px).
	 */
	midBandRadius: number;
	/**
	 * An edge keeps its band until the distance passes the band's outer
	 * threshold by more than this, so bands do not flap; moving inwards
	 * switches at the threshold itself. Default 8 px (a quarter tile). ≥ 0.
	 */
	bandHysteresis: number;
	/**
	 * At most this many `'audio+video'` edges per listener: spotlight (or
	 * private-zone) edges first, then the nearest. Default 8. Integer ≥ 0.
	 */
	maxVideoPeers: number;
	/**
	 * At most this many edges of any media per listener; those beyond
	 * `maxVideoPeers` are `'audio'`, the rest get no edge. Default 24.
	 * Integer ≥ maxVideoPeers.
	 */
	maxAudioPeers: number;
	/**
	 * At most this many prewarmed pairs per listener, nearest first: paused
	 * consumers are cheap but not free, and a crowd would otherwise prewarm
	 * everyone. Default 8. Integer ≥ 0.
	 */
	maxPrewarmPeers: number;
	/**
	 * When a cap has to choose, a pair that already holds the slot (an edge, a
	 * video edge, a prewarm) ranks as if it were this much nearer, so two
	 * speakers at about the same distance do not swap the slot every tick.
	 * Default 16 px. ≥ 0.
	 */
	capHysteresis: number;
	/**
	 * Side of the spatial hash's square cells, px. A neighbour query visits the
	 * cells around the query radius, max(leaveRadius, prewarmRadius +
	 * prewarmHysteresis): smaller cells scan fewer far-away avatars but cost
	 * more cell lookups. Default: the query radius (224 px), which measured
	 * fastest at 1,000 and 10,000 avatars. Must be at least 1/64 of the query radius.
	 */
	cellSize: number;
	/**
	 * Every this many ticks (and right after a tick when more than a quarter
	 * of the avatars joined since the last time) the engine renumbers its
	 * avatars in map order (along a Hilbert curve over the cells), so that the
	 * records of avatars near each other lie near each other in memory; 0
	 * never does. Memory
	 * layout only: the results never depend on it. It pays in large worlds,
	 * where the engine's data outgrows the core's cache and avatars join in
	 * no particular order. Default 200 (10 s at 20 Hz; in that time an avatar
	 * walks at most a few cells). Integer ≥ 0.
	 */
	reorderEveryTicks: number;
}

/**
 * How far a pair can be and still matter (edge kept by hysteresis, or
 * prewarm kept by hysteresis). The engine tracks neighbours up to this.
 */
export function proximityQueryRadius(options: ProximityOptions): number {
	return Math.max(options.leaveRadius, options.prewarmRadius + options.prewarmHysteresis);
}

const OPTION_NAMES: readonly (keyof ProximityOptions)[] = [
	'enterRadius',
	'leaveRadius',
	'prewarmRadius',
	'prewarmHysteresis',
	'nearBandRadius',
	'midBandRadius',
	'bandHysteresis',
	'maxVideoPeers',
	'maxAudioPeers',
	'maxPrewarmPeers',
	'capHysteresis',
	'cellSize',
	'reorderEveryTicks',
];

/**
 * Fills in defaults (derived ones from `enterRadius`) and validates.
 * @throws ProximityError `E_PROXIMITY_OPTIONS` naming the option and the rule it breaks.
 */
export function resolveProximityOptions(options: Partial<ProximityOptions> = {}): ProximityOptions {
	for (const key of Object.keys(options)) {
		if (!(OPTION_NAMES as readonly string[]).includes(key)) fail(`unknown option "${key}" (known: ${OPTION_NAMES.join(', ')})`);
	}
	const given = (key: keyof ProximityOptions): number | undefined => {
		const value = options[key];
		if (value === undefined) return undefined;
		if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${key} must be a finite number, got ${String(value)}`);
		return value;
	};

	const enterRadius = given('enterRadius') ?? 128;
	const leaveRadius = given('leaveRadius') ?? enterRadius * 1.25;
	const prewarmRadius = given('prewarmRadius') ?? enterRadius * 1.625;
	const prewarmHysteresis = given('prewarmHysteresis') ?? 16;
	const partial = {
		enterRadius,
		leaveRadius,
		prewarmRadius,
		prewarmHysteresis,
		nearBandRadius: given('nearBandRadius') ?? enterRadius * 0.5,
		midBandRadius: given('midBandRadius') ?? enterRadius * 0.875,
		bandHysteresis: given('bandHysteresis') ?? 8,
		maxVideoPeers: given('maxVideoPeers') ?? 8,
		maxAudioPeers: given('maxAudioPeers') ?? 24,
		maxPrewarmPeers: given('maxPrewarmPeers') ?? 8,
		capHysteresis: given('capHysteresis') ?? 16,
	};
	const queryRadius = Math.max(leaveRadius, prewarmRadius + prewarmHysteresis);
	const resolved: ProximityOptions = {
		...partial,
		cellSize: given('cellSize') ?? queryRadius,
		reorderEveryTicks: given('reorderEveryTicks') ?? 200,
	};

	positive(resolved, 'enterRadius');
	if (resolved.leaveRadius <= resolved.enterRadius) {
		fail(`leaveRadius (${resolved.leaveRadius}) must be greater than enterRadius (${resolved.enterRadius})`);
	}
	if (resolved.prewarmRadius <= resolved.enterRadius) {
		fail(`prewarmRadius (${resolved.prewarmRadius}) must be greater than enterRadius (${resolved.enterRadius})`);
	}
	positive(resolved, 'nearBandRadius');
	if (resolved.midBandRadius <= resolved.nearBandRadius) {
		fail(`midBandRadius (${resolved.midBandRadius}) must be greater than nearBandRadius (${resolved.nearBandRadius})`);
	}
	notNegative(resolved, 'prewarmHysteresis');
	notNegative(resolved, 'bandHysteresis');
	notNegative(resolved, 'capHysteresis');
	count(resolved, 'maxVideoPeers');
	count(resolved, 'maxAudioPeers');
	count(resolved, 'maxPrewarmPeers');
	count(resolved, 'reorderEveryTicks');
	if (resolved.maxAudioPeers < resolved.maxVideoPeers) {
		fail(`maxAudioPeers (${resolved.maxAudioPeers}) must be at least maxVideoPeers (${resolved.maxVideoPeers}): every video edge also carries audio`);
	}
	// Cells much smaller than the query radius make every query visit thousands
	// of cells, and the hash's cell keys wrap around after 32,768 cells.
	if (!(resolved.cellSize >= queryRadius / 64)) {
		fail(`cellSize (${resolved.cellSize}) must be at least 1/64 of the query radius (${queryRadius})`);
	}
	return resolved;
}

function fail(detail: string): never {
	throw new ProximityError('E_PROXIMITY_OPTIONS', detail);
}

function positive(options: ProximityOptions, key: keyof ProximityOptions): void {
	if (!(options[key] > 0)) fail(`${key} (${options[key]}) must be greater than 0`);
}

function notNegative(options: ProximityOptions, key: keyof ProximityOptions): void {
	if (!(options[key] >= 0)) fail(`${key} (${options[key]}) must be 0 or more`);
}

function count(options: ProximityOptions, key: keyof ProximityOptions): void {
	const value = options[key];
	if (!Number.isInteger(value) || value < 0) fail(`${key} (${value}) must be an integer, 0 or more`);
}

/**
 * The defaults, as `resolveProximityOptions({})` returns them. Declared last
 * because it runs the resolver at module load, which needs `OPTION_NAMES`.
 */
export const DEFAULT_PROXIMITY_OPTIONS: Readonly<ProximityOptions> = Object.freeze(resolveProximityOptions());
