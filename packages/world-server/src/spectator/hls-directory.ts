import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PLAYLIST_NAME, SEGMENT_PATTERN } from './ffmpeg-args.js';

/**
 * The temp directory one map's broadcast is written to: FFmpeg's playlist and
 * segments (and the SDP it reads). Only the playlist and segment names are
 * ever served from it.
 */
export class HlsDirectory {
	private constructor(readonly path: string) {}

	/** Makes a fresh directory under `parent` (`hallway-watch-XXXXXX`). */
	static async create(parent: string): Promise<HlsDirectory> {
		return new HlsDirectory(await mkdtemp(path.join(parent, 'hallway-watch-')));
	}

	get playlistPath(): string {
		return path.join(this.path, PLAYLIST_NAME);
	}

	/** The file behind a served name: the playlist or a segment, nothing else. */
	fileFor(name: string): string | undefined {
		return name === PLAYLIST_NAME || SEGMENT_PATTERN.test(name) ? path.join(this.path, name) : undefined;
	}

	/** When FFmpeg last rewrote the playlist (ms since the epoch), undefined while there is none. */
	async playlistWrittenAt(): Promise<number | undefined> {
		return (await stat(this.playlistPath).catch(() => undefined))?.mtimeMs;
	}

	/** The playlist's text, undefined while there is none. */
	async playlist(): Promise<string | undefined> {
		return readFile(this.playlistPath, 'utf8').catch(() => undefined);
	}

	/**
	 * Marks the playlist ended (`#EXT-X-ENDLIST`): players that are on it
	 * play to its end and stop instead of waiting for segments that will
	 * never come.
	 */
	async markEnded(): Promise<void> {
		const text = await this.playlist();
		if (text !== undefined && !text.includes('#EXT-X-ENDLIST')) await appendFile(this.playlistPath, `${text.endsWith('\n') ? '' : '\n'}#EXT-X-ENDLIST\n`);
	}

	/** Removes everything in the directory (a new broadcast starts its own playlist). */
	async clear(): Promise<void> {
		const names = await readdir(this.path).catch(() => []);
		await Promise.all(names.map((name) => rm(path.join(this.path, name), { force: true, recursive: true })));
	}

	/** Removes the directory. */
	async remove(): Promise<void> {
		await rm(this.path, { force: true, recursive: true });
	}
}
