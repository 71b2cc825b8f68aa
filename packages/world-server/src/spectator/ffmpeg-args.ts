import path from 'node:path';
import type { ResolvedSpectatorOptions } from './spectator-options.js';

/** Where the grid puts each speaker's picture: cell size and top-left corners, px. */
export interface GridLayout {
	cols: number;
	rows: number;
	cellWidth: number;
	cellHeight: number;
	/** Top-left corner of each input's cell, in input order. */
	positions: readonly (readonly [x: number, y: number])[];
}

/**
 * A near-square grid for `count` pictures in a `width`×`height` frame: 1 fills
 * it, 2 side by side, 3–4 in 2×2, 5–6 in 3×2, 7–9 in 3×3… A short last row is
 * centred. Cells have even sizes and corners (H.264 wants even dimensions).
 */
export function gridLayout(count: number, width: number, height: number): GridLayout {
	if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`gridLayout: count must be an integer ≥ 1, got ${count}`);
	const cols = Math.ceil(Math.sqrt(count));
	const rows = Math.ceil(count / cols);
	const even = (n: number) => Math.floor(n / 2) * 2;
	const cellWidth = even(width / cols);
	const cellHeight = even(height / rows);
	const positions: [number, number][] = [];
	for (let i = 0; i < count; i++) {
		const row = Math.floor(i / cols);
		const inRow = Math.min(cols, count - row * cols);
		const offset = even(((cols - inRow) * cellWidth) / 2);
		positions.push([offset + (i % cols) * cellWidth, row * cellHeight]);
	}
	return { cols, rows, cellWidth, cellHeight, positions };
}

/** What one FFmpeg run mixes: how many video and audio streams its SDP holds. */
export interface MixInputs {
	/** The SDP file naming the streams (videos and audios in any order; FFmpeg's `v:i`/`a:j` count each kind). */
	sdpFile: string;
	videos: number;
	audios: number;
}

/** Background of empty cells and of an audio-only stage. */
const BACKGROUND = '0x1d2230';

/**
 * The `filter_complex` that mixes the stage: every camera scaled into its
 * grid cell (letterboxed, aspect kept) and stacked into one picture; every
 * microphone mixed into one sound. No camera on stage gives a plain
 * background, no microphone gives silence, so the stream always has both
 * tracks and a player never has to guess.
 */
export function mixFilter(inputs: Pick<MixInputs, 'videos' | 'audios'>, options: Pick<ResolvedSpectatorOptions, 'width' | 'height' | 'fps'>): string {
	const { width, height, fps } = options;
	const parts: string[] = [];
	if (inputs.videos === 0) {
		parts.push(`color=c=${BACKGROUND}:s=${width}x${height}:r=${fps},format=yuv420p[vout]`);
	} else {
		const grid = gridLayout(inputs.videos, width, height);
		const cell = (i: number) =>
			`[0:v:${i}]fps=${fps},scale=${grid.cellWidth}:${grid.cellHeight}:force_original_aspect_ratio=decrease,` +
			`pad=${grid.cellWidth}:${grid.cellHeight}:(ow-iw)/2:(oh-ih)/2:color=${BACKGROUND},setsar=1`;
		if (inputs.videos === 1) {
			parts.push(`${cell(0)},format=yuv420p[vout]`);
		} else {
			for (let i = 0; i < inputs.videos; i++) parts.push(`${cell(i)}[v${i}]`);
			const labels = Array.from({ length: inputs.videos }, (_, i) => `[v${i}]`).join('');
			const layout = grid.positions.map(([x, y]) => `${x}_${y}`).join('|');
			// A short last row leaves the frame narrower than the grid: pad it back to the full size.
			parts.push(`${labels}xstack=inputs=${inputs.videos}:layout=${layout}:fill=${BACKGROUND},pad=${width}:${height}:0:0:color=${BACKGROUND},format=yuv420p[vout]`);
		}
	}
	// async resampling fills gaps (packet loss, a muted microphone's silence) so audio time never stalls.
	const audio = (j: number) => `[0:a:${j}]aresample=48000:async=1000`;
	if (inputs.audios === 0) parts.push('anullsrc=r=48000:cl=stereo[aout]');
	else if (inputs.audios === 1) parts.push(`${audio(0)}[aout]`);
	else {
		for (let j = 0; j < inputs.audios; j++) parts.push(`${audio(j)}[a${j}]`);
		const labels = Array.from({ length: inputs.audios }, (_, j) => `[a${j}]`).join('');
		// normalize=0: one voice does not get quieter because others are on stage and silent.
		parts.push(`${labels}amix=inputs=${inputs.audios}:duration=longest:dropout_transition=0:normalize=0[aout]`);
	}
	return parts.join(';');
}

/** The HLS playlist's file name in the output directory. */
export const PLAYLIST_NAME = 'index.m3u8';
/** Segment file names: `seg_00042.ts`. */
export const SEGMENT_PATTERN = /^seg_\d{5,}\.ts$/;

/**
 * FFmpeg's command line for one run: read the stage's RTP streams (SDP),
 * mix them, encode H.264 + AAC and write a live HLS playlist. A restarted
 * run appends to the same playlist (`append_list`, with a discontinuity), so
 * players keep going across an FFmpeg restart or a change of speakers.
 */
export function ffmpegArgs(inputs: MixInputs, hlsDir: string, options: ResolvedSpectatorOptions): string[] {
	const gop = Math.max(1, Math.round(options.fps * options.segmentSeconds));
	return [
		'-hide_banner',
		'-nostdin',
		'-nostats',
		'-loglevel',
		'warning',
		// Input: plain RTP described by the SDP file; only these protocols may be opened from it.
		'-protocol_whitelist',
		'file,udp,rtp',
		// An upper bound: probing ends as soon as every stream is known (video: at its first key frame).
		'-analyzeduration',
		'2000000',
		'-thread_queue_size',
		'512',
		// Receiver reports go back to where the RTP comes from (mediasoup), not to the SDP's own address.
		'-sdp_flags',
		'rtcp_to_source',
		'-f',
		'sdp',
		'-i',
		inputs.sdpFile,
		'-filter_complex',
		mixFilter(inputs, options),
		'-map',
		'[vout]',
		'-map',
		'[aout]',
		'-c:v',
		'libx264',
		'-preset',
		'veryfast',
		'-tune',
		'zerolatency',
		'-b:v',
		`${options.videoKbps}k`,
		'-maxrate',
		`${options.videoKbps}k`,
		'-bufsize',
		`${options.videoKbps * 2}k`,
		// A key frame starts every segment: each one plays on its own.
		'-g',
		String(gop),
		'-keyint_min',
		String(gop),
		'-sc_threshold',
		'0',
		'-force_key_frames',
		`expr:gte(t,n_forced*${options.segmentSeconds})`,
		'-c:a',
		'aac',
		'-b:a',
		`${options.audioKbps}k`,
		'-ar',
		'48000',
		'-ac',
		'2',
		'-f',
		'hls',
		'-hls_time',
		String(options.segmentSeconds),
		'-hls_list_size',
		String(options.playlistSize),
		'-hls_flags',
		'delete_segments+append_list+discont_start+omit_endlist+program_date_time+independent_segments+temp_file',
		'-hls_segment_filename',
		path.join(hlsDir, 'seg_%05d.ts'),
		path.join(hlsDir, PLAYLIST_NAME),
	];
}
