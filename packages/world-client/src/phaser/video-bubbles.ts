import type Phaser from 'phaser';
import type { MediaSource, Player, RemoteTrack } from '../core/types.js';
import { BubbleElement } from './bubble-element.js';
import { type BubbleFadeOptions, type BubbleSlot, bubbleAppearanceFor, bubbleSizeFor, type CompactBubbleOptions, layoutBubbles } from './bubble-layout.js';
import { CanvasOverlay } from './canvas-overlay.js';
import { type HallwayClient, selfOf } from './client-shape.js';
import { emojiForEmote } from './emotes.js';
import { colorFromId } from './player-style.js';

/** The bubble's bottom sits this far above the player's position (world px): over the name tag. */
const ANCHOR_OFFSET_Y = -42;
/** Space between the anchor and the bubble, CSS px. */
const ANCHOR_GAP = 4;
/** The self-view is a little smaller than the people you talk to. */
const SELF_VIEW_SCALE = 0.8;

export interface VideoBubblesOptions {
	/** Camera bubble diameter on a large screen, CSS px. */
	readonly size: number;
	/** How bubbles shrink on small screens; false keeps `size` everywhere. */
	readonly compact: Partial<CompactBubbleOptions> | false;
	readonly selfView: boolean;
	readonly fade: Partial<BubbleFadeOptions>;
	/** The camera whose view the bubbles follow. */
	readonly camera: () => Phaser.Cameras.Scene2D.Camera;
}

/**
 * Video bubbles: remote cameras and screens as DOM elements over the canvas,
 * pinned above their avatars.
 *
 * Lifecycle per track, driven by the client's events: `trackPrewarmed`
 * creates the bubble hidden with the track attached (the decoder warms up, so
 * the first frame shows fast); `trackSubscribed` shows it; `trackMuted`
 * swaps the video for the placeholder; `trackUnsubscribed` removes it. In
 * audio-only mode, people heard (their microphone subscribed) get a
 * placeholder bubble instead (`data-state="audio-only"`). Every bubble shows
 * its player's connection quality (`data-quality`, a badge unless excellent).
 * Every frame, after the camera moved, bubbles are placed from the camera's
 * world → screen transform, faded with distance, and kept from overlapping.
 */
export class VideoBubbles {
	readonly overlay: CanvasOverlay;
	readonly #scene: Phaser.Scene;
	readonly #client: HallwayClient;
	readonly #options: VideoBubblesOptions;
	/** Remote bubbles by `playerId:source`. */
	readonly #remote = new Map<string, BubbleElement>();
	#selfView: BubbleElement | null = null;
	/** The local camera while it is on (the self-view shows it). */
	#selfTrack: MediaStreamTrack | undefined;
	/** Camera bubble diameter for the current canvas size, CSS px. */
	#size: number;
	/** Audio-only mode: people heard get a placeholder bubble, no video comes. */
	#audioOnly: boolean;
	readonly #unsubscribe: (() => void)[];

