import { EMOTES, WorldClient } from '@hallway/world-client';
import { between, pick, type Random } from './random.js';
import { type Point, wanderArea } from './wander-area.js';

export interface BotOptions {
	/** The world server, `http://host:port`. */
	endpoint: string;
	/** World name on that server. */
	world: string;
	/** Display name (1–32 characters). */
	name: string;
	/** Authentication token; guests need none. */
	token?: string;
	/** Map to join; default: the world's default map. */
	map?: string;
	/** Spawn point on that map; default: its first. */
	spawn?: string;
	/** Pause at each destination, ms, drawn uniformly from [min, max]. Default [1000, 4000]. */
	pauseMs?: readonly [min: number, max: number];
	/** Chance of an emote at each pause, 0–1. Default 0.25. */
	emoteChance?: number;
	/** Chance of a line of nearby chat at each pause, 0–1. Default 0.1. */
	chatChance?: number;
	/** Also wander into private zones (meeting rooms). Default false: bots leave meetings alone. */
	enterPrivateZones?: boolean;
	/** Source of randomness; pass a seeded one for a reproducible wander. Default `Math.random`. */
	random?: Random;
	/** Told about every error this bot meets (they are counted in `stats` either way). */
	onError?: (bot: Bot, error: Error) => void;
}

/** What one bot did, for the run's summary. */
export interface BotStats {
	/** The bot got into the world. */
	joined: boolean;
	/** Movement inputs sent: one `moveTo` per destination. */
	inputs: number;
	/** Destinations reached. */
	arrivals: number;
	chats: number;
	emotes: number;
	/** Failed joins, and errors the client reported while running. */
	errors: number;
}

/** Closer than this, px, counts as arrived (the avatar lands on the waypoint; this absorbs prediction smoothing). */
const ARRIVAL_DISTANCE = 4;
/** Destinations nearer than this, px, are skipped when farther ones exist: a bot should visibly walk. */
const MIN_WALK = 96;
/** How often the bot looks whether it arrived, ms. */
const CHECK_INTERVAL_MS = 150;
/** A walk may take this many times its straight-line time (walls make paths longer) plus `WALK_SLACK_MS`. */
const WALK_TIME_FACTOR = 3;
const WALK_SLACK_MS = 3000;

const CHAT_LINES = [
	'Anyone up for coffee?',
	'Nice weather in here today.',
	'Just stretching my legs.',
	'Has anyone seen the stapler?',
	'Back in five.',
	'Ship it!',
	'Who booked the meeting room?',
	'Lunch at noon?',
] as const;

/**
 * One headless player (no camera, no microphone) that walks to random
 * reachable tiles of the map, pauses, and now and then emotes or says
 * something nearby. A timer-driven loop: walk, watch for arrival, pause, repeat.
 */
export class Bot {
	readonly name: string;
	readonly stats: BotStats = { joined: false, inputs: 0, arrivals: 0, chats: 0, emotes: 0, errors: 0 };
	readonly #options: BotOptions;
	readonly #random: Random;
	#client: WorldClient | undefined;
	#area: Point[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;

	constructor(options: BotOptions) {
		this.#options = options;
		this.name = options.name;
		this.#random = options.random ?? Math.random;
	}

	/** The connected client (undefined before `start` resolves and after `stop`). */
	get client(): WorldClient | undefined {
		return this.#client;
	}

	/** Joins the world and starts wandering. Rejects when the join fails (counted as an error). */
	async start(): Promise<void> {
		const { endpoint, world, name, token, map, spawn } = this.#options;
		let client: WorldClient;
		try {
			client = await WorldClient.connect({ endpoint, world, name, token, map, spawn, media: false });
		} catch (error) {
			this.#fail(error);
			throw error;
		}
		// Stopped while joining: leave at once rather than wander unobserved.
		if (this.#stopped) return client.disconnect();
		this.#client = client;
		this.stats.joined = true;
		client.on('error', (error) => this.#fail(error));
		// The server dropped the bot (its error came through 'error'): nothing left to wander.
		client.on('connectionStateChanged', (state) => {
			if (state === 'disconnected') clearTimeout(this.#timer);
		});
		client.on('mapChanged', () => {
			// A portal (or the server) moved the bot to another map: learn the new one.
			this.#planArea();
			this.#walk();
		});
		this.#planArea();
		this.#walk();
	}

	/** Stops wandering and leaves the world. Idempotent. */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		const client = this.#client;
		this.#client = undefined;
		await client?.disconnect();
	}

	#planArea(): void {
		const client = this.#client!;
		this.#area = wanderArea(client.map, client.self, { avoidPrivateZones: !this.#options.enterPrivateZones });
	}

	/** Picks a destination and walks there. */
	#walk(): void {
		const client = this.#client;
		if (this.#stopped || !client) return;
		clearTimeout(this.#timer);
		if (client.connectionState !== 'connected' || this.#area.length === 0) {
			// Between maps, or boxed in: try again later rather than give up.
			this.#timer = setTimeout(() => this.#walk(), 1000);
			return;
		}
		const from = { x: client.self.x, y: client.self.y };
		const far = this.#area.filter((p) => Math.hypot(p.x - from.x, p.y - from.y) >= MIN_WALK);
		const target = pick(this.#random, far.length > 0 ? far : this.#area);
		client.moveTo(target.x, target.y);
		this.stats.inputs++;
		const straightMs = (Math.hypot(target.x - from.x, target.y - from.y) / client.info.movement.maxSpeed) * 1000;
		this.#watch(target, Date.now() + straightMs * WALK_TIME_FACTOR + WALK_SLACK_MS);
	}

	/** Waits for arrival; a walk that takes too long (pushed off course) is abandoned for a new one. */
	#watch(target: Point, deadline: number): void {
		this.#timer = setTimeout(() => {
			const client = this.#client;
			if (this.#stopped || !client) return;
			if (client.connectionState !== 'connected') return this.#walk();
			if (Math.hypot(client.self.x - target.x, client.self.y - target.y) <= ARRIVAL_DISTANCE) {
				this.stats.arrivals++;
				return this.#pause();
			}
			if (Date.now() > deadline) return this.#walk();
			this.#watch(target, deadline);
		}, CHECK_INTERVAL_MS);
	}

	/** Stands for a while, sometimes emoting or chatting, then walks on. */
	#pause(): void {
		const client = this.#client!;
		const { emoteChance = 0.25, chatChance = 0.1, pauseMs = [1000, 4000] } = this.#options;
		if (this.#random() < emoteChance) {
			client.emote(pick(this.#random, EMOTES));
			this.stats.emotes++;
		}
		if (this.#random() < chatChance) {
			client.sendChat(pick(this.#random, CHAT_LINES));
			this.stats.chats++;
		}
		this.#timer = setTimeout(() => this.#walk(), between(this.#random, pauseMs[0], pauseMs[1]));
	}

	#fail(error: unknown): void {
		this.stats.errors++;
		this.#options.onError?.(this, error instanceof Error ? error : new Error(String(error)));
	}
}
