import {
	applyInput,
	type CollisionGrid,
	createMovementState,
	DEFAULT_MOVEMENT_OPTIONS,
	type DirectionInput,
	type MovementInput,
	type TargetInput,
	type MovementState,
	step,
} from '@hallway/world-server/shared';
import { describe, expect, it } from 'vitest';
import { type ServerSelfState, SelfPrediction } from '../src/core/prediction.js';

const TICK_MS = 50;

/** An input without its sequence number (the simulated client numbers them). */
type ScriptedInput = Omit<DirectionInput, 'seq'> | Omit<TargetInput, 'seq'>;
const OPTIONS = DEFAULT_MOVEMENT_OPTIONS;

/** A 30x20 room of 32 px tiles with walls around it and a wall with a door in the middle. */
function room(): CollisionGrid {
	const cols = 30;
	const rows = 20;
	const collision = new Uint8Array(cols * rows);
	for (let c = 0; c < cols; c++) {
		collision[c] = 1;
		collision[(rows - 1) * cols + c] = 1;
	}
	for (let r = 0; r < rows; r++) {
		collision[r * cols] = 1;
		collision[r * cols + cols - 1] = 1;
		if (r !== 10) collision[r * cols + 15] = 1;
	}
	return { cols, rows, tileWidth: 32, tileHeight: 32, widthPx: cols * 32, heightPx: rows * 32, collision };
}

