import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridLayout, mixFilter, planKey, resolveSpectatorOptions, stageOrder, tracksOf, writeSdp } from '../src/spectator/index.js';

const run = promisify(execFile);
const FFMPEG = process.env.HALLWAY_FFMPEG ?? '/usr/bin/ffmpeg';
const FFPROBE = process.env.HALLWAY_FFPROBE ?? '/usr/bin/ffprobe';
const OUTPUT = { width: 640, height: 360, fps: 15 };

describe('the stage grid', () => {
	it('gives one speaker the whole picture', () => {
		expect(gridLayout(1, 640, 360)).toEqual({ cols: 1, rows: 1, cellWidth: 640, cellHeight: 360, positions: [[0, 0]] });
	});

	it('puts two side by side and four in a 2×2 grid', () => {
		expect(gridLayout(2, 640, 360).positions).toEqual([
			[0, 0],
			[320, 0],
		]);
		expect(gridLayout(4, 640, 360).positions).toEqual([
			[0, 0],
			[320, 0],
			[0, 180],
			[320, 180],
		]);
	});

	it('centres a short last row, with even cells and corners', () => {
		const grid = gridLayout(5, 640, 360);
		expect(grid).toMatchObject({ cols: 3, rows: 2, cellWidth: 212, cellHeight: 180 });
		expect(grid.positions.slice(3)).toEqual([
			[106, 180],
			[318, 180],
		]);
		for (const [x, y] of gridLayout(7, 640, 360).positions) expect([x % 2, y % 2]).toEqual([0, 0]);
	});
});

describe('who is in the broadcast', () => {
	const producer = (id: string, kind: 'audio' | 'video', paused = false) => ({ id, kind, paused, closed: false });

	it('keeps speakers in the order they came on stage, newcomers after, up to the cap', () => {
		expect(stageOrder([], new Set(['b', 'a']), 9)).toEqual(['a', 'b']);
		expect(stageOrder(['b', 'a'], new Set(['a', 'b', 'c']), 9)).toEqual(['b', 'a', 'c']);
		expect(stageOrder(['b', 'a'], new Set(['a', 'c', 'd']), 2)).toEqual(['a', 'c']);
	});

	it('takes a live screen share over the camera, and leaves muted tracks out', () => {
		const all = new Map([
			['camera', producer('cam', 'video')],
			['microphone', producer('mic', 'audio')],
			['screen', producer('scr', 'video')],
		] as const);
		expect(tracksOf('s', all).map((t) => t.producerId)).toEqual(['scr', 'mic']);
		const screenPaused = new Map([...all, ['screen', producer('scr', 'video', true)]] as const);
		expect(tracksOf('s', screenPaused).map((t) => t.producerId)).toEqual(['cam', 'mic']);
		const muted = new Map([
			['camera', producer('cam', 'video', true)],
			['microphone', producer('mic', 'audio', true)],
		] as const);
		expect(tracksOf('s', muted)).toEqual([]);
	});

	it('changes its key exactly when a track comes or goes', () => {
		const one = { speakers: ['a'], tracks: tracksOf('a', new Map([['camera', producer('cam', 'video')]])) };
		const same = { speakers: ['a'], tracks: tracksOf('a', new Map([['camera', producer('cam', 'video')]])) };
		const more = { speakers: ['a'], tracks: tracksOf('a', new Map([['camera', producer('cam', 'video')], ['microphone', producer('mic', 'audio')]])) };
		expect(planKey(one)).toBe(planKey(same));
		expect(planKey(one)).not.toBe(planKey(more));
		expect(planKey({ speakers: [], tracks: [] })).toBe('');
	});
});

describe('the SDP FFmpeg reads', () => {
	it('names each stream with its port, RTCP port and the consumer codec', () => {
		const sdp = writeSdp('127.0.0.1', [
			{ kind: 'video', port: 40000, codec: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 } },
			{ kind: 'audio', port: 40010, codec: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } } },
		]);
		expect(sdp.split('\r\n')).toEqual([
			'v=0',
			'o=- 0 0 IN IP4 127.0.0.1',
			's=Hallway stage',
			'c=IN IP4 127.0.0.1',
			't=0 0',
			'm=video 40000 RTP/AVP 101',
			'a=rtcp:40001',
			'a=rtpmap:101 VP8/90000',
			'a=recvonly',
			'm=audio 40010 RTP/AVP 100',
			'a=rtcp:40011',
			'a=rtpmap:100 opus/48000/2',
			'a=fmtp:100 useinbandfec=1',
			'a=recvonly',
			'',
		]);
	});
});

describe('the mix FFmpeg runs', () => {
	let dir: string;
	/** A 1 s file with 3 video and 2 audio streams of different sizes, standing in for the stage's RTP input (codecs that are quick to make). */
	let stage: string;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'hallway-mix-'));
		stage = path.join(dir, 'stage.mkv');
		const sources = ['testsrc=s=320x240:r=15', 'testsrc2=s=480x270:r=30', 'smptebars=s=120x160:r=15', 'sine=f=440:r=48000', 'sine=f=660:r=48000'];
		await run(FFMPEG, [
			'-v',
			'error',
			...sources.flatMap((source) => ['-f', 'lavfi', '-t', '1', '-i', source]),
			...sources.flatMap((_, i) => ['-map', String(i)]),
			'-c:v',
			'mpeg2video',
			'-c:a',
			'pcm_s16le',
			stage,
		]);
	}, 30_000);
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	/** Runs the filter over the stand-in, returns the output's streams as ffprobe sees them. */
	async function mix(videos: number, audios: number) {
		const out = path.join(dir, `mix-${videos}-${audios}.ts`);
		await run(FFMPEG, ['-v', 'error', '-y', '-i', stage, '-filter_complex', mixFilter({ videos, audios }, OUTPUT), '-map', '[vout]', '-map', '[aout]', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', out]);
		const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_streams', '-of', 'json', out]);
		return (JSON.parse(stdout) as { streams: { codec_type: string; width?: number; height?: number }[] }).streams;
	}

	it('scales one camera to the picture', async () => {
		const streams = await mix(1, 1);
		expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360 });
		expect(streams.some((s) => s.codec_type === 'audio')).toBe(true);
	});

	it('stacks three cameras of different sizes into one picture and mixes two microphones into one sound', async () => {
		const streams = await mix(3, 2);
		expect(streams.filter((s) => s.codec_type === 'video')).toMatchObject([{ width: 640, height: 360 }]);
		expect(streams.filter((s) => s.codec_type === 'audio')).toHaveLength(1);
	});

	it('makes a picture for a stage with microphones only, and silence for cameras only', async () => {
		expect((await mix(0, 2)).map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
		expect((await mix(2, 0)).map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
	});
});

describe('spectator options', () => {
	it('fills in defaults and refuses sizes H.264 cannot take', () => {
		expect(resolveSpectatorOptions(true)).toMatchObject({ width: 640, height: 360, fps: 15, segmentSeconds: 1, ip: '127.0.0.1' });
		expect(() => resolveSpectatorOptions({ width: 641 })).toThrow(/E_SPECTATOR_OPTIONS: width must be an even integer/);
		expect(() => resolveSpectatorOptions({ segmentSeconds: 0 })).toThrow(/E_SPECTATOR_OPTIONS: segmentSeconds/);
	});
});
