import { Gauge, Histogram, type Registry } from 'prom-client';
import type { WorldRoom } from '../room/world-room.js';
import type { RoomTracker } from './room-tracker.js';

/**
 * Tick budgets are tens of ms at most (50 ms at the default 20 Hz): buckets
 * from half a millisecond to a quarter second, in seconds.
 */
const TICK_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25];
/** The proximity part of a tick is a fraction of it: 50 µs to 25 ms. */
const PROXIMITY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025];

type MediaCount = 'peers' | 'transports' | 'producers' | 'consumers';

/**
 * Per-world room metrics: rooms and players counted at scrape time, the tick
 * and proximity durations observed on every tick (`room.events`), and the
 * live mediasoup objects of the rooms' media planes (`MediaRoom.counts()`).
 */
export class RoomMetrics {
	readonly #tick: Histogram<'world'>;
	readonly #proximity: Histogram<'world'>;

	constructor(registry: Registry, rooms: RoomTracker, worlds: readonly string[]) {
		const registers = [registry];
		// Set at scrape time from the tracker, so a disposed room drops out by itself; every
		// world shows, at 0 when it has no room, so a dashboard has a line for it.
		const perWorld = (count: (room: WorldRoom) => number) =>
			function collect(this: Gauge<'world'>): void {
				this.reset();
				for (const world of worlds) this.set({ world }, 0);
				for (const [room, world] of rooms.entries()) this.inc({ world }, count(room));
			};
		new Gauge({ name: 'hallway_rooms', help: 'Live world rooms (one per map in use).', labelNames: ['world'], registers, collect: perWorld(() => 1) });
		new Gauge({ name: 'hallway_players', help: 'Players connected to world rooms.', labelNames: ['world'], registers, collect: perWorld((room) => room.clients.length) });
		const media: [MediaCount, string][] = [
			['peers', 'Players with a media peer.'],
			['transports', 'WebRTC transports of players (send and receive).'],
			['producers', 'Tracks players send (camera, microphone, screen).'],
			['consumers', 'Tracks forwarded to players.'],
		];
		for (const [key, help] of media) {
			new Gauge({ name: `hallway_media_${key}`, help, labelNames: ['world'], registers, collect: perWorld((room) => (room.media && !room.media.closed ? room.media.counts()[key] : 0)) });
		}
		this.#tick = new Histogram({
			name: 'hallway_tick_duration_seconds',
			help: 'Duration of one simulation tick (movement, zones, proximity, interest).',
			labelNames: ['world'],
			buckets: TICK_BUCKETS,
			registers,
		});
		this.#proximity = new Histogram({
			name: 'hallway_proximity_duration_seconds',
			help: "Duration of the proximity engine's part of a tick (the hearing-graph diff).",
			labelNames: ['world'],
			buckets: PROXIMITY_BUCKETS,
			registers,
		});
	}

	/** Observes a new room's ticks. Its listeners go with it: a WorldRoom drops them on dispose. */
	watch(world: string, room: WorldRoom): void {
		const tick = this.#tick.labels({ world });
		const proximity = this.#proximity.labels({ world });
		room.events.on('tick', (ms) => tick.observe(ms / 1000));
		room.events.on('proximityTick', (ms) => proximity.observe(ms / 1000));
	}
}
