// The clients process of the load benchmark (load.bench.ts forks it with
// `--role clients`): N raw `@colyseus/sdk` clients, the cheapest real client
// there is (a WebSocket and a schema decoder each; no WorldClient prediction,
// interpolation or media), so that as much of the 2 cores as possible is left
// to the server.
//
// Each bot belongs to a conversation cluster (30 of them, ≈ 850 px apart) and
// walks without pause: 10 times a second it sends a new `input` direction
// (the server applies each one: a new seq), aimed at a waypoint within 160 px
// of its cluster's centre and turned by up to ±0.5 rad of noise; at the
// waypoint it picks the next one, in another cluster one time in ten (a walk
// of ≈ 5 s across the plaza), so proximity edges and interest views keep
// changing. Sends are spread over ten 10 ms slots, so the server sees an even
// 100 × (N / 10) inputs per second rather than bursts. A bot steers from its
// position in the decoded state, advanced by its own inputs between patches
// (dead reckoning), so a bot whose state lacks its position still walks.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, type Room } from '@colyseus/sdk';
import { CLUSTERS, type ClientMessage, JOIN_CHECK_MS, type ClientStats, clusterCentre, type ControlMessage, MAP, mb, round, WORLD } from './load-shared.js';

export interface LoadClientsOptions {
	url: string;
	clients: number;
	/** First bot index (names and clusters), when several clients processes share the fleet. */
	offset: number;
	/** Input messages per second per bot. */
	inputHz: number;
}

/** Joins at once, per batch. */
const JOIN_BATCH = 25;
/** A waypoint is this far at most from its cluster's centre, px. */
const CLUSTER_RADIUS = 160;
/** Closer than this to the waypoint counts as arrived, px. */
const ARRIVED = 24;
/** Share of new waypoints in another cluster. */
const MIGRATE_CHANCE = 0.1;
/** Steering noise, ± rad. */
const TURN_NOISE = 0.5;
const SLOTS = 10;
/** How far one input moves the avatar, for dead reckoning: 160 px/s (the default maxSpeed) for 100 ms. */
const STEP_PX = 16;

interface PlayerView {
	x?: number;
	y?: number;
	lastInputSeq?: number;
}

interface Bot {
	index: number;
	room: Room;
	seq: number;
	cluster: number;
	waypoint: { x: number; y: number };
	/** Last known position: the decoded state's, advanced by the bot's own inputs in between (and instead, when the state lacks it). */
	position: { x: number; y: number };
	/** The bot's own avatar in its decoded state (always in its view). */
	self(): PlayerView | undefined;
}

function send(message: ClientMessage): void {
	process.send!(message);
}

function waypointIn(cluster: number): { x: number; y: number } {
	const centre = clusterCentre(cluster);
	const r = CLUSTER_RADIUS * Math.sqrt(Math.random());
	const a = Math.random() * 2 * Math.PI;
	return { x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) };
}

