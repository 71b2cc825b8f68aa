import { Bot, type BotOptions } from './bot.js';
import { seededRandom } from './random.js';

export interface BotFleetOptions {
	/** How many bots. */
	count: number;
	/** Delay between two joins, ms: a crowd arriving at once is a different test from one trickling in. Default 250. */
	staggerMs?: number;
	/** Names are `${namePrefix} 01`, `${namePrefix} 02`, … Default `Bot`. */
	namePrefix?: string;
	/** Seed for reproducible wandering (bot i uses seed + i). Default: unseeded. */
	seed?: number;
	/** Options every bot shares. */
	bot: Omit<BotOptions, 'name' | 'random'>;
}

/** The run's totals, for the one-line summary. */
export interface FleetSummary {
	bots: number;
	joined: number;
	errors: number;
	inputs: number;
	arrivals: number;
	chats: number;
	emotes: number;
}

/** A group of bots joining one after another and leaving together. */
export class BotFleet {
	readonly bots: Bot[] = [];
	readonly #options: BotFleetOptions;
	/** Joins under way or done: `stop()` waits for them, so a bot that was still joining leaves too. */
	readonly #joins: Promise<void>[] = [];
	#stopped = false;
	#wake: (() => void) | undefined;

	constructor(options: BotFleetOptions) {
		if (!Number.isInteger(options.count) || options.count < 1) throw new Error(`E_BOT_COUNT: count must be a positive integer, got ${options.count}`);
		this.#options = options;
	}

	/**
	 * Starts the bots, `staggerMs` apart, and resolves once every join has
	 * succeeded or failed (failures are counted, not thrown). `stop()` cuts it short.
	 */
	async start(): Promise<void> {
		const { count, staggerMs = 250, namePrefix = 'Bot', seed, bot } = this.#options;
		const digits = String(count).length;
		for (let i = 0; i < count && !this.#stopped; i++) {
			if (i > 0) await this.#sleep(staggerMs);
			if (this.#stopped) break;
			const one = new Bot({
				...bot,
				name: `${namePrefix} ${String(i + 1).padStart(Math.max(2, digits), '0')}`,
				...(seed !== undefined ? { random: seededRandom(seed + i) } : {}),
			});
			this.bots.push(one);
			this.#joins.push(one.start().catch(() => undefined));
		}
		await Promise.all(this.#joins);
	}

	/** Stops joining, and disconnects every bot. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#wake?.();
		await Promise.all(this.bots.map((b) => b.stop()));
		await Promise.all(this.#joins);
	}

	summary(): FleetSummary {
		const total: FleetSummary = { bots: this.#options.count, joined: 0, errors: 0, inputs: 0, arrivals: 0, chats: 0, emotes: 0 };
		for (const { stats } of this.bots) {
			total.joined += stats.joined ? 1 : 0;
			total.errors += stats.errors;
			total.inputs += stats.inputs;
			total.arrivals += stats.arrivals;
			total.chats += stats.chats;
			total.emotes += stats.emotes;
		}
		return total;
	}

	/** A sleep that `stop()` ends early. */
	#sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, ms);
			function done(): void {
				clearTimeout(timer);
				resolve();
			}
			this.#wake = done;
		});
	}
}

/** `joined 10/10, errors 0, inputs sent 123, arrivals 110, chats 4, emotes 27 in 60.0 s` */
export function formatSummary(summary: FleetSummary, elapsedMs: number): string {
	const { bots, joined, errors, inputs, arrivals, chats, emotes } = summary;
	return `joined ${joined}/${bots}, errors ${errors}, inputs sent ${inputs}, arrivals ${arrivals}, chats ${chats}, emotes ${emotes} in ${(elapsedMs / 1000).toFixed(1)} s`;
}
