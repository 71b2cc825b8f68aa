import type { WorkerPool } from '@hallway/media/server';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { WorldRoom } from '../room/world-room.js';
import { MediaStatsSampler, type MediaStatsOptions } from './media-stats-sampler.js';
import { RoomMetrics } from './room-metrics.js';
import type { RoomTracker } from './room-tracker.js';
import { WorkerMetrics } from './worker-metrics.js';

export interface MetricsOptions {
	/**
	 * Node.js process metrics in the same registry (prom-client's default
	 * metrics: `process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
	 * heap, GC…). Default true.
	 */
	processMetrics?: boolean;
	/** Sampling of media RTT and packet loss. */
	mediaStats?: MediaStatsOptions;
}

/** What the metrics read from the server they describe. */
export interface MetricsSources {
	rooms: RoomTracker;
	/** The world names, so that each shows (at 0) before its first room. */
	worlds: readonly string[];
	/** The mediasoup pools the worlds' media planes use (each once). */
	pools: readonly WorkerPool[];
	draining: () => boolean;
}

/**
 * The Prometheus metrics of one world server, in a registry of its own (not
 * prom-client's global one), so that several servers in one process do not
 * collide. Rendered by `GET /metrics`.
 */
export class WorldMetrics {
	readonly registry = new Registry();
	readonly #rooms: RoomMetrics;
	readonly #sampler: MediaStatsSampler;

	constructor(sources: MetricsSources, options: MetricsOptions = {}) {
		const registers = [this.registry];
		if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
		this.#rooms = new RoomMetrics(this.registry, sources.rooms, sources.worlds);
		new WorkerMetrics(this.registry, sources.pools);
		this.#sampler = new MediaStatsSampler(this.registry, sources.rooms, options.mediaStats);
		new Gauge({
			name: 'hallway_draining',
			help: 'Whether the server is draining (1): it refuses joins and is shutting down.',
			registers,
			collect(): void {
				this.set(sources.draining() ? 1 : 0);
			},
		});
		this.#sampler.start();
	}

	/** Starts observing a room's ticks; call when the room is created. */
	watchRoom(world: string, room: WorldRoom): void {
		this.#rooms.watch(world, room);
	}

	/** Samples media RTT and packet loss now, besides the interval (tests, tools). */
	sampleMediaStats(): Promise<void> {
		return this.#sampler.sample();
	}

	/** The exposition text and its content type. */
	async render(): Promise<{ contentType: string; body: string }> {
		return { contentType: this.registry.contentType, body: await this.registry.metrics() };
	}

	/** Stops the sampling timer. */
	close(): Promise<void> {
		return this.#sampler.stop();
	}
}
