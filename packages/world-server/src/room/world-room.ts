import { EventEmitter } from 'node:events';
import { type AuthContext, type Client, LocalPresence, type MessageContext, Room, ServerError } from '@colyseus/core';
import { HallwayError } from '@hallway/media';
import { StateView } from '@colyseus/schema';
import { MediaRoom } from '@hallway/media/server';
import { findSpawn, portalAt, type WorldMap } from '../map/index.js';
import { MovementSimulator, type MovementState } from '../movement/index.js';
import { type HearingDiff, type ProximityAvatar, ProximityEngine } from '../proximity/index.js';
import { CLIENT_MESSAGES, type ClientMessage, type ClientMessageType, describeIssues, type ErrorPayload, SERVER_MESSAGES } from './client-messages.js';
import type { ChatPayload, EmotePayload, LocateResult, PortalPayload } from './social.js';
import { ClientLimiter, DEFAULT_CLIENT_LIMITS, type LimitedMessage } from './client-limits.js';
import { type JoinOptions, JoinOptionsSchema, type PlayerIdentity } from './identity.js';
import { InterestManager } from './interest-manager.js';
import { RejoinCooldowns } from './rejoin-cooldowns.js';
import { SharedCooldowns } from './shared-cooldowns.js';
import type { ResolvedWorldConfig } from './world-config.js';
import { OWNER_VIEW_TAG, PlayerState, WorldState } from './world-state.js';

/** Radius of `nearby` chat outside meeting rooms, px: a little more than the call radius, so whoever you talk with reads you. */
export const NEARBY_CHAT_RADIUS = 256;

/**
 * After this many refused messages in a row (bad, unknown or over a rate
 * limit) a client is disconnected; one is forgiven every 10 s. The default of
 * `ClientLimits.refusals.burst`.
 */
export const MAX_REFUSED_MESSAGES = DEFAULT_CLIENT_LIMITS.refusals.burst;

/** Longest message type echoed back in an error: a type is client-chosen and may be huge. */
const MAX_ECHOED_TYPE_LENGTH = 64;

/** Close code for a client disconnected for sending bad messages. */
export const CLOSE_BAD_CLIENT = 4400;

/** Events a WorldRoom emits for the code around it (the media plane, metrics, tests). */
export interface WorldRoomEvents {
	/** The hearing graph changed this tick. Player ids are Colyseus session ids. */
	hearingDiff: [diff: HearingDiff];
	playerJoined: [player: { sessionId: string; userId: string; name: string }];
	playerLeft: [player: { sessionId: string; userId: string }];
	/** A player's connection dropped; the avatar waits `reconnectGraceSeconds` for it (then `playerLeft`). */
	playerDropped: [player: { sessionId: string; userId: string }];
	/** A dropped player reconnected within the grace period. */
	playerReconnected: [player: { sessionId: string; userId: string }];
	/** Duration of one simulation tick (movement, zones, proximity, interest), in ms. */
	tick: [durationMs: number];
	/** Duration of the proximity engine's part of that tick (`proximity.tick()`), in ms: metrics. */
	proximityTick: [durationMs: number];
}

/**
 * Close codes of a connection that dropped rather than closed: no close frame
 * (1005, 1006), the page going away (1001), or the client's own "may try
 * reconnect" (4010). The @colyseus/sdk client reconnects after exactly these;
 * a player disconnected by the server (abuse, shutdown, oversized frame) or
 * who left never gets a grace period.
 */
const DROPPED_CONNECTION_CODES: ReadonlySet<number> = new Set([1001, 1005, 1006, 4010]);

/** One connected player as the room tracks it. */
interface Avatar {
	/** The player's connection; replaced when it reconnects after a drop. */
	client: Client;
	readonly state: PlayerState;
	readonly movement: MovementState;
	/** Reused for every proximity update of this avatar. */
	readonly proximity: ProximityAvatar;
	/** This client's rate limits and refusal allowance. */
	readonly limiter: ClientLimiter;
	/** Messages refused so far (for the disconnect reason). */
	refused: number;
	/** Status or zone-relevant fields changed since the last tick. */
	dirty: boolean;
	/** The portal the avatar stands in, once told about it (told once per visit). */
	portal: string | null;
	/** Private zone the avatar is in (nearby chat reaches its members only). */
	privateZone: string | null;
}

