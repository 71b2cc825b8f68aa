// Browser side of the first-call test: sends the fake camera and microphone
// through mediasoup and plays whatever the server pushes.
import { CAMERA_SIMULCAST_ENCODINGS } from '@hallway/media/client';
import { Device } from 'mediasoup-client';
import type { Transport } from 'mediasoup-client/types';
import type { NewConsumerPush, Request, Response } from './protocol.js';

type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

const status = {
	errors: [] as string[],
	producing: false,
	consumers: 0,
	inboundBytes: async (): Promise<number> => 0,
};
(window as unknown as { firstCall: typeof status }).firstCall = status;

const remoteStream = new MediaStream();
const remoteVideo = document.createElement('video');
remoteVideo.id = 'remote';
remoteVideo.muted = true;
remoteVideo.autoplay = true;
remoteVideo.playsInline = true;
remoteVideo.srcObject = remoteStream;
document.body.append(remoteVideo);

const socket = new WebSocket(location.origin.replace(/^http/, 'ws'));
let nextId = 1;
const pending = new Map<number, (response: Response) => void>();
let recvTransport: Transport | undefined;

function request<T>(body: RequestBody): Promise<T> {
	const id = nextId++;
	socket.send(JSON.stringify({ ...body, id }));
	return new Promise<T>((resolve, reject) => {
		pending.set(id, (response) => (response.ok ? resolve(response.data as T) : reject(new Error(response.error))));
	});
}

socket.onmessage = async (event) => {
	const message = JSON.parse(String(event.data)) as Response | NewConsumerPush;
	if ('push' in message) {
		await onNewConsumer(message).catch((error: unknown) => status.errors.push(String(error)));
		return;
	}
	pending.get(message.id)?.(message);
	pending.delete(message.id);
};

async function onNewConsumer(push: NewConsumerPush): Promise<void> {
	if (!recvTransport) throw new Error('consumer pushed before the receive transport exists');
	const consumer = await recvTransport.consume({
		id: push.consumerId,
		producerId: push.producerId,
		kind: push.kind,
		rtpParameters: push.rtpParameters as never,
	});
	remoteStream.addTrack(consumer.track);
	status.consumers++;
	await request({ method: 'resumeConsumer', consumerId: consumer.id });
	void remoteVideo.play().catch(() => undefined);
}

type TransportInfo = Parameters<Device['createSendTransport']>[0];

async function main(): Promise<void> {
	await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
	const device = new Device();
	await device.load({ routerRtpCapabilities: await request({ method: 'join' }) });

	const sendInfo = await request<TransportInfo>({ method: 'createTransport', direction: 'send' });
	const sendTransport = device.createSendTransport(sendInfo);
	sendTransport.on('connect', ({ dtlsParameters }, done, fail) => {
		request({ method: 'connectTransport', transportId: sendTransport.id, dtlsParameters }).then(done, fail);
	});
	sendTransport.on('produce', ({ kind, rtpParameters }, done, fail) => {
		request<{ id: string }>({ method: 'produce', transportId: sendTransport.id, kind, rtpParameters }).then(done, fail);
	});

	const recvInfo = await request<TransportInfo>({ method: 'createTransport', direction: 'recv' });
	const recv = device.createRecvTransport(recvInfo);
	recv.on('connect', ({ dtlsParameters }, done, fail) => {
		request({ method: 'connectTransport', transportId: recv.id, dtlsParameters }).then(done, fail);
	});
	recvTransport = recv;
	status.inboundBytes = async () => {
		let bytes = 0;
		(await recv.getStats()).forEach((stat: { type: string; bytesReceived?: number }) => {
			if (stat.type === 'inbound-rtp') bytes += stat.bytesReceived ?? 0;
		});
		return bytes;
	};
	await request({ method: 'setRtpCapabilities', rtpCapabilities: device.rtpCapabilities });

	const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
	const [audioTrack] = media.getAudioTracks();
	const [videoTrack] = media.getVideoTracks();
	if (!audioTrack || !videoTrack) throw new Error('the fake devices gave no audio or video track');
	await sendTransport.produce({ track: audioTrack });
	await sendTransport.produce({ track: videoTrack, encodings: CAMERA_SIMULCAST_ENCODINGS });
	status.producing = true;
}

main().catch((error: unknown) => status.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
