// Test page built on the SDK's own `WorldClient` (not the bare media client
// of page.ts): joins the office world as ?name=…&spawn=…, turns on the fake
// camera and microphone, and shows every subscribed remote video. The fault
// tests use it because recovery (media rejoin, ICE restart, reconnection)
// lives in WorldClient. `window.hallway` lets the test drive and inspect it.
import { WorldClient } from '@hallway/world-client';
import type { HallwayTestPage, IceRoute } from './test-page-api.js';

const params = new URLSearchParams(location.search);

// Connection states of every peer connection the page opens (mediasoup-client
// calls the global constructor): the fault tests watch ICE through them.
const peerConnectionStates: string[] = [];
window.RTCPeerConnection = class extends RTCPeerConnection {
	constructor(configuration?: RTCConfiguration) {
		super(configuration);
		this.addEventListener('connectionstatechange', () => peerConnectionStates.push(this.connectionState));
	}
};

/** What this page adds to the common test page API. */
export interface WorldClientTestPage extends HallwayTestPage {
	/** `client.connectionState` now, and every state it went through. */
	connection(): { state: string; history: string[] };
	/** Every connection state the page's peer connections went through, in order. */
	peerConnectionStates(): string[];
}

const elements = new Map<string, HTMLVideoElement>();
const speakersSeen = new Set<string>();
const connectionHistory: string[] = [];
let client: WorldClient | undefined;

const status: WorldClientTestPage = {
	ready: false,
	errors: [],
	sessionId: '',
	walkTo(x: number, y: number) {
		client?.moveTo(x, y);
	},
	position(id = status.sessionId) {
		const player = client?.players.get(id);
		return { x: player?.x, y: player?.y };
	},
	remote() {
		const tracks = [...(client?.players.values() ?? [])].flatMap((player) => [...player.tracks.entries()].map(([source, track]) => ({ player, source, track })));
		return tracks.map(({ player, source, track }) => ({ peerId: player.id, source, kind: track.kind, active: track.active, muted: track.muted, band: track.band }));
	},
	video(peerId: string, source = 'camera') {
		const el = elements.get(`${peerId}/${source}`);
		if (!el) return null;
		return { readyState: el.readyState, width: el.videoWidth, frames: el.getVideoPlaybackQuality().totalVideoFrames };
	},
	speakers: () => [...speakersSeen],
	shareScreen: () => Promise.reject(new Error('not in this page: WorldClient shares a screen through getDisplayMedia')),
	async mute(source, muted) {
		if (source === 'microphone') await client?.media.setMicrophone(!muted);
		else if (source === 'camera') await client?.media.setCamera(!muted);
	},
	iceRoutes: () => Promise.resolve<IceRoute[]>([]),
	connection: () => ({ state: client?.connectionState ?? 'connecting', history: [...connectionHistory] }),
	peerConnectionStates: () => [...peerConnectionStates],
};
(window as unknown as { hallway: WorldClientTestPage }).hallway = status;

function show(peerId: string, source: string, track: MediaStreamTrack): void {
	const key = `${peerId}/${source}`;
	elements.get(key)?.remove();
	const el = document.createElement('video');
	el.autoplay = true;
	el.muted = true;
	el.playsInline = true;
	el.srcObject = new MediaStream([track]);
	document.body.append(el);
	elements.set(key, el);
	void el.play().catch(() => undefined);
}

function hide(peerId: string, source: string, track: MediaStreamTrack): void {
	const key = `${peerId}/${source}`;
	const el = elements.get(key);
	// A later subscription of the same source may already show its new track.
	if (!el || (el.srcObject as MediaStream | null)?.getTracks()[0] !== track) return;
	el.remove();
	elements.delete(key);
}

async function main(): Promise<void> {
	client = await WorldClient.connect({
		endpoint: location.origin,
		world: 'office',
		name: params.get('name') ?? 'Tester',
		...(params.get('spawn') ? { spawn: params.get('spawn')! } : {}),
	});
	status.sessionId = client.self.id;
	connectionHistory.push(client.connectionState);
	client.on('connectionStateChanged', (state) => connectionHistory.push(state));
	client.on('error', (error) => status.errors.push(error.message));
	client.on('speakingChanged', (player, speaking) => {
		if (speaking) speakersSeen.add(player.isSelf ? 'self' : player.id);
	});
	client.on('trackSubscribed', (player, track, source) => {
		if (track.kind === 'video') show(player.id, source, track.track);
	});
	client.on('trackUnsubscribed', (player, track, source) => {
		if (track.kind === 'video') hide(player.id, source, track.track);
	});
	await client.media.setMicrophone(true);
	await client.media.setCamera(true);
	status.ready = true;
}

main().catch((error: unknown) => status.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
