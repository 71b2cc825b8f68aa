import type { HallwayClient } from './client-shape.js';
import { directionFromKeys, isEditableTarget, type KeyDirection, MOVEMENT_KEYS, sameDirection } from './keyboard-direction.js';

/**
 * Arrows and WASD → `client.move`, sent only when the direction changes.
 *
 * Why DOM listeners and not Phaser's keyboard plugin: the plugin captures
 * keys page-wide (a chat box next to the game could not receive "w"), and a
 * game may disable it. Here, keys typed into a text field are left alone,
 * and everything is released when the page loses focus, so the avatar never
 * keeps walking on its own.
 */
export class KeyboardInput {
	readonly #client: HallwayClient;
	readonly #window: Window;
	/** Held keys by code, so that W and ArrowUp held together need both released. */
	readonly #held = new Map<string, KeyDirection>();
	#sent = { x: 0, y: 0 };
	#enabled = true;

	constructor(client: HallwayClient, target: Window = window) {
		this.#client = client;
		this.#window = target;
		target.addEventListener('keydown', this.#onKeyDown);
		target.addEventListener('keyup', this.#onKeyUp);
		target.addEventListener('blur', this.#releaseAll);
		target.document.addEventListener('focusin', this.#onFocusIn);
		target.document.addEventListener('visibilitychange', this.#releaseAll);
	}

	/** Turns keyboard movement off (stopping the avatar if a key is held) or back on. */
	setEnabled(enabled: boolean): void {
		this.#enabled = enabled;
		if (!enabled) this.#releaseAll();
	}

	destroy(): void {
		this.#releaseAll();
		this.#window.removeEventListener('keydown', this.#onKeyDown);
		this.#window.removeEventListener('keyup', this.#onKeyUp);
		this.#window.removeEventListener('blur', this.#releaseAll);
		this.#window.document.removeEventListener('focusin', this.#onFocusIn);
		this.#window.document.removeEventListener('visibilitychange', this.#releaseAll);
	}

	readonly #onKeyDown = (event: KeyboardEvent): void => {
		const direction = MOVEMENT_KEYS[event.code];
		if (!direction || !this.#enabled) return;
		// Shortcuts (Ctrl+S, Cmd+A) and typing belong to the page.
		if (event.ctrlKey || event.metaKey || event.altKey) return;
		if (isEditableTarget(event.target) || isEditableTarget(this.#window.document.activeElement)) return;
		// Arrows would also scroll the page around the game.
		event.preventDefault();
		this.#held.set(event.code, direction);
		this.#send();
	};

	readonly #onKeyUp = (event: KeyboardEvent): void => {
		// Released even in a text field: a key pressed before focusing it must not stay held.
		if (this.#held.delete(event.code)) this.#send();
	};

	readonly #onFocusIn = (event: FocusEvent): void => {
		if (isEditableTarget(event.target)) this.#releaseAll();
	};

	readonly #releaseAll = (): void => {
		this.#held.clear();
		this.#send();
	};

	#send(): void {
		const direction = directionFromKeys(this.#held.values());
		if (sameDirection(direction, this.#sent)) return;
		this.#sent = direction;
		this.#client.move(direction);
	}
}
