// The bar at the bottom of the world: microphone, camera, screen, emotes,
// status, devices, and the side panel. Buttons show `client.media.state`
// as it is, including a refused permission or a missing device. Phones (and
// machines with several cameras) get a button to switch cameras.
import { type AudioProcessing, type DeviceKind, EMOTES, type LocalMediaState, type LocalSourceState, PLAYER_STATUSES, type PlayerStatus, type WorldClient } from '@hallway/world-client';
import { EMOTE_EMOJI, isTouchFirst } from '@hallway/world-client/phaser';
import { h, setChildren } from '../dom.js';
import { icon, type IconName } from '../icons.js';
import { STATUS_LABELS } from '../labels.js';
import { Popover } from './popover.js';

type Source = 'microphone' | 'camera' | 'screen';

/** How each source's button reads, per state. */
const SOURCES: Readonly<Record<Source, { on: IconName; off: IconName; name: string; turnOn: string; turnOff: string }>> = {
	microphone: { on: 'mic', off: 'micOff', name: 'Microphone', turnOn: 'Unmute', turnOff: 'Mute' },
	camera: { on: 'camera', off: 'cameraOff', name: 'Camera', turnOn: 'Turn camera on', turnOff: 'Turn camera off' },
	screen: { on: 'screen', off: 'screen', name: 'Screen', turnOn: 'Share your screen', turnOff: 'Stop sharing' },
};

const PROBLEMS: Readonly<Record<Source, { denied: string; unavailable: string }>> = {
	microphone: {
		denied: 'Microphone blocked by the browser: allow it in the site settings (left of the address bar), then click to retry.',
		unavailable: 'No microphone found (or another app holds it). Click to retry.',
	},
	camera: {
		denied: 'Camera blocked by the browser: allow it in the site settings (left of the address bar), then click to retry.',
		unavailable: 'No camera found (or another app holds it). Click to retry.',
	},
	screen: { denied: 'Screen sharing is not allowed here.', unavailable: 'This browser cannot share a screen.' },
};

/** The audio settings and audio-only mode, as checkboxes in the devices menu. */
const TOGGLES: readonly { key: keyof AudioProcessing | 'audioOnly'; label: string; hint: string }[] = [
	{ key: 'echoCancellation', label: 'Echo cancellation', hint: 'Keeps others from hearing themselves through your speakers' },
	{ key: 'noiseSuppression', label: 'Noise suppression', hint: 'Filters out steady background noise' },
	{ key: 'autoGainControl', label: 'Automatic gain', hint: 'Evens out your voice level' },
	{ key: 'audioOnly', label: 'Audio only', hint: 'No video sent or received: for a weak network or a big crowd' },
];

export interface ControlsOptions {
	/** Opens or closes the side panel (which then calls `setPanelOpen`). */
	togglePanel(): void;
	/** Whether the side panel starts open. */
	panelOpen: boolean;
}

export class Controls {
	readonly element: HTMLElement;
	readonly #client: WorldClient;
	readonly #buttons = new Map<Source, HTMLButtonElement>();
	readonly #status: HTMLSelectElement;
	readonly #statusPill: HTMLElement;
	readonly #panelButton: HTMLButtonElement;
	readonly #switchCamera: HTMLButtonElement;
	readonly #deviceSelects = new Map<DeviceKind, HTMLSelectElement>();
	readonly #devices: Popover;
	/** Checkboxes of the audio settings and of audio-only mode. */
	readonly #toggles = new Map<keyof AudioProcessing | 'audioOnly', HTMLInputElement>();

