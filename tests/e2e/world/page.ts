// Test page for the world + media e2e tests: joins the office world as
// ?name=…&spawn=…, sends the fake camera and microphone, and shows every
// active remote video. `window.hallway` lets the test drive and inspect it.
import { Client, type Room } from '@colyseus/sdk';
import { colyseusSignaling, MediaClient, type RemoteTrack } from '@hallway/media/client';
import type { HallwayTestPage, IceRoute } from './test-page-api.js';

const params = new URLSearchParams(location.search);

// Every peer connection the page opens, for `iceRoutes()`. The SDK keeps its
// transports private, and mediasoup-client calls the global constructor, so
// a subclass that only remembers its instances sees them without a back door.
const peerConnections = new Set<RTCPeerConnection>();
window.RTCPeerConnection = class extends RTCPeerConnection {
	constructor(configuration?: RTCConfiguration) {
		super(configuration);
		peerConnections.add(this);
	}
};

interface PlayerView {
	x?: number;
	y?: number;
	name: string;
}

const status: HallwayTestPage & { room: Room | undefined; media: MediaClient | undefined; seq: number } = {
	ready: false,
	errors: [],
	sessionId: '',
	room: undefined,
	media: undefined,
	seq: 1,
	/** Click-to-move, as the real client will. */
	walkTo(x: number, y: number) {
		status.room?.send('input', { seq: status.seq++, kind: 'target', x, y });
	},
	position(id = status.sessionId): { x?: number; y?: number } {
		const player = (status.room?.state as { players: Map<string, PlayerView> } | undefined)?.players.get(id);
		return { x: player?.x, y: player?.y };
	},
	speakers(): string[] {
		return [...speakersSeen];
	},
	/** Shares a "screen": a canvas animation stands in for getDisplayMedia in headless tests. */
	async shareScreen(): Promise<void> {
		const canvas = document.createElement('canvas');
		canvas.width = 640;
		canvas.height = 360;
		const ctx = canvas.getContext('2d')!;
		let frame = 0;
		setInterval(() => {
			ctx.fillStyle = `hsl(${frame++ % 360} 60% 50%)`;
			ctx.fillRect(0, 0, canvas.width, canvas.height);
		}, 50);
		await status.media!.publish('screen', canvas.captureStream(20).getVideoTracks()[0]!);
	},
	async mute(source: 'microphone' | 'camera' | 'screen', muted: boolean): Promise<void> {
		await status.media!.setMuted(source, muted);
	},
	/** Remote tracks as plain data. */
	remote(): { peerId: string; source: string; kind: string; active: boolean; muted: boolean; band: string }[] {
		return [...(status.media?.tracks.values() ?? [])].map(({ peerId, source, kind, active, muted, band }) => ({ peerId, source, kind, active, muted, band }));
	},
	/** What the shown video of a peer's camera renders, if any. */
	video(peerId: string, source = 'camera'): { readyState: number; width: number; frames: number } | null {
		const el = document.querySelector<HTMLVideoElement>(`video[data-peer="${peerId}"][data-source="${source}"]`);
		if (!el) return null;
		return { readyState: el.readyState, width: el.videoWidth, frames: el.getVideoPlaybackQuality().totalVideoFrames };
	},
	async iceRoutes(): Promise<IceRoute[]> {
		const open = [...peerConnections].filter((pc) => pc.connectionState !== 'closed');
		return Promise.all(open.map(iceRoute));
	},
};
(window as unknown as { hallway: typeof status }).hallway = status;

const elements = new Map<string, HTMLVideoElement | HTMLAudioElement>();
const speakersSeen = new Set<string>();

async function iceRoute(pc: RTCPeerConnection): Promise<IceRoute> {
	const { iceTransportPolicy = 'all', iceServers = [] } = pc.getConfiguration();
	const stats = new Map<string, Record<string, unknown>>();
	(await pc.getStats()).forEach((report: Record<string, unknown>) => stats.set(report.id as string, report));
	const all = [...stats.values()];
	// The transport names the selected pair; a nominated, succeeded pair is the fallback where it does not.
	const selectedId = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId)?.selectedCandidatePairId as string | undefined;
	const pair = selectedId ? stats.get(selectedId) : all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
	const candidateType = (id: unknown) => ((typeof id === 'string' ? stats.get(id)?.candidateType : undefined) as string | undefined) ?? null;
	return {
		iceTransportPolicy,
		iceServers: iceServers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls])),
		connectionState: pc.connectionState,
		local: candidateType(pair?.localCandidateId),
		remote: candidateType(pair?.remoteCandidateId),
	};
}

function render(track: RemoteTrack): void {
	const existing = elements.get(track.consumerId);
	if (!track.active) {
		existing?.remove();
		elements.delete(track.consumerId);
		return;
	}
	if (existing) return;
	const el = document.createElement(track.kind === 'video' ? 'video' : 'audio');
	el.dataset.peer = track.peerId;
	el.dataset.source = track.source;
	el.autoplay = true;
	el.muted = true; // the test page has no one to listen; autoplay policy stays out of the way
	if (el instanceof HTMLVideoElement) el.playsInline = true;
	el.srcObject = new MediaStream([track.track]);
	document.body.append(el);
	elements.set(track.consumerId, el);
	void el.play().catch(() => undefined);
}

async function main(): Promise<void> {
	const client = new Client(location.origin);
	const room = await client.joinOrCreate('office', {
		map: params.get('map') ?? 'office',
		name: params.get('name') ?? 'Tester',
		...(params.get('spawn') ? { spawn: params.get('spawn') } : {}),
	});
	status.room = room;
	status.sessionId = room.sessionId;
	const media = await MediaClient.join({ transport: colyseusSignaling(room) });
	status.media = media;
	media.on('error', (error) => status.errors.push(error.message));
	media.on('speakingChanged', (peerId, speaking) => {
		if (speaking) speakersSeen.add(peerId ?? 'self');
	});
	for (const event of ['trackSubscribed', 'trackActiveChanged', 'trackUnsubscribed', 'trackMutedChanged'] as const) {
		media.on(event, (track) => render(event === 'trackUnsubscribed' ? { ...track, active: false } : track));
	}
	const devices = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
	await media.publish('microphone', devices.getAudioTracks()[0]!);
	await media.publish('camera', devices.getVideoTracks()[0]!);
	status.ready = true;
}

main().catch((error: unknown) => status.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
