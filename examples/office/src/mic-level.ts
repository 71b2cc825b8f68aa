// A small live level meter for the join screen's microphone preview, so the
// visitor sees the right microphone is picking them up before joining.
import { h } from './dom.js';

/** Bars in the meter. */
const BARS = 5;

export class MicLevel {
	readonly element = h('div', { class: 'mic-level', attrs: { 'aria-hidden': 'true' } }, Array.from({ length: BARS }, () => h('span')));
	#context: AudioContext | undefined;
	#source: MediaStreamAudioSourceNode | undefined;
	#frame = 0;

	start(stream: MediaStream): void {
		this.stop();
		this.#context ??= new AudioContext();
		const analyser = this.#context.createAnalyser();
		analyser.fftSize = 512;
		this.#source = this.#context.createMediaStreamSource(stream);
		this.#source.connect(analyser);
		const samples = new Float32Array(analyser.fftSize);
		const bars = [...this.element.children] as HTMLElement[];
		const draw = (): void => {
			analyser.getFloatTimeDomainData(samples);
			let sum = 0;
			for (const sample of samples) sum += sample * sample;
			// RMS to a 0..1 level on a rough dB scale: speech sits around the middle.
			const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-8);
			const level = Math.max(0, Math.min(1, (db + 60) / 50));
			bars.forEach((bar, index) => bar.classList.toggle('lit', level * BARS > index + 0.25));
			this.#frame = requestAnimationFrame(draw);
		};
		this.#frame = requestAnimationFrame(draw);
	}

	/** Browsers start an AudioContext suspended until a user gesture: call from one. */
	resume(): void {
		void this.#context?.resume().catch(() => undefined);
	}

	stop(): void {
		cancelAnimationFrame(this.#frame);
		this.#source?.disconnect();
		this.#source = undefined;
		for (const bar of this.element.children) bar.classList.remove('lit');
	}

	close(): void {
		this.stop();
		void this.#context?.close().catch(() => undefined);
		this.#context = undefined;
	}
}
