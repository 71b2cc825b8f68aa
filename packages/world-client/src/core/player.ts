import type { MediaSource } from '@hallway/media';
import type { ConnectionQuality, RemoteTrack } from '@hallway/media/client';
import type { ClientMap, Facing, PlayerStatus } from '@hallway/world-server/shared';
import { SnapshotBuffer } from './interpolation.js';
import type { Player, ZoneInfo } from './types.js';

/** A player as the server's state decodes it (position fields absent out of view). */
export interface DecodedPlayer {
	userId: string;
	name: string;
	status: string;
	x?: number;
	y?: number;
	facing?: string;
	moving?: boolean;
	lastInputSeq?: number;
	inputTicks?: number;
}

/** Where a `Player` reads its rendered position from. */
export type PositionSource = (now: number) => { x: number; y: number } | undefined;

/**
 * The live `Player` object handed to applications. Fields are updated in
 * place from server state; `x`/`y` are computed when read, so a renderer that
 * reads them every frame gets smooth motion.
 */
export class LivePlayer implements Player {
	readonly id: string;
	readonly isSelf: boolean;
	userId = '';
	name = '';
	status: PlayerStatus = 'available';
	inView = false;
	facing: Facing = 'down';
	moving = false;
	speaking = false;
	zone: ZoneInfo | null = null;
	readonly tracks = new Map<MediaSource, RemoteTrack>();
	connectionQuality: ConnectionQuality | undefined = undefined;
	/** Other players: positions received, drawn ~100 ms late. */
	readonly snapshots: SnapshotBuffer;
	/** Self: the predicted position. */
	positionSource: PositionSource | undefined;
	#last = { x: Number.NaN, y: Number.NaN };

	constructor(id: string, isSelf: boolean, interpolationDelayMs: number, updateIntervalMs: number) {
		this.id = id;
		this.isSelf = isSelf;
		this.snapshots = new SnapshotBuffer(interpolationDelayMs, updateIntervalMs);
	}

	get x(): number {
		return this.#position().x;
	}

	get y(): number {
		return this.#position().y;
	}

	/**
	 * Copies the roster fields from the server state. Returns what changed:
	 * `roster` (name, status, view) and `moved` (a new position arrived).
	 */
	update(decoded: DecodedPlayer, now: number): { roster: boolean; moved: boolean } {
		const status = (decoded.status as PlayerStatus) ?? 'available';
		const inView = typeof decoded.x === 'number' && typeof decoded.y === 'number';
		const roster = decoded.userId !== this.userId || decoded.name !== this.name || status !== this.status || inView !== this.inView;
		this.userId = decoded.userId;
		this.name = decoded.name;
		this.status = status;
		if (!inView) {
			this.inView = false;
			this.moving = false;
			this.snapshots.clear();
			return { roster, moved: false };
		}
		if (!this.inView) this.snapshots.clear();
		this.inView = true;
		this.facing = (decoded.facing as Facing) ?? this.facing;
		this.moving = decoded.moving ?? false;
		const x = decoded.x!;
		const y = decoded.y!;
		if (x === this.#last.x && y === this.#last.y && this.snapshots.size > 0) return { roster, moved: false };
		this.#last = { x, y };
		this.snapshots.push(now, x, y);
		return { roster, moved: true };
	}

	/** Recomputes the zone from the map; true when it changed. */
	updateZone(map: ClientMap): boolean {
		const { x, y } = this.#position();
		const zone = Number.isFinite(x) ? zoneAt(map, x, y) : null;
		if (zone?.id === this.zone?.id) return false;
		this.zone = zone;
		return true;
	}

	#position(): { x: number; y: number } {
		const now = typeof performance !== 'undefined' ? performance.now() : Date.now();
		return this.positionSource?.(now) ?? this.snapshots.sample(now) ?? this.#last;
	}
}

/** The zone at a point: a private zone wins over the others (it decides who hears whom), then the smallest. */
export function zoneAt(map: ClientMap, x: number, y: number): ZoneInfo | null {
	let best: (typeof map.zones)[number] | undefined;
	for (const zone of map.zones) {
		if (!zone.contains(x, y)) continue;
		const rank = (z: typeof zone) => (z.kind === 'private' ? 0 : 1);
		if (!best || rank(zone) < rank(best) || (rank(zone) === rank(best) && area(zone.bounds) < area(best.bounds))) best = zone;
	}
	return best ? { id: best.id, name: best.name, kind: best.kind } : null;
}

function area(rect: { width: number; height: number }): number {
	return rect.width * rect.height;
}
