// State bytes per client per second with 500 avatars spread over a large map:
// per-client views (area of interest) against everyone-in-view, which sends
// every client every avatar (what a full-state broadcast sends).
// Real Colyseus server and 500 real SDK clients over WebSockets on loopback.
//
//   node scripts/run-ts.mjs packages/world-server/bench/state-bandwidth.bench.ts [--clients 500] [--seconds 10]
import { matchMaker } from '@colyseus/core';
import { Client, type Room } from '@colyseus/sdk';
import { parseMap } from '../src/map/index.js';
import { startWorldServer, type WorldRoom } from '../src/room/index.js';
import { mean, quantile, writeResult } from './bench-report.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const CLIENTS = Number(args.get('--clients') ?? 500);
const MEASURE_SECONDS = Number(args.get('--seconds') ?? 10);
const WARMUP_SECONDS = 3;
const TILE = 32;
const SIZE_TILES = 200; // 6,400 px square
const SPAWN_GRID = 10; // 100 spawn points
/** Each avatar re-decides every DECIDE_MS: walk a random direction with this probability, else stand. */
const WALK_PROBABILITY = 0.3;
const DECIDE_MS = 500;
/** The world's simulation rate (the WorldConfig default). */
const TICK_RATE = 20;

/** A large open plaza: one floor tile everywhere, spawn points on a grid. */
function plazaMap() {
	const spawns = [];
	for (let i = 0; i < SPAWN_GRID * SPAWN_GRID; i++) {
		const step = (SIZE_TILES * TILE) / SPAWN_GRID;
		spawns.push({ id: i + 2, name: `spawn-${i}`, point: true, x: step * ((i % SPAWN_GRID) + 0.5), y: step * (Math.floor(i / SPAWN_GRID) + 0.5), width: 0, height: 0, rotation: 0, visible: true, type: '' });
	}
	return parseMap(
		{
			type: 'map', version: '1.8', tiledversion: '1.8.2', orientation: 'orthogonal', renderorder: 'right-down', infinite: false,
			width: SIZE_TILES, height: SIZE_TILES, tilewidth: TILE, tileheight: TILE, nextlayerid: 3, nextobjectid: spawns.length + 2,
			tilesets: [{ firstgid: 1, name: 'floor', tilewidth: TILE, tileheight: TILE, tilecount: 1, columns: 1, image: 'floor.png', imagewidth: TILE, imageheight: TILE, margin: 0, spacing: 0 }],
			layers: [
				{ id: 1, name: 'floor', type: 'tilelayer', width: SIZE_TILES, height: SIZE_TILES, x: 0, y: 0, opacity: 1, visible: true, data: new Array(SIZE_TILES * SIZE_TILES).fill(1) },
				{ id: 2, name: 'spawns', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: spawns },
			],
		},
		{ name: 'plaza' },
	);
}

interface RunResult {
	mode: string;
	viewRadius: number;
	clients: number;
	/** Simulated seconds measured (ticks / 20). */
	seconds: number;
	/** Wall-clock seconds measured; more than `seconds` when the process was saturated. */
	wallSeconds: number;
	bytesPerClientPerSecond: { mean: number; p50: number; p95: number; max: number };
	/** Mean number of other avatars whose position a client received at the end. */
	meanVisibleOthers: number;
}

