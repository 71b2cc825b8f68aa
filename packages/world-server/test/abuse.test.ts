import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { matchMaker } from '@colyseus/core';
import { Client, type Room } from '@colyseus/sdk';
import { WorkerPool } from '@hallway/media/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
	CLOSE_BAD_CLIENT,
	type ClientLimits,
	type ErrorPayload,
	jwtAuthenticate,
	MAX_REFUSED_MESSAGES,
	signPlayerToken,
	startWorldServer,
	type WorldRoom,
	type WorldServer,
} from '../src/room/index.js';
import { Random } from './support/random.js';
import { type DecodedWorld, joinWorld, leaveQuietly, officeWorld, seen } from './support/world-fixture.js';

const SECRET = 'abuse-test-secret-of-at-least-32-bytes';
const flooderScript = fileURLToPath(new URL('./support/flooder.ts', import.meta.url));

/** Colyseus closes a socket with this code when a frame cannot be decoded or the frame cap is exceeded. */
const CLOSE_WITH_ERROR = 4002;
/** ws closes a socket with this code when a message exceeds `maxPayload`. */
const CLOSE_TOO_BIG = 1009;
const MAX_MESSAGE_BYTES = 64 * 1024;
/** How long the flood lasts, and the quiet phase it is compared with: 100 ticks each at 20 Hz. */
const FLOOD_MS = 5000;

/** Limits so high that every fuzzed message reaches validation (the refusal allowance stays at its default). */
const UNLIMITED = { perSecond: 100_000, burst: 100_000 };
const FUZZ_LIMITS: Partial<ClientLimits> = { input: UNLIMITED, chat: UNLIMITED, emote: UNLIMITED, status: UNLIMITED, signaling: UNLIMITED };

/** What a test client saw: refusals, chat and emotes pushed to it, and how it left. */
interface Observed {
	errors: ErrorPayload[];
	chats: { text: string; from: string }[];
	emotes: unknown[];
	closedWith: number | undefined;
}

function observe(room: Room<DecodedWorld>): Observed {
	const observed: Observed = { errors: [], chats: [], emotes: [], closedWith: undefined };
	room.onMessage('error', (e: ErrorPayload) => observed.errors.push(e));
	room.onMessage('chat', (c: { text: string; from: string }) => observed.chats.push(c));
	room.onMessage('emote', (e: unknown) => observed.emotes.push(e));
	room.onMessage('portal', () => undefined);
	room.onLeave((code) => {
		observed.closedWith = code;
	});
	return observed;
}

function serverRoom(room: Room<DecodedWorld>): WorldRoom {
	return matchMaker.getLocalRoomById(room.roomId) as unknown as WorldRoom;
}

