import type { LocalMediaState, LocalSourceState, WorldClient } from '@hallway/world-client';

const LABELS = { microphone: 'Microphone', camera: 'Camera' } as const;

/**
 * Two toggle buttons (microphone, camera) in `container`, reflecting
 * `client.media.state`: on, off, starting, denied or unavailable. The first
 * click also lets the browser start audio it held back (autoplay policy).
 */
export function mediaButtons(client: WorldClient, container: HTMLElement): void {
	const buttons = (Object.keys(LABELS) as (keyof typeof LABELS)[]).map((source) => {
		const button = container.ownerDocument.createElement('button');
		button.type = 'button';
		button.dataset['source'] = source;
		button.addEventListener('click', () => {
			void client.media.resumeAudio();
			const on = client.media.state[source] === 'on';
			const toggle = source === 'camera' ? client.media.setCamera(!on) : client.media.setMicrophone(!on);
			toggle.catch((error: Error) => console.warn(`Coffee Run: ${error.message}`));
		});
		container.append(button);
		return { source, button };
	});
	const show = (state: LocalMediaState): void => {
		for (const { source, button } of buttons) {
			const value: LocalSourceState = state[source];
			button.textContent = `${LABELS[source]}: ${value}`;
			button.dataset['state'] = value;
			button.disabled = !state.connected || value === 'starting';
		}
	};
	client.on('mediaStateChanged', show);
	show(client.media.state);
}
