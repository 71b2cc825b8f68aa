/**
 * A small typed event emitter for the browser (no `node:events` in bundles).
 * `Events` maps event names to argument tuples, like Node's typed EventEmitter.
 */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
	// Listeners are stored untyped; `on` and `emit` keep the per-event types.
	readonly #listeners = new Map<keyof Events, Set<AnyListener>>();

	/** Subscribes; returns the function that unsubscribes. */
	on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
		let set = this.#listeners.get(event);
		if (!set) this.#listeners.set(event, (set = new Set()));
		set.add(listener as unknown as AnyListener);
		return () => this.off(event, listener);
	}

	off<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): void {
		this.#listeners.get(event)?.delete(listener as unknown as AnyListener);
	}

	/** Calls every listener; one that throws does not stop the others (its error is rethrown asynchronously). */
	protected emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
		for (const listener of [...(this.#listeners.get(event) ?? [])]) {
			try {
				listener(...(args as unknown[]));
			} catch (error) {
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}

	protected removeAllListeners(): void {
		this.#listeners.clear();
	}
}

type AnyListener = (...args: unknown[]) => void;
