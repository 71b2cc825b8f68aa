import type { MediaSource } from '../core/types.js';
import { EMOTE_DURATION_MS } from './emotes.js';
import { initialOf } from './player-style.js';

/**
 * Where a bubble is in its life:
 * - `prewarmed`: the track is attached but hidden (the speaker is about to come in range);
 * - `live`: video shows;
 * - `muted`: the speaker turned the source off: the placeholder shows;
 * - `audio-only`: this client receives no video (audio-only mode): the placeholder stands for someone heard.
 */
export type BubbleState = 'prewarmed' | 'live' | 'muted' | 'audio-only';

/** A connection quality level as the bubble shows it. */
export type BubbleQuality = 'excellent' | 'good' | 'poor' | 'lost';

export interface BubbleInit {
	readonly playerId: string;
	readonly source: MediaSource;
	readonly name: string;
	/** CSS colour of the player (border and placeholder). */
	readonly color: string;
	/** This client's own camera (mirrored). */
	readonly self: boolean;
}

/**
 * One video bubble in the DOM:
 *
 * ```html
 * <div class="hallway-bubble" data-player-id="…" data-source="camera" data-state="live" data-quality="good">
 *   <div class="hallway-bubble-frame">
 *     <div class="hallway-bubble-placeholder">A</div>
 *     <video muted playsinline autoplay></video>
 *   </div>
 *   <div class="hallway-bubble-name">Alice</div>
 *   <div class="hallway-bubble-quality" title="connection: poor"></div>
 * </div>
 * ```
 *
 * The placeholder sits under the video, so it shows until the first frame
 * is decoded, and while the speaker's camera is muted.
 */
export class BubbleElement {
	readonly element: HTMLDivElement;
	readonly source: MediaSource;
	readonly self: boolean;
	/** Consumer id of the remote track shown (undefined for the self-view). */
	consumerId: string | undefined;
	readonly #video: HTMLVideoElement;
	readonly #frame: HTMLDivElement;
	readonly #placeholder: HTMLDivElement;
	readonly #name: HTMLDivElement;
	#playerId: string;
	#track: MediaStreamTrack | null = null;
	#live = false;
	#muted = false;
	#audioOnly = false;
	#quality: BubbleQuality | undefined;
	readonly #qualityBadge: HTMLDivElement;
	#speaking = false;
	#offscreen = false;
	#transform = '';
	#opacity = '';
	#emoteTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(document: Document, init: BubbleInit) {
		this.#playerId = init.playerId;
		this.source = init.source;
		this.self = init.self;

		this.element = document.createElement('div');
		this.element.className = 'hallway-bubble';
		this.element.dataset['playerId'] = init.playerId;
		this.element.dataset['source'] = init.source;
		if (init.self) this.element.dataset['self'] = 'true';
		Object.assign(this.element.style, { position: 'absolute', left: '0px', top: '0px' });

		this.#frame = document.createElement('div');
		this.#frame.className = 'hallway-bubble-frame';
		this.#placeholder = document.createElement('div');
		this.#placeholder.className = 'hallway-bubble-placeholder';
		this.#video = document.createElement('video');
		// Muted: the core plays audio itself; a muted video may also autoplay without a user gesture.
		this.#video.muted = true;
		this.#video.autoplay = true;
		this.#video.playsInline = true;
		this.#video.disablePictureInPicture = true;
		this.#video.setAttribute('muted', '');
		this.#video.setAttribute('playsinline', '');
		this.#frame.append(this.#placeholder, this.#video);

		this.#name = document.createElement('div');
		this.#name.className = 'hallway-bubble-name';
		this.#qualityBadge = document.createElement('div');
		this.#qualityBadge.className = 'hallway-bubble-quality';
		this.#qualityBadge.hidden = true;
		this.element.append(this.#frame, this.#name, this.#qualityBadge);

		this.setPlayer(init.name, init.color);
		this.#applyState();
	}

	/** The player shown (its session id: \`Player.id\`). */
	get playerId(): string {
		return this.#playerId;
	}

	/** Re-points the bubble at another id (the self-view after a portal: a new session id on the new map). */
	setPlayerId(playerId: string): void {
		this.#playerId = playerId;
		this.element.dataset['playerId'] = playerId;
	}

	get state(): BubbleState {
		return !this.#live ? 'prewarmed' : this.#audioOnly ? 'audio-only' : this.#muted ? 'muted' : 'live';
	}

	/** Whether the bubble stands for a voice only (no track attached: this client receives no video). */
	get audioOnly(): boolean {
		return this.#audioOnly;
	}

