// The office demo's web client: a join screen, then the world.
// `?name=Alice&autojoin=1&spawn=lobby` skips the join screen (camera and
// microphone on), so browser tests can open two pages quickly.
import './styles.css';
import { WorldClient } from '@hallway/world-client';
import type Phaser from 'phaser';
import { h } from './dom.js';
import { type JoinChoice, JoinScreen } from './join-screen.js';
import { splitError } from './labels.js';
import { readParams } from './params.js';

/** The world this server hosts (see server.ts). */
const WORLD = 'office';

declare global {
	interface Window {
		/** Set once joined: the SDK client and the Phaser game, for tests and the curious (devtools). */
		hallwayDemo?: { client: WorldClient; game: Phaser.Game };
	}
}

const params = readParams();
// The world (Phaser, two thirds of the code) loads while the page connects or
// the visitor types a name, rather than before anything shows.
const worldUi = import('./world-ui.js');
// Reported when joining; a visitor who never joins needs no error.
worldUi.catch(() => undefined);
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { attrs: { id: 'app' } }));

if (params.autojoin && params.name) {
	void enter({ name: params.name, microphone: true, camera: true, audioinput: undefined, videoinput: undefined }, undefined, warmUpDevices());
} else {
	showJoinScreen();
}

function showJoinScreen(error?: string): void {
	const screen: JoinScreen = new JoinScreen({ name: params.name, onJoin: (choice) => void enter(choice, screen) });
	app.replaceChildren(screen.element);
	screen.focus();
	if (error) screen.setBusy(false, error);
}

/**
 * Opens the camera and microphone while the page connects, and keeps them
 * open until the client's own capture is on: a device that is already open
 * starts in a fraction of the time (the join screen's preview does the same).
 */
function warmUpDevices(): () => void {
	const opening = navigator.mediaDevices?.getUserMedia({ audio: true, video: true }).catch(() => undefined);
	return () => void opening?.then((stream) => stream?.getTracks().forEach((track) => track.stop()));
}

async function enter(choice: JoinChoice, screen?: JoinScreen, release?: () => void): Promise<void> {
	screen?.setBusy(true);
	let client: WorldClient;
	try {
		client = await WorldClient.connect({
			endpoint: params.endpoint,
			world: WORLD,
			name: choice.name,
			...(params.map ? { map: params.map } : {}),
			...(params.spawn ? { spawn: params.spawn } : {}),
		});
	} catch (error) {
		const message = `Could not join: ${error instanceof Error ? splitError(error as Error & { code?: string }).text : String(error)}`;
		release?.();
		if (screen) screen.setBusy(false, message);
		else showJoinScreen(message);
		return;
	}
	// The Join click was a user gesture: the browser lets audio start now.
	void client.media.resumeAudio();

	// Devices picked in the preview apply before capturing (selecting captures nothing yet).
	if (choice.audioinput) await client.media.selectDevice('audioinput', choice.audioinput);
	if (choice.videoinput) await client.media.selectDevice('videoinput', choice.videoinput);
	// Not awaited: the world shows while the camera starts (its button says "starting").
	const capturing = Promise.all([choice.microphone ? client.media.setMicrophone(true) : undefined, choice.camera ? client.media.setCamera(true) : undefined]);

	let mountWorldUi: Awaited<typeof worldUi>['mountWorldUi'];
	try {
		({ mountWorldUi } = await worldUi);
	} catch (error) {
		await client.disconnect();
		release?.();
		const message = `Could not load the world (${error instanceof Error ? error.message : String(error)}): reload the page.`;
		if (screen) screen.setBusy(false, message);
		else showJoinScreen(message);
		return;
	}
	const ui = mountWorldUi(app, client, { renderer: params.renderer });
	window.hallwayDemo = { client, game: ui.view.game };
	document.title = `${choice.name} · Hallway office`;

	// The preview kept the camera open until the client's own capture took over (no flicker of the camera light).
	void capturing.finally(() => {
		screen?.close();
		release?.();
	});
	// Leaving the page leaves the world at once, rather than after a timeout.
	window.addEventListener('pagehide', () => void client.disconnect());
}