	constructor(client: WorldClient, options: ControlsOptions) {
		this.#client = client;
		for (const source of ['microphone', 'camera', 'screen'] as const) {
			const button = h('button', { class: 'control', attrs: { type: 'button', 'data-source': source }, on: { click: () => void this.#toggle(source) } });
			this.#buttons.set(source, button);
		}
		// Screen capture needs getDisplayMedia: phones and some browsers have none.
		if (!navigator.mediaDevices?.getDisplayMedia) this.#buttons.get('screen')!.hidden = true;
		this.#switchCamera = h('button', {
			class: 'control',
			title: 'Switch camera',
			attrs: { type: 'button', 'data-action': 'switch-camera', 'aria-label': 'Switch camera (front or back)', hidden: '' },
			on: { click: () => void client.media.switchCamera() },
		}, [icon('cameraSwitch')]);

		const emotes = new Popover(
			h('button', { class: 'control', title: 'React', attrs: { type: 'button', 'aria-label': 'React with an emote' } }, [icon('smile')]),
			[
				h('div', { class: 'emote-grid' }, EMOTES.map((emote) =>
					h('button', {
						class: 'emote-button',
						text: EMOTE_EMOJI[emote],
						title: emote,
						attrs: { type: 'button', 'data-emote': emote, 'aria-label': emote },
						on: {
							click: () => {
								client.emote(emote);
								emotes.close();
							},
						},
					}),
				)),
			],
			{ label: 'Emotes' },
		);

		this.#status = h('select', {
			class: 'status-select',
			attrs: { 'aria-label': 'Your status' },
			on: {
				change: () => {
					this.#setStatus(this.#status.value as PlayerStatus);
					// A focused select takes the arrow keys: give them back to walking.
					this.#status.blur();
				},
			},
		},
			PLAYER_STATUSES.map((status) => h('option', { text: STATUS_LABELS[status], attrs: { value: status } })),
		);
		this.#statusPill = h('label', { class: 'status-pill', title: 'Your status: busy and do-not-disturb tell others; do not disturb also stops calls' }, [h('span', { class: 'status-dot' }), this.#status]);

