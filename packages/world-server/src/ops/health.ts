import type { WorkerPool } from '@hallway/media/server';
import type { RoomTracker } from './room-tracker.js';

/** The body of `GET /healthz`. */
export interface HealthReport {
	/**
	 * `ok` (200): serving. `draining` (503): shutting down, joins refused.
	 * `degraded` (503): a media pool has no live worker (every slot respawning
	 * or lost), so calls cannot start.
	 */
	status: 'ok' | 'draining' | 'degraded';
	/** Live world rooms and connected players. */
	rooms: number;
	players: number;
	/** Live mediasoup workers out of the pools' slots; absent without media. */
	workers?: { alive: number; total: number };
	/** Seconds since the server started. */
	uptimeS: number;
}

export interface HealthSources {
	rooms: RoomTracker;
	pools: readonly WorkerPool[];
	draining: () => boolean;
	/** `performance.now()` when the server started. */
	startedAt: number;
}

/** What `/healthz` answers now: a small JSON body and its HTTP status. */
export function healthReport(sources: HealthSources): { httpStatus: 200 | 503; body: HealthReport } {
	let status: HealthReport['status'] = 'ok';
	const body: HealthReport = { status, rooms: sources.rooms.size, players: sources.rooms.players, uptimeS: Math.round((performance.now() - sources.startedAt) / 1000) };
	if (sources.pools.length > 0) {
		const alive = sources.pools.map((pool) => pool.workers.length);
		body.workers = { alive: alive.reduce((a, b) => a + b, 0), total: sources.pools.reduce((n, pool) => n + pool.size, 0) };
		if (alive.some((n) => n === 0)) status = 'degraded';
	}
	if (sources.draining()) status = 'draining';
	body.status = status;
	return { httpStatus: status === 'ok' ? 200 : 503, body };
}
