// A small menu that opens above its button and closes on a click elsewhere
// or Escape (then focus goes back to the button).
import { h } from '../dom.js';

export class Popover {
	readonly element: HTMLElement;
	readonly panel: HTMLElement;
	readonly #button: HTMLButtonElement;
	#onOpen: (() => void) | undefined;

	constructor(button: HTMLButtonElement, content: Node[], options: { label: string; onOpen?: () => void }) {
		this.#button = button;
		this.#onOpen = options.onOpen;
		this.panel = h('div', { class: 'popover', attrs: { role: 'dialog', 'aria-label': options.label } }, content);
		this.panel.hidden = true;
		this.element = h('div', { class: 'popover-anchor' }, [button, this.panel]);
		button.setAttribute('aria-haspopup', 'dialog');
		button.setAttribute('aria-expanded', 'false');
		button.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
		this.panel.addEventListener('keydown', (event) => {
			if (event.key !== 'Escape') return;
			event.stopPropagation();
			this.close();
			this.#button.focus();
		});
	}

	get isOpen(): boolean {
		return !this.panel.hidden;
	}

	open(): void {
		this.panel.hidden = false;
		this.#button.setAttribute('aria-expanded', 'true');
		this.#onOpen?.();
		// Listen from the next event on, or the click that opened it would close it.
		setTimeout(() => document.addEventListener('pointerdown', this.#outside), 0);
	}

	close(): void {
		// Focus left in a hidden select would keep taking the arrow keys.
		if (this.panel.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
		this.panel.hidden = true;
		this.#button.setAttribute('aria-expanded', 'false');
		document.removeEventListener('pointerdown', this.#outside);
	}

	readonly #outside = (event: PointerEvent): void => {
		if (!this.element.contains(event.target as Node)) this.close();
	};
}
