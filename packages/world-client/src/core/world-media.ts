import { HallwayError, type MediaSource } from '@hallway/media';
import { colyseusSignaling, type ConnectionQuality, MediaClient, QualityMonitor, type QualityMonitorOptions, type RemoteTrack } from '@hallway/media/client';
import { AudioPlayback } from './audio-playback.js';
import { nextCamera } from './camera-choice.js';
import { captureCamera, currentCamera, listCameras } from './camera-devices.js';
import { type AudioProcessing, applyAudioProcessing, DEFAULT_AUDIO_PROCESSING } from './audio-settings.js';
import { captureScreenTrack, captureUserTrack, type DeviceKind, describeCaptureError, listDevices } from './local-capture.js';
import type { LocalMediaState, LocalSourceState } from './types.js';

/** The room surface media signaling needs (a `@colyseus/sdk` Room). */
export type SignalingRoom = Parameters<typeof colyseusSignaling>[0];

/** Tries to join the media again after a reset before giving up (about a minute in all). */
const REJOIN_ATTEMPTS = 10;
const REJOIN_BASE_DELAY_MS = 250;
const REJOIN_MAX_DELAY_MS = 8_000;

/** What `WorldMedia` reports to the `WorldClient` that owns it. */
export interface WorldMediaSink {
	remote(event: 'subscribed' | 'activeChanged' | 'mutedChanged' | 'bandChanged' | 'unsubscribed', track: RemoteTrack): void;
	speaking(peerId: string | null, speaking: boolean): void;
	state(state: LocalMediaState): void;
	localTrack(source: MediaSource, track: MediaStreamTrack | undefined): void;
	/** A connection's quality level changed (`peerId` null: this player's own). */
	quality(peerId: string | null, quality: ConnectionQuality): void;
	error(error: HallwayError): void;
}

/**
 * `client.media`: this player's microphone, camera and screen, and the
 * connection of the media plane for the current map. Local tracks outlive a
 * map change (a portal): the new map's media room gets them republished.
 *
 * The microphone mutes in place (the track stays captured, unmuting is
 * instant); the camera and the screen stop capturing when turned off, so the
 * camera light goes out.
 */
