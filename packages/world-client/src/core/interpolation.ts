/** One received position of another player, stamped with the local time it arrived. */
export interface Snapshot {
	t: number;
	x: number;
	y: number;
}

/** Snapshots kept per player: 1 s at 20 Hz, plenty for a 100 ms delay with jitter. */
const MAX_SNAPSHOTS = 20;

/**
 * Entity interpolation for other players: positions arrive ~20 times a
 * second, and the player is drawn `delayMs` in the past, between the two
 * snapshots around that moment, so it moves smoothly whatever the jitter.
 * Never extrapolates: when updates stop, the player stops at the last one.
 */
export class SnapshotBuffer {
	readonly #snapshots: Snapshot[] = [];

	/**
	 * @param delayMs how far in the past players are drawn
	 * @param intervalMs how often the server sends positions (its tick): arrival
	 *   times jitter, the server's ticks do not, so snapshots are stamped on that
	 *   even grid, pulled back only when they arrive earlier than it predicts.
	 */
	constructor(
		readonly delayMs = 100,
		readonly intervalMs = 50,
	) {}

	/** Records a position received at local time `arrivedAt` (ms, monotonic). */
	push(arrivedAt: number, x: number, y: number): void {
		const last = this.#snapshots[this.#snapshots.length - 1];
		// Consecutive updates are one tick apart; after a pause (the player stood still) restart from the arrival.
		const t = last ? Math.max(last.t, Math.min(arrivedAt, Math.max(last.t + this.intervalMs, arrivedAt - this.intervalMs))) : arrivedAt;
		this.#snapshots.push({ t, x, y });
		if (this.#snapshots.length > MAX_SNAPSHOTS) this.#snapshots.shift();
	}

	/** Forgets the past: the next position is drawn at once (the player came back into view). */
	clear(): void {
		this.#snapshots.length = 0;
	}

	get size(): number {
		return this.#snapshots.length;
	}

	/** The position to draw at local time `now`; undefined before any snapshot. */
	sample(now: number): { x: number; y: number } | undefined {
		const snapshots = this.#snapshots;
		const first = snapshots[0];
		if (!first) return undefined;
		const at = now - this.delayMs;
		if (at < first.t) return { x: first.x, y: first.y };
		for (let i = snapshots.length - 1; i > 0; i--) {
			const older = snapshots[i - 1]!;
			if (older.t > at) continue;
			const newer = snapshots[i]!;
			const span = newer.t - older.t;
			const f = span > 0 ? Math.min(1, (at - older.t) / span) : 1;
			return { x: older.x + (newer.x - older.x) * f, y: older.y + (newer.y - older.y) * f };
		}
		const last = snapshots[snapshots.length - 1]!;
		return { x: last.x, y: last.y };
	}
}