function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate and size limits over real WebSockets', () => {
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	async function join(name: string, worldName = 'office'): Promise<{ room: Room<DecodedWorld>; seen: Observed }> {
		const room = await joinWorld(world.url, worldName, { name });
		room.reconnection.enabled = false;
		rooms.push(room);
		return { room, seen: observe(room) };
	}

	beforeAll(async () => {
		world = await startWorldServer({
			worlds: {
				office: await officeWorld(),
				secured: await officeWorld({ authenticate: jwtAuthenticate({ secret: SECRET }), limits: { rejoinCooldownMs: 800 } }),
			},
			maxMessageBytes: MAX_MESSAGE_BYTES,
		});
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
	});

	it('drops chat over five lines in five seconds with E_RATE_LIMITED; the others receive only the admitted lines', async () => {
		const alice = await join('Alice');
		const bob = await join('Bob');
		for (let i = 0; i < 8; i++) alice.room.send('chat', { text: `line ${i}`, scope: 'world' });
		await vi.waitFor(() => expect(alice.seen.errors).toHaveLength(3));
		expect(alice.seen.errors[0]).toEqual({ code: 'E_RATE_LIMITED', message: 'too many chat messages: at most 5 at once, then 1 per second', type: 'chat' });
		await vi.waitFor(() => expect(bob.seen.chats.map((c) => c.text)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']));
		// Three refusals are not a flood: Alice stays.
		expect(alice.seen.closedWith).toBeUndefined();
	});

	it('drops emotes, status changes and movement inputs over their bursts', async () => {
		const alice = await join('Alice');
		const bob = await join('Bob');
		for (let i = 0; i < 8; i++) alice.room.send('emote', { emote: 'wave' });
		await vi.waitFor(() => expect(bob.seen.emotes).toHaveLength(6));
		for (let i = 0; i < 8; i++) alice.room.send('status', { status: i % 2 ? 'available' : 'busy' });
		await vi.waitFor(() => expect(alice.seen.errors).toHaveLength(2 + 2));
		expect(alice.seen.errors.map((e) => `${e.code} ${e.type}`)).toEqual([...Array(2).fill('E_RATE_LIMITED emote'), ...Array(2).fill('E_RATE_LIMITED status')]);
		// 40 inputs pass at once, then 30/s: of 50 sent together, the last few are dropped (one may refill in between).
		for (let seq = 1; seq <= 50; seq++) alice.room.send('input', { seq, kind: 'direction', dx: 0, dy: 0 });
		await vi.waitFor(() => expect(alice.seen.errors.length).toBeGreaterThanOrEqual(4 + 8));
		await sleep(100);
		const inputRefusals = alice.seen.errors.filter((e) => e.type === 'input');
		expect(inputRefusals.every((e) => e.code === 'E_RATE_LIMITED')).toBe(true);
		expect(serverRoom(alice.room).movementOf(alice.room.sessionId)?.lastInputSeq).toBe(50 - inputRefusals.length);
		expect(alice.seen.closedWith).toBeUndefined();
	});

	it('rejects locate requests over 100 at once with E_RATE_LIMITED', async () => {
		const alice = await join('Alice');
		const outcomes = await Promise.all(
			Array.from({ length: 105 }, () =>
				alice.room.request('locate', { player: alice.room.sessionId }).then(
					() => 'ok',
					(error: { reason?: string }) => String(error.reason ?? error),
				),
			),
		);
		// 100 at once, then 50/s: one more may have refilled while they arrived.
		const ok = outcomes.filter((o) => o === 'ok').length;
		expect(ok).toBeGreaterThanOrEqual(100);
		expect(ok).toBeLessThanOrEqual(101);
		expect(outcomes.slice(0, 100)).toEqual(Array(100).fill('ok'));
		expect(outcomes.filter((o) => o.startsWith('E_RATE_LIMITED: too many signaling messages'))).toHaveLength(105 - ok);
	});

	it('closes the socket of a message larger than maxMessageBytes (1009), before any handler sees it', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		onTestFinished(() => logged.mockRestore());
		const mallory = await join('Mallory');
		const bob = await join('Bob');
		mallory.room.send('chat', { text: 'x'.repeat(MAX_MESSAGE_BYTES), scope: 'world' });
		await vi.waitFor(() => expect(mallory.seen.closedWith).toBe(CLOSE_TOO_BIG));
		await sleep(100);
		expect(bob.seen.chats).toHaveLength(0);
	});

	it('cuts off a client flooding frames that no handler sees (the frame cap, close 4002)', async () => {
		const mallory = await join('Mallory');
		// Protocol code 31 means nothing to Colyseus: such frames are dropped unseen by the room, but counted.
		const nonsense = new Uint8Array([31, 1, 2, 3]);
		for (let i = 0; i < 250 && mallory.seen.closedWith === undefined; i++) mallory.room.connection.send(nonsense);
		await vi.waitFor(() => expect(mallory.seen.closedWith).toBe(CLOSE_WITH_ERROR));
	});

	it('keeps a player disconnected for abuse out of the world for the cooldown, by user id', async () => {
		const joinAs = async (sub: string) => {
			const client = new Client(world.url);
			client.auth.token = await signPlayerToken(SECRET, { sub, name: sub });
			const room = await client.joinOrCreate<DecodedWorld>('secured', { map: 'office' });
			room.reconnection.enabled = false;
			rooms.push(room);
			return { room, seen: observe(room) };
		};
		const mallory = await joinAs('mallory');
		for (let i = 0; i < MAX_REFUSED_MESSAGES; i++) mallory.room.send('nonsense', i);
		await vi.waitFor(() => expect(mallory.seen.closedWith).toBe(CLOSE_BAD_CLIENT));
		const kickedAt = Date.now();
		await expect(joinAs('mallory')).rejects.toMatchObject({ code: 429, message: expect.stringMatching(/^E_REJOIN_COOLDOWN: .* may rejoin in 1 s$/) });
		// Someone else is welcome meanwhile.
		await joinAs('alice');
		await sleep(Math.max(0, kickedAt + 900 - Date.now()));
		await joinAs('mallory');
	});

	it('throttles then disconnects a client flooding 1,000 messages/s, while two others keep walking and their tick holds', async () => {
		const alice = await join('Alice');
		const bob = await join('Bob');
		const room = serverRoom(alice.room);
		const durations: number[] = [];
		const intervals: number[] = [];
		let lastTickAt = 0;
		room.events.on('tick', (ms) => {
			const now = performance.now();
			durations.push(ms);
			if (lastTickAt) intervals.push(now - lastTickAt);
			lastTickAt = now;
		});
		const seqs = { alice: 1, bob: 1 };
		/** Alice and Bob pace back and forth at 20 inputs/s, as WorldClient sends them. */
		async function patrol(ms: number): Promise<void> {
			const end = Date.now() + ms;
			for (let step = 0; Date.now() < end; step++) {
				const dx = Math.floor(step / 10) % 2 ? -1 : 1;
				alice.room.send('input', { seq: seqs.alice++, kind: 'direction', dx, dy: 0 });
				bob.room.send('input', { seq: seqs.bob++, kind: 'direction', dx: -dx, dy: 0 });
				await sleep(50);
			}
		}
		function take(): { durations: number[]; intervals: number[] } {
			const sample = { durations: durations.splice(0), intervals: intervals.splice(0) };
			return sample;
		}

		await patrol(500);
		take();
		await patrol(FLOOD_MS);
		const quiet = take();

		const flooder = spawn(process.execPath, [flooderScript, world.url, 'office', String(FLOOD_MS), '1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
		const lines = createInterface({ input: flooder.stdout! });
		const output: string[] = [];
		const ready = new Promise<void>((resolve) => lines.on('line', (line) => (line === 'ready' ? resolve() : output.push(line))));
		const exited = new Promise<void>((resolve) => flooder.on('exit', () => resolve()));
		await Promise.race([ready, exited]);
		take();
		await Promise.all([patrol(FLOOD_MS), exited]);
		const flooded = take();
		room.events.removeAllListeners('tick');
		const summary = JSON.parse(output.at(-1) ?? '{}') as { sent: number; sessions: number; closeCodes: number[]; joinErrors: number };

		const stats = (s: { durations: number[]; intervals: number[] }) =>
			`tick p50 ${percentile(s.durations, 50).toFixed(3)} ms, p99 ${percentile(s.durations, 99).toFixed(3)} ms, max ${Math.max(...s.durations).toFixed(3)} ms; ` +
			`interval p99 ${percentile(s.intervals, 99).toFixed(1)} ms (${s.durations.length} ticks)`;
		console.log(`[abuse bench] without flooder: ${stats(quiet)}`);
		console.log(`[abuse bench] with flooder:    ${stats(flooded)}`);
		console.log(
			`[abuse bench] flooder: ${summary.sent} messages in ${summary.sessions} sessions, ` +
				`each disconnected (close codes ${[...new Set(summary.closeCodes)].join(', ')}); ` +
				`${alice.seen.chats.length} spam lines reached Alice`,
		);

		// The flooder was cut off every time it came back, by the refusal allowance (or the frame cap).
		expect(summary.sessions).toBeGreaterThanOrEqual(1);
		expect(summary.closeCodes.length).toBeGreaterThanOrEqual(summary.sessions - 1);
		for (const code of summary.closeCodes) expect([CLOSE_BAD_CLIENT, CLOSE_WITH_ERROR]).toContain(code);
		// At most one burst of spam per session reached the others.
		expect(alice.seen.chats.length).toBeLessThanOrEqual(5 * summary.sessions);
		// Alice and Bob: still here, never refused, and converged on the server's positions.
		for (const player of [alice, bob]) {
			expect(player.seen.closedWith).toBeUndefined();
			expect(player.seen.errors).toEqual([]);
		}
		alice.room.send('input', { seq: seqs.alice++, kind: 'direction', dx: 0, dy: 0 });
		bob.room.send('input', { seq: seqs.bob++, kind: 'direction', dx: 0, dy: 0 });
		await vi.waitFor(() => {
			for (const [player, seq] of [
				[alice, seqs.alice - 1],
				[bob, seqs.bob - 1],
			] as const) {
				const truth = room.movementOf(player.room.sessionId)!;
				expect(truth.lastInputSeq).toBe(seq);
				expect(seen(player.room, player.room.sessionId)).toMatchObject({ x: truth.x, y: truth.y, lastInputSeq: seq });
				const other = player === alice ? bob : alice;
				expect(seen(other.room, player.room.sessionId)).toMatchObject({ x: truth.x, y: truth.y });
			}
		});
		// Generous: the tick's own work must not grow with a flood (the numbers above go in the report).
		expect(percentile(flooded.durations, 99)).toBeLessThan(Math.max(20, 5 * percentile(quiet.durations, 99)));
	});
});

describe('fuzzed messages', () => {
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	beforeAll(async () => {
		world = await startWorldServer({ worlds: { fuzz: await officeWorld({ limits: FUZZ_LIMITS }) }, maxMessageBytes: MAX_MESSAGE_BYTES });
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
	});

	async function join(name: string): Promise<{ room: Room<DecodedWorld>; seen: Observed }> {
		const room = await joinWorld(world.url, 'fuzz', { name });
		room.reconnection.enabled = false;
		rooms.push(room);
		return { room, seen: observe(room) };
	}

	it('answers every fuzzed message with an error or a disconnect, never crashes and never changes another player', async () => {
		const seed = 8;
		const random = new Random(seed);
		// Colyseus logs a stack trace for every undecodable frame: counted below, kept out of the test output.
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
		onTestFinished(() => {
			logged.mockRestore();
			warned.mockRestore();
		});
		const bob = await join('Bob');
		const room = serverRoom(bob.room);
		await vi.waitFor(() => expect(seen(bob.room, bob.room.sessionId)?.x).toBeTypeOf('number'));
		const bobBefore = { view: seen(bob.room, bob.room.sessionId), server: { ...room.movementOf(bob.room.sessionId)! } };
		const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

		let fuzzer = await join('Fuzzer');
		const outcomes: Record<string, number> = {};
		let sessions = 1;
		/** Sends one case, then a probe request: by the probe's answer, the case's error (if any) has arrived. */
		async function attempt(label: string, send: (room: Room<DecodedWorld>) => void, mayBeIgnored = false): Promise<void> {
			if (fuzzer.seen.closedWith !== undefined) {
				fuzzer = await join('Fuzzer');
				sessions++;
			}
			const errorsBefore = fuzzer.seen.errors.length;
			send(fuzzer.room);
			const probe = await fuzzer.room.request('locate', { player: fuzzer.room.sessionId }, { timeout: 5000 }).then(
				() => 'answered',
				() => 'failed',
			);
			await sleep(0);
			const outcome =
				fuzzer.seen.closedWith !== undefined || probe === 'failed' ? 'disconnect' : fuzzer.seen.errors.length > errorsBefore ? 'error' : 'ignored';
			outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
			if (outcome === 'ignored' && !mayBeIgnored) throw new Error(`fuzz case "${label}" (seed ${seed}) got neither an error nor a disconnect`);
		}

		// Random message types with random payloads.
		for (let i = 0; i < 150; i++) {
			const type = randomType(random);
			await attempt(`type ${String(type).slice(0, 40)}`, (r) => r.send(type as string, randomValue(random, 3)));
		}
		// Known types, wrong shapes: random JSON, wrong field types, NaN and Infinity, prototype keys, huge strings.
		for (const payload of wrongPayloads(random)) {
			await attempt(`${payload.type} ${JSON.stringify(payload.body)?.slice(0, 60)}`, (r) => r.send(payload.type, payload.body));
		}
		// Requests with garbage: rejected (the probe then still answers).
		for (let i = 0; i < 20; i++) {
			let rejected = false;
			await attempt(
				'locate garbage',
				(r) =>
					void r.request('locate', randomValue(random, 2), { timeout: 5000 }).catch(() => {
						rejected = true;
					}),
			);
			if (fuzzer.seen.closedWith === undefined) expect(rejected).toBe(true);
		}
		// Raw frames: msgpack maps with __proto__ keys, then binary garbage. Frames Colyseus itself does not route to
		// the room (an unknown protocol code, a second JOIN, a PING) are dropped without effect: "ignored" is allowed.
		const protoPayload = [0x81, ...fixstr('__proto__'), 0x81, ...fixstr('isAdmin'), 0xc3];
		const constructorPayload = [0x81, ...fixstr('constructor'), 0x81, ...fixstr('prototype'), 0x81, ...fixstr('isAdmin'), 0xc3];
		for (const type of ['status', 'input', 'chat', 'emote', '__proto__']) {
			await attempt(`raw ${type} __proto__`, (r) => r.connection.send(new Uint8Array([13, ...fixstr(type), ...protoPayload])));
			await attempt(`raw ${type} constructor`, (r) => r.connection.send(new Uint8Array([13, ...fixstr(type), ...constructorPayload])));
		}
		for (let i = 0; i < 150; i++) {
			const bytes = new Uint8Array(random.int(1, random.chance(0.1) ? 60_000 : 64));
			for (let b = 0; b < bytes.length; b++) bytes[b] = random.int(0, 255);
			// Half of them look like room data (code 13) or a request (21), so they reach the decoder.
			if (random.chance(0.5)) bytes[0] = random.pick([13, 17, 21]);
			await attempt(`raw garbage ${Buffer.from(bytes.subarray(0, 8)).toString('hex')}`, (r) => r.connection.send(bytes), true);
		}
		console.log(
			`[fuzz] seed ${seed}: outcomes ${JSON.stringify(outcomes)}, ${sessions} fuzzer sessions, ` +
				`${logged.mock.calls.length} console.error and ${warned.mock.calls.length} console.warn lines from Colyseus/ws`,
		);

		// Nobody else changed: Bob's own view and the server's record of him are as before, and no fuzz reached him.
		await sleep(200);
		expect(seen(bob.room, bob.room.sessionId)).toEqual(bobBefore.view);
		expect({ ...room.movementOf(bob.room.sessionId)! }).toEqual(bobBefore.server);
		expect(bob.seen.closedWith).toBeUndefined();
		expect(bob.seen.errors).toEqual([]);
		expect(bob.seen.chats).toEqual([]);
		expect(bob.seen.emotes).toEqual([]);
		// No prototype was polluted in the server's process (this one).
		expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
		// And the room still works: Bob walks.
		bob.room.send('input', { seq: 1, kind: 'direction', dx: 1, dy: 0 });
		await vi.waitFor(() => expect(seen(bob.room, bob.room.sessionId)?.lastInputSeq).toBe(1));
	});

	it('forwards chat as plain text, verbatim: markup is not interpreted, escaped or stripped', async () => {
		const alice = await join('Alice');
		const bob = await join('Bob');
		const text = '<img src=x onerror="alert(1)"> &amp; <script>alert(2)</script> **bold** \u202eevil';
		alice.room.send('chat', { text, scope: 'world' });
		await vi.waitFor(() => expect(bob.seen.chats.map((c) => c.text)).toEqual([text]));
	});
});

describe('media signaling rate limit', () => {
	let pool: WorkerPool;
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	beforeAll(async () => {
		pool = await WorkerPool.start({ workers: 1 });
		world = await startWorldServer({ worlds: { office: await officeWorld({ media: { pool } }) } });
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
		await pool?.close();
	});

	it('rejects media requests beyond 100 at once with E_RATE_LIMITED, before the media plane sees them', async () => {
		const room = await joinWorld(world.url, 'office', { name: 'Mallory' });
		rooms.push(room);
		const observed = observe(room);
		const outcomes = await Promise.all(
			Array.from({ length: 110 }, () =>
				room.request('media.consumerReady', { consumerId: 'nope' }).then(
					() => 'ok',
					(error: { reason?: string }) => String(error.reason ?? error).split(':')[0]!,
				),
			),
		);
		// The first 100 reach the media plane (which knows no such consumer); the last 10 are dropped.
		expect(outcomes.slice(0, 100)).not.toContain('E_RATE_LIMITED');
		expect(outcomes.slice(102)).toEqual(Array(8).fill('E_RATE_LIMITED'));
		expect(observed.closedWith).toBeUndefined();
	});
});

/** msgpack fixstr bytes (strings under 32 bytes), as Colyseus encodes message types. */
function fixstr(text: string): number[] {
	const bytes = [...Buffer.from(text, 'utf8')];
	if (bytes.length > 31) throw new Error('fixstr: too long');
	return [0xa0 | bytes.length, ...bytes];
}

const KNOWN_TYPES = ['input', 'chat', 'emote', 'status', 'locate'];
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

function randomString(random: Random, maxLength: number): string {
	let text = '';
	const length = random.int(0, maxLength);
	for (let i = 0; i < length; i++) {
		const kind = random.int(0, 4);
		// ASCII, control characters, BMP, astral (emoji), lone surrogates.
		text += String.fromCharCode(
			kind === 0 ? random.int(32, 126) : kind === 1 ? random.int(0, 31) : kind === 2 ? random.int(0x100, 0xd7ff) : kind === 3 ? 0xd83d : random.int(0xdc00, 0xdfff),
		);
	}
	return text;
}

function randomType(random: Random): string | number {
	switch (random.int(0, 5)) {
		case 0:
			return random.pick(NASTY_KEYS);
		case 1:
			return random.int(-1000, 1000);
		case 2:
			// The SDK encodes a type into an 8 KiB buffer: long, not longer.
			return random.chance(0.2) ? 'x'.repeat(random.int(1000, 6000)) : randomString(random, 20);
		case 3:
			return random.pick(['', '*', 'media.join', 'Input', 'chat ', 'error', '_$binput']);
		default:
			return random.pick(KNOWN_TYPES.filter((t) => t !== 'locate'));
	}
}

function randomValue(random: Random, depth: number): unknown {
	switch (random.int(depth > 0 ? 0 : 3, 9)) {
		case 0:
			return Array.from({ length: random.int(0, 5) }, () => randomValue(random, depth - 1));
		case 1:
		case 2: {
			const entries = Array.from({ length: random.int(0, 5) }, () => [
				random.chance(0.3) ? random.pick([...NASTY_KEYS, 'seq', 'kind', 'dx', 'text', 'status', 'emote', 'scope']) : randomString(random, 8),
				randomValue(random, depth - 1),
			]);
			// JSON.parse makes "__proto__" an own key, as a hostile client's encoder would.
			return JSON.parse(JSON.stringify(Object.fromEntries(entries)));
		}
		case 3:
			return random.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324]);
		case 4:
			return random.int(-1e9, 1e9) / random.pick([1, 7, 1000]);
		case 5:
			return random.chance(0.1) ? 'y'.repeat(random.int(1000, 60_000)) : randomString(random, 40);
		case 6:
			return random.pick([true, false, null]);
		case 7:
			return new Uint8Array(random.int(0, 32)).map(() => random.int(0, 255));
		default:
			return undefined;
	}
}