/**
 * A Colyseus room running one map of a world: a thin adapter from sockets to
 * the plain modules (movement, zones, proximity, interest). It reads top to
 * bottom as its lifecycle. Configure it through `worldRoomClass(config)`.
 */
export class WorldRoom extends Room<{ state: WorldState }> {
	/** Set by `worldRoomClass()`; a room cannot be created without it. */
	static config: ResolvedWorldConfig | undefined;
	/**
	 * Players disconnected for abuse, shared by every room (map) of the world
	 * in this process; with Redis, also kept in the presence for the others.
	 */
	static cooldowns = new RejoinCooldowns();

	/** Typed events for the code around the room (the media plane listens to `hearingDiff`). */
	readonly events = new EventEmitter<WorldRoomEvents>();

	map!: WorldMap;
	proximity!: ProximityEngine;
	/** The media plane of this room, when the world has one. */
	media: MediaRoom | undefined;
	#config!: ResolvedWorldConfig;
	#cooldowns!: RejoinCooldowns;
	/** The same cooldowns in the Redis presence, when the world's maps may run in other processes. */
	#sharedCooldowns: SharedCooldowns | undefined;
	#movement!: MovementSimulator;
	#interest!: InterestManager;
	readonly #avatars = new Map<string, Avatar>();
	#chatId = 0;

