// Test page for the audio and connection-quality e2e tests: the real SDK
// (WorldClient) with the Phaser layer, joined as ?name=…&spawn=…, microphone
// and camera on. `window.audioTest` lets the test drive and inspect it.
//
// ?relay=PORT&udp=PORT: the media goes through a UDP relay on loopback (the
// test drops packets there). The server announces its worker's UDP port
// `udp`; this page rewrites that port to the relay's in the remote
// descriptions, and drops the TCP candidates so that nothing goes around it.
import { type ConnectionQualityLevel, WorldClient } from '@hallway/world-client';
import { HallwayScene } from '@hallway/world-client/phaser';
import Phaser from 'phaser';

const params = new URLSearchParams(location.search);
const relay = params.get('relay');
const udp = params.get('udp');

if (relay && udp) {
	const rewrite = (sdp: string) =>
		sdp
			.split('\r\n')
			.filter((line) => !(line.startsWith('a=candidate:') && / tcp /i.test(line)))
			.map((line) => (line.startsWith('a=candidate:') ? line.replace(new RegExp(` ${udp} typ `), ` ${relay} typ `) : line))
			.join('\r\n');
	window.RTCPeerConnection = class extends RTCPeerConnection {
		override setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
			return super.setRemoteDescription({ type: description.type, sdp: rewrite(description.sdp ?? '') });
		}
	};
}

interface QualityEvent {
	player: string;
	self: boolean;
	level: ConnectionQualityLevel;
	loss: number | undefined;
	at: number;
}

const errors: string[] = [];
const qualityEvents: QualityEvent[] = [];
window.addEventListener('error', (event) => errors.push(String(event.message)));

const client = await WorldClient.connect({
	endpoint: location.origin,
	world: 'office',
	name: params.get('name') ?? 'Tester',
	spawn: params.get('spawn') ?? 'lobby',
	quality: { intervalMs: Number(params.get('qualityMs') ?? 1000) },
});
client.on('error', (error) => errors.push(error.message));
client.on('connectionQualityChanged', (player, quality) =>
	qualityEvents.push({ player: player.id, self: player.isSelf, level: quality.level, loss: quality.loss, at: Date.now() }),
);
await client.media.setMicrophone(true);
await client.media.setCamera(true);
new Phaser.Game({ type: Phaser.CANVAS, parent: document.body, width: 800, height: 600, scene: new HallwayScene({ client }) });

const api = {
	ready: true,
	errors,
	qualityEvents,
	selfId: client.self.id,
	walkTo(x: number, y: number): void {
		client.moveTo(x, y);
	},
	position(): { x: number; y: number } {
		return { x: client.self.x, y: client.self.y };
	},
	setAudioOnly: (on: boolean) => client.media.setAudioOnly(on),
	setAudioProcessing: (change: Record<string, boolean>) => client.media.setAudioProcessing(change),
	mediaState: () => {
		const { camera, microphone, audioOnly, audioProcessing } = client.media.state;
		return { camera, microphone, audioOnly, audioProcessing };
	},
	/** What the microphone track captures with (the browser's own view). */
	microphoneSettings: () => {
		const settings = client.media.localTrack('microphone')?.getSettings();
		return settings ? { echoCancellation: settings.echoCancellation, noiseSuppression: settings.noiseSuppression, autoGainControl: settings.autoGainControl } : null;
	},
	/** Remote tracks of a player, as plain data. */
	tracksOf(playerId: string) {
		return [...(client.players.get(playerId)?.tracks.values() ?? [])].map(({ source, kind, active, band, volume, spatialLayer }) => ({ source, kind, active, band, volume, spatialLayer }));
	},
	/** The `<audio>` element the SDK plays a player's voice in. */
	audioOf(playerId: string): { volume: number; paused: boolean } | null {
		const el = document.querySelector<HTMLAudioElement>(`audio[data-hallway-audio="${playerId}"]`);
		return el ? { volume: el.volume, paused: el.paused } : null;
	},
	/** A player's camera bubble as the Phaser layer shows it. */
	bubbleOf(playerId: string) {
		const el = document.querySelector<HTMLElement>(`.hallway-bubble[data-player-id="${playerId}"][data-source="camera"]`);
		if (!el) return null;
		const video = el.querySelector('video')!;
		const placeholder = el.querySelector<HTMLElement>('.hallway-bubble-placeholder')!;
		return {
			state: el.dataset['state'],
			quality: el.dataset['quality'],
			visible: getComputedStyle(el).visibility !== 'hidden',
			videoVisible: getComputedStyle(video).visibility !== 'hidden',
			playing: video.readyState >= 2 && video.videoWidth > 0,
			placeholder: placeholder.textContent,
		};
	},
	/** The quality this client last measured of a player, or of itself. */
	quality(playerId: string | null) {
		const quality = client.media.quality(playerId);
		return quality ? { ...quality } : null;
	},
};
(window as unknown as { audioTest: typeof api }).audioTest = api;
