import type { HearingDiffLike, Wanted } from './hearing-types.js';

/**
 * What every listener should receive from every speaker, as the hearing-graph
 * diffs say. Pure bookkeeping: the media room reconciles real consumers
 * against it.
 */
export class SubscriptionIntent {
	readonly #byListener = new Map<string, Map<string, Wanted>>();
	readonly #bySpeaker = new Map<string, Set<string>>();

	/** What `listener` should receive, by speaker. */
	of(listener: string): ReadonlyMap<string, Wanted> {
		return this.#byListener.get(listener) ?? EMPTY;
	}

	/** Listeners that want something from `speaker`. */
	listenersOf(speaker: string): ReadonlySet<string> {
		return this.#bySpeaker.get(speaker) ?? EMPTY_SET;
	}

	/**
	 * Applies one diff and returns the listeners whose wants changed. Order
	 * matters when a pair appears twice in one diff: an edge that falls back
	 * into the approach ring is `removed` + `prewarmAdded` (ends prewarmed),
	 * and a prewarmed pair that gains its edge is `prewarmRemoved` + `added`
	 * (ends active, reusing the paused consumers).
	 */
	apply(diff: HearingDiffLike): Set<string> {
		const touched = new Set<string>();
		for (const { listener, speaker } of diff.removed) {
			if (this.#get(listener, speaker)?.mode === 'active') this.#delete(listener, speaker, touched);
		}
		for (const { listener, speaker } of diff.prewarmRemoved) {
			if (this.#get(listener, speaker)?.mode === 'prewarm') this.#delete(listener, speaker, touched);
		}
		for (const { listener, speaker } of diff.prewarmAdded) {
			if (!this.#get(listener, speaker)) this.#set(listener, speaker, { mode: 'prewarm', media: 'audio+video', band: 'far' }, touched);
		}
		for (const { listener, speaker, band, media } of diff.added) {
			this.#set(listener, speaker, { mode: 'active', media, band }, touched);
		}
		for (const { listener, speaker, band, media } of diff.changed) {
			if (this.#get(listener, speaker)?.mode === 'active') this.#set(listener, speaker, { mode: 'active', media, band }, touched);
		}
		return touched;
	}

	/** Forgets a player both as listener and as speaker; returns the listeners that lost something. */
	removePlayer(player: string): Set<string> {
		const touched = new Set<string>();
		for (const listener of [...this.listenersOf(player)]) this.#delete(listener, player, touched);
		for (const speaker of [...this.of(player).keys()]) this.#delete(player, speaker, touched);
		touched.delete(player);
		return touched;
	}

	#get(listener: string, speaker: string): Wanted | undefined {
		return this.#byListener.get(listener)?.get(speaker);
	}

	#set(listener: string, speaker: string, wanted: Wanted, touched: Set<string>): void {
		let wants = this.#byListener.get(listener);
		if (!wants) this.#byListener.set(listener, (wants = new Map()));
		wants.set(speaker, wanted);
		let listeners = this.#bySpeaker.get(speaker);
		if (!listeners) this.#bySpeaker.set(speaker, (listeners = new Set()));
		listeners.add(listener);
		touched.add(listener);
	}

	#delete(listener: string, speaker: string, touched: Set<string>): void {
		const wants = this.#byListener.get(listener);
		if (!wants?.delete(speaker)) return;
		if (wants.size === 0) this.#byListener.delete(listener);
		const listeners = this.#bySpeaker.get(speaker);
		listeners?.delete(listener);
		if (listeners?.size === 0) this.#bySpeaker.delete(speaker);
		touched.add(listener);
	}
}

const EMPTY: ReadonlyMap<string, Wanted> = new Map();
const EMPTY_SET: ReadonlySet<string> = new Set();
