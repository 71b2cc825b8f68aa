/**
 * Public types of the proximity engine: what it is told about each avatar and
 * the hearing-graph diff it answers with.
 */

/**
 * What the proximity engine needs to know about one avatar. The world room
 * fills it from the authoritative position and the map's zone query; the
 * engine copies the fields, so the object can be reused by the caller.
 */
export interface ProximityAvatar {
	/** Player id; also the id used in every edge. */
	id: string;
	/** Position in world pixels (x to the right). Must be finite. */
	x: number;
	/** Position in world pixels (y down). Must be finite. */
	y: number;
	/** Id of the private zone (meeting room) the avatar stands in, or `null`. */
	privateZone: string | null;
	/** True while the avatar stands in a spotlight (stage) zone: the whole world hears it. */
	spotlight: boolean;
	/** True while the avatar stands in a silent (quiet) zone: it hears no one and no one hears it. */
	silent: boolean;
	/** Do-not-disturb status: same effect as a silent zone. */
	doNotDisturb: boolean;
	/** The listener wants no video: all its edges carry `'audio'`. Default `false`. */
	audioOnly?: boolean;
}

/**
 * Distance band of an edge, used for audio volume and the simulcast layer.
 * Private-zone and spotlight edges are always `'near'`.
 */
export type Band = 'near' | 'mid' | 'far';

/** What a listener receives from a speaker. */
export type EdgeMedia = 'audio+video' | 'audio';

/**
 * Why an edge exists: within range (`'proximity'`), both in the same private
 * zone (`'privateZone'`), or the speaker is on a stage (`'spotlight'`).
 */
export type EdgeReason = 'proximity' | 'privateZone' | 'spotlight';

/** An ordered pair of players: `listener` hears/sees (or is prewarmed for) `speaker`. */
export interface HearingPair {
	listener: string;
	speaker: string;
}

/** A directed edge of the hearing graph: `listener` hears (and maybe sees) `speaker`. */
export interface HearingEdge extends HearingPair {
	band: Band;
	media: EdgeMedia;
	reason: EdgeReason;
}

/**
 * What changed in the hearing graph during one tick. Applying every diff in
 * order to an empty graph gives the engine's current graph; a pair appears at
 * most once per array and never in both `added` and `removed`.
 *
 * The arrays are the events: `added` = edgeAdded, `removed` =
 * edgeRemoved, `changed` = bandChanged (also media or reason changes),
 * `prewarmAdded` / `prewarmRemoved` = edgePrewarm on / off.
 *
 * A pair is never an edge and prewarmed at once. When a prewarmed pair gains
 * its edge, the diff holds it in `added` AND in `prewarmRemoved`; when an edge
 * falls back into the approach ring, in `removed` AND in `prewarmAdded`. A media
 * plane that wants the prewarm benefit therefore applies `added` first (resuming
 * the paused consumers it already has for that pair) and only then closes what
 * `prewarmRemoved` names and has no edge.
 */
export interface HearingDiff {
	/** New edges. */
	added: HearingEdge[];
	/** Edges that no longer exist. */
	removed: HearingPair[];
	/** Existing edges whose band, media or reason changed (the new value). */
	changed: HearingEdge[];
	/** Pairs in the approach ring: pre-create paused consumers. */
	prewarmAdded: HearingPair[];
	/** Pairs no longer prewarmed: they gained an edge or moved away. */
	prewarmRemoved: HearingPair[];
}
