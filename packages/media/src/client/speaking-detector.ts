import { TypedEmitter } from './typed-emitter.js';

export interface SpeakingDetectorOptions {
	/** Level above which a track counts as speaking, in dBFS (RMS). Default -50. */
	thresholdDb?: number;
	/** How often levels are sampled, in ms. Default 100. */
	intervalMs?: number;
	/** How long a track stays "speaking" after its level drops, in ms (no flicker between words). Default 400. */
	holdMs?: number;
}

export interface SpeakingDetectorEvents extends Record<string, unknown[]> {
	/** A watched track started or stopped speaking. */
	speakingChanged: [key: string, speaking: boolean];
}

interface Watched {
	source: MediaStreamAudioSourceNode;
	analyser: AnalyserNode;
	samples: Float32Array<ArrayBuffer>;
	speaking: boolean;
	lastLoudAt: number;
	level: number;
}

/**
 * Audio levels of microphone tracks, for a speaking indicator: one
 * AnalyserNode per watched track (no audio output), sampled on a timer.
 * Browsers keep an AudioContext suspended until a user gesture; `resume()`
 * should be called from one (the SDK does on its first click or key press).
 */
export class SpeakingDetector extends TypedEmitter<SpeakingDetectorEvents> {
	readonly #context: AudioContext;
	readonly #watched = new Map<string, Watched>();
	readonly #thresholdDb: number;
	readonly #holdMs: number;
	readonly #timer: ReturnType<typeof setInterval>;

	constructor(options: SpeakingDetectorOptions = {}, context: AudioContext = new AudioContext()) {
		super();
		this.#context = context;
		this.#thresholdDb = options.thresholdDb ?? -50;
		this.#holdMs = options.holdMs ?? 400;
		this.#timer = setInterval(() => this.#sample(), options.intervalMs ?? 100);
	}

	/** Starts measuring a track under `key` (a player id). Replaces a track already watched under that key. */
	watch(key: string, track: MediaStreamTrack): void {
		this.unwatch(key);
		const source = this.#context.createMediaStreamSource(new MediaStream([track]));
		const analyser = this.#context.createAnalyser();
		analyser.fftSize = 512;
		source.connect(analyser);
		this.#watched.set(key, { source, analyser, samples: new Float32Array(analyser.fftSize), speaking: false, lastLoudAt: 0, level: 0 });
		void this.resume();
	}

	unwatch(key: string): void {
		const watched = this.#watched.get(key);
		if (!watched) return;
		watched.source.disconnect();
		this.#watched.delete(key);
		if (watched.speaking) this.emit('speakingChanged', key, false);
	}

	/** The last RMS level of a watched track, 0..1. */
	level(key: string): number {
		return this.#watched.get(key)?.level ?? 0;
	}

	isSpeaking(key: string): boolean {
		return this.#watched.get(key)?.speaking ?? false;
	}

	/** Resumes the audio context (call from a user gesture when the browser requires one). */
	async resume(): Promise<void> {
		if (this.#context.state === 'suspended') await this.#context.resume().catch(() => undefined);
	}

	close(): void {
		clearInterval(this.#timer);
		for (const key of [...this.#watched.keys()]) this.unwatch(key);
		void this.#context.close().catch(() => undefined);
		this.removeAllListeners();
	}

	#sample(): void {
		const now = performance.now();
		for (const [key, watched] of this.#watched) {
			watched.analyser.getFloatTimeDomainData(watched.samples);
			let sum = 0;
			for (const sample of watched.samples) sum += sample * sample;
			watched.level = Math.sqrt(sum / watched.samples.length);
			const db = 20 * Math.log10(watched.level || 1e-9);
			if (db > this.#thresholdDb) watched.lastLoudAt = now;
			const speaking = now - watched.lastLoudAt < this.#holdMs;
			if (speaking !== watched.speaking) {
				watched.speaking = speaking;
				this.emit('speakingChanged', key, speaking);
			}
		}
	}
}
