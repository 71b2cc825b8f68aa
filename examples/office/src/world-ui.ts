// The page once joined: the world (Phaser) filling the page, the location
// badge, toasts and the controls over it, and the side panel with people and
// chat. Wires the SDK's events to all of them. On a phone held upright the
// same elements become a bottom bar and a bottom sheet (styles.css).
import { type Player, type WorldClient, zoneAt } from '@hallway/world-client';
import { h } from './dom.js';
import { mapTitle, splitError, zoneLabel } from './labels.js';
import { colorFor } from './player-look.js';
import { Chat } from './ui/chat.js';
import { Controls } from './ui/controls.js';
import { LocationBadge } from './ui/location-badge.js';
import { Participants } from './ui/participants.js';
import { Toasts } from './ui/toasts.js';
import { createWorldView, type WorldView, type WorldViewOptions } from './world-view.js';

/** The side panel starts closed on narrow screens, where it would cover the world, */
const NARROW_SCREEN_PX = 760;
/** and on short ones (a phone on its side). */
const SHORT_SCREEN_PX = 500;
/** Tile size of the demo maps, px: distances are told in tiles ("steps"). */
const TILE_PX = 32;

export interface WorldUi {
	readonly view: WorldView;
}

export function mountWorldUi(root: HTMLElement, client: WorldClient, options: { renderer: WorldViewOptions['renderer'] }): WorldUi {
	const stage = h('div', { class: 'stage' });
	const gameParent = h('div', { class: 'game', attrs: { 'aria-label': 'The world: arrow keys or WASD to walk, click or tap to walk there' } });
	const toasts = new Toasts();
	const panel = h('aside', { class: 'side-panel', attrs: { 'aria-label': 'People and chat' } });
	// The grip of the bottom sheet on phones (hidden on wider screens, where the panel is a column).
	const sheetHandle = h('button', { class: 'sheet-handle', attrs: { type: 'button', 'aria-label': 'Hide people and chat' } }, [h('span', { class: 'sheet-grip' })]);
	const shell = h('div', { class: 'world-shell' }, [stage, panel]);
	root.replaceChildren(shell);
	stage.append(gameParent);
	// Clicking the world gives the keyboard back to walking (out of the chat, a select, a button).
	gameParent.addEventListener('pointerdown', () => {
		if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
	});
	// A button clicked with the mouse keeps the focus, and the next Enter (meant
	// for the chat) would press it again: mouse clicks leave no focus behind.
	shell.addEventListener('click', (event) => {
		const button = event.target instanceof Element ? event.target.closest('button') : null;
		if (button && event.detail > 0) button.blur();
	});

	let panelOpen = window.innerWidth > NARROW_SCREEN_PX && window.innerHeight > SHORT_SCREEN_PX;
	let controls: Controls | undefined;
	const setPanel = (open: boolean): void => {
		panelOpen = open;
		shell.classList.toggle('panel-closed', !open);
		controls?.setPanelOpen(open);
	};
	setPanel(panelOpen);

	const view = createWorldView(gameParent, client, {
		renderer: options.renderer,
		onPlayerClick: (player) => {
			// Clicking someone's avatar: open the panel on them.
			setPanel(true);
			highlightRow(panel, player.id);
		},
	});

	const locate = async (player: Player): Promise<void> => {
		if (player.isSelf) {
			view.ping(player.x, player.y, colorFor(player));
			return;
		}
		try {
			const at = await client.locate(player.id);
			view.ping(at.x, at.y, colorFor(player));
			toasts.show(describeWhere(client, player, at), { key: 'locate' });
		} catch (error) {
			toasts.show(`Could not find ${player.name}`, { kind: 'error', detail: errorText(error) });
		}
	};
	const participants = new Participants(client, {
		locate: (player) => void locate(player),
		follow: (player) => {
			client.follow(player?.id ?? null);
			participants.refresh();
			if (player) toasts.show(`Walking to ${player.name}. Move yourself to stop following.`, { key: 'follow' });
		},
	});
	const chat = new Chat(client);
	panel.append(sheetHandle, participants.element, chat.element);
	sheetHandle.addEventListener('click', () => setPanel(false));

	controls = new Controls(client, { panelOpen, togglePanel: () => setPanel(!panelOpen) });
	stage.append(new LocationBadge(client).element, toasts.element, controls.element);

	// A manual move stops following in the SDK; the panel's arrow must say so too.
	client.on('playerUpdated', (player) => {
		if (player.isSelf) participants.refresh();
	});
	client.on('chat', (message) => {
		if (!panelOpen && !message.self) controls?.setPanelBadge(true);
	});
	wireNotices(client, toasts);

	// Enter: chat. Escape in the chat: back to walking (handled by the chat box).
	window.addEventListener('keydown', (event) => {
		if (event.key !== 'Enter' || event.isComposing) return;
		const target = event.target as HTMLElement | null;
		if (target && target !== document.body && target.closest('input, textarea, select, button, [contenteditable="true"]')) return;
		event.preventDefault();
		setPanel(true);
		chat.focus();
	});

	return { view };
}

