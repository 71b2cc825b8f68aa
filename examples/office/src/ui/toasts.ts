// Short messages over the world: errors from the SDK, and sticky ones that
// carry an action ("click to enable audio").
import { h } from '../dom.js';
import { icon } from '../icons.js';

export interface ToastOptions {
	/** A smaller second line (an error code). */
	detail?: string;
	kind?: 'info' | 'error';
	/** A button in the toast; the toast closes when it is clicked. */
	action?: { label: string; run: () => void };
	/** Stays until closed (or replaced by key). Default: closes after a few seconds. */
	sticky?: boolean;
	/** A toast with the same key replaces the previous one instead of stacking. */
	key?: string;
}

/** How long a non-sticky toast stays, ms. */
const TOAST_MS = 6000;
/** At most this many toasts at once; the oldest goes. */
const MAX_TOASTS = 4;

export class Toasts {
	readonly element = h('div', { class: 'toasts', attrs: { role: 'status', 'aria-live': 'polite' } });
	readonly #byKey = new Map<string, HTMLElement>();

	show(text: string, options: ToastOptions = {}): () => void {
		if (options.key) this.#byKey.get(options.key)?.remove();
		const close = (): void => {
			toast.classList.add('leaving');
			setTimeout(() => toast.remove(), 180);
			if (options.key && this.#byKey.get(options.key) === toast) this.#byKey.delete(options.key);
		};
		const toast = h('div', { class: `toast ${options.kind ?? 'info'}` }, [
			options.kind === 'error' ? icon('warning', 'icon toast-icon') : null,
			h('div', { class: 'toast-body' }, [h('div', { class: 'toast-text', text }), options.detail ? h('div', { class: 'toast-detail', text: options.detail }) : null]),
			options.action
				? h('button', {
						class: 'toast-action',
						text: options.action.label,
						attrs: { type: 'button' },
						on: {
							click: () => {
								options.action?.run();
								close();
							},
						},
					})
				: null,
			h('button', { class: 'toast-close', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: close } }, [icon('close', 'icon small')]),
		]);
		this.element.append(toast);
		if (options.key) this.#byKey.set(options.key, toast);
		while (this.element.children.length > MAX_TOASTS) this.element.firstElementChild?.remove();
		if (!options.sticky) setTimeout(close, TOAST_MS);
		return close;
	}

	/** Closes the toast with this key, if shown. */
	dismiss(key: string): void {
		this.#byKey.get(key)?.remove();
		this.#byKey.delete(key);
	}
}