export async function runLoadClients(options: LoadClientsOptions): Promise<void> {
	const counters = { inputsSent: 0, framesReceived: 0, bytesReceived: 0, errors: 0, maxAckLag: 0, withoutOwnPosition: 0 };
	let joinFailures = 0;
	const errorSamples: string[] = [];
	let stopping = false;
	const noteError = (what: string) => {
		counters.errors++;
		if (errorSamples.length < 20) errorSamples.push(what.slice(0, 300));
	};
	let since = { cpu: process.cpuUsage(), at: performance.now() };
	const loopDelay = monitorEventLoopDelay({ resolution: 10 });
	loopDelay.enable();
	const stats = (): ClientStats => {
		const cpu = process.cpuUsage(since.cpu);
		const seconds = (performance.now() - since.at) / 1000;
		return {
			joined: bots.length,
			joinFailures,
			...counters,
			errorSamples,
			loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
			loopDelayMaxMs: round(loopDelay.max / 1e6, 1),
			cpuPercent: round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1),
			rssMb: mb(process.memoryUsage().rss),
			seconds: round(seconds, 1),
		};
	};
	const reset = () => {
		counters.inputsSent = counters.framesReceived = counters.bytesReceived = counters.maxAckLag = 0;
		since = { cpu: process.cpuUsage(), at: performance.now() };
		loopDelay.reset();
	};

	const bots: Bot[] = [];
	for (let first = 0; first < options.clients; first += JOIN_BATCH) {
		const batch = Array.from({ length: Math.min(JOIN_BATCH, options.clients - first) }, (_, k) => options.offset + first + k);
		const joined = await Promise.allSettled(
			batch.map((index) => new Client(options.url).joinOrCreate(WORLD, { map: MAP, name: `bot-${index}`, spawn: `spawn-${index % CLUSTERS}` })),
		);
		joined.forEach((result, k) => {
			const index = batch[k]!;
			if (result.status === 'rejected') {
				joinFailures++;
				noteError(`join bot-${index}: ${String(result.reason)}`);
				return;
			}
			const room = result.value;
			const cluster = index % CLUSTERS;
			const players = () => (room.state as { players?: Map<string, PlayerView> }).players;
			bots.push({ index, room, seq: 0, cluster, waypoint: waypointIn(cluster), position: clusterCentre(cluster), self: () => players()?.get(room.sessionId) });
			// Node's own WebSocket (Node 22+) or the `ws` package: both have addEventListener.
			const ws = (room.connection.transport as unknown as { ws: { addEventListener(e: 'message', cb: (event: { data: ArrayBuffer | Buffer }) => void): void } }).ws;
			ws.addEventListener('message', (event) => {
				counters.framesReceived++;
				counters.bytesReceived += event.data.byteLength;
			});
			room.onMessage('error', (error: { code?: string; message?: string }) => noteError(`bot-${index} server error ${error.code}: ${error.message}`));
			// Broadcasts a bot does not act on; registered so the SDK does not warn about them.
			for (const type of ['chat', 'emote', 'portal', 'shutdown']) room.onMessage(type, () => {});
			room.onError((code, message) => noteError(`bot-${index} room error ${code}: ${message}`));
			room.onDrop((code, reason) => noteError(`bot-${index} dropped ${code}: ${reason}`));
			room.onLeave((code, reason) => {
				if (!stopping) noteError(`bot-${index} left ${code}: ${reason}`);
			});
		});
	}
	// Time for every bot's first patch; whoever still lacks its own position did not get it with its join state.
	await new Promise((r) => setTimeout(r, JOIN_CHECK_MS));
	const blindAfterJoin = bots.filter((bot) => typeof bot.self()?.x !== 'number');
	for (const bot of blindAfterJoin) noteError(`bot-${bot.index}: no own position (x, y) 1 s after joining, though lastInputSeq ${bot.self()?.lastInputSeq ?? '-'} arrived`);
	counters.withoutOwnPosition = blindAfterJoin.length;
	send({ type: 'joined', stats: stats() });

	// One timer for the fleet: slot s sends for the bots with index % SLOTS === s. Slots are
	// counted against the clock, so a late timer catches up and the rate stays at inputHz.
	const slotMs = 1000 / options.inputHz / SLOTS;
	const steerStarted = performance.now();
	let slotsDone = 0;
	const steer = setInterval(() => {
		const due = Math.floor((performance.now() - steerStarted) / slotMs);
		// After a stall of more than a second, skip ahead rather than burst.
		if (due - slotsDone > SLOTS * options.inputHz) slotsDone = due - SLOTS;
		for (; slotsDone < due; slotsDone++) steerSlot(slotsDone % SLOTS);
	}, slotMs);
	function steerSlot(slot: number): void {
		for (let i = slot; i < bots.length; i += SLOTS) {
			const bot = bots[i]!;
			const self = bot.self();
			// Where the bot is: the server's word when its state has it, else its own dead reckoning.
			if (typeof self?.x === 'number' && typeof self.y === 'number') {
				bot.position.x = self.x;
				bot.position.y = self.y;
			}
			let dx = bot.waypoint.x - bot.position.x;
			let dy = bot.waypoint.y - bot.position.y;
			if (Math.hypot(dx, dy) < ARRIVED) {
				if (Math.random() < MIGRATE_CHANCE) bot.cluster = Math.floor(Math.random() * CLUSTERS);
				bot.waypoint = waypointIn(bot.cluster);
				dx = bot.waypoint.x - bot.position.x;
				dy = bot.waypoint.y - bot.position.y;
			}
			const angle = Math.atan2(dy, dx) + (Math.random() * 2 - 1) * TURN_NOISE;
			bot.room.send('input', { seq: ++bot.seq, kind: 'direction', dx: Math.cos(angle), dy: Math.sin(angle) });
			bot.position.x += Math.cos(angle) * STEP_PX;
			bot.position.y += Math.sin(angle) * STEP_PX;
			counters.inputsSent++;
		}
	}
	// Inputs the server has not applied yet: a handful at most when it keeps up (one round trip, one tick).
	const acks = setInterval(() => {
		for (const bot of bots) {
			const applied = bot.self()?.lastInputSeq;
			if (typeof applied === 'number') counters.maxAckLag = Math.max(counters.maxAckLag, bot.seq - applied);
		}
	}, 1000);
	/** Bots that still lack their own position when they stop (one that moved gets it with its first patch). */
	function checkOwnPositions(): void {
		const blind = bots.filter((bot) => typeof bot.self()?.x !== 'number');
		for (const bot of blind) noteError(`bot-${bot.index}: still no own position (x, y) when stopping`);
		counters.withoutOwnPosition = Math.max(counters.withoutOwnPosition, blind.length);
	}
	const report = setInterval(() => send({ type: 'progress', stats: stats() }), 10_000);

	process.on('message', async (message: ControlMessage) => {
		if (message.type === 'measure') {
			reset();
		} else if (message.type === 'stop') {
			stopping = true;
			clearInterval(steer);
			clearInterval(acks);
			clearInterval(report);
			checkOwnPositions();
			send({ type: 'final', stats: stats() });
			await Promise.allSettled(bots.map((bot) => bot.room.leave()));
			process.disconnect();
			process.exit(0);
		}
	});
}
