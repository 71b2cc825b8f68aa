import {
	applyInput,
	type CollisionGrid,
	createMovementState,
	type MovementInput,
	type MovementOptions,
	type MovementState,
	step,
} from '@hallway/world-server/shared';

/** What the server says about this client's own avatar. */
export interface ServerSelfState {
	x: number;
	y: number;
	/** Seq of the last input the server applied. */
	lastInputSeq: number;
	/** Steps that moved the avatar since that input was applied. */
	inputTicks: number;
}

/** How many past ticks are kept for reconciliation: 10 s at 20 Hz, far more than any round trip. */
const HISTORY_TICKS = 200;

interface PendingInput {
	input: MovementInput;
	/** Local tick count when applied: the input first acts on step `appliedAt + 1`. */
	appliedAt: number;
}

/**
 * Client-side prediction of this player's own avatar, with reconciliation
 * against the server by input sequence.
 *
 * The client runs the very step function the server runs (same collision
 * grid, same options), one step per server tick, so its prediction is exact
 * unless the server saw an input a tick earlier or later. The server reports
 * "position P after input N and k moving steps"; the client knows on which of
 * its own ticks input N was applied, so it rewinds to that tick plus k, puts
 * the avatar at P, and replays its own later inputs. The difference between
 * the old and the new prediction is returned so a renderer can blend it away
 * instead of snapping.
 */
export class SelfPrediction {
	readonly #grid: CollisionGrid;
	readonly #options: MovementOptions;
	#state: MovementState;
	/** Position before the last step, for rendering between ticks. */
	#previous = { x: 0, y: 0 };
	#tick = 0;
	/** Full movement state after each recent tick, oldest first: `#history[i]` is tick `#historyStart + i`. */
	#history: MovementState[] = [];
	#historyStart = 0;
	#pending: PendingInput[] = [];

	constructor(grid: CollisionGrid, options: MovementOptions, x: number, y: number) {
		this.#grid = grid;
		this.#options = options;
		this.#state = createMovementState(x, y);
		this.#previous = { x, y };
		this.#remember();
	}

	/** The predicted state after the latest tick (read-only by convention). */
	get state(): Readonly<MovementState> {
		return this.#state;
	}

	get previous(): Readonly<{ x: number; y: number }> {
		return this.#previous;
	}

	/** Local ticks simulated so far. */
	get tick(): number {
		return this.#tick;
	}

	/** Inputs sent but not yet acknowledged by the server. */
	get pendingCount(): number {
		return this.#pending.length;
	}

	/** Applies an input locally (the caller sends it to the server too). False when refused (stale or invalid). */
	apply(input: MovementInput): boolean {
		const result = applyInput(this.#state, input, this.#grid, this.#options);
		if (!result.accepted) return false;
		this.#pending.push({ input, appliedAt: this.#tick });
		// The history entry of this tick now holds the input's effect, like the server's state between ticks.
		this.#history[this.#history.length - 1] = cloneState(this.#state);
		return true;
	}

	/** One simulation step, as the server takes every tick. */
	step(): void {
		this.#previous = { x: this.#state.x, y: this.#state.y };
		step(this.#state, this.#grid, 1 / this.#options.tickRate, this.#options);
		this.#tick++;
		this.#remember();
	}

	/**
	 * Corrects the prediction with the server's state. Returns how far the
	 * predicted position moved (new minus old), zero when the prediction was right.
	 */
	reconcile(server: ServerSelfState): { dx: number; dy: number } {
		const before = { x: this.#state.x, y: this.#state.y };
		const acked = this.#pending.find((p) => p.input.seq === server.lastInputSeq);
		this.#pending = this.#pending.filter((p) => p.input.seq > server.lastInputSeq);
		if (!acked) {
			// Nothing of ours to line up with (no input yet, or an ack we already processed):
			// with nothing pending the server's position is simply the truth.
			if (this.#pending.length === 0 && (server.x !== this.#state.x || server.y !== this.#state.y) && !this.#state.moving) {
				this.#state.x = server.x;
				this.#state.y = server.y;
				this.#previous = { x: server.x, y: server.y };
				this.#history[this.#history.length - 1] = cloneState(this.#state);
			}
			return { dx: this.#state.x - before.x, dy: this.#state.y - before.y };
		}
		// The local tick the server's position corresponds to; never in the future.
		const base = Math.min(acked.appliedAt + server.inputTicks, this.#tick);
		const stored = this.#history[base - this.#historyStart];
		if (!stored) {
			// Older than the history (a stall of many seconds): take the server's word.
			this.#state = { ...cloneState(this.#state), x: server.x, y: server.y };
			return { dx: this.#state.x - before.x, dy: this.#state.y - before.y };
		}
		if (stored.x === server.x && stored.y === server.y) return { dx: 0, dy: 0 };

		// Rewind to that tick at the server's position, then replay our later inputs.
		const now = this.#tick;
		this.#state = { ...cloneState(stored), x: server.x, y: server.y };
		this.#history.length = base - this.#historyStart + 1;
		this.#history[this.#history.length - 1] = cloneState(this.#state);
		this.#tick = base;
		// The stored state already holds every input applied up to the base tick; replay the later ones
		// on the ticks they were applied. (An input applied before the base but not yet acknowledged
		// stays as predicted: its own ack corrects it.)
		while (this.#tick < now) {
			for (const pending of this.#pending) {
				if (pending.appliedAt === this.#tick && pending.appliedAt > base) applyInput(this.#state, pending.input, this.#grid, this.#options);
			}
			this.step();
		}
		return { dx: this.#state.x - before.x, dy: this.#state.y - before.y };
	}

	/** Puts the avatar somewhere new (joining a map): history and pending inputs are dropped. */
	reset(x: number, y: number): void {
		this.#state = createMovementState(x, y);
		this.#previous = { x, y };
		this.#tick = 0;
		this.#history = [];
		this.#historyStart = 0;
		this.#pending = [];
		this.#remember();
	}

	#remember(): void {
		this.#history.push(cloneState(this.#state));
		if (this.#history.length > HISTORY_TICKS) {
			const drop = this.#history.length - HISTORY_TICKS;
			this.#history.splice(0, drop);
			this.#historyStart += drop;
		}
	}
}

function cloneState(state: MovementState): MovementState {
	return { ...state, path: state.path.map((p) => ({ x: p.x, y: p.y })) };
}
