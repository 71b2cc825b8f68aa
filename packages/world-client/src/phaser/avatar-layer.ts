import type Phaser from 'phaser';
import { Avatar } from './avatar.js';
import { ensureAvatarTextures } from './avatar-textures.js';
import type { HallwayClient } from './client-shape.js';
import { stackLabels } from './label-layout.js';
import type { HallwayDepths } from './options.js';

/**
 * Keeps one `Avatar` per player of `client.players` and moves them every
 * frame. Events make changes show at once; each frame also reconciles with
 * `client.players`, so a missed or reordered event (a portal, an attach after
 * the join) never leaves a ghost or a gap.
 */
export class AvatarLayer {
	readonly #scene: Phaser.Scene;
	readonly #client: HallwayClient;
	readonly #depths: Readonly<HallwayDepths>;
	readonly #avatars = new Map<string, Avatar>();
	readonly #unsubscribe: (() => void)[];
	#textResolution: number;

	constructor(scene: Phaser.Scene, client: HallwayClient, depths: Readonly<HallwayDepths>, textResolution: number) {
		this.#scene = scene;
		this.#client = client;
		this.#depths = depths;
		this.#textResolution = textResolution;
		ensureAvatarTextures(scene.textures);
		this.#unsubscribe = [
			client.on('playerJoined', (player) => this.#ensure(player.id)),
			client.on('playerLeft', (player) => this.#remove(player.id)),
			client.on('playerUpdated', (player) => this.#avatars.get(player.id)?.refresh(player)),
			client.on('emote', (player, emote) => this.#ensure(player.id)?.showEmote(emote)),
		];
		this.update(0);
	}

	/** The avatar of a player, if it is on this map. */
	get(playerId: string): Avatar | undefined {
		return this.#avatars.get(playerId);
	}

	setTextResolution(resolution: number): void {
		// A pinch changes the zoom every frame; re-rasterise the names only when their resolution changes.
		if (resolution === this.#textResolution) return;
		this.#textResolution = resolution;
		for (const avatar of this.#avatars.values()) avatar.setTextResolution(resolution);
	}

	/** Moves every avatar to its player's live position. `delta` in ms. */
	update(delta: number): void {
		const players = this.#client.players;
		for (const player of players.values()) {
			let avatar = this.#avatars.get(player.id);
			if (!avatar) {
				avatar = new Avatar(this.#scene, player, this.#depths, this.#textResolution);
				this.#avatars.set(player.id, avatar);
			}
			avatar.update(player, delta);
		}
		for (const id of this.#avatars.keys()) if (!players.has(id)) this.#remove(id);
		this.#unstackLabels();
	}

	/** Keeps name tags of people standing close together from covering each other. */
	#unstackLabels(): void {
		const shown = [...this.#avatars.entries()].flatMap(([id, avatar]) => {
			const player = this.#client.players.get(id);
			return player && avatar.label.visible ? [{ player, avatar }] : [];
		});
		if (shown.length < 2) return;
		const offsets = stackLabels(shown.map(({ avatar }) => ({ x: avatar.label.x, y: avatar.label.y, width: avatar.labelWidth })));
		shown.forEach(({ player, avatar }, i) => {
			if (offsets[i]) avatar.liftLabel(player, offsets[i]!);
		});
	}

	destroy(): void {
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
		for (const avatar of this.#avatars.values()) avatar.destroy();
		this.#avatars.clear();
	}

	#ensure(playerId: string): Avatar | undefined {
		const player = this.#client.players.get(playerId);
		if (!player) return undefined;
		let avatar = this.#avatars.get(playerId);
		if (!avatar) {
			avatar = new Avatar(this.#scene, player, this.#depths, this.#textResolution);
			this.#avatars.set(playerId, avatar);
		} else {
			avatar.refresh(player);
		}
		return avatar;
	}

	#remove(playerId: string): void {
		this.#avatars.get(playerId)?.destroy();
		this.#avatars.delete(playerId);
	}
}
