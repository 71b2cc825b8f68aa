// Browser page of the media benchmarks (bundled and served by bench-world.ts).
// Like the e2e test page: joins the office world as ?name=…&spawn=…, sends
// the fake camera and microphone, and plays remote tracks; in addition it
// records when each join step finished and when each received camera
// presented frames (requestVideoFrameCallback), in epoch ms.
//   ?attach=subscribed  a <video> gets every camera track as soon as it is
//                       subscribed, prewarmed ones included (default)
//   ?attach=active      a <video> only while the track is active (the e2e test page's way)
import { Client, type Room } from '@colyseus/sdk';
import { colyseusSignaling, MediaClient, type RemoteTrack } from '@hallway/media/client';
import { type BenchPageApi, type CameraLog, FRAME_GAP_MS } from './bench-page-api.js';

const params = new URLSearchParams(location.search);
const attachWhen = params.get('attach') === 'active' ? 'active' : 'subscribed';

/** Epoch ms on the page's monotonic clock. */
const epochNow = (): number => performance.timeOrigin + performance.now();

interface PlayerView {
	x?: number;
	y?: number;
}

let room: Room | undefined;
let media: MediaClient | undefined;
let seq = 1;
const logs = new Map<string, CameraLog>();

const api: BenchPageApi = {
	ready: false,
	errors: [],
	sessionId: '',
	marks: { scriptStarted: performance.now() },
	walkTo(x, y) {
		room?.send('input', { seq: seq++, kind: 'target', x, y });
	},
	position(id = api.sessionId) {
		const player = (room?.state as { players: Map<string, PlayerView> } | undefined)?.players.get(id);
		return { x: player?.x, y: player?.y };
	},
	cameras(peerId) {
		return [...logs.values()].filter((log) => peerId === undefined || log.peerId === peerId);
	},
	remote() {
		return [...(media?.tracks.values() ?? [])].map(({ consumerId, peerId, source, kind, active }) => ({ consumerId, peerId, source, kind, active }));
	},
	clockSkew() {
		return Date.now() - epochNow();
	},
};
(window as unknown as { hallwayBench: BenchPageApi }).hallwayBench = api;

const elements = new Map<string, HTMLVideoElement | HTMLAudioElement>();

function attach(track: RemoteTrack): void {
	if (elements.has(track.consumerId)) return;
	const el = document.createElement(track.kind === 'video' ? 'video' : 'audio');
	el.dataset.peer = track.peerId;
	el.dataset.source = track.source;
	el.autoplay = true;
	el.muted = true; // nobody listens; keeps autoplay policy out of the way
	el.srcObject = new MediaStream([track.track]);
	document.body.append(el);
	elements.set(track.consumerId, el);
	if (el instanceof HTMLVideoElement) {
		el.playsInline = true;
		el.width = 160;
		el.height = 120;
		const log = logs.get(track.consumerId);
		if (log) {
			log.attachedAt = epochNow();
			watchFrames(el, log);
		}
	}
	void el.play().catch(() => undefined);
}

function detach(consumerId: string): void {
	elements.get(consumerId)?.remove();
	elements.delete(consumerId);
}

/** Records the start of every run of presented frames until the element leaves the page. */
function watchFrames(video: HTMLVideoElement, log: CameraLog): void {
	let last = Number.NEGATIVE_INFINITY;
	const onFrame = (now: DOMHighResTimeStamp, metadata: VideoFrameCallbackMetadata): void => {
		const at = epochNow();
		if (!video.isConnected) return;
		if (at - last > FRAME_GAP_MS) {
			const received = metadata.receiveTime;
			log.runs.push({
				at,
				frameTime: performance.timeOrigin + now,
				presentedAt: performance.timeOrigin + metadata.presentationTime,
				receivedAt: received === undefined ? null : performance.timeOrigin + received,
				width: metadata.width,
			});
		}
		last = at;
		log.frames++;
		video.requestVideoFrameCallback(onFrame);
	};
	video.requestVideoFrameCallback(onFrame);
}

function onTrack(event: 'trackSubscribed' | 'trackActiveChanged' | 'trackUnsubscribed', track: RemoteTrack): void {
	const now = epochNow();
	if (track.kind === 'video' && track.source === 'camera') {
		let log = logs.get(track.consumerId);
		if (!log) {
			log = { consumerId: track.consumerId, peerId: track.peerId, subscribedAt: now, attachedAt: null, activeAt: [], closedAt: null, runs: [], frames: 0 };
			logs.set(track.consumerId, log);
		}
		if (event === 'trackActiveChanged' && track.active) log.activeAt.push(now);
		if (event === 'trackUnsubscribed') log.closedAt = now;
	}
	if (event === 'trackUnsubscribed' || (attachWhen === 'active' && !track.active)) {
		detach(track.consumerId);
		return;
	}
	if (attachWhen === 'subscribed' || track.active) attach(track);
}

async function main(): Promise<void> {
	const client = new Client(location.origin);
	room = await client.joinOrCreate('office', {
		map: 'office',
		name: params.get('name') ?? 'Bench',
		...(params.get('spawn') ? { spawn: params.get('spawn') } : {}),
	});
	api.marks.joined = performance.now();
	api.sessionId = room.sessionId;
	media = await MediaClient.join({ transport: colyseusSignaling(room) });
	api.marks.mediaJoined = performance.now();
	media.on('error', (error) => api.errors.push(error.message));
	for (const event of ['trackSubscribed', 'trackActiveChanged', 'trackUnsubscribed'] as const) {
		media.on(event, (track) => onTrack(event, track));
	}
	const devices = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
	api.marks.devices = performance.now();
	await media.publish('microphone', devices.getAudioTracks()[0]!);
	api.marks.microphonePublished = performance.now();
	await media.publish('camera', devices.getVideoTracks()[0]!);
	api.marks.cameraPublished = performance.now();
	api.ready = true;
}

main().catch((error: unknown) => api.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