/** Seeded PRNG (mulberry32), so a failing run replays. */
function random(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = Math.imul(s ^ (s >>> 15), s | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The room's per-tick bookkeeping, as `WorldRoom` does it: apply inputs on
 * arrival, step every tick, and count moving steps since the last input.
 */
class FakeServer {
	readonly state: MovementState;
	inputTicks = 0;
	#acked = 0;

	constructor(
		readonly grid: CollisionGrid,
		x: number,
		y: number,
	) {
		this.state = createMovementState(x, y);
	}

	receive(input: MovementInput): void {
		applyInput(this.state, input, this.grid, OPTIONS);
	}

	tick(): ServerSelfState {
		const moved = step(this.state, this.grid, TICK_MS / 1000, OPTIONS);
		if (this.state.lastInputSeq !== this.#acked) {
			this.#acked = this.state.lastInputSeq;
			this.inputTicks = moved ? 1 : 0;
		} else if (moved) {
			this.inputTicks++;
		}
		return { x: this.state.x, y: this.state.y, lastInputSeq: this.state.lastInputSeq, inputTicks: this.inputTicks };
	}
}

interface Run {
	/** Largest correction applied while moving, px. */
	maxCorrection: number;
	/** Client and server positions once everything settled. */
	client: { x: number; y: number };
	server: { x: number; y: number };
	corrections: number;
}

/**
 * Simulates a client and the server in virtual time: both tick every 50 ms
 * (out of phase), inputs and states travel with `oneWayMs` ± `jitterMs`.
 * The client sends `inputs` at the given ticks, as `WorldClient` does (one per tick at most).
 */
function simulate(options: { oneWayMs: number; jitterMs: number; seed: number; inputs: Map<number, ScriptedInput>; ticks: number }): Run {
	const grid = room();
	const rand = random(options.seed);
	const server = new FakeServer(grid, 100, 100);
	const client = new SelfPrediction(grid, OPTIONS, 100, 100);
	// Timed deliveries, processed in time order.
	const events: { at: number; run: () => void }[] = [];
	const delay = () => options.oneWayMs + (rand() * 2 - 1) * options.jitterMs;
	let seq = 0;
	let maxCorrection = 0;
	let corrections = 0;
	let lastArrival = 0;
	const serverPhase = 17;
	for (let tick = 0; tick < options.ticks; tick++) {
		const clientAt = tick * TICK_MS;
		events.push({
			at: clientAt,
			run: () => {
				const input = options.inputs.get(tick);
				if (input) {
					const full = { ...input, seq: ++seq } as MovementInput;
					if (client.apply(full)) events.push({ at: clientAt + delay(), run: () => server.receive(full) });
				}
				client.step();
			},
		});
		events.push({
			at: clientAt + serverPhase,
			run: () => {
				const snapshot = server.tick();
				// WebSocket order is kept: a state never overtakes the previous one.
				const arrival = Math.max(lastArrival, clientAt + serverPhase + delay());
				lastArrival = arrival;
				events.push({
					at: arrival,
					run: () => {
						const { dx, dy } = client.reconcile(snapshot);
						const size = Math.hypot(dx, dy);
						if (size > 0) corrections++;
						maxCorrection = Math.max(maxCorrection, size);
					},
				});
			},
		});
	}
	while (events.length) {
		events.sort((a, b) => a.at - b.at);
		events.shift()!.run();
	}
	return {
		maxCorrection,
		corrections,
		client: { x: client.state.x, y: client.state.y },
		server: { x: server.state.x, y: server.state.y },
	};
}

/** A walk: right, down, diagonal into the wall, through the door, then a click-to-move across the room. */
const SCRIPT = new Map<number, ScriptedInput>([
	[2, { kind: 'direction', dx: 1, dy: 0 }],
	[30, { kind: 'direction', dx: 0, dy: 1 }],
	[45, { kind: 'direction', dx: 1, dy: 1 }],
	[70, { kind: 'direction', dx: 0, dy: 0 }],
	[75, { kind: 'target', x: 700, y: 340 }],
	[160, { kind: 'direction', dx: -1, dy: -0.3 }],
	[190, { kind: 'direction', dx: 0, dy: 0 }],
]);

describe('SelfPrediction against a simulated server', () => {
	it('with steady latency, corrects only where an input changed the motion, and ends exact', () => {
		const run = simulate({ oneWayMs: 75, jitterMs: 0, seed: 1, inputs: SCRIPT, ticks: 260 });
		// The server applies an input a round trip after the client did, so the motion before it
		// lasts a little longer there: one small correction per change at most, none in between.
		expect(run.corrections).toBeGreaterThan(0);
		expect(run.corrections).toBeLessThanOrEqual(SCRIPT.size);
		expect(run.maxCorrection).toBeLessThanOrEqual(2 * (OPTIONS.maxSpeed * TICK_MS) / 1000 + 0.001);
		expect(run.client).toEqual(run.server);
	});

	it('without latency, predicts exactly: no correction ever', () => {
		const run = simulate({ oneWayMs: 0, jitterMs: 0, seed: 1, inputs: SCRIPT, ticks: 260 });
		expect(run.corrections).toBe(0);
		expect(run.client).toEqual(run.server);
	});

	it.each([1, 2, 3, 4, 5])('converges to the server under 150 ms RTT with ±40 ms jitter (seed %i)', (seed) => {
		const run = simulate({ oneWayMs: 75, jitterMs: 40, seed, inputs: SCRIPT, ticks: 260 });
		// Settled: the same position to the bit.
		expect(run.client).toEqual(run.server);
		// An input landing a tick early or late on the server moves the avatar by at most ~2 ticks of walking.
		expect(run.maxCorrection).toBeLessThanOrEqual(2 * (OPTIONS.maxSpeed * TICK_MS) / 1000 + 0.001);
	});

	it('walks through the door and not through the wall on both sides', () => {
		const run = simulate({ oneWayMs: 75, jitterMs: 40, seed: 9, inputs: SCRIPT, ticks: 260 });
		// The click-to-move target is beyond the wall (x = 15 tiles): getting there means using the door.
		expect(run.server.x).toBeGreaterThan(15 * 32);
		expect(run.client).toEqual(run.server);
	});

	it('resets to a new position and forgets pending inputs (a portal)', () => {
		const prediction = new SelfPrediction(room(), OPTIONS, 100, 100);
		prediction.apply({ seq: 1, kind: 'direction', dx: 1, dy: 0 });
		prediction.step();
		prediction.reset(300, 200);
		expect(prediction.state).toMatchObject({ x: 300, y: 200, moving: false });
		expect(prediction.pendingCount).toBe(0);
	});
});
