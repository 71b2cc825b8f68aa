// The join screen: a name, a look at your camera, microphone and camera on or
// off, then "Join". Capturing here is only a preview: the WorldClient
// captures again once connected (with the devices picked here).
import { h, setChildren } from './dom.js';
import { icon } from './icons.js';
import { MicLevel } from './mic-level.js';
import { loadPreferences, type Preferences, savePreferences } from './preferences.js';

/** What the visitor chose. */
export interface JoinChoice {
	name: string;
	microphone: boolean;
	camera: boolean;
	/** Devices picked in the preview (`undefined`: the browser's default). */
	audioinput: string | undefined;
	videoinput: string | undefined;
}

/** Display names are 1–32 characters on the server. */
const MAX_NAME_LENGTH = 32;

export class JoinScreen {
	readonly element: HTMLElement;
	readonly #onJoin: (choice: JoinChoice) => void;
	readonly #prefs: Preferences;
	readonly #video = h('video', { class: 'preview-video', attrs: { autoplay: '', playsinline: '', 'aria-label': 'Your camera' } });
	readonly #previewNote = h('div', { class: 'preview-note' });
	readonly #avatar = h('div', { class: 'preview-avatar' });
	readonly #name: HTMLInputElement;
	readonly #join: HTMLButtonElement;
	readonly #micButton: HTMLButtonElement;
	readonly #camButton: HTMLButtonElement;
	readonly #micSelect = h('select', { class: 'select', attrs: { 'aria-label': 'Microphone' } });
	readonly #camSelect = h('select', { class: 'select', attrs: { 'aria-label': 'Camera' } });
	readonly #status = h('p', { class: 'join-status', attrs: { role: 'status', 'aria-live': 'polite' } });
	readonly #level = new MicLevel();
	/** Why a source the visitor wants has no preview (blocked, missing), by source. */
	readonly #problems = new Map<'microphone' | 'camera', string>();
	#camStream: MediaStream | undefined;
	#micStream: MediaStream | undefined;
	#closed = false;
	#busy = false;

	constructor(options: { name?: string | undefined; onJoin: (choice: JoinChoice) => void }) {
		this.#onJoin = options.onJoin;
		this.#prefs = loadPreferences();
		this.#name = h('input', {
			class: 'input',
			attrs: { type: 'text', maxlength: String(MAX_NAME_LENGTH), placeholder: 'Your name', autocomplete: 'nickname', 'aria-label': 'Your name', spellcheck: 'false' },
			on: { input: () => this.#update() },
		});
		this.#name.value = options.name ?? this.#prefs.name;
		this.#micButton = h('button', { class: 'round-button', attrs: { type: 'button' }, on: { click: () => void this.#toggle('microphone') } });
		this.#camButton = h('button', { class: 'round-button', attrs: { type: 'button' }, on: { click: () => void this.#toggle('camera') } });
		this.#join = h('button', { class: 'primary-button', text: 'Join the office', attrs: { type: 'submit' } });
		this.#micSelect.addEventListener('change', () => void this.#restart('microphone'));
		this.#camSelect.addEventListener('change', () => void this.#restart('camera'));

		const form = h(
			'form',
			{
				class: 'join-form',
				on: {
					submit: (event) => {
						event.preventDefault();
						this.#submit();
					},
				},
			},
			[
				h('label', { class: 'field-label', text: 'Your name', attrs: { for: 'join-name' } }),
				this.#name,
				this.#join,
				this.#status,
			],
		);
		this.#name.id = 'join-name';