/** Known message types with payloads that are wrong on purpose, each a different way. */
function wrongPayloads(random: Random): { type: string; body: unknown }[] {
	const bodies: { type: string; body: unknown }[] = [];
	const notStrings = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e400, [1], { valueOf: 1 }, null, true];
	for (const bad of [...notStrings, '1']) {
		bodies.push({ type: 'input', body: { seq: 1, kind: 'direction', dx: bad, dy: 0 } });
		bodies.push({ type: 'input', body: { seq: 1, kind: 'target', x: 10, y: bad } });
		bodies.push({ type: 'input', body: { seq: bad, kind: 'direction', dx: 1, dy: 0 } });
	}
	for (const bad of notStrings) bodies.push({ type: 'chat', body: { text: bad, scope: 'world' } });
	for (const bad of [...notStrings, 'WAVE', 'dnd ', '']) {
		bodies.push({ type: 'chat', body: { text: 'ok', scope: bad } });
		bodies.push({ type: 'status', body: { status: bad } });
		bodies.push({ type: 'emote', body: { emote: bad } });
	}
	bodies.push({ type: 'input', body: { seq: -1, kind: 'direction', dx: 1, dy: 0 } });
	bodies.push({ type: 'input', body: { seq: 1.5, kind: 'direction', dx: 1, dy: 0 } });
	bodies.push({ type: 'input', body: { seq: 1, kind: 'teleport', x: 0, y: 0 } });
	bodies.push({ type: 'chat', body: { text: 'z'.repeat(60_000), scope: 'world' } });
	bodies.push({ type: 'chat', body: { text: '   ', scope: 'world' } });
	bodies.push({ type: 'chat', body: { text: 'hi\u0000there', scope: 'world' } });
	bodies.push({ type: 'chat', body: { text: 'hi', scope: 'everyone' } });
	bodies.push({ type: 'chat', body: { text: 'hi', scope: 'world', extra: 1 } });
	bodies.push({ type: 'status', body: JSON.parse('{"status":"dnd","__proto__":{"status":"dnd"}}') });
	bodies.push({ type: 'status', body: JSON.parse('{"__proto__":{"status":"dnd"}}') });
	bodies.push({ type: 'emote', body: JSON.parse('{"constructor":{"prototype":{"isAdmin":true}},"emote":"wave"}') });
	for (let i = 0; i < 40; i++) bodies.push({ type: random.pick(KNOWN_TYPES.filter((t) => t !== 'locate')), body: randomValue(random, 3) });
	return bodies;
}
