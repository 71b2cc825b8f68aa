import type { MediaRoomOptions } from '@hallway/media/server';
import type { WorldMap } from '../map/index.js';
import type { MovementOptions } from '../movement/index.js';
import type { ProximityOptions } from '../proximity/index.js';
import { type ResolvedSpectatorOptions, resolveSpectatorOptions, type SpectatorOptions } from '../spectator/spectator-options.js';
import { type ClientLimits, resolveClientLimits } from './client-limits.js';
import { type Authenticate, guestAuthenticate } from './identity.js';
import type { InterestOptions } from './interest-manager.js';

/**
 * One world: its maps and rules. A world is registered as a Colyseus room
 * name; each map of it runs in its own room instance.
 */
export interface WorldConfig {
	/** The maps of this world, by name (`WorldMap.name`). */
	maps: ReadonlyMap<string, WorldMap>;
	/** The map a client joins when it names none. Default: the first map. */
	defaultMap?: string;
	/**
	 * Decides who a joining client is: `jwtAuthenticate({ secret } | { jwksUrl })`
	 * in production. Default: guests (dev mode, anyone may join), which the
	 * world reports through `warn` when it starts.
	 */
	authenticate?: Authenticate;
	/** Per-client rate limits; each field overrides its default (`DEFAULT_CLIENT_LIMITS`). */
	limits?: Partial<ClientLimits>;
	/**
	 * Where startup warnings go (today: guest mode). Default `console.warn`,
	 * silent when `NODE_ENV` is `test` so test output stays clean.
	 */
	warn?: (message: string) => void;
	/** Simulation ticks per second. Default 20. */
	tickRate?: number;
	/** Players per room instance. Default 200. */
	maxPlayers?: number;
	/**
	 * How long a player whose connection dropped (no close from the client:
	 * a network change, a sleeping laptop) keeps its avatar, in seconds,
	 * waiting for the client to reconnect. 0 removes it at once. Default 20.
	 */
	reconnectGraceSeconds?: number;
	movement?: Partial<MovementOptions>;
	proximity?: Partial<ProximityOptions>;
	interest?: Partial<InterestOptions>;
	/**
	 * The media plane: with it, each room opens a mediasoup router on the
	 * pool and connects players' cameras and microphones by the hearing
	 * graph. Without it the world has movement and state only.
	 */
	media?: MediaRoomOptions;
	/**
	 * The spectator broadcast: whoever is on a stage (spotlight zone) is
	 * mixed by FFmpeg into HLS, played by the page at
	 * `/hallway/worlds/:world/maps/:map/watch`. `true` for the defaults.
	 * Needs `media`. Default off.
	 */
	spectator?: SpectatorOptions | boolean;
}

/** A WorldConfig with every default filled in. */
export interface ResolvedWorldConfig extends Required<Omit<WorldConfig, 'movement' | 'proximity' | 'interest' | 'media' | 'limits' | 'warn' | 'spectator'>> {
	limits: ClientLimits;
	spectator: ResolvedSpectatorOptions | undefined;
	media: MediaRoomOptions | undefined;
	movement: Partial<MovementOptions>;
	proximity: Partial<ProximityOptions>;
	interest: Partial<InterestOptions>;
}

export function resolveWorldConfig(config: WorldConfig): ResolvedWorldConfig {
	const first = config.maps.keys().next();
	if (first.done) throw new Error('E_WORLD_CONFIG: a world needs at least one map');
	const defaultMap = config.defaultMap ?? first.value;
	if (!config.maps.has(defaultMap)) {
		throw new Error(`E_WORLD_CONFIG: defaultMap "${defaultMap}" is not one of ${[...config.maps.keys()].join(', ')}`);
	}
	const tickRate = config.tickRate ?? 20;
	if (!(tickRate > 0 && tickRate <= 120)) throw new Error(`E_WORLD_CONFIG: tickRate ${tickRate} must be in (0, 120]`);
	const reconnectGraceSeconds = config.reconnectGraceSeconds ?? 20;
	if (!(Number.isFinite(reconnectGraceSeconds) && reconnectGraceSeconds >= 0)) {
		throw new Error(`E_WORLD_CONFIG: reconnectGraceSeconds ${reconnectGraceSeconds} must be a finite number ≥ 0`);
	}
	const limits = resolveClientLimits(config.limits);
	if (config.spectator && !config.media) throw new Error('E_WORLD_CONFIG: spectator needs media (the broadcast mixes the stage\'s cameras and microphones)');
	if (!config.authenticate) {
		const warn = config.warn ?? (process.env.NODE_ENV === 'test' ? () => {} : (message: string) => console.warn(message));
		warn(
			`[hallway] guest mode: anyone may join the world with maps ${[...config.maps.keys()].join(', ')} under any name; ` +
				'set authenticate: jwtAuthenticate(...) in its WorldConfig to require tokens',
		);
	}
	return {
		maps: config.maps,
		defaultMap,
		authenticate: config.authenticate ?? guestAuthenticate,
		limits,
		tickRate,
		maxPlayers: config.maxPlayers ?? 200,
		reconnectGraceSeconds,
		movement: { ...config.movement, tickRate },
		proximity: config.proximity ?? {},
		interest: config.interest ?? {},
		media: config.media,
		spectator: config.spectator ? resolveSpectatorOptions(config.spectator) : undefined,
	};
}
