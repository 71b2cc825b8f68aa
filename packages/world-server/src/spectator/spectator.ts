import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaRoom } from '@hallway/media/server';
import type { Producer, Router } from 'mediasoup/types';
import { ffmpegArgs } from './ffmpeg-args.js';
import { FfmpegProcess } from './ffmpeg-process.js';
import { HlsDirectory } from './hls-directory.js';
import { RtpFeed } from './rtp-feed.js';
import { writeSdp } from './sdp.js';
import type { ResolvedSpectatorOptions } from './spectator-options.js';
import { planKey, type StagePlan, stageOrder, tracksOf } from './stage-plan.js';
import { findFreePortPairs } from './udp-ports.js';

/** What the spectator reads of a world room: who stands where, where the stage is, and the media plane. */
export interface SpectatorRoom {
	/** Every player of the room with its position, px. */
	players(): Iterable<{ id: string; x: number; y: number }>;
	/** Whether a point is on a stage (a spotlight zone). */
	onStage(x: number, y: number): boolean;
	/** The room's media plane as it is now (read each time: it may be rebuilt). */
	media(): MediaRoom | undefined;
}

/**
 * - `off`: nobody (with a live camera or microphone) on stage; no FFmpeg.
 * - `starting`: FFmpeg runs (or is about to be restarted) and has not written a segment yet.
 * - `live`: the playlist is being written.
 */
export type SpectatorState = 'off' | 'starting' | 'live';

/** What `/watch` and tests see of a broadcast. */
export interface SpectatorStatus {
	state: SpectatorState;
	/** Speakers in the broadcast, in the picture's order. */
	speakers: readonly string[];
	/** FFmpeg's process id while one runs. */
	pid: number | undefined;
	/** FFmpeg processes started so far. */
	runs: number;
	/** FFmpeg processes that died (were not stopped by the spectator). */
	deaths: number;
}

export interface SpectatorEvents {
	state: [state: SpectatorState];
	/**
	 * A run wrote its first segment. `sinceChangeMs`: from the moment the
	 * stage change that caused the run was first seen (someone stepped on
	 * stage, FFmpeg died…) to that segment being listed.
	 */
	live: [info: { pid: number | undefined; sinceChangeMs: number; sinceSpawnMs: number }];
	/** FFmpeg ended without being asked to; a restart follows after the backoff delay. */
	ffmpegDied: [info: { pid: number | undefined; code: number | null; signal: NodeJS.Signals | null; lastLines: readonly string[] }];
}

/** A live run: one FFmpeg process and the feeds it reads. */
interface Run {
	readonly ffmpeg: FfmpegProcess;
	readonly feeds: readonly RtpFeed[];
	/** When the change this run answers was first seen (performance.now()). */
	readonly changedAt: number;
	/** When FFmpeg was spawned (ms since the epoch, compared to file times). */
	readonly spawnedAt: number;
	/** The same, by performance.now(). */
	readonly spawnedAtMono: number;
	keyFrames: NodeJS.Timeout | undefined;
	live: boolean;
	/** The playlist's modification time when last looked at (ms since the epoch). */
	lastWrite: number;
	/** When that modification was first seen (performance.now()). */
	lastWriteSeen: number;
}

/** While a run waits for its first segment, its video feeds ask for a key frame this often, ms. */
const KEY_FRAME_INTERVAL_MS = 700;
/** A live run whose playlist has not changed for this many segment durations (at least 10 s) is restarted. */
const STALL_SEGMENTS = 10;

/**
 * The spectator broadcast of one map. It looks at the stage every
 * `checkIntervalMs`; when the set of speakers on it (or their live tracks)
 * has changed and stayed so for `settleMs`, it stops the FFmpeg run and
 * starts one for the new set: a plain transport and paused consumer per
 * track on the speaker's router, sending to ports found free just now, an
 * SDP naming them, FFmpeg mixing them into HLS. Consumers are resumed and
 * key frames requested until FFmpeg writes its first segment. An FFmpeg that
 * dies is restarted after a delay that doubles on each death before a
 * segment (`restartDelayMs` … `maxRestartDelayMs`). An empty stage stops
 * FFmpeg and marks the playlist ended.
 */
export class Spectator extends EventEmitter<SpectatorEvents> {
	readonly #room: SpectatorRoom;
	readonly #options: ResolvedSpectatorOptions;
	readonly hls: HlsDirectory;
	readonly #timer: NodeJS.Timeout;
	#state: SpectatorState = 'off';
	/** Speakers of the current plan, kept in order across plans. */
	#speakers: readonly string[] = [];
	/** Key of the plan being broadcast ('' for none); null when a run must be (re)started whatever the plan. */
	#activeKey: string | null = '';
	/** A different plan seen, and since when (performance.now()). */
	#pending: { key: string; since: number } | undefined;
	#run: Run | undefined;
	/** No (re)start before this time (performance.now()): the restart backoff. */
	#notBefore = 0;
	#restartDelay: number;
	#busy = false;
	#runs = 0;
	#deaths = 0;
	#closed = false;
	#closing: Promise<void> | undefined;

