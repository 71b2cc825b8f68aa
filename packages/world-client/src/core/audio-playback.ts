import type { RemoteTrack } from '@hallway/media/client';

/**
 * Plays the remote microphones this client receives, each in a hidden
 * `<audio>` element at the volume of its distance band. Browsers may refuse
 * to start audio before a user gesture: that is reported through
 * `onBlockedChange`, and `resume()` (called from a click or key handler)
 * starts everything that was held back.
 */
export class AudioPlayback {
	readonly #elements = new Map<string, HTMLAudioElement>();
	#blocked = false;
	#sinkId: string | undefined;

	constructor(private readonly onBlockedChange: (blocked: boolean) => void) {}

	get blocked(): boolean {
		return this.#blocked;
	}

	/** Starts, updates or stops the element of one track to match it. */
	sync(track: RemoteTrack): void {
		if (track.kind !== 'audio' || typeof document === 'undefined') return;
		let el = this.#elements.get(track.consumerId);
		if (!track.active) {
			if (el) this.remove(track.consumerId);
			return;
		}
		if (!el) {
			el = document.createElement('audio');
			el.autoplay = true;
			el.dataset['hallwayAudio'] = track.peerId;
			el.style.display = 'none';
			el.srcObject = new MediaStream([track.track]);
			document.body.append(el);
			this.#elements.set(track.consumerId, el);
			if (this.#sinkId) void setSink(el, this.#sinkId);
			this.#play(el);
		}
		el.volume = Math.max(0, Math.min(1, track.volume));
	}

	remove(consumerId: string): void {
		const el = this.#elements.get(consumerId);
		if (!el) return;
		el.srcObject = null;
		el.remove();
		this.#elements.delete(consumerId);
	}

	/** Plays everything again; call it from a user gesture after `blocked` turned true. */
	async resume(): Promise<void> {
		await Promise.all([...this.#elements.values()].map((el) => el.play().catch(() => undefined)));
		this.#setBlocked([...this.#elements.values()].some((el) => el.paused));
	}

	/** Routes every remote voice to a speaker or headset (where the browser supports `setSinkId`). */
	async setOutput(deviceId: string): Promise<void> {
		this.#sinkId = deviceId;
		await Promise.all([...this.#elements.values()].map((el) => setSink(el, deviceId)));
	}

	close(): void {
		for (const id of [...this.#elements.keys()]) this.remove(id);
	}

	#play(el: HTMLAudioElement): void {
		el.play().then(
			() => {
				if (this.#blocked && ![...this.#elements.values()].some((other) => other.paused)) this.#setBlocked(false);
			},
			(error: unknown) => {
				if (error instanceof DOMException && error.name === 'NotAllowedError') this.#setBlocked(true);
			},
		);
	}

	#setBlocked(blocked: boolean): void {
		if (blocked === this.#blocked) return;
		this.#blocked = blocked;
		this.onBlockedChange(blocked);
	}
}

async function setSink(el: HTMLAudioElement, deviceId: string): Promise<void> {
	const withSink = el as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
	await withSink.setSinkId?.(deviceId).catch(() => undefined);
}