/** SDK events that deserve a word on screen: errors, the connection, audio the browser held back. */
function wireNotices(client: WorldClient, toasts: Toasts): void {
	client.on('error', (error) => {
		const { code, text } = splitError(error);
		// The same failure repeated replaces its toast rather than stacking.
		toasts.show(text, { kind: 'error', detail: code, key: error.message });
	});

	client.on('connectionStateChanged', (state) => {
		if (state === 'reconnecting') toasts.show('Walking through the portal…', { key: 'connection', sticky: true });
		else if (state === 'connected') toasts.dismiss('connection');
		else if (state === 'disconnected') {
			toasts.show('You are disconnected from the world.', {
				kind: 'error',
				key: 'connection',
				sticky: true,
				action: { label: 'Rejoin', run: () => location.reload() },
			});
		}
	});
	client.on('mapChanged', (map) => toasts.show(`Welcome to ${mapTitle(map.name)}`, { key: 'map' }));

	// Browsers refuse to play sound before the page was clicked: ask for that click.
	const showAutoplay = (blocked: boolean): void => {
		if (!blocked) return toasts.dismiss('autoplay');
		toasts.show('Autoplay blocked — click to enable audio', {
			key: 'autoplay',
			sticky: true,
			action: { label: 'Enable audio', run: () => void client.media.resumeAudio() },
		});
	};
	let blocked = client.media.state.autoplayBlocked;
	showAutoplay(blocked);
	client.on('mediaStateChanged', (state) => {
		if (state.autoplayBlocked !== blocked) showAutoplay((blocked = state.autoplayBlocked));
	});
	// Any click on the page counts as the gesture too.
	document.addEventListener('pointerdown', () => {
		if (client.media.state.autoplayBlocked) void client.media.resumeAudio();
	});
}

/** "Alice is in Meeting Room A — private, 12 steps north-east." */
function describeWhere(client: WorldClient, player: Player, at: { x: number; y: number }): string {
	const self = client.self;
	const dx = at.x - self.x;
	const dy = at.y - self.y;
	const steps = Math.round(Math.hypot(dx, dy) / TILE_PX);
	const zone = zoneAt(client.map, at.x, at.y);
	const place = zone ? `in ${zoneLabel(zone)}` : 'on the open floor';
	if (steps <= 1) return `${player.name} is right next to you.`;
	return `${player.name} is ${place}, ${steps} steps ${compass(dx, dy)}.`;
}

function compass(dx: number, dy: number): string {
	const names = ['east', 'south-east', 'south', 'south-west', 'west', 'north-west', 'north', 'north-east'];
	const index = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
	return names[(index + 8) % 8]!;
}

function highlightRow(panel: HTMLElement, playerId: string): void {
	const row = panel.querySelector<HTMLElement>(`.person[data-player-id="${CSS.escape(playerId)}"]`);
	if (!row) return;
	row.scrollIntoView({ block: 'nearest' });
	row.classList.remove('flash');
	// Restart the animation.
	void row.offsetWidth;
	row.classList.add('flash');
}

function errorText(error: unknown): string {
	return error instanceof Error ? splitError(error as Error & { code?: string }).text : String(error);
}