		const deviceRows = (['audioinput', 'videoinput', 'audiooutput'] as const).map((kind) => {
			const select = h('select', { class: 'select', attrs: { 'data-kind': kind }, on: { change: () => void this.#selectDevice(kind, select.value) } });
			this.#deviceSelects.set(kind, select);
			const label = kind === 'audioinput' ? 'Microphone' : kind === 'videoinput' ? 'Camera' : 'Speaker';
			return h('label', { class: 'device-setting' }, [h('span', { class: 'field-label', text: label }), select]);
		});
		const toggleRows = TOGGLES.map(({ key, label, hint }) => {
			const input = h('input', { attrs: { type: 'checkbox', 'data-setting': key }, on: { change: () => void this.#setToggle(key, input.checked) } });
			this.#toggles.set(key, input);
			return h('label', { class: 'toggle-setting', title: hint }, [input, h('span', { text: label })]);
		});
		this.#devices = new Popover(
			h('button', { class: 'control', title: 'Devices and audio', attrs: { type: 'button', 'aria-label': 'Choose microphone, camera and speaker; audio settings' } }, [icon('settings')]),
			[h('h3', { class: 'popover-title', text: 'Devices' }), ...deviceRows, h('h3', { class: 'popover-title', text: 'Audio' }), ...toggleRows],
			{ label: 'Devices', onOpen: () => void this.#fillDevices() },
		);

		this.#panelButton = h('button', {
			class: 'control',
			title: 'People and chat',
			attrs: { type: 'button', 'aria-label': 'Show or hide people and chat' },
			on: { click: () => options.togglePanel() },
		}, [icon('panel'), h('span', { class: 'dot-badge', attrs: { hidden: '' } })]);

		this.element = h('nav', { class: 'controls', attrs: { 'aria-label': 'Call controls' } }, [
			h('div', { class: 'control-group' }, [this.#buttons.get('microphone')!, this.#buttons.get('camera')!, this.#switchCamera, this.#buttons.get('screen')!]),
			h('div', { class: 'control-group' }, [emotes.element, this.#statusPill]),
			h('div', { class: 'control-group' }, [this.#devices.element, this.#panelButton]),
		]);

		client.on('mediaStateChanged', (state) => {
			this.#render(state);
			// Cameras are listed once the camera permission is granted.
			if (state.camera === 'on') void this.#showSwitchCamera();
		});
		client.on('playerUpdated', (player) => {
			if (player.isSelf) this.#renderStatus(player.status);
		});
		navigator.mediaDevices?.addEventListener?.('devicechange', () => {
			if (this.#devices.isOpen) void this.#fillDevices();
			void this.#showSwitchCamera();
		});
		void this.#showSwitchCamera();
		this.#render(client.media.state);
		this.#renderStatus(client.self.status);
		this.setPanelOpen(options.panelOpen);
	}

	/** A dot on the panel button: something new happened there while it was closed. */
	setPanelBadge(visible: boolean): void {
		this.#panelButton.querySelector('.dot-badge')?.toggleAttribute('hidden', !visible);
	}

	/** The switch shows on a phone or tablet (front and back cameras), or with more than one camera. */
	async #showSwitchCamera(): Promise<void> {
		const cameras = (await this.#client.media.devices()).filter((device) => device.kind === 'videoinput').length;
		this.#switchCamera.hidden = !(cameras > 1 || (isTouchFirst() && cameras > 0));
	}

	async #toggle(source: Source): Promise<void> {
		const state = this.#client.media.state[source];
		const on = state !== 'on' && state !== 'starting';
		// Starting audio needs a user gesture: this click is one.
		void this.#client.media.resumeAudio();
		if (source === 'microphone') await this.#client.media.setMicrophone(on);
		else if (source === 'camera') await this.#client.media.setCamera(on);
		else await this.#client.media.shareScreen(on);
	}

	#setStatus(status: PlayerStatus): void {
		this.#client.setStatus(status);
		this.#renderStatus(status);
	}

	async #setToggle(key: keyof AudioProcessing | 'audioOnly', on: boolean): Promise<void> {
		if (key === 'audioOnly') await this.#client.media.setAudioOnly(on);
		else await this.#client.media.setAudioProcessing({ [key]: on });
	}

	async #selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
		await this.#client.media.selectDevice(kind, deviceId);
	}

	async #fillDevices(): Promise<void> {
		const devices = await this.#client.media.devices();
		const chosen = this.#client.media.state.devices;
		for (const [kind, select] of this.#deviceSelects) {
			const options = devices.filter((device) => device.kind === kind);
			const canChoose = kind !== 'audiooutput' || 'setSinkId' in HTMLMediaElement.prototype;
			setChildren(
				select,
				options.length === 0 || !canChoose
					? [h('option', { text: canChoose ? 'None found' : 'System default (this browser cannot choose)', attrs: { value: '' } })]
					: options.map((device, index) => h('option', { text: device.label || `${kind === 'audiooutput' ? 'Speaker' : 'Device'} ${index + 1}`, attrs: { value: device.deviceId } })),
			);
			const current = chosen[kind] ?? this.#inUse(kind) ?? 'default';
			if (options.some((device) => device.deviceId === current)) select.value = current;
			select.disabled = options.length === 0 || !canChoose;
		}
	}

	/** The device a live local track actually uses, when none was chosen. */
	#inUse(kind: DeviceKind): string | undefined {
		const source = kind === 'audioinput' ? 'microphone' : kind === 'videoinput' ? 'camera' : undefined;
		return source ? this.#client.media.localTrack(source)?.getSettings().deviceId : undefined;
	}

	#render(state: LocalMediaState): void {
		for (const [source, button] of this.#buttons) this.#renderSource(source, button, state[source]);
		for (const [key, input] of this.#toggles) input.checked = key === 'audioOnly' ? state.audioOnly : state.audioProcessing[key];
		// In audio-only mode the camera stays off: its button says why.
		const camera = this.#buttons.get('camera')!;
		camera.disabled = state.audioOnly;
		if (state.audioOnly) camera.title = 'Audio-only mode is on (Devices and audio menu)';
	}

	#renderSource(source: Source, button: HTMLButtonElement, state: LocalSourceState): void {
		const text = SOURCES[source];
		const problem = state === 'denied' || state === 'unavailable';
		const on = state === 'on';
		// The mic and camera read "off" in red (you are muted); the screen is simply not shared.
		button.className = `control${on && source === 'screen' ? ' active' : ''}${!on && !problem && source !== 'screen' && state !== 'starting' ? ' off' : ''}${problem ? ' problem' : ''}${state === 'starting' ? ' starting' : ''}`;
		button.dataset.state = state;
		const label = problem ? PROBLEMS[source][state] : state === 'starting' ? `${text.name}: starting…` : on ? text.turnOff : text.turnOn;
		button.title = label;
		button.setAttribute('aria-label', label);
		button.setAttribute('aria-pressed', String(on));
		setChildren(button, [icon(on || source === 'screen' ? text.on : text.off), problem ? h('span', { class: 'problem-badge', text: '!' }) : null]);
	}

	#renderStatus(status: PlayerStatus): void {
		this.#status.value = status;
		this.#statusPill.dataset.status = status;
	}

	/** Shows whether the side panel is open (it opens from elsewhere too: Enter, an avatar click). */
	setPanelOpen(open: boolean): void {
		this.#panelButton.classList.toggle('active', open);
		this.#panelButton.setAttribute('aria-pressed', String(open));
		if (open) this.setPanelBadge(false);
	}
}
