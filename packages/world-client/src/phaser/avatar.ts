import type Phaser from 'phaser';
import type { Emote, Player } from '../core/types.js';
import { AVATAR_TEXTURES, BODY_SIZE, TEXTURE_SCALE } from './avatar-textures.js';
import { EMOJI_FONT, EMOTE_DURATION_MS, emojiForEmote } from './emotes.js';
import type { HallwayDepths } from './options.js';
import { colorFromId, statusStyle, truncateName } from './player-style.js';
import { paint } from './tinted-texture.js';

/** Where the parts sit, in world px from the player's position (the centre of its footprint). */
const LAYOUT = {
	/** Bottom of the body (its feet). */
	feetY: 11,
	shadowY: 10,
	eyesY: -10,
	/** Centre of the name tag. */
	labelY: -32,
	/** Emotes float above the name tag. */
	emoteY: -22,
} as const;

const NAME_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const TAG_BACKGROUND = 0x0f172a;
const SPEAKING_COLOR = 0x22c55e;

/**
 * One player's avatar: a tinted body with eyes that look where it walks, a
 * shadow, a speaking ring, and a label (status dot, name, emotes) drawn above
 * every avatar so that names stay readable in a crowd.
 */
export class Avatar {
	/** The body, at the player's position. Games may add their own children (a hat). */
	readonly root: Phaser.GameObjects.Container;
	/** Name tag and emotes, at a higher depth than any avatar. */
	readonly label: Phaser.GameObjects.Container;

	readonly #scene: Phaser.Scene;
	readonly #depths: Readonly<HallwayDepths>;
	readonly #body: Phaser.GameObjects.Image;
	readonly #eyes: Phaser.GameObjects.Image;
	readonly #ring: Phaser.GameObjects.Image;
	readonly #tag: Phaser.GameObjects.Rectangle;
	readonly #dot: Phaser.GameObjects.Image;
	readonly #name: Phaser.GameObjects.Text;
	#emote: Phaser.GameObjects.Text | null = null;
	#shownName = '';
	#shownStatus = '';
	/** 0..1, eased towards 1 while speaking so the ring fades rather than blinks. */
	#speaking = 0;
	#walkPhase = 0;