	constructor(scene: Phaser.Scene, client: HallwayClient, options: VideoBubblesOptions) {
		this.#scene = scene;
		this.#client = client;
		this.#options = options;
		this.#size = options.size;
		this.overlay = new CanvasOverlay(scene.game.canvas);
		this.#audioOnly = client.media.state?.audioOnly ?? false;
		this.#unsubscribe = [
			client.on('trackPrewarmed', (player, track, source) => this.#onTrack(player, track, source, false)),
			client.on('trackSubscribed', (player, track, source) => {
				if (source === 'microphone') this.#syncVoiceBubble(player);
				else this.#onTrack(player, track, source, true);
			}),
			client.on('trackUnsubscribed', (player, track, source) => {
				if (source === 'microphone') return this.#syncVoiceBubble(player);
				const bubble = this.#remote.get(keyOf(player.id, source));
				// A newer consumer for the same source may already have taken the bubble over.
				if (bubble && !bubble.audioOnly && (bubble.consumerId === undefined || bubble.consumerId === track.consumerId)) this.#removeRemote(player.id, source);
				if (source === 'camera') this.#syncVoiceBubble(player);
			}),
			client.on('mediaStateChanged', (state) => {
				if (state.audioOnly === this.#audioOnly) return;
				this.#audioOnly = state.audioOnly;
				for (const player of this.#client.players.values()) if (!player.isSelf) this.#syncVoiceBubble(player);
			}),
			client.on('connectionQualityChanged', (player, quality) => {
				for (const bubble of this.#bubblesOf(player.id)) bubble.setQuality(quality.level);
			}),
			client.on('trackMuted', (player, source, muted) => this.#remote.get(keyOf(player.id, source))?.setMuted(muted)),
			client.on('playerUpdated', (player) => {
				for (const bubble of this.#bubblesOf(player.id)) bubble.setPlayer(player.name, colorFromId(player.userId || player.id).css);
			}),
			client.on('playerLeft', (player) => {
				for (const source of ['camera', 'screen'] as const) this.#removeRemote(player.id, source);
			}),
			client.on('emote', (player, emote) => {
				for (const bubble of this.#bubblesOf(player.id)) if (bubble.source === 'camera') bubble.showEmote(emojiForEmote(emote));
			}),
			client.on('mapChanged', () => {
				for (const bubble of this.#remote.values()) bubble.destroy();
				this.#remote.clear();
			}),
			client.on('localTrackChanged', (source, track) => {
				if (source === 'camera') this.#setSelfView(track);
			}),
		];
		this.#setSelfView(client.media.localTrack('camera'));
		// Tracks that came before the layer did (a scene still loading its map while the call started).
		for (const player of client.players.values()) {
			if (player.isSelf) continue;
			for (const [source, track] of player.tracks) if (source !== 'microphone') this.#onTrack(player, track, source, true);
			this.#syncVoiceBubble(player);
		}
	}

	/** Hides every bubble (the scene sleeps) or shows them again. */
	setHidden(hidden: boolean): void {
		this.overlay.setHidden(hidden);
	}

	/** Places the bubbles; call after the camera has moved for this frame (the scene's `render` event). */
	render(): void {
		// Nothing to place: skip measuring the page (layout reads) on frames without calls.
		if (this.#remote.size === 0 && !this.#selfTrack) return;
		const scale = this.#scene.scale;
		const frame = this.overlay.sync(scale.width, scale.height);
		if (!frame) return;
		this.#resize(bubbleSizeFor(this.#options.size, frame, this.#options.compact));
		const matrix = this.#options.camera().matrixCombined;
		const self = selfOf(this.#client);
		const point = { x: 0, y: 0 };

		const pending = new Map<string, Pending>();
		const slots: BubbleSlot[] = [];

		const add = (key: string, bubble: BubbleElement, player: Player | undefined): void => {
			if (bubble.state === 'prewarmed') return;
			const [width, height] = this.#sizeOf(bubble.source);
			// Out of view, x/y are a stale last-known position: do not measure from them.
			const known = player !== undefined && player.inView && Number.isFinite(player.x) && Number.isFinite(player.y);
			let { opacity, scale: factor } = bubble.self
				? { opacity: 1, scale: SELF_VIEW_SCALE }
				: bubbleAppearanceFor(
						{
							distance: known && self ? Math.hypot(player.x - self.x, player.y - self.y) : undefined,
							band: player?.tracks.get(bubble.source)?.band,
							focused: player !== undefined && isFocused(player, self),
						},
						this.#options.fade,
					);
			let x = frame.width / 2;
			let y = 0;
			if (known) {
				matrix.transformPoint(player.x, player.y + ANCHOR_OFFSET_Y, point);
				x = point.x * frame.scaleX;
				y = point.y * frame.scaleY - ANCHOR_GAP - (height * factor) / 2;
			} else {
				// No position (out of view, e.g. on a far stage): pinned to the top edge, a little smaller.
				factor = Math.min(factor, 0.85);
				opacity = Math.max(opacity, 0.85);
			}
			bubble.setSpeaking(player?.speaking ?? false);
			pending.set(key, { bubble, width, height, scale: factor, opacity, offscreen: !known });
			slots.push({ key, x, y, width: width * factor, height: height * factor });
		};

		for (const [key, bubble] of this.#remote) add(key, bubble, this.#client.players.get(bubble.playerId));
		const selfView = this.#ensureSelfView(self);
		if (selfView && self) add('\uffff:self', selfView, self);

		const placed = layoutBubbles(slots, frame);
		for (const [key, item] of pending) {
			const spot = placed.get(key);
			if (!spot) continue;
			item.bubble.place(spot.x, spot.y, item.width, item.height, item.scale, item.opacity, item.offscreen || spot.clamped);
		}
	}

	destroy(): void {
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
		for (const bubble of this.#remote.values()) bubble.destroy();
		this.#remote.clear();
		this.#selfView?.destroy();
		this.#selfView = null;
		this.overlay.destroy();
	}

	#onTrack(player: Player, track: RemoteTrack, source: MediaSource, live: boolean): void {
		if (track.kind !== 'video' || source === 'microphone') return;
		const key = keyOf(player.id, source);
		let bubble = this.#remote.get(key);
		if (!bubble) {
			bubble = this.#create(player, source, false);
			this.#remote.set(key, bubble);
		}
		bubble.consumerId = track.consumerId;
		bubble.setAudioOnly(false);
		bubble.attach(track.track);
		bubble.setMuted(track.muted);
		if (live) bubble.setLive(true);
	}

	/**
	 * The placeholder of someone heard but not seen: in audio-only mode, a
	 * player whose voice comes in and whose camera does not gets one; it goes
	 * when the voice goes, the mode ends, or a camera track takes it over.
	 */
	#syncVoiceBubble(player: Player): void {
		const key = keyOf(player.id, 'camera');
		const bubble = this.#remote.get(key);
		const heard = player.tracks.get('microphone')?.active === true;
		if (this.#audioOnly && heard) {
			if (bubble) return;
			const placeholder = this.#create(player, 'camera', false);
			placeholder.setAudioOnly(true);
			placeholder.setLive(true);
			this.#remote.set(key, placeholder);
		} else if (bubble?.audioOnly) {
			this.#removeRemote(player.id, 'camera');
		}
	}

	#setSelfView(track: MediaStreamTrack | undefined): void {
		if (!this.#options.selfView) return;
		this.#selfTrack = track;
		if (!track) {
			this.#selfView?.destroy();
			this.#selfView = null;
		} else if (this.#selfView) {
			this.#selfView.attach(track);
			markFacing(this.#selfView, track);
		}
	}

	/** The self-view bubble, created once there is both a local camera and a self (not during a portal switch). */
	#ensureSelfView(self: Player | undefined): BubbleElement | null {
		if (!this.#selfTrack || !self) return this.#selfView;
		if (!this.#selfView) {
			this.#selfView = this.#create(self, 'camera', true);
			this.#selfView.setLive(true);
			this.#selfView.attach(this.#selfTrack);
			markFacing(this.#selfView, this.#selfTrack);
		}
		if (this.#selfView.playerId !== self.id) this.#selfView.setPlayerId(self.id);
		return this.#selfView;
	}

	#create(player: Player, source: MediaSource, self: boolean): BubbleElement {
		const bubble = new BubbleElement(this.overlay.element.ownerDocument, {
			playerId: player.id,
			source,
			name: player.name,
			color: colorFromId(player.userId || player.id).css,
			self,
		});
		const [width, height] = this.#sizeOf(source);
		bubble.setSize(width, height);
		bubble.setQuality(player.connectionQuality?.level);
		this.overlay.element.append(bubble.element);
		return bubble;
	}

	#removeRemote(playerId: string, source: MediaSource): void {
		const key = keyOf(playerId, source);
		this.#remote.get(key)?.destroy();
		this.#remote.delete(key);
	}

	*#bubblesOf(playerId: string): Iterable<BubbleElement> {
		for (const bubble of this.#remote.values()) if (bubble.playerId === playerId) yield bubble;
		if (this.#selfView?.playerId === playerId) yield this.#selfView;
	}

	/** The canvas changed size enough to change the bubbles' (a phone turned, a window resized). */
	#resize(size: number): void {
		if (size === this.#size) return;
		this.#size = size;
		for (const bubble of [...this.#remote.values(), this.#selfView]) {
			if (bubble) bubble.setSize(...this.#sizeOf(bubble.source));
		}
	}

	/** Full size of a bubble, CSS px: a circle for cameras, 16:9 for screens. */
	#sizeOf(source: MediaSource): [number, number] {
		const size = this.#size;
		if (source === 'screen') return [Math.round(size * 1.9), Math.round((size * 1.9 * 9) / 16)];
		return [size, size];
	}
}

/** A bubble measured this frame, waiting for the layout to place it. */
interface Pending {
	readonly bubble: BubbleElement;
	readonly width: number;
	readonly height: number;
	readonly scale: number;
	readonly opacity: number;
	readonly offscreen: boolean;
}

/** A back camera is not a mirror: the default styles flip only a self-view that faces the user. */
function markFacing(bubble: BubbleElement, track: MediaStreamTrack): void {
	const facing = track.getSettings().facingMode;
	if (facing) bubble.element.dataset['facing'] = facing;
	else delete bubble.element.dataset['facing'];
}

function keyOf(playerId: string, source: MediaSource): string {
	return `${playerId}:${source}`;
}

/**
 * Distance does not matter to whom you hear in a meeting room (everyone in it)
 * or on a stage (everyone hears the speaker): show them in full.
 */
function isFocused(player: Player, self: Player | undefined): boolean {
	const zone = player.zone;
	if (!zone) return false;
	if (zone.kind === 'spotlight') return true;
	return zone.kind === 'private' && self?.zone?.id === zone.id;
}