export class WorldMedia {
	readonly #sink: WorldMediaSink;
	readonly #enabled: boolean;
	#client: MediaClient | undefined;
	/** The map room whose media this is, while attached. */
	#room: SignalingRoom | undefined;
	readonly #local = new Map<MediaSource, MediaStreamTrack>();
	#state: LocalMediaState = {
		microphone: 'off',
		camera: 'off',
		screen: 'off',
		devices: {},
		autoplayBlocked: false,
		connected: false,
		audioOnly: false,
		audioProcessing: DEFAULT_AUDIO_PROCESSING,
	};
	readonly #qualityOptions: QualityMonitorOptions | false;
	#quality: QualityMonitor | undefined;
	/** The camera was on when audio-only mode started: it comes back when the mode ends. */
	#cameraBeforeAudioOnly = false;
	readonly #audio: AudioPlayback;
	/** Requests to turn sources on or off, run one at a time in order. */
	#queue: Promise<void> = Promise.resolve();

	/** @internal created by `WorldClient`. */
	constructor(sink: WorldMediaSink, enabled: boolean, quality: QualityMonitorOptions | false = {}) {
		this.#sink = sink;
		this.#enabled = enabled;
		this.#qualityOptions = quality;
		this.#audio = new AudioPlayback((blocked) => this.#set({ autoplayBlocked: blocked }));
		if (enabled && typeof navigator !== 'undefined') {
			navigator.mediaDevices?.addEventListener?.('devicechange', () => this.#set({}));
		}
	}

	/** Whether this client has a media plane at all (`media: false` in `connect`, or no WebRTC here). */
	get enabled(): boolean {
		return this.#enabled;
	}

	get state(): LocalMediaState {
		return this.#state;
	}

	/** The local track of a source while it is on (for a self-view). */
	localTrack(source: MediaSource): MediaStreamTrack | undefined {
		return this.#local.get(source);
	}

	/** The devices to choose from (labels appear once a permission was granted). */
	devices(): Promise<MediaDeviceInfo[]> {
		return listDevices();
	}

	/** Turns the microphone on (capturing it on first use) or mutes it. */
	setMicrophone(enabled: boolean): Promise<void> {
		return this.#serial(async () => {
			if (!enabled) {
				if (this.#local.has('microphone')) await this.#client?.setMuted('microphone', true);
				this.#set({ microphone: 'off' });
				return;
			}
			if (this.#local.has('microphone')) {
				await this.#client?.setMuted('microphone', false);
				this.#set({ microphone: 'on' });
				return;
			}
			await this.#start('microphone', () => captureUserTrack('microphone', this.#state.devices.audioinput, this.#state.audioProcessing));
		});
	}

	/** Turns the camera on or off (off stops capturing). Refused with `E_AUDIO_ONLY` in audio-only mode. */
	setCamera(enabled: boolean): Promise<void> {
		return this.#serial(async () => {
			if (enabled && this.#state.audioOnly) throw new HallwayError('E_AUDIO_ONLY', 'audio-only mode is on: turn it off to send your camera');
			return enabled ? this.#start('camera', () => captureUserTrack('camera', this.#state.devices.videoinput)) : this.#stop('camera');
		});
	}

	/**
	 * Audio-only mode, for bad networks and big crowds: the camera stops (it
	 * comes back when the mode ends, if it was on), and the server sends no
	 * camera or screen to this player, only voices. The Phaser layer shows
	 * the people heard as placeholders.
	 */
	setAudioOnly(enabled: boolean): Promise<void> {
		return this.#serial(async () => {
			if (enabled === this.#state.audioOnly) return;
			this.#set({ audioOnly: enabled });
			if (enabled) {
				this.#cameraBeforeAudioOnly = this.#local.has('camera');
				await this.#stop('camera');
				await this.#client?.setReceiveVideo(false);
				return;
			}
			await this.#client?.setReceiveVideo(true);
			if (this.#cameraBeforeAudioOnly) {
				this.#cameraBeforeAudioOnly = false;
				await this.#start('camera', () => captureUserTrack('camera', this.#state.devices.videoinput));
			}
		});
	}

	/**
	 * Changes the microphone's processing (echo cancellation, noise
	 * suppression, auto gain; all on by default). A live microphone is
	 * changed in place where the browser can, else captured again with it.
	 */
	setAudioProcessing(change: Partial<AudioProcessing>): Promise<void> {
		return this.#serial(async () => {
			const processing: AudioProcessing = { ...this.#state.audioProcessing, ...change };
			this.#set({ audioProcessing: processing });
			const track = this.#local.get('microphone');
			if (!track || (await applyAudioProcessing(track, processing))) return;
			// Captured again: the old track is stopped first, for Chromium hands a second capture of a
			// device that is still open the processing of the first.
			track.stop();
			const muted = this.#state.microphone === 'off';
			await this.#start('microphone', () => captureUserTrack('microphone', this.#state.devices.audioinput, processing));
			if (muted) {
				await this.#client?.setMuted('microphone', true);
				this.#set({ microphone: 'off' });
			}
		});
	}

	/** The last measured quality of a player's connection as received here, or of this player's own (null). */
	quality(peerId: string | null): ConnectionQuality | undefined {
		return this.#quality?.quality(peerId);
	}

	/** Starts sharing a screen (the browser asks which) or stops. */
	shareScreen(enabled: boolean): Promise<void> {
		return this.#serial(() => (enabled ? this.#start('screen', captureScreenTrack) : this.#stop('screen')));
	}

	/**
	 * Switches a device: an input in use is re-captured from it and swapped
	 * in place (the others keep receiving without a renegotiation); the output
	 * routes remote voices (where the browser supports choosing one).
	 */
	selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
		return this.#serial(async () => {
			this.#set({ devices: { ...this.#state.devices, [kind]: deviceId } });
			if (kind === 'audiooutput') return this.#audio.setOutput(deviceId);
			const source = kind === 'audioinput' ? 'microphone' : 'camera';
			if (!this.#local.has(source)) return;
			const muted = source === 'microphone' && this.#state.microphone === 'off';
			await this.#start(source, () => captureUserTrack(source, deviceId, this.#state.audioProcessing));
			if (muted) {
				await this.#client?.setMuted('microphone', true);
				this.#set({ microphone: 'off' });
			}
		});
	}

	/**
	 * Switches to the other camera: front and back on a phone, else the next
	 * camera in the list (a laptop with a USB webcam). A camera in use is
	 * swapped in place like `selectDevice`; while the camera is off, the
	 * choice applies when it is turned on. Does nothing with a single camera.
	 */
	switchCamera(): Promise<void> {
		return this.#serial(async () => {
			const track = this.#local.get('camera');
			const choice = nextCamera(await listCameras(), currentCamera(track, this.#state.devices.videoinput));
			if (!choice) return;
			if (!track) {
				if (choice.kind === 'device') this.#set({ devices: { ...this.#state.devices, videoinput: choice.deviceId } });
				return;
			}
			await this.#start('camera', async () => {
				const next = await captureCamera(choice, track);
				// Remembered like a device picked in the menu: a restart (a portal, an unplug) keeps this camera.
				this.#set({ devices: { ...this.#state.devices, videoinput: next.getSettings().deviceId ?? this.#state.devices.videoinput } });
				return next;
			});
		});
	}

	/** Starts audio the browser held back; call it from a click or key handler. */
	async resumeAudio(): Promise<void> {
		await Promise.all([this.#audio.resume(), this.#client?.resumeAudio()]);
	}

	/** @internal Connects the media plane of a map's room and publishes the local tracks to it. */
	async attach(room: SignalingRoom): Promise<void> {
		if (!this.#enabled) return;
		this.#room = room;
		await this.#connect(room);
	}

	/** @internal Disconnects from the current map's media room; local tracks stay captured. */
	detach(): void {
		this.#room = undefined;
		this.#disconnect();
	}

	async #connect(room: SignalingRoom): Promise<void> {
		const client = await MediaClient.join({ transport: colyseusSignaling(room) });
		if (this.#room !== room) {
			// Detached (a portal, a disconnect) while joining.
			client.close();
			return;
		}
		this.#client = client;
		client.on('trackSubscribed', (track) => this.#remote('subscribed', track));
		client.on('trackActiveChanged', (track) => this.#remote('activeChanged', track));
		client.on('trackMutedChanged', (track) => this.#remote('mutedChanged', track));
		client.on('trackBandChanged', (track) => this.#remote('bandChanged', track));
		client.on('trackUnsubscribed', (track) => this.#remote('unsubscribed', track));
		client.on('speakingChanged', (peerId, speaking) => this.#sink.speaking(peerId, speaking));
		client.on('error', (error) => this.#sink.error(error));
		client.on('connectionStateChanged', (_direction, state) => {
			if (state === 'connected' || state === 'failed' || state === 'closed') this.#set({ connected: state === 'connected' });
		});
		client.on('reset', () => void this.#rejoin(room, client));
		if (this.#state.audioOnly) await client.setReceiveVideo(false);
		for (const [source, track] of this.#local) {
			await client.publish(source, track);
			if (source === 'microphone' && this.#state.microphone === 'off') await client.setMuted('microphone', true);
		}
		this.#set({ connected: true });
		this.#watchQuality(client);
	}

	/** Scores the connections of this media client every few seconds (unless turned off). */
	#watchQuality(client: MediaClient): void {
		if (this.#qualityOptions === false) return;
		const monitor = new QualityMonitor(client, this.#qualityOptions);
		this.#quality = monitor;
		monitor.on('qualityChanged', (peerId, quality) => this.#sink.quality(peerId, quality));
		monitor.start();
	}

	#disconnect(): void {
		for (const track of this.#client?.tracks.values() ?? []) {
			this.#audio.remove(track.consumerId);
			this.#sink.remote('unsubscribed', track);
		}
		this.#quality?.close();
		this.#quality = undefined;
		this.#client?.close();
		this.#client = undefined;
		this.#set({ connected: false });
	}

	/**
	 * The server reset this player's media (its worker died, or the WebSocket
	 * reconnected): drop the old client and join again with the local tracks,
	 * retrying with back-off while the server has no worker to offer. In the
	 * source queue, so that a camera turned on meanwhile is published once.
	 */
	#rejoin(room: SignalingRoom, from: MediaClient): Promise<void> {
		return this.#serial(async () => {
			if (this.#room !== room || this.#client !== from) return;
			this.#disconnect();
			for (let attempt = 0; this.#room === room; attempt += 1) {
				try {
					await this.#connect(room);
					return;
				} catch (error) {
					this.#client?.close();
					this.#client = undefined;
					if (attempt + 1 >= REJOIN_ATTEMPTS) {
						this.#sink.error(new HallwayError('E_MEDIA_CONNECT', `media did not come back after ${REJOIN_ATTEMPTS} attempts: ${String(error)}`, { cause: error }));
						return;
					}
					await new Promise((resolve) => setTimeout(resolve, Math.min(REJOIN_BASE_DELAY_MS * 2 ** attempt, REJOIN_MAX_DELAY_MS)));
				}
			}
		});
	}

	/** @internal Stops everything: the media room and the local capture. */
	close(): void {
		this.detach();
		for (const track of this.#local.values()) track.stop();
		this.#local.clear();
		this.#audio.close();
	}

	/** Keeps remote audio playing as the track changes, then tells the client. */
	#remote(event: Parameters<WorldMediaSink['remote']>[0], track: RemoteTrack): void {
		if (event === 'unsubscribed') this.#audio.remove(track.consumerId);
		else this.#audio.sync(track);
		this.#sink.remote(event, track);
	}

	async #start(source: MediaSource, capture: () => Promise<MediaStreamTrack>): Promise<void> {
		if (!this.#enabled) throw new HallwayError('E_MEDIA_DISABLED', 'this client was connected without media');
		this.#set({ [source]: 'starting' });
		let track: MediaStreamTrack;
		try {
			track = await capture();
		} catch (error) {
			const failure = describeCaptureError(source, error);
			// A refused screen picker is the user changing their mind, not an error state.
			this.#set({ [source]: source === 'screen' && failure.state === 'denied' ? 'off' : failure.state });
			this.#sink.error(new HallwayError(failure.code, failure.message, { cause: error }));
			return;
		}
		const previous = this.#local.get(source);
		this.#local.set(source, track);
		track.addEventListener('ended', () => void this.#onEnded(source, track));
		try {
			await this.#client?.publish(source, track);
		} catch (error) {
			this.#sink.error(error instanceof HallwayError ? error : new HallwayError('E_MEDIA_PUBLISH', `could not send the ${source}: ${String(error)}`, { cause: error }));
		}
		previous?.stop();
		this.#set({ [source]: 'on' });
		this.#sink.localTrack(source, track);
	}

	async #stop(source: MediaSource): Promise<void> {
		const track = this.#local.get(source);
		this.#local.delete(source);
		if (track) {
			await this.#client?.unpublish(source).catch(() => undefined);
			track.stop();
			this.#sink.localTrack(source, undefined);
		}
		this.#set({ [source]: 'off' });
	}

	/** A device was unplugged, or the browser's "Stop sharing" was clicked. */
	async #onEnded(source: MediaSource, track: MediaStreamTrack): Promise<void> {
		if (this.#local.get(source) !== track) return;
		if (source === 'screen') return this.#serial(() => this.#stop('screen'));
		this.#sink.error(new HallwayError('E_MEDIA_DEVICE', `the ${source} stopped (unplugged?); switching to the default device`));
		return this.#serial(async () => {
			await this.#stop(source);
			// Fall back to the default device, if there still is one.
			await this.#start(source, () => captureUserTrack(source === 'microphone' ? 'microphone' : 'camera', undefined, this.#state.audioProcessing));
		});
	}

	#serial(task: () => Promise<void>): Promise<void> {
		const run = this.#queue.then(task);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	#set(change: Partial<Record<keyof LocalMediaState, unknown>>): void {
		this.#state = { ...this.#state, ...change } as LocalMediaState;
		this.#sink.state(this.#state);
	}
}

export type { LocalSourceState };
