import { CanvasOverlay } from './canvas-overlay.js';
import type { HallwayClient } from './client-shape.js';
import { joystickDirection, joystickKnob } from './joystick-direction.js';

/** Radius of the joystick's base, CSS px: a thumb's reach. */
const RADIUS = 48;

/**
 * An on-screen joystick for touch screens, in the bottom-left corner of the
 * game: press, pull the knob, walk that way (slower for a short pull);
 * release, stop. `client.move` like the keyboard.
 *
 * A DOM element over the canvas (in a `.hallway-controls` overlay), not a
 * game object: it takes the touch before Phaser does, so holding it never
 * counts as a tap on the map, and the page can restyle it
 * (`.hallway-joystick`, `.hallway-joystick-knob`; its corner offset is
 * `--hallway-joystick-inset`).
 */
export class VirtualJoystick {
	readonly overlay: CanvasOverlay;
	readonly element: HTMLDivElement;
	readonly #knob: HTMLDivElement;
	readonly #client: HallwayClient;
	#pointerId: number | undefined;
	#sent = { x: 0, y: 0 };
	#enabled = true;

	constructor(canvas: HTMLCanvasElement, client: HallwayClient) {
		this.#client = client;
		this.overlay = new CanvasOverlay(canvas, 'hallway-controls');
		// Above the bubbles: it is an input, and must stay reachable.
		this.overlay.element.style.zIndex = '1';
		const document = canvas.ownerDocument;
		this.element = document.createElement('div');
		this.element.className = 'hallway-joystick';
		this.element.setAttribute('role', 'application');
		this.element.setAttribute('aria-label', 'Joystick: hold and pull to walk');
		// Behaviour inline (it must survive `injectStyles: false`); the look is in the default styles.
		Object.assign(this.element.style, {
			position: 'absolute',
			width: `${RADIUS * 2}px`,
			height: `${RADIUS * 2}px`,
			left: 'var(--hallway-joystick-inset, 20px)',
			bottom: 'var(--hallway-joystick-inset, 20px)',
			pointerEvents: 'auto',
			touchAction: 'none',
			userSelect: 'none',
			webkitUserSelect: 'none',
		});
		this.#knob = document.createElement('div');
		this.#knob.className = 'hallway-joystick-knob';
		this.element.append(this.#knob);
		this.overlay.element.append(this.element);

		this.element.addEventListener('pointerdown', this.#onDown);
		this.element.addEventListener('pointermove', this.#onMove);
		this.element.addEventListener('pointerup', this.#onUp);
		this.element.addEventListener('pointercancel', this.#onUp);
		this.element.addEventListener('lostpointercapture', this.#onUp);
		// A long press would open the context menu (or select text) on some phones.
		this.element.addEventListener('contextmenu', preventDefault);
	}

	/** Keeps the joystick over the canvas; call every frame. */
	render(width: number, height: number): void {
		this.overlay.sync(width, height);
	}

	/** Hides the joystick (releasing it) or shows it again. */
	setHidden(hidden: boolean): void {
		if (hidden) this.#release();
		this.overlay.setHidden(hidden);
	}

	/** Turns the joystick off (stopping the avatar if held) or back on. */
	setEnabled(enabled: boolean): void {
		this.#enabled = enabled;
		if (!enabled) this.#release();
		this.element.classList.toggle('is-disabled', !enabled);
	}

	destroy(): void {
		this.#release();
		this.overlay.destroy();
	}

	readonly #onDown = (event: PointerEvent): void => {
		if (!this.#enabled || this.#pointerId !== undefined) return;
		event.preventDefault();
		this.#pointerId = event.pointerId;
		// Moves outside the joystick keep steering it.
		this.element.setPointerCapture?.(event.pointerId);
		this.element.classList.add('is-active');
		this.#steer(event);
	};

	readonly #onMove = (event: PointerEvent): void => {
		if (event.pointerId === this.#pointerId) this.#steer(event);
	};

	readonly #onUp = (event: PointerEvent): void => {
		if (event.pointerId === this.#pointerId) this.#release();
	};

	#steer(event: PointerEvent): void {
		const box = this.element.getBoundingClientRect();
		const dx = event.clientX - (box.left + box.width / 2);
		const dy = event.clientY - (box.top + box.height / 2);
		const knob = joystickKnob(dx, dy, RADIUS);
		this.#knob.style.transform = `translate(${knob.x.toFixed(1)}px, ${knob.y.toFixed(1)}px)`;
		this.#send(joystickDirection(dx, dy, RADIUS));
	}

	#release(): void {
		const pointerId = this.#pointerId;
		if (pointerId === undefined) return;
		this.#pointerId = undefined;
		if (this.element.hasPointerCapture?.(pointerId)) this.element.releasePointerCapture(pointerId);
		this.element.classList.remove('is-active');
		this.#knob.style.transform = '';
		this.#send({ x: 0, y: 0 });
	}

	#send(direction: { x: number; y: number }): void {
		if (direction.x === this.#sent.x && direction.y === this.#sent.y) return;
		this.#sent = direction;
		this.#client.move(direction);
	}
}

function preventDefault(event: Event): void {
	event.preventDefault();
}