async function run(mode: string, viewRadius: number): Promise<RunResult> {
	const map = plazaMap();
	const world = await startWorldServer({ worlds: { plaza: { maps: new Map([[map.name, map]]), maxPlayers: CLIENTS, interest: { viewRadius } } } });
	const rooms: Room[] = [];
	const bytes: number[] = [];
	let counting = false;
	for (let i = 0; i < CLIENTS; i += 25) {
		const batch = await Promise.all(
			Array.from({ length: Math.min(25, CLIENTS - i) }, (_, k) =>
				new Client(world.url).joinOrCreate('plaza', { map: 'plaza', name: `bot-${i + k}`, spawn: `spawn-${(i + k) % (SPAWN_GRID * SPAWN_GRID)}` }),
			),
		);
		for (const room of batch) {
			const index = rooms.push(room) - 1;
			bytes[index] = 0;
			// Node's own WebSocket (Node 22+) or the `ws` package: both have addEventListener.
			const ws = (room.connection.transport as unknown as { ws: { addEventListener(e: 'message', cb: (event: { data: ArrayBuffer | Buffer }) => void): void } }).ws;
			ws.addEventListener('message', (event) => {
				if (counting) bytes[index]! += event.data.byteLength;
			});
		}
	}
	const seqs = rooms.map(() => 1);
	const decide = setInterval(() => {
		rooms.forEach((room, i) => {
			const walk = Math.random() < WALK_PROBABILITY;
			const angle = Math.random() * 2 * Math.PI;
			room.send('input', { seq: seqs[i]!++, kind: 'direction', dx: walk ? Math.cos(angle) : 0, dy: walk ? Math.sin(angle) : 0 });
		});
	}, DECIDE_MS);

	// Server and clients share this process; when it is saturated, ticks and
	// patches slow down and each patch carries several ticks of changes. Bytes
	// are therefore counted per simulated second (20 ticks), not per wall second.
	const serverRoom = matchMaker.getLocalRoomById(rooms[0]!.roomId) as unknown as WorldRoom;
	let ticks = 0;
	serverRoom.events.on('tick', () => {
		if (counting) ticks++;
	});
	await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
	counting = true;
	const started = performance.now();
	await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
	counting = false;
	const wallSeconds = (performance.now() - started) / 1000;
	const seconds = ticks / TICK_RATE;
	clearInterval(decide);

	const visible = rooms.map((room) => {
		let n = 0;
		(room.state as { players: Map<string, { x?: number }> }).players.forEach((p, id) => {
			if (id !== room.sessionId && typeof p.x === 'number') n++;
		});
		return n;
	});
	await Promise.all(rooms.map((room) => room.leave().catch(() => undefined)));
	await world.close();

	const perSecond = bytes.map((b) => b / seconds);
	return {
		mode,
		viewRadius,
		clients: CLIENTS,
		seconds,
		wallSeconds,
		bytesPerClientPerSecond: { mean: mean(perSecond), p50: quantile(perSecond, 0.5), p95: quantile(perSecond, 0.95), max: Math.max(...perSecond) },
		meanVisibleOthers: mean(visible),
	};
}

const withViews = await run('views (area of interest)', 640);
const everyone = await run('everyone in view (full broadcast)', 1e6);
const ratio = withViews.bytesPerClientPerSecond.mean / everyone.bytesPerClientPerSecond.mean;

console.log(`\nState bytes per client per simulated second, ${CLIENTS} avatars on a ${SIZE_TILES * TILE} px square map, ${Math.round(WALK_PROBABILITY * 100)}% walking at a time\n`);
console.table(
	[withViews, everyone].map((r) => ({
		mode: r.mode,
		'view radius px': r.viewRadius,
		'B/client/s mean': Math.round(r.bytesPerClientPerSecond.mean),
		'B/client/s p95': Math.round(r.bytesPerClientPerSecond.p95),
		'others in view': r.meanVisibleOthers.toFixed(1),
		'simulated s / wall s': `${r.seconds.toFixed(1)} / ${r.wallSeconds.toFixed(1)}`,
	})),
);
const target = 0.1;
console.log(`views / full broadcast = ${(ratio * 100).toFixed(1)}% (target <= ${target * 100}%): ${ratio <= target ? 'PASS' : 'FAIL'}`);
const file = writeResult('state-bandwidth', { clients: CLIENTS, mapPx: SIZE_TILES * TILE, walkProbability: WALK_PROBABILITY, runs: [withViews, everyone], ratio, target, pass: ratio <= target });
console.log(`wrote ${file}`);
process.exit(0);
