import os from 'node:os';
import { HallwayError } from '@hallway/media';

/**
 * The spectator broadcast of a world (`WorldConfig.spectator`): whoever
 * stands in a spotlight zone (the stage) is mixed by FFmpeg into one HLS
 * stream, served at `/hallway/worlds/:world/maps/:map/watch/index.m3u8` and
 * played by the `/watch` page. For audiences that do not need sub-second
 * latency: viewers cost the server files, not consumers.
 */
export interface SpectatorOptions {
	/** The FFmpeg executable. Default `HALLWAY_FFMPEG` from the environment, else `ffmpeg` on the PATH. */
	ffmpegPath?: string;
	/** Where each map's HLS directory is made (a fresh temp directory, removed when the room closes). Default `os.tmpdir()`. */
	dir?: string;
	/** Width of the broadcast picture, px (even). Default 640. */
	width?: number;
	/** Height of the broadcast picture, px (even). Default 360. */
	height?: number;
	/** Frames per second of the broadcast. Default 15. */
	fps?: number;
	/** H.264 bitrate of the broadcast, kbit/s. Default 800. */
	videoKbps?: number;
	/** AAC bitrate of the broadcast, kbit/s. Default 96. */
	audioKbps?: number;
	/**
	 * Duration of one HLS segment, s. Shorter segments mean a lower latency
	 * (a player starts about three segments behind the live edge) and more
	 * requests. Default 1.
	 */
	segmentSeconds?: number;
	/** Segments listed in the live playlist (older ones are deleted). Default 6. */
	playlistSize?: number;
	/** Speakers in the picture at most, first on stage first (a 3×3 grid). Default 9. */
	maxSpeakers?: number;
	/**
	 * How long the stage (who is on it, what they send) must stay the same
	 * before FFmpeg is re-planned, ms: someone brushing past the stage's edge
	 * does not restart the broadcast. Default 400.
	 */
	settleMs?: number;
	/** How often the stage is looked at, ms. Default 200. */
	checkIntervalMs?: number;
	/** First delay before restarting an FFmpeg that died, ms; it doubles on each death in a row. Default 500. */
	restartDelayMs?: number;
	/** Longest delay between restarts, ms. Default 10000. */
	maxRestartDelayMs?: number;
	/**
	 * Address of the plain RTP path from the mediasoup worker to FFmpeg
	 * (both on this machine). Default `127.0.0.1`.
	 */
	ip?: string;
	/** Lines worth knowing (FFmpeg starts, deaths, its error output). Default silent. */
	log?: (line: string) => void;
}

/** SpectatorOptions with every default filled in. */
export type ResolvedSpectatorOptions = Required<SpectatorOptions>;

export function resolveSpectatorOptions(options: SpectatorOptions | true): ResolvedSpectatorOptions {
	const given = options === true ? {} : options;
	const resolved: ResolvedSpectatorOptions = {
		ffmpegPath: given.ffmpegPath ?? process.env['HALLWAY_FFMPEG'] ?? 'ffmpeg',
		dir: given.dir ?? os.tmpdir(),
		width: given.width ?? 640,
		height: given.height ?? 360,
		fps: given.fps ?? 15,
		videoKbps: given.videoKbps ?? 800,
		audioKbps: given.audioKbps ?? 96,
		segmentSeconds: given.segmentSeconds ?? 1,
		playlistSize: given.playlistSize ?? 6,
		maxSpeakers: given.maxSpeakers ?? 9,
		settleMs: given.settleMs ?? 400,
		checkIntervalMs: given.checkIntervalMs ?? 200,
		restartDelayMs: given.restartDelayMs ?? 500,
		maxRestartDelayMs: given.maxRestartDelayMs ?? 10_000,
		ip: given.ip ?? '127.0.0.1',
		log: given.log ?? (() => {}),
	};
	const evenPx = (name: 'width' | 'height') => {
		const value = resolved[name];
		if (!(Number.isInteger(value) && value >= 64 && value <= 3840 && value % 2 === 0)) {
			throw new HallwayError('E_SPECTATOR_OPTIONS', `${name} must be an even integer of pixels in [64, 3840], got ${value}.`);
		}
	};
	evenPx('width');
	evenPx('height');
	const positive = (name: keyof ResolvedSpectatorOptions, max: number) => {
		const value = resolved[name] as number;
		if (!(typeof value === 'number' && value > 0 && value <= max)) {
			throw new HallwayError('E_SPECTATOR_OPTIONS', `${name} must be a number in (0, ${max}], got ${value}.`);
		}
	};
	positive('fps', 60);
	positive('videoKbps', 50_000);
	positive('audioKbps', 512);
	positive('segmentSeconds', 30);
	positive('playlistSize', 100);
	positive('maxSpeakers', 25);
	positive('settleMs', 60_000);
	positive('checkIntervalMs', 10_000);
	positive('restartDelayMs', 60_000);
	positive('maxRestartDelayMs', 600_000);
	return resolved;
}
