import { Client, type Room } from '@colyseus/sdk';
import { HallwayError, type MediaSource } from '@hallway/media';
import { type ConnectionQuality, type QualityMonitorOptions, type RemoteTrack, TypedEmitter } from '@hallway/media/client';
import {
	type ChatPayload,
	type ChatScope,
	type ClientMap,
	type ClientMapData,
	type Emote,
	type EmotePayload,
	type ErrorPayload,
	fromClientMapData,
	type LocateResult,
	type MovementInput,
	type PlayerStatus,
	type PortalPayload,
	SERVER_MESSAGES,
	SHUTDOWN_MESSAGE,
	type ShutdownPayload,
	type WorldInfo,
} from '@hallway/world-server/shared';
import { type DecodedPlayer, LivePlayer } from './player.js';
import { SelfPrediction } from './prediction.js';
import type { ChatMessage, ConnectionState, LocalMediaState, Player, WorldClientEvents } from './types.js';
import { WorldMedia } from './world-media.js';

export interface WorldClientOptions {
	/** The world server, `http(s)://host:port` (the same URL serves the WebSocket). */
	endpoint: string;
	/** World name (a Colyseus room name the server defines). */
	world: string;
	/** Display name (1–32 characters). */
	name?: string;
	/** Authentication token (a JWT in production; guests need none). */
	token?: string;
	/** Map to join; default: the world's default map. */
	map?: string;
	/** Spawn point on that map; default: its first. */
	spawn?: string;
	/**
	 * The media plane (camera, microphone, calls). Default: on where WebRTC
	 * exists (browsers), off elsewhere (Node bots). It starts connected but
	 * captures nothing until `client.media.setMicrophone(true)` / `setCamera(true)`.
	 */
	media?: boolean;
	/**
	 * Connection quality: how often `getStats()` is read, the thresholds of
	 * the levels, the simulcast layer asked for while reception is poor.
	 * `false` measures nothing. Default on, every 2 s.
	 */
	quality?: QualityMonitorOptions | false;
	/** How far behind other players are drawn, ms. Default 100 (two server updates). */
	interpolationDelayMs?: number;
}

/** Decoded room state, as far as the client reads it. */
interface DecodedWorld {
	map: string;
	players: Map<string, DecodedPlayer>;
}

/** Smoothing of prediction corrections: the error halves about every 50 ms. */
const CORRECTION_TIME_CONSTANT_MS = 70;
/** Following re-aims at the followed player at most this often, ms. */
const FOLLOW_INTERVAL_MS = 400;
/** Following stops this close to the followed player, px. */
const FOLLOW_DISTANCE = 48;

/**
 * The engine-agnostic Hallway client: one connection to one world, the
 * players of the current map, this player's movement with prediction, chat,
 * emotes, status, and `media` (camera, microphone, calls).
 *
 * ```ts
 * const client = await WorldClient.connect({ endpoint: 'http://localhost:2567', world: 'office', name: 'Ada' });
 * client.on('trackSubscribed', (player, track) => show(player, track));
 * await client.media.setCamera(true);
 * client.move({ x: 1, y: 0 });
 * ```
 */
export class WorldClient extends TypedEmitter<WorldClientEvents> {
	readonly endpoint: string;
	readonly world: string;
	readonly media: WorldMedia;
	readonly #options: WorldClientOptions;
	readonly #colyseus: Client;
	#info!: WorldInfo;
	#map!: ClientMap;
	#mapUrl = '';
	#room: Room<unknown, DecodedWorld> | undefined;
	readonly #players = new Map<string, LivePlayer>();
	#self: LivePlayer | undefined;
	#prediction: SelfPrediction | undefined;
	#connectionState: ConnectionState = 'connecting';
	#ticker: ReturnType<typeof setInterval> | undefined;
	#lastStepAt = 0;
	#seq = 0;
	/** The input to send at the next tick, if it changed. */
	#desired: { kind: 'direction'; dx: number; dy: number } | { kind: 'target'; x: number; y: number } | undefined;
	#heldDirection = { dx: 0, dy: 0 };
	/** Remaining prediction error to blend away, and when it was last decayed. */
	#correction = { x: 0, y: 0, at: 0 };
	#following: string | null = null;
	#followTimer: ReturnType<typeof setInterval> | undefined;
	#switching = false;
	#closed = false;