	/** Shows `track` (a new one replaces the old: a re-created consumer). */
	attach(track: MediaStreamTrack): void {
		if (this.#track === track) return;
		this.#track = track;
		if (this.#audioOnly) {
			this.#audioOnly = false;
			this.#applyState();
		}
		this.#video.srcObject = new MediaStream([track]);
		// play() rejects when the element is removed first, or before a gesture on strict browsers; autoplay retries.
		this.#video.play().catch(() => undefined);
	}

	/** Prewarmed (hidden, track attached) or shown. */
	setLive(live: boolean): void {
		if (this.#live === live) return;
		this.#live = live;
		this.#applyState();
	}

	/** The placeholder for someone heard but not seen (audio-only mode); attaching a track ends it. */
	setAudioOnly(audioOnly: boolean): void {
		if (this.#audioOnly === audioOnly) return;
		this.#audioOnly = audioOnly;
		this.#applyState();
	}

	/** The connection quality badge (`data-quality`); hidden while unknown or excellent. */
	setQuality(quality: BubbleQuality | undefined): void {
		if (this.#quality === quality) return;
		this.#quality = quality;
		if (quality) this.element.dataset['quality'] = quality;
		else delete this.element.dataset['quality'];
		this.#qualityBadge.hidden = quality === undefined || quality === 'excellent';
		this.#qualityBadge.title = quality ? `connection: ${quality}` : '';
	}

	setMuted(muted: boolean): void {
		if (this.#muted === muted) return;
		this.#muted = muted;
		this.#applyState();
	}

	setSpeaking(speaking: boolean): void {
		if (this.#speaking === speaking) return;
		this.#speaking = speaking;
		this.element.classList.toggle('is-speaking', speaking);
	}

	/** Name and colour of the player (placeholder, label, border). */
	setPlayer(name: string, color: string): void {
		const label = this.source === 'screen' ? `${name}'s screen` : this.self ? 'You' : name;
		this.#placeholder.textContent = this.source === 'screen' ? label : initialOf(name);
		this.#name.textContent = label;
		this.element.style.setProperty('--hallway-color', color);
		this.element.setAttribute('aria-label', this.source === 'screen' ? label : `${name}'s camera`);
	}

	/**
	 * Places the bubble: `x`, `y` its centre in overlay px, `scale` and
	 * `opacity` from the distance. `offscreen` when it is pinned to the edge
	 * (then it shows the name, the avatar being out of sight).
	 */
	place(x: number, y: number, width: number, height: number, scale: number, opacity: number, offscreen: boolean): void {
		const transform = `translate3d(${(x - width / 2).toFixed(1)}px, ${(y - height / 2).toFixed(1)}px, 0) scale(${scale.toFixed(3)})`;
		if (transform !== this.#transform) {
			this.#transform = transform;
			this.element.style.transform = transform;
		}
		const alpha = opacity.toFixed(2);
		if (alpha !== this.#opacity) {
			this.#opacity = alpha;
			this.element.style.opacity = alpha;
		}
		if (offscreen !== this.#offscreen) {
			this.#offscreen = offscreen;
			this.element.classList.toggle('is-offscreen', offscreen);
		}
	}

	/** Sets the bubble's full size (CSS px); call when created or when the size option changes. */
	setSize(width: number, height: number): void {
		this.element.style.width = `${width}px`;
		this.element.style.height = `${height}px`;
		// The initial in the placeholder scales with the bubble (default styles).
		this.element.style.setProperty('--hallway-bubble-size', `${Math.min(width, height)}px`);
	}

	/** An emoji badge on the bubble for a few seconds (the avatar's own emote may be hidden under the bubble). */
	showEmote(emoji: string): void {
		this.element.querySelector('.hallway-bubble-emote')?.remove();
		clearTimeout(this.#emoteTimer);
		const badge = this.element.ownerDocument.createElement('div');
		badge.className = 'hallway-bubble-emote';
		badge.textContent = emoji;
		this.element.append(badge);
		this.#emoteTimer = setTimeout(() => badge.remove(), EMOTE_DURATION_MS);
	}

	destroy(): void {
		clearTimeout(this.#emoteTimer);
		// Detach first so the browser releases the decoder at once, not at garbage collection.
		this.#video.pause();
		this.#video.srcObject = null;
		this.#track = null;
		this.element.remove();
	}

	#applyState(): void {
		const state = this.state;
		this.element.dataset['state'] = state;
		// Inline as well as in the default styles: hiding is behaviour, not look, and must survive `injectStyles: false`.
		this.element.style.visibility = state === 'prewarmed' ? 'hidden' : '';
		this.#video.style.visibility = state === 'muted' || state === 'audio-only' ? 'hidden' : '';
		this.element.setAttribute('aria-hidden', state === 'prewarmed' ? 'true' : 'false');
	}
}