	constructor(scene: Phaser.Scene, player: Player, depths: Readonly<HallwayDepths>, textResolution: number) {
		this.#scene = scene;
		this.#depths = depths;
		const color = colorFromId(player.userId || player.id);
		const inverse = 1 / TEXTURE_SCALE;

		const shadow = scene.add.image(0, LAYOUT.shadowY, AVATAR_TEXTURES.shadow).setScale(inverse);
		this.#ring = paint(scene.add.image(0, LAYOUT.feetY - BODY_SIZE.height / 2, AVATAR_TEXTURES.ring), AVATAR_TEXTURES.ring, SPEAKING_COLOR)
			.setScale(inverse)
			.setAlpha(0);
		this.#body = paint(scene.add.image(0, LAYOUT.feetY, AVATAR_TEXTURES.body), AVATAR_TEXTURES.body, color.value).setOrigin(0.5, 1).setScale(inverse);
		this.#eyes = scene.add.image(0, LAYOUT.eyesY, AVATAR_TEXTURES.eyesFront).setScale(inverse);
		this.root = scene.add.container(player.x, player.y, [shadow, this.#ring, this.#body, this.#eyes]);
		this.root.setName(`hallway-avatar:${player.id}`);

		this.#tag = scene.add.rectangle(0, 0, 10, 16, player.isSelf ? color.value : TAG_BACKGROUND, player.isSelf ? 0.92 : 0.78);
		this.#tag.setRounded(8);
		this.#dot = scene.add.image(0, 0, AVATAR_TEXTURES.dot).setScale(inverse);
		this.#name = scene.add.text(0, 0, '', {
			fontFamily: NAME_FONT,
			fontSize: '11px',
			fontStyle: '600',
			color: '#ffffff',
			resolution: textResolution,
		});
		this.#name.setOrigin(0, 0.5);
		this.label = scene.add.container(player.x, player.y + LAYOUT.labelY, [this.#tag, this.#dot, this.#name]);
		this.refresh(player);
		this.update(player, 0);
	}

	/** Redraws what changes rarely: the name tag and the status dot. */
	refresh(player: Player): void {
		const name = truncateName(player.name || 'Guest');
		if (name !== this.#shownName) {
			this.#shownName = name;
			this.#name.setText(name);
			// Tag: [dot][gap][name], padded; laid out around the label's centre.
			const width = 6 + 8 + 5 + this.#name.width + 8;
			this.#tag.setSize(width, 16);
			this.#tag.setRounded(8);
			const left = -width / 2;
			this.#dot.setPosition(left + 6 + 4, 0);
			this.#name.setPosition(left + 6 + 8 + 5, 0);
		}
		if (player.status !== this.#shownStatus) {
			this.#shownStatus = player.status;
			paint(this.#dot, AVATAR_TEXTURES.dot, statusStyle(player.status).value);
		}
	}

	/** Shows an emote above the name for a few seconds (a newer one replaces it). */
	showEmote(emote: Emote): void {
		this.#emote?.destroy();
		const text = this.#scene.add.text(0, LAYOUT.emoteY, emojiForEmote(emote), {
			fontFamily: EMOJI_FONT,
			fontSize: '22px',
			resolution: this.#name.style.resolution,
		});
		text.setOrigin(0.5, 1);
		this.label.add(text);
		this.#emote = text;
		const tweens = this.#scene.tweens;
		text.setScale(0.3);
		tweens.add({ targets: text, scale: 1, duration: 220, ease: 'Back.easeOut' });
		tweens.add({
			targets: text,
			alpha: 0,
			y: LAYOUT.emoteY - 12,
			delay: EMOTE_DURATION_MS - 450,
			duration: 450,
			ease: 'Sine.easeIn',
			onComplete: () => {
				if (this.#emote === text) this.#emote = null;
				text.destroy();
			},
		});
	}

	/** Sharper text after a zoom change (text is rasterised, unlike the textures). */
	setTextResolution(resolution: number): void {
		this.#name.setResolution(resolution);
		this.#emote?.setResolution(resolution);
	}

	/** Width of the name tag, world px (for keeping tags apart). */
	get labelWidth(): number {
		return this.#tag.width;
	}

	/** Lifts the name tag by `offset` px above its usual place (see `stackLabels`). */
	liftLabel(player: Player, offset: number): void {
		this.label.setPosition(player.x, player.y + LAYOUT.labelY - offset);
	}

	/** Follows the player; called every frame. `delta` in ms. */
	update(player: Player, delta: number): void {
		const visible = player.inView && Number.isFinite(player.x) && Number.isFinite(player.y);
		this.root.setVisible(visible);
		this.label.setVisible(visible);
		if (!visible) return;

		this.root.setPosition(player.x, player.y);
		this.label.setPosition(player.x, player.y + LAYOUT.labelY);
		this.root.setDepth(this.#depths.avatars + player.y);
		this.label.setDepth(this.#depths.labels + player.y);

		// Walking: a little hop and a lean into the direction of travel.
		if (player.moving) this.#walkPhase += delta * 0.018;
		else this.#walkPhase = 0;
		const hop = player.moving ? Math.abs(Math.sin(this.#walkPhase)) * 2 : 0;
		const lean = player.moving ? (player.facing === 'left' ? -0.08 : player.facing === 'right' ? 0.08 : 0) : 0;
		this.#body.setY(LAYOUT.feetY - hop).setRotation(lean);

		this.#eyes.setVisible(player.facing !== 'up');
		if (player.facing === 'left' || player.facing === 'right') {
			this.#eyes.setTexture(AVATAR_TEXTURES.eyesSide).setFlipX(player.facing === 'left');
			this.#eyes.setPosition(player.facing === 'left' ? -3 : 3, LAYOUT.eyesY - hop);
		} else {
			this.#eyes.setTexture(AVATAR_TEXTURES.eyesFront).setFlipX(false);
			this.#eyes.setPosition(0, LAYOUT.eyesY - hop);
		}

		const target = player.speaking ? 1 : 0;
		this.#speaking += (target - this.#speaking) * Math.min(1, delta * 0.012);
		if (this.#speaking < 0.01) {
			this.#ring.setAlpha(0);
		} else {
			const pulse = Math.sin(this.#scene.time.now * 0.012);
			this.#ring.setAlpha(this.#speaking * (0.8 + 0.2 * pulse));
			this.#ring.setScale((1 + 0.05 * pulse * this.#speaking) / TEXTURE_SCALE);
			this.#ring.setY(LAYOUT.feetY - BODY_SIZE.height / 2 - hop);
		}
	}

	destroy(): void {
		this.#scene.tweens.killTweensOf(this.#emote ?? []);
		this.root.destroy();
		this.label.destroy();
	}
}