	private constructor(options: WorldClientOptions) {
		super();
		this.#options = options;
		this.endpoint = options.endpoint.replace(/\/+$/, '');
		this.world = options.world;
		this.#colyseus = new Client(this.endpoint);
		if (options.token) this.#colyseus.auth.token = options.token;
		const mediaEnabled = options.media ?? (typeof RTCPeerConnection !== 'undefined' && typeof navigator !== 'undefined' && !!navigator.mediaDevices);
		this.media = new WorldMedia(
			{
				remote: (event, track) => this.#onRemoteTrack(event, track),
				speaking: (peerId, speaking) => this.#onSpeaking(peerId, speaking),
				state: (state: LocalMediaState) => this.emit('mediaStateChanged', state),
				localTrack: (source, track) => this.emit('localTrackChanged', source, track),
				quality: (peerId, quality) => this.#onQuality(peerId, quality),
				error: (error) => this.emit('error', error),
			},
			mediaEnabled,
			options.quality ?? {},
		);
	}

	/** Joins a world: fetches its description and map, joins the map's room, connects media. */
	static async connect(options: WorldClientOptions): Promise<WorldClient> {
		const client = new WorldClient(options);
		try {
			client.#info = await client.#fetchJson<WorldInfo>(`/hallway/worlds/${encodeURIComponent(options.world)}`);
			await client.#join(options.map ?? client.#info.defaultMap, options.spawn);
		} catch (error) {
			await client.disconnect();
			throw toHallwayError(error, 'E_CONNECT');
		}
		return client;
	}

	/** The world's description (maps, movement rules, call radii). */
	get info(): WorldInfo {
		return this.#info;
	}

	/** The current map: collision grid, zones, portals and the Tiled JSON to render. */
	get map(): ClientMap {
		return this.#map;
	}

	/** URL the current map came from; tileset images in `map.tiled` are relative to it. */
	get mapUrl(): string {
		return this.#mapUrl;
	}

	/** Everyone on the current map, self included, by player id. */
	get players(): ReadonlyMap<string, Player> {
		return this.#players;
	}

