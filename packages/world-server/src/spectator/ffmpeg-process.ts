import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

/** Lines of FFmpeg's error output kept to explain a death. */
const KEPT_LINES = 20;
/** How long `stop()` waits after SIGTERM (FFmpeg then closes its segment) before SIGKILL, ms. */
const STOP_GRACE_MS = 3000;

export interface FfmpegProcessEvents {
	/** FFmpeg ended: by `stop()` (`stopped` true) or by itself or a signal from elsewhere (it died). */
	exit: [info: { code: number | null; signal: NodeJS.Signals | null; stopped: boolean; lastLines: readonly string[] }];
}

/**
 * One FFmpeg child process: spawned at once, its error output passed to
 * `log` line by line (and the last lines kept), its end reported once as
 * `exit`. `stop()` asks it to finish (SIGTERM) and kills it if it does not.
 */
export class FfmpegProcess extends EventEmitter<FfmpegProcessEvents> {
	readonly #child: ChildProcess;
	readonly #lines: string[] = [];
	#stopping = false;
	#exited = false;
	readonly #done: Promise<void>;

	constructor(executable: string, args: readonly string[], log: (line: string) => void) {
		super();
		this.#child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		createInterface({ input: this.#child.stderr! }).on('line', (line) => {
			this.#lines.push(line);
			if (this.#lines.length > KEPT_LINES) this.#lines.shift();
			log(`[ffmpeg ${this.pid ?? '?'}] ${line}`);
		});
		this.#done = new Promise((resolve) => {
			const finish = (code: number | null, signal: NodeJS.Signals | null) => {
				if (this.#exited) return;
				this.#exited = true;
				resolve();
				this.emit('exit', { code, signal, stopped: this.#stopping, lastLines: [...this.#lines] });
			};
			this.#child.once('exit', finish);
			// Not found or not executable: no exit event follows.
			this.#child.once('error', (error) => {
				this.#lines.push(String(error));
				finish(null, null);
			});
		});
	}

	/** The operating system's process id (undefined when it could not be started). */
	get pid(): number | undefined {
		return this.#child.pid;
	}

	get exited(): boolean {
		return this.#exited;
	}

	/** Ends the process: SIGTERM, then SIGKILL after a grace period. Resolves once it is gone. Idempotent. */
	async stop(): Promise<void> {
		if (this.#exited) return;
		this.#stopping = true;
		this.#child.kill('SIGTERM');
		const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
		await this.#done;
		clearTimeout(timer);
	}
}
