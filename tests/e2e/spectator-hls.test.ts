import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Spectator } from '@hallway/world-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { TestPlayer } from './support/hallway-page.js';
import { startWorldHarness, type WorldHarness } from './support/world-harness.js';

const run = promisify(execFile);
const FFPROBE = process.env.HALLWAY_FFPROBE ?? '/usr/bin/ffprobe';

/** The demo office's stage (spotlight zone x 928..1184, y 32..160), and a spot below it in the east wing. */
const ON_STAGE = { x: 1056, y: 96 };
const OFF_STAGE = { x: 1040, y: 368 };
const WATCH = '/hallway/worlds/office/maps/office/watch';
const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots of the watch page: docs/images with HALLWAY_SCREENSHOTS=1, else test-results/. */
const screenshots = process.env['HALLWAY_SCREENSHOTS'] ? path.join(repo, 'docs/images') : path.join(repo, 'test-results');

/** Segment names listed in a playlist, in order. */
function segmentsOf(playlist: string): string[] {
	return playlist.split('\n').filter((line) => /^seg_\d+\.ts$/.test(line.trim()));
}

/** CPU time a process has used, s (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Share of one core FFmpeg uses over `ms`, in %. */
async function ffmpegCpu(pid: number, ms: number): Promise<number> {
	const before = cpuSeconds(pid);
	await new Promise((resolve) => setTimeout(resolve, ms));
	return Math.round(((cpuSeconds(pid) - before) / (ms / 1000)) * 100);
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** What the watch page's video element and player report. */
function watchState(page: Page) {
	return page.evaluate(() => {
		const video = document.querySelector('video')!;
		const w = (window as unknown as { watch: { state: string; errors: string[]; hls: { latency?: number; playingDate?: Date | null } | null } }).watch;
		return {
			state: w.state,
			errors: w.errors,
			currentTime: video.currentTime,
			message: document.getElementById('message')!.hidden ? null : document.getElementById('message')!.textContent,
			hlsLatency: w.hls?.latency ?? null,
			playingDateAge: w.hls?.playingDate ? Date.now() - w.hls.playingDate.getTime() : null,
		};
	});
}

describe('spectator broadcast: stage → FFmpeg → HLS → /watch', () => {
	let harness: WorldHarness;
	let browser: Browser;
	let alice: TestPlayer;
	let bob: TestPlayer;
	let viewer: Page;
	let spectator: Spectator;
	const ffmpegLog: string[] = [];
	const figures: Record<string, number> = {};

	beforeAll(async () => {
		harness = await startWorldHarness(fileURLToPath(new URL('./world/page.ts', import.meta.url)), {
			world: { spectator: { settleMs: 300, log: (line) => ffmpegLog.push(line) } },
		});
		browser = await launchChromium();
		alice = await TestPlayer.open(browser, harness.url, 'Alice', 'east-wing');
		const found = await harness.world.spectators.spectatorOf('office', 'office');
		if (!found) throw new Error('no spectator for the office map');
		spectator = found;
	});

	afterAll(async () => {
		await browser?.close();
		await harness?.close();
		console.log(`[spectator-hls] figures ${JSON.stringify(figures)}`);
		if (process.env.HALLWAY_SPECTATOR_LOG) console.log(ffmpegLog.join('\n'));
	});

	const http = (suffix: string) => fetch(`${harness.world.url}${WATCH}${suffix}`);

	/** Downloads the playlist's newest segment and decodes it with ffprobe: its streams. */
	async function probeNewestSegment() {
		const segment = segmentsOf(await (await http('/index.m3u8')).text()).at(-1)!;
		const response = await http(`/${segment}`);
		expect(response.headers.get('content-type')).toBe('video/mp2t');
		const dir = await mkdtemp(path.join(os.tmpdir(), 'hallway-segment-'));
		try {
			const file = path.join(dir, segment);
			await writeFile(file, Buffer.from(await response.arrayBuffer()));
			// -count_frames decodes every frame.
			const { stdout } = await run(FFPROBE, ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', file], { timeout: 20_000 });
			const streams = (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; width?: number; height?: number; nb_read_frames?: string; start_time?: string; duration?: string }[] }).streams;
			if (process.env.HALLWAY_SPECTATOR_LOG) console.log(segment, streams.map((s) => [s.codec_type, s.start_time, s.duration, s.nb_read_frames]));
			return streams;
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}

	it('says nobody is on stage while nobody is', async () => {
		expect(await (await http('/status')).json()).toMatchObject({ state: 'off', speakers: 0 });
		expect((await http('/index.m3u8')).status).toBe(404);
		expect(spectator.status().pid).toBeUndefined();
	});

	it('starts FFmpeg when a speaker steps on stage, and its playlist appears', async () => {
		let liveAfterMs: number | undefined;
		spectator.once('live', ({ sinceChangeMs }) => (liveAfterMs = sinceChangeMs));
		await alice.walkTo(ON_STAGE.x, ON_STAGE.y, 30_000);
		const onStageAt = performance.now();
		let playlist = '';
		await expect
			.poll(
				async () => {
					const response = await http('/index.m3u8');
					playlist = response.ok ? await response.text() : '';
					return segmentsOf(playlist).length;
				},
				{ timeout: 30_000, interval: 100 },
			)
			.toBeGreaterThan(0);
		figures['walkStoppedToPlaylistMs'] = Math.round(performance.now() - onStageAt);
		expect(playlist).toContain('#EXTM3U');
		expect(playlist).not.toContain('#EXT-X-ENDLIST');
		// The spectator notices the segment on its next look (every checkIntervalMs).
		await expect.poll(() => spectator.status().state, { timeout: 5000, interval: 50 }).toBe('live');
		expect(spectator.status()).toMatchObject({ state: 'live', speakers: [alice.id], runs: 1, deaths: 0 });
		expect(liveAfterMs).toBeGreaterThan(0);
		figures['stageChangeToFirstSegmentMs'] = Math.round(liveAfterMs!);
		expect(await (await http('/status')).json()).toMatchObject({ state: 'live', speakers: 1 });
	});

	it('writes segments that decode: H.264 video of the mix and AAC audio', async () => {
		const streams = await probeNewestSegment();
		const video = streams.find((s) => s.codec_type === 'video');
		const audio = streams.find((s) => s.codec_type === 'audio');
		expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
		expect(audio).toMatchObject({ codec_name: 'aac' });
		// -count_frames decoded them: a segment that only parses would show none.
		expect(Number(video!.nb_read_frames)).toBeGreaterThan(0);
		expect(Number(audio!.nb_read_frames)).toBeGreaterThan(0);
		// Sound and picture start together (FFmpeg lines them up by the RTCP sender reports mediasoup sends).
		expect(Math.abs(Number(video!.start_time) - Number(audio!.start_time))).toBeLessThan(1);
	});

	it('plays on the /watch page', async () => {
		viewer = await browser.newPage();
		const openedAt = performance.now();
		await viewer.goto(`${harness.world.url}${WATCH}`);
		let first: Awaited<ReturnType<typeof watchState>> | undefined;
		await expect
			.poll(
				async () => {
					first = await watchState(viewer);
					return first.state === 'playing' && first.currentTime > 0;
				},
				{ timeout: 30_000, interval: 200 },
			)
			.toBe(true);
		figures['watchPageOpenToPlayingMs'] = Math.round(performance.now() - openedAt);
		// Time advances: it plays, it is not one decoded frame.
		await expect.poll(async () => (await watchState(viewer)).currentTime, { timeout: 15_000, interval: 250 }).toBeGreaterThan(first!.currentTime + 1);
		// Let the player settle at its live position before reading its latency (and FFmpeg's CPU meanwhile).
		figures['ffmpegCpuPercent1Speaker'] = await ffmpegCpu(spectator.status().pid!, 3000);
		const settled = await watchState(viewer);
		expect(settled.errors).toEqual([]);
		expect(settled.message).toBeNull();
		await mkdir(screenshots, { recursive: true });
		await viewer.screenshot({ path: path.join(screenshots, 'watch-page.png') });
		if (settled.hlsLatency !== null) figures['hlsJsLatencyMs'] = Math.round(settled.hlsLatency * 1000);
		if (settled.playingDateAge !== null) figures['programDateAgeMs'] = Math.round(settled.playingDateAge);
	});

	it('measures glass to glass: a speaker\'s picture turning white, seen white on the /watch page', async () => {
		// Alice shares a "screen" she paints herself: it takes the camera's place in the broadcast.
		const runsBefore = spectator.status().runs;
		await alice.page.evaluate(async () => {
			const canvas = document.createElement('canvas');
			canvas.width = 320;
			canvas.height = 240;
			const ctx = canvas.getContext('2d')!;
			const flash = { color: 'black', at: 0 };
			(window as unknown as { flash: typeof flash }).flash = flash;
			// Painted every frame: a canvas stream sends a frame when the canvas changes.
			setInterval(() => {
				ctx.fillStyle = flash.color;
				ctx.fillRect(0, 0, canvas.width, canvas.height);
				ctx.fillStyle = flash.color === 'black' ? '#111' : '#eee';
				ctx.fillRect(Date.now() % 300, 0, 4, 4);
			}, 33);
			const h = (window as unknown as { hallway: { media: { publish(source: string, track: MediaStreamTrack): Promise<unknown> } } }).hallway;
			await h.media.publish('screen', canvas.captureStream(30).getVideoTracks()[0]!);
		});
		// A new track on stage: a new run, appended to the same playlist; the viewer keeps playing.
		await expect.poll(() => spectator.status().runs, { timeout: 10_000, interval: 100 }).toBe(runsBefore + 1);
		await expect.poll(() => spectator.status().state, { timeout: 30_000, interval: 100 }).toBe('live');
		// The viewer samples its picture's brightness every 20 ms and notes when it turns bright or dark.
		await viewer.evaluate(() => {
			const video = document.querySelector('video')!;
			const canvas = document.createElement('canvas');
			canvas.width = 16;
			canvas.height = 9;
			const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
			const seen = { bright: false, changes: [] as { bright: boolean; at: number }[] };
			(window as unknown as { seen: typeof seen }).seen = seen;
			setInterval(() => {
				if (video.readyState < 2) return;
				ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
				const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
				let sum = 0;
				for (let i = 0; i < pixels.length; i += 4) sum += pixels[i]! + pixels[i + 1]! + pixels[i + 2]!;
				const bright = sum / (pixels.length / 4) / 3 > 128;
				if (bright !== seen.bright) {
					seen.bright = bright;
					seen.changes.push({ bright, at: Date.now() });
				}
			}, 20);
		});
		const viewerSees = () => viewer.evaluate(() => (window as unknown as { seen: { bright: boolean; changes: { bright: boolean; at: number }[] } }).seen);
		// The screen (black) replaces the camera in the viewer's picture first.
		await expect.poll(async () => (await viewerSees()).bright, { timeout: 30_000, interval: 200 }).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const samples: number[] = [];
		for (const color of ['white', 'black', 'white']) {
			const changesBefore = (await viewerSees()).changes.length;
			const paintedAt = await alice.page.evaluate((c) => {
				const flash = (window as unknown as { flash: { color: string; at: number } }).flash;
				flash.color = c;
				flash.at = Date.now();
				return flash.at;
			}, color);
			await expect.poll(async () => (await viewerSees()).changes.length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(changesBefore);
			const change = (await viewerSees()).changes[changesBefore]!;
			expect(change.bright).toBe(color === 'white');
			samples.push(change.at - paintedAt);
		}
		samples.sort((a, b) => a - b);
		figures['glassToGlassMinMs'] = samples[0]!;
		figures['glassToGlassMedianMs'] = samples[1]!;
		figures['glassToGlassMaxMs'] = samples[2]!;
		// Seconds, not minutes: the player stays near the live edge.
		expect(samples[2]).toBeLessThan(15_000);
	});

	it('restarts FFmpeg after kill -9, and the playlist advances again', async () => {
		const before = spectator.status();
		const pid = before.pid!;
		expect(processAlive(pid)).toBe(true);
		const lastBefore = segmentsOf(await (await http('/index.m3u8')).text()).at(-1)!;
		const killedAt = performance.now();
		process.kill(pid, 'SIGKILL');
		await expect.poll(() => spectator.status().deaths, { timeout: 5000, interval: 50 }).toBe(1);
		await expect
			.poll(
				() => {
					const now = spectator.status();
					return now.state === 'live' && now.pid !== undefined && now.pid !== pid;
				},
				{ timeout: 30_000, interval: 100 },
			)
			.toBe(true);
		figures['killToLiveAgainMs'] = Math.round(performance.now() - killedAt);
		expect(spectator.status().runs).toBeGreaterThan(before.runs);
		// The new FFmpeg appends to the same playlist, after a discontinuity.
		await expect
			.poll(async () => segmentsOf(await (await http('/index.m3u8')).text()).at(-1)! > lastBefore, { timeout: 15_000, interval: 200 })
			.toBe(true);
		const playlist = await (await http('/index.m3u8')).text();
		expect(playlist).toContain('#EXT-X-DISCONTINUITY');
		// The viewer keeps playing across the restart.
		const at = (await watchState(viewer)).currentTime;
		await expect.poll(async () => (await watchState(viewer)).currentTime, { timeout: 20_000, interval: 250 }).toBeGreaterThan(at + 1);
	});

	it('mixes two speakers into one picture and one sound when a second one steps on stage', async () => {
		bob = await TestPlayer.open(browser, harness.url, 'Bob', 'east-wing');
		const runsBefore = spectator.status().runs;
		const liveAgain = new Promise<number>((resolve) => spectator.once('live', ({ sinceChangeMs }) => resolve(sinceChangeMs)));
		await bob.walkTo(ON_STAGE.x - 64, ON_STAGE.y, 30_000);
		await expect.poll(() => spectator.status().speakers, { timeout: 10_000, interval: 100 }).toEqual([alice.id, bob.id]);
		figures['secondSpeakerToFirstSegmentMs'] = Math.round(await liveAgain);
		expect(spectator.status().state).toBe('live');
		expect(spectator.status().runs).toBeGreaterThan(runsBefore);
		expect(ffmpegLog.some((line) => line.includes('mixes 2 speaker(s): 2 video, 2 audio'))).toBe(true);
		// The mixed stream's newest segment decodes with both tracks.
		await expect
			.poll(async () => segmentsOf(await (await http('/index.m3u8')).text()).length, { timeout: 10_000, interval: 200 })
			.toBeGreaterThan(0);
		const streams = await probeNewestSegment();
		expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
		expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
		expect(await (await http('/status')).json()).toMatchObject({ state: 'live', speakers: 2 });
		// The viewer, a few seconds behind, shows the two-cell picture.
		figures['ffmpegCpuPercent2Speakers'] = await ffmpegCpu(spectator.status().pid!, 5000);
		await viewer.screenshot({ path: path.join(screenshots, 'watch-two-speakers.png') });
	});

	it('leaves a muted camera out of the picture: a speaker who turns video off is heard, not frozen', async () => {
		const runsBefore = spectator.status().runs;
		// Alice sends her painted screen in place of her camera: both off leaves her microphone.
		await alice.mute('screen', true);
		await alice.mute('camera', true);
		await expect
			.poll(() => ffmpegLog.some((line) => line.includes('mixes 2 speaker(s): 1 video, 2 audio')), { timeout: 15_000, interval: 100 })
			.toBe(true);
		await expect.poll(() => spectator.status().state, { timeout: 30_000, interval: 100 }).toBe('live');
		expect(spectator.status().runs).toBeGreaterThan(runsBefore);
		const streams = await probeNewestSegment();
		expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
		expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
	});

	it('stops FFmpeg when the stage empties, ends the playlist, and the page says nobody is on stage', async () => {
		const pid = spectator.status().pid!;
		await Promise.all([alice.walkTo(OFF_STAGE.x, OFF_STAGE.y, 30_000), bob.walkTo(OFF_STAGE.x + 48, OFF_STAGE.y, 30_000)]);
		await expect.poll(() => spectator.status().state, { timeout: 10_000, interval: 100 }).toBe('off');
		expect(spectator.status().pid).toBeUndefined();
		await expect.poll(() => processAlive(pid), { timeout: 5000, interval: 100 }).toBe(false);
		expect(await (await http('/index.m3u8')).text()).toContain('#EXT-X-ENDLIST');
		expect(await (await http('/status')).json()).toMatchObject({ state: 'off', speakers: 0 });
		await expect.poll(async () => (await watchState(viewer)).message, { timeout: 10_000, interval: 250 }).toBe('Nobody on stage');
		expect(await alice.errors()).toEqual([]);
		expect(await bob.errors()).toEqual([]);
	});

	it('removes its files when the room closes', async () => {
		const dir = spectator.hls.path;
		expect(existsSync(dir)).toBe(true);
		await browser.close();
		// Closing the server waits for its broadcasts to stop and clean up.
		await harness.world.close();
		expect(existsSync(dir)).toBe(false);
	});
});