	get self(): Player {
		if (!this.#self) throw new HallwayError('E_NOT_CONNECTED', 'not in a world yet');
		return this.#self;
	}

	get connectionState(): ConnectionState {
		return this.#connectionState;
	}

	/** The player being followed, if any. */
	get following(): string | null {
		return this.#following;
	}

	/**
	 * Walks in a direction until told otherwise (`{ x: 0, y: 0 }` stops): arrow
	 * keys or a joystick. Longer than 1 is normalised; the avatar never goes
	 * faster than the world's speed limit.
	 */
	move(direction: { x: number; y: number }): void {
		const dx = Number.isFinite(direction.x) ? direction.x : 0;
		const dy = Number.isFinite(direction.y) ? direction.y : 0;
		if (dx !== 0 || dy !== 0) this.follow(null);
		if (dx === this.#heldDirection.dx && dy === this.#heldDirection.dy && this.#desired?.kind !== 'target') return;
		this.#heldDirection = { dx, dy };
		this.#desired = { kind: 'direction', dx, dy };
	}

	/** Walks to a point of the map (click-to-move); the server finds the way around walls. */
	moveTo(x: number, y: number): void {
		this.#heldDirection = { dx: 0, dy: 0 };
		this.#desired = { kind: 'target', x, y };
	}

	/** Available, busy, or do-not-disturb (no calls at all). */
	setStatus(status: PlayerStatus): void {
		this.#room?.send('status', { status });
	}

	/** Sends a chat line to the players nearby (or your meeting room), or to the whole map. */
	sendChat(text: string, scope: ChatScope = 'nearby'): void {
		this.#room?.send('chat', { text, scope });
	}

	emote(emote: Emote): void {
		this.#room?.send('emote', { emote });
	}

	/** Where a player is, even beyond the view radius. */
	async locate(playerId: string): Promise<{ x: number; y: number }> {
		const room = this.#requireRoom();
		try {
			const result = (await room.request('locate', { player: playerId }, { timeout: 5000 })) as LocateResult;
			return { x: result.x, y: result.y };
		} catch (error) {
			throw toHallwayError(error, 'E_LOCATE');
		}
	}

	/** Walks after a player and keeps up with it; `null` (or any manual move) stops following. */
	follow(playerId: string | null): void {
		if (playerId === this.#following) return;
		clearInterval(this.#followTimer);
		this.#followTimer = undefined;
		this.#following = playerId;
		if (playerId === null) return;
		const chase = () => void this.#chase(playerId);
		chase();
		this.#followTimer = setInterval(chase, FOLLOW_INTERVAL_MS);
	}

	/** Leaves the world and stops every track. */
	async disconnect(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.follow(null);
		clearInterval(this.#ticker);
		this.media.close();
		const room = this.#room;
		this.#room = undefined;
		await room?.leave().catch(() => undefined);
		this.#setConnectionState('disconnected');
	}

	// ---- joining a map ----

	async #join(mapName: string, spawn: string | undefined): Promise<void> {
		this.#mapUrl = `${this.endpoint}/hallway/worlds/${encodeURIComponent(this.world)}/maps/${encodeURIComponent(mapName)}`;
		const [data, room] = await Promise.all([
			this.#fetchJson<ClientMapData>(this.#mapUrl.slice(this.endpoint.length)),
			this.#colyseus.joinOrCreate<DecodedWorld>(this.world, {
				map: mapName,
				...(this.#options.name !== undefined ? { name: this.#options.name } : {}),
				...(spawn !== undefined ? { spawn } : {}),
			}) as Promise<Room<unknown, DecodedWorld>>,
		]);
		this.#map = fromClientMapData(data);
		this.#room = room;
		this.#seq = 0;
		this.#desired = undefined;
		this.#heldDirection = { dx: 0, dy: 0 };
		this.#self = undefined;
		this.#prediction = undefined;

		room.onStateChange((state) => this.#onState(state));
		room.onMessage(SERVER_MESSAGES.chat, (message: ChatPayload) => this.#onChat(message));
		room.onMessage(SERVER_MESSAGES.emote, ({ player, emote }: EmotePayload) => {
			const who = this.#players.get(player);
			if (who) this.emit('emote', who, emote);
		});
		room.onMessage(SERVER_MESSAGES.portal, (portal: PortalPayload) => void this.#takePortal(portal));
		room.onMessage(SERVER_MESSAGES.error, (error: ErrorPayload) => this.emit('error', new HallwayError(error.code, error.message)));
		// The server is going away (a deploy, maintenance): say so before the socket closes.
		room.onMessage(SHUTDOWN_MESSAGE, ({ reason, closesInMs }: ShutdownPayload) =>
			this.emit('error', new HallwayError('E_SERVER_SHUTDOWN', `the server is shutting down (${reason}); disconnecting in ${Math.round(closesInMs / 1000)} s`)),
		);
		// A dropped connection (no close from the server) is retried by the SDK; the server keeps
		// the avatar meanwhile (`reconnectGraceSeconds`) and resets the media once it is back.
		room.onDrop(() => {
			if (this.#room === room && !this.#switching && !this.#closed) this.#setConnectionState('reconnecting');
		});
		room.onReconnect(() => {
			if (this.#room === room && !this.#switching && !this.#closed) this.#setConnectionState('connected');
		});
		room.onLeave((code: number) => {
			if (this.#room !== room || this.#switching || this.#closed) return;
			this.emit('error', new HallwayError('E_DISCONNECTED', `the server closed the connection (code ${code})`));
			this.#setConnectionState('disconnected');
			clearInterval(this.#ticker);
		});

		// Self exists before connect() resolves: wait for the first state that holds it.
		this.#onState(room.state);
		await this.#untilSelf(room);
		this.#startTicker();
		await this.media.attach(room).catch((error: unknown) => this.emit('error', toHallwayError(error, 'E_MEDIA_CONNECT')));
		this.#setConnectionState('connected');
	}

	/** Walking into a portal: leave this map's room, join the target map's, bring media along. */
	async #takePortal({ map, spawn }: PortalPayload): Promise<void> {
		if (this.#switching || this.#closed) return;
		this.#switching = true;
		this.#setConnectionState('reconnecting');
		this.follow(null);
		clearInterval(this.#ticker);
		this.media.detach();
		const old = this.#room;
		for (const player of [...this.#players.values()]) this.#removePlayer(player.id);
		try {
			await old?.leave().catch(() => undefined);
			await this.#join(map, spawn);
			this.emit('mapChanged', this.#map);
		} catch (error) {
			this.emit('error', toHallwayError(error, 'E_PORTAL'));
			this.#setConnectionState('disconnected');
		} finally {
			this.#switching = false;
		}
	}

	// ---- state ----

	#onState(state: DecodedWorld): void {
		if (!state?.players) return;
		const now = performance.now();
		const seen = new Set<string>();
		const room = this.#room;
		if (!room) return;
		// Self first: playerJoined for self precedes the others on a fresh map.
		const ordered = [...state.players.entries()].sort(([a], [b]) => (a === room.sessionId ? -1 : b === room.sessionId ? 1 : 0));
		for (const [id, decoded] of ordered) {
			seen.add(id);
			let player = this.#players.get(id);
			const isNew = !player;
			if (!player) {
				player = new LivePlayer(id, id === room.sessionId, this.#options.interpolationDelayMs ?? 100, 1000 / this.#info.movement.tickRate);
				this.#players.set(id, player);
			}
			if (player.isSelf) {
				this.#updateSelf(player, decoded, isNew);
				if (isNew) this.emit('playerJoined', player);
				continue;
			}
			const { roster, moved } = player.update(decoded, now);
			const zoneChanged = player.updateZone(this.#map);
			if (isNew) this.emit('playerJoined', player);
			else if (roster || zoneChanged) this.emit('playerUpdated', player);
			if (moved) this.emit('playerMoved', player);
		}
		for (const id of [...this.#players.keys()]) if (!seen.has(id)) this.#removePlayer(id);
	}

	#updateSelf(player: LivePlayer, decoded: DecodedPlayer, isNew: boolean): void {
		const { roster } = player.update(decoded, performance.now());
		if (typeof decoded.x !== 'number' || typeof decoded.y !== 'number') return;
		if (!this.#prediction) {
			this.#prediction = new SelfPrediction(this.#map, this.#info.movement, decoded.x, decoded.y);
			this.#self = player;
			player.positionSource = (now) => this.#selfPosition(now);
		} else {
			const { dx, dy } = this.#prediction.reconcile({
				x: decoded.x,
				y: decoded.y,
				lastInputSeq: decoded.lastInputSeq ?? 0,
				inputTicks: decoded.inputTicks ?? 0,
			});
			// Keep the drawn avatar where it was and blend the correction away.
			if (dx !== 0 || dy !== 0) this.#addCorrection(-dx, -dy);
		}
		if (!isNew && roster) this.emit('playerUpdated', player);
	}

	#removePlayer(id: string): void {
		const player = this.#players.get(id);
		if (!player) return;
		for (const [source, track] of player.tracks) this.emit('trackUnsubscribed', player, track, source);
		player.tracks.clear();
		this.#players.delete(id);
		if (this.#following === id) this.follow(null);
		this.emit('playerLeft', player);
	}

	#untilSelf(room: Room<unknown, DecodedWorld>): Promise<void> {
		if (this.#self) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const check = (): void => {
				if (!this.#self) return;
				clearTimeout(timer);
				room.onStateChange.remove(check);
				resolve();
			};
			const timer = setTimeout(() => {
				room.onStateChange.remove(check);
				reject(new HallwayError('E_JOIN_TIMEOUT', 'joined the room but the state never showed this player'));
			}, 10_000);
			room.onStateChange(check);
		});
	}

	// ---- prediction ----

	#startTicker(): void {
		clearInterval(this.#ticker);
		const tickMs = 1000 / this.#info.movement.tickRate;
		this.#lastStepAt = performance.now();
		this.#ticker = setInterval(() => this.#tick(), tickMs);
	}

	/** One local simulation step, in step with the server's: send what changed, predict, update zone. */
	#tick(): void {
		const prediction = this.#prediction;
		const room = this.#room;
		if (!prediction || !room || this.#switching) return;
		const desired = this.#desired;
		if (desired) {
			this.#desired = undefined;
			const input: MovementInput = { seq: ++this.#seq, ...desired };
			if (prediction.apply(input)) room.send('input', input);
		}
		prediction.step();
		this.#lastStepAt = performance.now();
		const self = this.#self;
		if (!self) return;
		const { facing, moving } = prediction.state;
		let changed = self.updateZone(this.#map);
		if (self.facing !== facing || self.moving !== moving) {
			self.facing = facing;
			self.moving = moving;
			changed = true;
		}
		if (prediction.state.x !== prediction.previous.x || prediction.state.y !== prediction.previous.y) this.emit('playerMoved', self);
		if (changed) this.emit('playerUpdated', self);
	}

	#selfPosition(now: number): { x: number; y: number } {
		const prediction = this.#prediction!;
		const tickMs = 1000 / this.#info.movement.tickRate;
		const alpha = Math.max(0, Math.min(1, (now - this.#lastStepAt) / tickMs));
		const { previous, state } = prediction;
		const decay = Math.exp(-Math.max(0, now - this.#correction.at) / CORRECTION_TIME_CONSTANT_MS);
		return {
			x: previous.x + (state.x - previous.x) * alpha + this.#correction.x * decay,
			y: previous.y + (state.y - previous.y) * alpha + this.#correction.y * decay,
		};
	}

	#addCorrection(dx: number, dy: number): void {
		const now = performance.now();
		const decay = Math.exp(-Math.max(0, now - this.#correction.at) / CORRECTION_TIME_CONSTANT_MS);
		this.#correction = { x: this.#correction.x * decay + dx, y: this.#correction.y * decay + dy, at: now };
	}

	async #chase(playerId: string): Promise<void> {
		const target = this.#players.get(playerId);
		const self = this.#self;
		if (!self || this.#following !== playerId) return;
		if (!target) return this.follow(null);
		const at = target.inView ? { x: target.x, y: target.y } : await this.locate(playerId).catch(() => undefined);
		if (!at || this.#following !== playerId) return;
		if (Math.hypot(at.x - self.x, at.y - self.y) > FOLLOW_DISTANCE) this.moveTo(at.x, at.y);
	}

	// ---- media and chat ----

	#onRemoteTrack(event: 'subscribed' | 'activeChanged' | 'mutedChanged' | 'bandChanged' | 'unsubscribed', track: RemoteTrack): void {
		const player = this.#players.get(track.peerId);
		if (!player) return;
		const source: MediaSource = track.source;
		const shown = player.tracks.get(source) === track;
		if (event === 'unsubscribed' || (event === 'activeChanged' && !track.active)) {
			if (shown) {
				player.tracks.delete(source);
				this.emit('trackUnsubscribed', player, track, source);
			}
			// Paused but kept (the speaker stepped just out of range): prewarmed again, a return is only a resume.
			if (event === 'activeChanged') this.emit('trackPrewarmed', player, track, source);
			// Closed while not shown: a prewarmed track that never flowed (or no longer did), or one a newer
			// track of the source replaced. Whoever attached it on `trackPrewarmed` removes it now.
			else if (!shown) this.emit('trackUnsubscribed', player, track, source);
			return;
		}
		if (event === 'subscribed' && !track.active) return this.emit('trackPrewarmed', player, track, source);
		if (track.active && !shown) {
			player.tracks.set(source, track);
			this.emit('trackSubscribed', player, track, source);
			return;
		}
		if (event === 'mutedChanged') this.emit('trackMuted', player, source, track.muted);
		if (event === 'bandChanged') this.emit('trackBandChanged', player, track, source);
	}

	#onSpeaking(peerId: string | null, speaking: boolean): void {
		const player = peerId === null ? this.#self : this.#players.get(peerId);
		if (!player || player.speaking === speaking) return;
		(player as LivePlayer).speaking = speaking;
		this.emit('speakingChanged', player, speaking);
	}

	#onQuality(peerId: string | null, quality: ConnectionQuality): void {
		const player = peerId === null ? this.#self : this.#players.get(peerId);
		if (!player) return;
		(player as LivePlayer).connectionQuality = quality;
		this.emit('connectionQualityChanged', player, quality);
	}

	#onChat(message: ChatPayload): void {
		const chat: ChatMessage = {
			id: message.id,
			fromId: message.from,
			from: this.#players.get(message.from),
			name: message.name,
			text: message.text,
			scope: message.scope,
			at: message.at,
			self: message.from === this.#room?.sessionId,
		};
		this.emit('chat', chat);
	}

	// ---- plumbing ----

	#setConnectionState(state: ConnectionState): void {
		if (state === this.#connectionState) return;
		this.#connectionState = state;
		this.emit('connectionStateChanged', state);
	}

	#requireRoom(): Room<unknown, DecodedWorld> {
		if (!this.#room) throw new HallwayError('E_NOT_CONNECTED', 'not in a world');
		return this.#room;
	}

	async #fetchJson<T>(path: string): Promise<T> {
		const response = await fetch(`${this.endpoint}${path}`);
		const body = (await response.json().catch(() => undefined)) as (T & { code?: string; message?: string }) | undefined;
		if (!response.ok || body === undefined) {
			throw new HallwayError(body?.code ?? 'E_HTTP', body?.message ?? `GET ${path} answered ${response.status}`);
		}
		return body;
	}
}

/** Any failure as a HallwayError: Colyseus errors carry "E_CODE: sentence" messages from the server. */
function toHallwayError(error: unknown, fallbackCode: string): HallwayError {
	if (error instanceof HallwayError) return error;
	// A Colyseus `ctx.reject(reason)` arrives as "request rejected" with the server's sentence on `reason`.
	const reason = (error as { reason?: unknown } | null)?.reason;
	const message = typeof reason === 'string' ? reason : error instanceof Error ? error.message : String(error);
	const coded = /^(E_[A-Z0-9_]+): (.*)$/s.exec(message);
	return coded ? new HallwayError(coded[1]!, coded[2]!, { cause: error }) : new HallwayError(fallbackCode, message, { cause: error });
}