		this.element = h('main', { class: 'join-screen' }, [
			h('section', { class: 'join-card' }, [
				h('div', { class: 'join-preview' }, [
					h('div', { class: 'preview-frame' }, [this.#video, this.#avatar, this.#previewNote, h('div', { class: 'preview-controls' }, [this.#micButton, this.#camButton, this.#level.element])]),
					h('div', { class: 'device-row' }, [
						h('label', { class: 'device-field' }, [icon('mic', 'icon small'), this.#micSelect]),
						h('label', { class: 'device-field' }, [icon('camera', 'icon small'), this.#camSelect]),
					]),
				]),
				h('div', { class: 'join-side' }, [
					h('div', { class: 'brand' }, [h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), h('span', { text: 'Hallway' })]),
					h('h1', { class: 'join-title', text: 'Step into the office' }),
					h('p', { class: 'join-lead', text: 'Walk up to someone to talk. Step away to leave the conversation. Meeting rooms keep calls private.' }),
					form,
					h('ul', { class: 'join-tips' }, [
						// A phone has no keys to press: tell it what fingers do (same test as the layer's joystick).
						...(touchFirst()
							? [tip('Move', 'Tap the floor, or hold the joystick'), tip('Chat', 'The people button, bottom right')]
							: [tip('Move', 'Arrow keys, WASD, or click the floor'), tip('Chat', 'Press Enter')]),
					]),
				]),
			]),
		]);
		// The meter's AudioContext may only run after a gesture: any click or key on this screen.
		this.element.addEventListener('pointerdown', () => this.#level.resume());
		this.element.addEventListener('keydown', () => this.#level.resume());
		this.#update();
		this.#renderButtons();
		void this.#startPreview();
	}

	/** Puts the cursor in the name field (after the screen is in the page). */
	focus(): void {
		if (!this.#name.value) this.#name.focus();
		else this.#join.focus();
	}

	/** While joining: the button says so; on failure it comes back with the reason. */
	setBusy(busy: boolean, message = ''): void {
		this.#busy = busy;
		this.#join.textContent = busy ? 'Joining…' : 'Join the office';
		this.#status.textContent = message;
		this.#status.classList.toggle('error', !busy && message !== '');
		this.#update();
	}

	/** Stops the preview capture (the client has its own tracks by now). */
	close(): void {
		this.#closed = true;
		this.#level.close();
		for (const track of [...(this.#camStream?.getTracks() ?? []), ...(this.#micStream?.getTracks() ?? [])]) track.stop();
		this.#camStream = undefined;
		this.#micStream = undefined;
		this.#video.srcObject = null;
	}

	#submit(): void {
		const name = this.#name.value.trim();
		if (!name || this.#busy) return;
		// The click is a user gesture: start audio processing now so the browser allows sound later.
		this.#level.resume();
		const choice: JoinChoice = {
			name,
			microphone: this.#prefs.microphone,
			camera: this.#prefs.camera,
			audioinput: this.#micSelect.value || undefined,
			videoinput: this.#camSelect.value || undefined,
		};
		savePreferences({ ...this.#prefs, name });
		this.#onJoin(choice);
	}

	#update(): void {
		this.#join.disabled = this.#busy || this.#name.value.trim() === '';
		setChildren(this.#avatar, [this.#name.value.trim().charAt(0).toUpperCase() || '?']);
	}

	async #toggle(source: 'microphone' | 'camera'): Promise<void> {
		this.#prefs[source] = !this.#prefs[source];
		savePreferences(this.#prefs);
		this.#renderButtons();
		if (this.#prefs[source]) await this.#capture(source);
		else this.#release(source);
	}

	async #restart(source: 'microphone' | 'camera'): Promise<void> {
		if (!this.#prefs[source]) return;
		this.#release(source);
		await this.#capture(source);
	}

	async #startPreview(): Promise<void> {
		await Promise.all([this.#prefs.camera ? this.#capture('camera') : undefined, this.#prefs.microphone ? this.#capture('microphone') : undefined]);
		await this.#listDevices();
	}

	async #capture(source: 'microphone' | 'camera'): Promise<void> {
		if (!navigator.mediaDevices?.getUserMedia) {
			this.#problem(source, 'This page cannot use a camera or microphone here (it needs https or localhost).');
			return;
		}
		const select = source === 'camera' ? this.#camSelect : this.#micSelect;
		const device = select.value ? { deviceId: { exact: select.value } } : {};
		try {
			const stream = await navigator.mediaDevices.getUserMedia(source === 'camera' ? { video: { width: { ideal: 640 }, height: { ideal: 480 }, ...device } } : { audio: device });
			if (this.#closed || !this.#prefs[source]) {
				for (const track of stream.getTracks()) track.stop();
				return;
			}
			if (source === 'camera') {
				this.#camStream = stream;
				this.#video.srcObject = stream;
			} else {
				this.#micStream = stream;
				this.#level.start(stream);
			}
			this.#problem(source, undefined);
			// Labels appear once a permission was granted.
			await this.#listDevices();
		} catch (error) {
			const name = error instanceof Error ? error.name : '';
			this.#problem(
				source,
				name === 'NotAllowedError' || name === 'SecurityError'
					? `The browser blocked the ${source}: allow it in the site settings (left of the address bar), or join without it.`
					: `No ${source} found: you can join without it.`,
			);
		}
		this.#renderButtons();
	}

	#release(source: 'microphone' | 'camera'): void {
		const stream = source === 'camera' ? this.#camStream : this.#micStream;
		for (const track of stream?.getTracks() ?? []) track.stop();
		if (source === 'camera') {
			this.#camStream = undefined;
			this.#video.srcObject = null;
		} else {
			this.#micStream = undefined;
			this.#level.stop();
		}
		this.#problem(source, undefined);
		this.#renderButtons();
	}

	async #listDevices(): Promise<void> {
		const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []) ?? [];
		fillDevices(this.#micSelect, devices.filter((d) => d.kind === 'audioinput'), this.#micStream);
		fillDevices(this.#camSelect, devices.filter((d) => d.kind === 'videoinput'), this.#camStream);
	}

	#problem(source: 'microphone' | 'camera', text: string | undefined): void {
		if (text === undefined) this.#problems.delete(source);
		else this.#problems.set(source, text);
		// Identical sentences (no https) are said once.
		const lines = [...new Set(this.#problems.values())];
		setChildren(this.#previewNote, lines.map((line) => h('p', { text: line })));
		this.#previewNote.hidden = lines.length === 0;
		this.#renderButtons();
	}

	#renderButtons(): void {
		const { microphone, camera } = this.#prefs;
		setChildren(this.#micButton, [icon(microphone ? 'mic' : 'micOff')]);
		setChildren(this.#camButton, [icon(camera ? 'camera' : 'cameraOff')]);
		this.#micButton.classList.toggle('off', !microphone);
		this.#camButton.classList.toggle('off', !camera);
		this.#micButton.classList.toggle('problem', this.#problems.has('microphone'));
		this.#camButton.classList.toggle('problem', this.#problems.has('camera'));
		this.#micButton.setAttribute('aria-pressed', String(microphone));
		this.#camButton.setAttribute('aria-pressed', String(camera));
		this.#micButton.title = microphone ? 'Join with the microphone on (click to turn off)' : 'Join muted (click to turn the microphone on)';
		this.#camButton.title = camera ? 'Join with the camera on (click to turn off)' : 'Join with the camera off (click to turn it on)';
		this.#video.hidden = !camera || !this.#camStream;
		this.#avatar.hidden = !this.#video.hidden;
		this.#level.element.hidden = !microphone || !this.#micStream;
	}
}

function tip(label: string, text: string): HTMLLIElement {
	return h('li', {}, [h('kbd', { text: label }), h('span', { text })]);
}

/** Fills a device select, keeping the current choice, or the device the stream uses. */
function fillDevices(select: HTMLSelectElement, devices: MediaDeviceInfo[], stream: MediaStream | undefined): void {
	const current = select.value || stream?.getTracks()[0]?.getSettings().deviceId || '';
	const usable = devices.filter((device) => device.deviceId !== '');
	setChildren(
		select,
		usable.length === 0
			? [h('option', { text: 'Default device', attrs: { value: '' } })]
			: usable.map((device, index) => h('option', { text: device.label || `Device ${index + 1}`, attrs: { value: device.deviceId } })),
	);
	if (usable.some((device) => device.deviceId === current)) select.value = current;
	select.disabled = usable.length <= 1;
}

/**
 * A phone or a tablet: a finger and no mouse. (`isTouchFirst` of the Phaser
 * layer says the same, but importing it here would load Phaser before the
 * join screen shows.)
 */
function touchFirst(): boolean {
	return matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches;
}