	private constructor(room: SpectatorRoom, options: ResolvedSpectatorOptions, hls: HlsDirectory) {
		super();
		this.#room = room;
		this.#options = options;
		this.hls = hls;
		this.#restartDelay = options.restartDelayMs;
		this.#timer = setInterval(() => void this.#step(), options.checkIntervalMs);
		this.#timer.unref();
	}

	/** Starts watching a room's stage, with its HLS directory in a fresh temp directory. */
	static async open(room: SpectatorRoom, options: ResolvedSpectatorOptions): Promise<Spectator> {
		return new Spectator(room, options, await HlsDirectory.create(options.dir));
	}

	get state(): SpectatorState {
		return this.#state;
	}

	status(): SpectatorStatus {
		return { state: this.#state, speakers: this.#speakers, pid: this.#run?.ffmpeg.pid, runs: this.#runs, deaths: this.#deaths };
	}

	/** Stops FFmpeg, closes the feeds and removes the HLS directory. Idempotent. */
	close(): Promise<void> {
		this.#closing ??= (async () => {
			this.#closed = true;
			clearInterval(this.#timer);
			// A step in progress finishes first (it may be spawning FFmpeg).
			while (this.#busy) await new Promise((resolve) => setTimeout(resolve, 20));
			await this.#stopRun();
			await this.hls.remove();
			this.removeAllListeners();
		})();
		return this.#closing;
	}

	/** One look at the stage and at the run. Steps never overlap: a slow one skips the next ticks. */
	async #step(): Promise<void> {
		if (this.#busy || this.#closed) return;
		this.#busy = true;
		try {
			await this.#watchRun();
			await this.#checkStage();
		} catch (error) {
			this.#options.log(`[spectator] ${error instanceof Error ? error.message : String(error)}`);
			// Try again from scratch after the backoff.
			await this.#stopRun();
			this.#retryLater();
		} finally {
			this.#busy = false;
		}
	}

	/** Notices the first segment of a run, and a run that stopped writing. */
	async #watchRun(): Promise<void> {
		const run = this.#run;
		if (!run) return;
		const now = performance.now();
		if (run.feeds.some((feed) => feed.closed)) {
			// A speaker's router went away (worker death) or its producer closed: re-plan at once.
			this.#activeKey = null;
			return;
		}
		const writtenAt = await this.hls.playlistWrittenAt();
		if (writtenAt !== undefined && writtenAt >= run.spawnedAt && writtenAt !== run.lastWrite) {
			run.lastWrite = writtenAt;
			if (!run.live) {
				run.live = true;
				clearInterval(run.keyFrames);
				this.#restartDelay = this.#options.restartDelayMs;
				this.#setState('live');
				const info = { pid: run.ffmpeg.pid, sinceChangeMs: now - run.changedAt, sinceSpawnMs: now - run.spawnedAtMono };
				this.#options.log(`[spectator] FFmpeg ${info.pid} is live: first segment ${Math.round(info.sinceSpawnMs)} ms after its start, ${Math.round(info.sinceChangeMs)} ms after the stage changed`);
				this.emit('live', info);
			}
			run.lastWriteSeen = now;
			return;
		}
		const stallMs = Math.max(10_000, STALL_SEGMENTS * this.#options.segmentSeconds * 1000);
		if (run.live && now - run.lastWriteSeen > stallMs) {
			this.#options.log(`[spectator] FFmpeg ${run.ffmpeg.pid} wrote nothing for ${Math.round(stallMs / 1000)} s: restarting it`);
			this.#activeKey = null;
		}
	}

	/** Re-plans when the stage changed and stayed changed for `settleMs` (or a restart is due). */
	async #checkStage(): Promise<void> {
		const media = this.#room.media();
		const plan = this.#plan(media);
		const key = planKey(plan);
		const now = performance.now();
		if (key === this.#activeKey) {
			this.#pending = undefined;
			return;
		}
		if (this.#pending?.key !== key) {
			// A restart (activeKey null) need not settle: the stage itself did not change.
			this.#pending = { key, since: now - (this.#activeKey === null ? this.#options.settleMs : 0) };
			if (this.#activeKey !== null) return;
		}
		if (now - this.#pending.since < this.#options.settleMs || now < this.#notBefore) return;
		const changedAt = this.#pending.since;
		this.#pending = undefined;
		await this.#stopRun();
		this.#speakers = plan.speakers;
		if (plan.tracks.length === 0) {
			this.#activeKey = key;
			await this.hls.markEnded();
			this.#restartDelay = this.#options.restartDelayMs;
			this.#setState('off');
			return;
		}
		if (this.#state === 'off') await this.hls.clear();
		this.#activeKey = key;
		await this.#startRun(plan, media!, changedAt);
	}

	/** Who is on stage and which of their tracks are live, in the picture's order. */
	#plan(media: MediaRoom | undefined): StagePlan {
		const onStage = new Set<string>();
		for (const { id, x, y } of this.#room.players()) if (this.#room.onStage(x, y)) onStage.add(id);
		const speakers = stageOrder(this.#speakers, onStage, this.#options.maxSpeakers);
		const tracks = media && !media.closed ? speakers.flatMap((id) => tracksOf(id, media.peer(id)?.producers ?? new Map())) : [];
		return { speakers, tracks };
	}

	async #startRun(plan: StagePlan, media: MediaRoom, changedAt: number): Promise<void> {
		const sources: { router: Router; producer: Producer }[] = [];
		for (const track of plan.tracks) {
			const peer = media.peer(track.speaker);
			const producer = peer?.producers.get(track.source);
			const router = peer?.home?.router;
			// Gone since the plan was made: the next look at the stage makes another.
			if (!producer || producer.id !== track.producerId || producer.closed || !router || router.closed) return this.#retryLater();
			sources.push({ router, producer });
		}
		const feeds: RtpFeed[] = [];
		try {
			for (const { router, producer } of sources) feeds.push(await RtpFeed.create(router, producer, this.#options.ip));
			// Searched once the feeds' own ports are taken, so FFmpeg never gets one of them.
			const ports = await findFreePortPairs(feeds.length, this.#options.ip);
			for (const [i, feed] of feeds.entries()) await feed.connect(this.#options.ip, ports[i]!);
		} catch (error) {
			for (const feed of feeds) feed.close();
			throw error;
		}
		const sdpFile = path.join(this.hls.path, 'stage.sdp');
		await writeFile(sdpFile, writeSdp(this.#options.ip, feeds.map((feed) => feed.sdp)));
		const videos = feeds.filter((feed) => feed.kind === 'video').length;
		const args = ffmpegArgs({ sdpFile, videos, audios: feeds.length - videos }, this.hls.path, this.#options);
		const ffmpeg = new FfmpegProcess(this.#options.ffmpegPath, args, this.#options.log);
		const run: Run = { ffmpeg, feeds, changedAt, spawnedAt: Date.now() - 1, spawnedAtMono: performance.now(), keyFrames: undefined, live: false, lastWrite: 0, lastWriteSeen: performance.now() };
		this.#run = run;
		this.#runs++;
		ffmpeg.once('exit', (info) => this.#onExit(run, info));
		this.#options.log(`[spectator] FFmpeg ${ffmpeg.pid} mixes ${plan.speakers.length} speaker(s): ${videos} video, ${feeds.length - videos} audio`);
		this.#setState('starting');
		await Promise.all(feeds.map((feed) => feed.resume()));
		// Died already (FFmpeg that cannot bind its ports exits at once): #onExit cleaned up.
		if (this.#run !== run) return;
		// FFmpeg cannot decode video before a key frame, and the first ones may reach it before it listens.
		run.keyFrames = setInterval(() => {
			for (const feed of feeds) void feed.requestKeyFrame();
		}, KEY_FRAME_INTERVAL_MS);
		run.keyFrames.unref();
	}

	#onExit(run: Run, info: { code: number | null; signal: NodeJS.Signals | null; stopped: boolean; lastLines: readonly string[] }): void {
		if (info.stopped || this.#run !== run) return;
		this.#run = undefined;
		this.#closeRun(run);
		this.#deaths++;
		this.#options.log(`[spectator] FFmpeg ${run.ffmpeg.pid} died (code ${info.code}, signal ${info.signal}): restarting in ${this.#restartDelay} ms`);
		this.emit('ffmpegDied', { pid: run.ffmpeg.pid, code: info.code, signal: info.signal, lastLines: info.lastLines });
		if (this.#closed) return;
		this.#retryLater();
		this.#setState('starting');
	}

	/** Forces a new run after the backoff delay, which doubles for next time. */
	#retryLater(): void {
		this.#activeKey = null;
		this.#notBefore = performance.now() + this.#restartDelay;
		this.#restartDelay = Math.min(this.#restartDelay * 2, this.#options.maxRestartDelayMs);
	}

	async #stopRun(): Promise<void> {
		const run = this.#run;
		if (!run) return;
		this.#run = undefined;
		clearInterval(run.keyFrames);
		await run.ffmpeg.stop();
		this.#closeRun(run);
	}

	#closeRun(run: Run): void {
		clearInterval(run.keyFrames);
		for (const feed of run.feeds) feed.close();
	}

	#setState(state: SpectatorState): void {
		if (this.#state === state) return;
		this.#state = state;
		this.emit('state', state);
	}
}