	override async onCreate(options: { map?: unknown }): Promise<void> {
		const config = (this.constructor as typeof WorldRoom).config;
		if (!config) throw new Error('E_WORLD_CONFIG: register the room with worldRoomClass(config)');
		this.#config = config;
		this.#cooldowns = (this.constructor as typeof WorldRoom).cooldowns;
		// Several processes share one presence (Redis): another map of this world may live elsewhere.
		this.#sharedCooldowns = this.presence instanceof LocalPresence ? undefined : new SharedCooldowns(this.presence, this.roomName);
		// A join without a map matches no room by filter and creates one: refuse it here with the same code onAuth uses.
		if (typeof options.map !== 'string') {
			throw new ServerError(400, 'E_BAD_JOIN_OPTIONS: map: required (GET /hallway/worlds/:world names the default map)');
		}
		const map = config.maps.get(options.map);
		if (!map) throw new ServerError(404, `E_UNKNOWN_MAP: no map "${options.map}" in this world`);
		this.map = map;
		this.maxClients = config.maxPlayers;
		// Colyseus counts every frame before decoding it: the backstop for frames no handler below sees.
		this.maxMessagesPerSecond = config.limits.framesPerSecond;
		this.#movement = new MovementSimulator(map, config.movement);
		this.proximity = new ProximityEngine(config.proximity);
		this.#interest = new InterestManager(config.interest);

		this.state = new WorldState({ map: map.name });
		this.patchRate = 1000 / config.tickRate;
		this.setSimulationInterval(() => this.#tick(), 1000 / config.tickRate);

		this.#onClientMessage('input', (avatar, input) => {
			const result = this.#movement.applyInput(avatar.movement, input);
			// A stale input (reordered or replayed) is harmless: ignore it quietly.
			if (!result.accepted && result.code !== 'E_INPUT_STALE') this.#refuse(avatar, { code: result.code, message: result.reason, type: 'input' });
		});
		this.#onClientMessage('status', (avatar, { status }) => {
			avatar.state.status = status;
			avatar.proximity.doNotDisturb = status === 'dnd';
			avatar.dirty = true;
		});
		this.#onClientMessage('chat', (avatar, { text, scope }) => {
			const message: ChatPayload = { id: ++this.#chatId, from: avatar.client.sessionId, name: avatar.state.name, text, scope, at: Date.now() };
			for (const recipient of scope === 'world' ? this.#avatars.values() : this.#nearby(avatar)) recipient.client.send(SERVER_MESSAGES.chat, message);
		});
		this.#onClientMessage('emote', (avatar, { emote }) => {
			const message: EmotePayload = { player: avatar.client.sessionId, emote };
			this.broadcast(SERVER_MESSAGES.emote, message);
		});
		// A request (client `room.request('locate', …)`): the reply is the return value, a refusal a rejection.
		this.onMessage('locate', (client: Client, raw: unknown, ctx: MessageContext) => {
			const avatar = this.#avatars.get(client.sessionId);
			if (!avatar) return ctx.reject('E_NOT_JOINED: join the map first');
			const limited = this.#overLimit(avatar, 'signaling', 'locate');
			if (limited) return ctx.reject(limited);
			const parsed = CLIENT_MESSAGES.locate.safeParse(raw);
			if (!parsed.success) {
				const error = { code: 'E_BAD_MESSAGE', message: describeIssues(parsed.error), type: 'locate' };
				this.#refuse(avatar, error);
				return ctx.reject(`${error.code}: ${error.message}`);
			}
			const target = this.#avatars.get(parsed.data.player);
			if (!target) return ctx.reject(`E_UNKNOWN_PLAYER: no player "${parsed.data.player}" on this map`);
			const result: LocateResult = { player: parsed.data.player, x: target.movement.x, y: target.movement.y };
			return result;
		});
		if (config.media) {
			this.media = await MediaRoom.create(config.media);
			// Requests answer through Colyseus' request/response: the result is the reply; a refusal is a
			// deliberate rejection carrying "CODE: sentence" (a thrown error would be logged as a server fault).
			for (const type of this.media.requestTypes) {
				this.onMessage(type, (client: Client, payload: unknown, ctx: MessageContext) => {
					const avatar = this.#avatars.get(client.sessionId);
					const limited = avatar && this.#overLimit(avatar, 'signaling', type);
					if (limited) return ctx.reject(limited);
					return this.media!.handleRequest(client.sessionId, type, payload).catch((error: unknown) => {
						if (error instanceof HallwayError && error.code === 'E_INTERNAL') console.error(error, error.cause);
						return ctx.reject(error instanceof Error ? error.message : String(error));
					});
				});
			}
		}
		this.onMessage('*', (client, type) => {
			const avatar = this.#avatars.get(client.sessionId);
			const name = String(type).slice(0, MAX_ECHOED_TYPE_LENGTH);
			if (avatar) this.#refuse(avatar, { code: 'E_UNKNOWN_MESSAGE', message: `no message type "${name}"`, type: name });
		});
	}

	override async onAuth(_client: Client, options: unknown, context: AuthContext): Promise<PlayerIdentity> {
		const parsed = JoinOptionsSchema.safeParse(options ?? {});
		if (!parsed.success) throw new ServerError(400, `E_BAD_JOIN_OPTIONS: ${describeIssues(parsed.error)}`);
		if (parsed.data.spawn !== undefined && !findSpawn(this.map, parsed.data.spawn)) {
			throw new ServerError(400, `E_UNKNOWN_SPAWN: map "${this.map.name}" has no spawn point "${parsed.data.spawn}"`);
		}
		// The room name is the world's name (`server.define(world, …)`): a token may admit only some worlds.
		const identity = await this.#config.authenticate(context.token, parsed.data, { world: this.roomName, map: this.map.name });
		const wait = this.#cooldowns.remaining(identity.userId, performance.now()) || ((await this.#sharedCooldowns?.remaining(identity.userId)) ?? 0);
		if (wait > 0) {
			throw new ServerError(429, `E_REJOIN_COOLDOWN: this player was disconnected for abuse and may rejoin in ${Math.ceil(wait / 1000)} s`);
		}
		return identity;
	}

	override onJoin(client: Client, options: JoinOptions, identity: PlayerIdentity): void {
		const occupied = [...this.#avatars.values()].map((a) => a.movement);
		// onAuth checked the name; a map always has at least one spawn point.
		const spawn = findSpawn(this.map, options.spawn) ?? this.map.spawns[0]!;
		const movement = this.#movement.spawn(spawn, occupied);
		const state = new PlayerState({ userId: identity.userId, name: identity.name, x: movement.x, y: movement.y });
		const avatar: Avatar = {
			client,
			state,
			movement,
			proximity: { id: client.sessionId, x: movement.x, y: movement.y, privateZone: null, spotlight: false, silent: false, doNotDisturb: false },
			limiter: new ClientLimiter(this.#config.limits, performance.now()),
			refused: 0,
			dirty: true,
			// Arriving on a portal's target spawn must not bounce the player straight back.
			portal: portalAt(this.map, movement.x, movement.y)?.id ?? null,
			privateZone: null,
		};
		this.#avatars.set(client.sessionId, avatar);
		this.state.players.set(client.sessionId, state);
		client.view = new StateView();
		// A client always sees its own avatar, and alone its prediction fields.
		client.view.add(state);
		client.view.add(state, OWNER_VIEW_TAG);
		this.#interest.set(client.sessionId, movement.x, movement.y);
		// Through the avatar: after a reconnect the pushes go to the new connection.
		this.media?.addPeer(client.sessionId, (type, payload) => avatar.client.send(type, payload));
		this.events.emit('playerJoined', { sessionId: client.sessionId, userId: identity.userId, name: identity.name });
	}

	/**
	 * The connection dropped without a goodbye: the avatar stops where it is
	 * and stays for `reconnectGraceSeconds`, waiting for the client to come
	 * back (the SDK reconnects on its own); after that, `onLeave`.
	 */
	override async onDrop(client: Client, code?: number): Promise<void> {
		const avatar = this.#avatars.get(client.sessionId);
		const grace = this.#config.reconnectGraceSeconds;
		// No grace: Colyseus calls onLeave once onDrop returns without allowing a reconnection.
		if (!avatar || grace === 0 || code === undefined || !DROPPED_CONNECTION_CODES.has(code)) return;
		this.#movement.halt(avatar.movement);
		this.events.emit('playerDropped', { sessionId: client.sessionId, userId: avatar.state.userId });
		// Resolves with the new connection, rejects when the grace runs out (Colyseus then calls onLeave).
		await this.allowReconnection(client, grace).catch(() => undefined);
	}

	/**
	 * The client is back on a new connection. Its media transports are not to
	 * be trusted (a network change breaks ICE; pushes sent meanwhile were
	 * lost): the media peer is reset and the browser joins the media again.
	 */
	override onReconnect(client: Client): void {
		const avatar = this.#avatars.get(client.sessionId);
		if (!avatar) return;
		avatar.client = client;
		this.media?.resetPeer(client.sessionId, 'reconnected');
		this.events.emit('playerReconnected', { sessionId: client.sessionId, userId: avatar.state.userId });
	}

	override onLeave(client: Client): void {
		const avatar = this.#avatars.get(client.sessionId);
		if (!avatar) return;
		this.#avatars.delete(client.sessionId);
		this.state.players.delete(client.sessionId);
		this.#interest.remove(client.sessionId);
		this.proximity.remove(client.sessionId);
		this.media?.removePeer(client.sessionId);
		client.view?.dispose();
		this.events.emit('playerLeft', { sessionId: client.sessionId, userId: avatar.state.userId });
	}

	override onDispose(): void {
		this.media?.close();
		this.events.removeAllListeners();
	}

	/** The movement state of a player, for tests and tools (read-only by convention). */
	movementOf(sessionId: string): Readonly<MovementState> | undefined {
		return this.#avatars.get(sessionId)?.movement;
	}

	/** One fixed simulation step: movement, zones, proximity, interest. */
	#tick(): void {
		const started = performance.now();
		const zones = this.map.zoneIndex;
		for (const avatar of this.#avatars.values()) {
			const { movement, state, proximity } = avatar;
			const moved = this.#movement.step(movement);
			if (moved) {
				state.x = movement.x;
				state.y = movement.y;
			}
			if (state.facing !== movement.facing) state.facing = movement.facing;
			if (state.moving !== movement.moving) state.moving = movement.moving;
			if (state.lastInputSeq !== movement.lastInputSeq) {
				state.lastInputSeq = movement.lastInputSeq;
				state.inputTicks = moved ? 1 : 0;
			} else if (moved && state.inputTicks < 0xffff) {
				// Only steps that moved count: once an input's motion stops it stays stopped, so the
				// client maps "k moving steps" to its own predicted position exactly.
				state.inputTicks++;
			}
			if (moved || avatar.dirty) {
				const zone = zones.query(movement.x, movement.y);
				proximity.x = movement.x;
				proximity.y = movement.y;
				proximity.privateZone = zone.privateZone;
				proximity.spotlight = zone.spotlight;
				proximity.silent = zone.silent;
				avatar.privateZone = zone.privateZone;
				this.proximity.upsert(proximity);
				this.#checkPortal(avatar);
				this.#interest.set(avatar.client.sessionId, movement.x, movement.y);
				avatar.dirty = false;
			}
		}

		const proximityStarted = performance.now();
		const diff = this.proximity.tick();
		this.events.emit('proximityTick', performance.now() - proximityStarted);
		if (diff.added.length || diff.removed.length || diff.changed.length || diff.prewarmAdded.length || diff.prewarmRemoved.length) {
			this.media?.applyHearingDiff(diff);
			this.events.emit('hearingDiff', diff);
		}

		const interest = this.#interest.update();
		for (const { viewer, subject } of interest.hidden) {
			const subjectState = this.state.players.get(subject);
			const view = this.#avatars.get(viewer)?.client.view;
			if (view && subjectState) view.remove(subjectState);
		}
		for (const { viewer, subject } of interest.shown) {
			const subjectState = this.state.players.get(subject);
			const view = this.#avatars.get(viewer)?.client.view;
			if (view && subjectState) view.add(subjectState);
		}
		this.events.emit('tick', performance.now() - started);
	}

	/** Tells a player standing in a portal where it leads, once per visit; the client then joins that map. */
	#checkPortal(avatar: Avatar): void {
		const portal = portalAt(this.map, avatar.movement.x, avatar.movement.y);
		if ((portal?.id ?? null) === avatar.portal) return;
		avatar.portal = portal?.id ?? null;
		if (!portal) return;
		const message: PortalPayload = { map: portal.targetMap, spawn: portal.targetSpawn };
		avatar.client.send(SERVER_MESSAGES.portal, message);
	}

	/** Who reads `nearby` chat from this avatar: its meeting room, or everyone around outside meeting rooms. */
	*#nearby(sender: Avatar): Iterable<Avatar> {
		const { x, y } = sender.movement;
		for (const avatar of this.#avatars.values()) {
			if (avatar.privateZone !== sender.privateZone) continue;
			if (sender.privateZone !== null || Math.hypot(avatar.movement.x - x, avatar.movement.y - y) <= NEARBY_CHAT_RADIUS) yield avatar;
		}
	}

	/**
	 * Registers a rate-limited, validated handler: a message over its limit is
	 * dropped (before parsing: a flood costs a counter, not a schema check), a
	 * payload that fails its schema is refused; both with a clear error.
	 */
	#onClientMessage<T extends Exclude<ClientMessageType, 'locate'>>(type: T, handle: (avatar: Avatar, message: ClientMessage<T>) => void): void {
		const schema = CLIENT_MESSAGES[type];
		this.onMessage(type, (client: Client, raw: unknown) => {
			const avatar = this.#avatars.get(client.sessionId);
			if (!avatar) return;
			if (this.#overLimit(avatar, type, type)) return;
			const parsed = schema.safeParse(raw);
			if (!parsed.success) {
				this.#refuse(avatar, { code: 'E_BAD_MESSAGE', message: describeIssues(parsed.error), type });
				return;
			}
			handle(avatar, parsed.data as ClientMessage<T>);
		});
	}

	/**
	 * Takes a token for a message of `kind`. Over the limit the message is
	 * refused with `E_RATE_LIMITED` (returned, for requests to reject with);
	 * null when it may go through.
	 */
	#overLimit(avatar: Avatar, kind: LimitedMessage, type: string): string | null {
		const reason = avatar.limiter.check(kind, performance.now());
		if (reason === null) return null;
		const error = { code: 'E_RATE_LIMITED', message: reason, type };
		this.#refuse(avatar, error);
		return `${error.code}: ${error.message}`;
	}

	/**
	 * Tells the client what was wrong and counts it; a client that has used up
	 * its refusal allowance is disconnected with `CLOSE_BAD_CLIENT` and kept out
	 * of the world for the rejoin cooldown.
	 */
	#refuse(avatar: Avatar, error: ErrorPayload): void {
		avatar.client.send(SERVER_MESSAGES.error, error);
		avatar.refused++;
		const now = performance.now();
		if (avatar.limiter.refuse(now)) {
			this.#cooldowns.start(avatar.state.userId, now, this.#config.limits.rejoinCooldownMs);
			this.#sharedCooldowns?.start(avatar.state.userId, this.#config.limits.rejoinCooldownMs).catch((error: unknown) => console.error('hallway: could not share a rejoin cooldown', error));
			avatar.client.leave(CLOSE_BAD_CLIENT, `E_TOO_MANY_BAD_MESSAGES: ${avatar.refused} messages refused`);
		}
	}
}

/** A WorldRoom class bound to one world's configuration, for `server.define(name, …)`. */
export function worldRoomClass(config: ResolvedWorldConfig): typeof WorldRoom {
	return class ConfiguredWorldRoom extends WorldRoom {
		static override config: ResolvedWorldConfig | undefined = config;
		static override cooldowns = new RejoinCooldowns();
	};
}

