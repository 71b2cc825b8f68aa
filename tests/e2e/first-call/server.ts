import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROUTER_MEDIA_CODECS, startWorker } from '@hallway/media/server';
import type { Consumer, Producer, Router, RtpCapabilities, WebRtcTransport, Worker } from 'mediasoup/types';
import { WebSocket, WebSocketServer } from 'ws';
import type { NewConsumerPush, Request, Response } from './protocol.js';

interface Peer {
	socket: WebSocket;
	transports: Map<string, WebRtcTransport>;
	recvTransport?: WebRtcTransport;
	rtpCapabilities?: RtpCapabilities;
	producers: Producer[];
	consumers: Map<string, Consumer>;
	/**
	 * Producers this peer consumes or is being given: a late joiner's
	 * catch-up and another peer's new producer can both reach the same
	 * producer, and must not consume it twice.
	 */
	consumed: Set<string>;
}

export interface FirstCallServer {
	url: string;
	worker: Worker;
	close(): Promise<void>;
}

/**
 * One mediasoup worker and router, an HTTP server for the page, and a
 * WebSocket on which every peer consumes every other peer's producers.
 */
export async function startFirstCallServer(
	pageScript: string,
	{ host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {},
): Promise<FirstCallServer> {
	const worker = await startWorker();
	const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
	const peers = new Set<Peer>();

	const http: Server = createServer((req, res) => {
		if (req.url === '/page.js') {
			res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageScript);
		} else {
			res.writeHead(200, { 'content-type': 'text/html' })
				.end('<!doctype html><meta charset="utf-8"><title>first call</title><body><script type="module" src="/page.js"></script>');
		}
	});
	const wss = new WebSocketServer({ server: http });
	wss.on('connection', (socket) => {
		const peer: Peer = { socket, transports: new Map(), producers: [], consumers: new Map(), consumed: new Set() };
		peers.add(peer);
		socket.on('message', async (raw) => {
			const request = JSON.parse(raw.toString()) as Request;
			let response: Response;
			try {
				response = { id: request.id, ok: true, data: await handle(router, peers, peer, request) };
			} catch (error) {
				response = { id: request.id, ok: false, error: String(error) };
			}
			socket.send(JSON.stringify(response));
		});
		socket.on('close', () => {
			peers.delete(peer);
			for (const transport of peer.transports.values()) transport.close();
		});
	});
	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(port, host, resolve);
	});
	const address = http.address() as AddressInfo;

	return {
		url: `http://${host}:${address.port}/`,
		worker,
		async close() {
			for (const client of wss.clients) client.terminate();
			wss.close();
			await new Promise<void>((resolve) => http.close(() => resolve()));
			worker.close();
		},
	};
}

async function handle(router: Router, peers: Set<Peer>, peer: Peer, request: Request): Promise<unknown> {
	switch (request.method) {
		case 'join':
			return router.rtpCapabilities;
		case 'createTransport': {
			const transport = await router.createWebRtcTransport({
				listenInfos: [
					{ protocol: 'udp', ip: '127.0.0.1' },
					{ protocol: 'tcp', ip: '127.0.0.1' },
				],
			});
			peer.transports.set(transport.id, transport);
			if (request.direction === 'recv') peer.recvTransport = transport;
			return {
				id: transport.id,
				iceParameters: transport.iceParameters,
				iceCandidates: transport.iceCandidates,
				dtlsParameters: transport.dtlsParameters,
			};
		}
		case 'connectTransport': {
			await ownTransport(peer, request.transportId).connect({ dtlsParameters: request.dtlsParameters as never });
			return null;
		}
		case 'setRtpCapabilities': {
			peer.rtpCapabilities = request.rtpCapabilities as RtpCapabilities;
			// Late joiner: consume everything already produced.
			for (const other of peers) {
				if (other !== peer) for (const producer of other.producers) await consumeFor(router, peer, producer);
			}
			return null;
		}
		case 'produce': {
			const producer = await ownTransport(peer, request.transportId).produce({
				kind: request.kind,
				rtpParameters: request.rtpParameters as never,
			});
			peer.producers.push(producer);
			for (const other of peers) if (other !== peer) await consumeFor(router, other, producer);
			return { id: producer.id };
		}
		case 'resumeConsumer': {
			const consumer = peer.consumers.get(request.consumerId);
			if (!consumer) throw new Error(`no consumer ${request.consumerId}`);
			await consumer.resume();
			// A consumer created on demand needs a fresh keyframe once the receiver is ready.
			if (consumer.kind === 'video') await consumer.requestKeyFrame();
			return null;
		}
	}
}

function ownTransport(peer: Peer, transportId: string): WebRtcTransport {
	const transport = peer.transports.get(transportId);
	if (!transport) throw new Error(`transport ${transportId} is not this peer's`);
	return transport;
}

async function consumeFor(router: Router, listener: Peer, producer: Producer): Promise<void> {
	if (!listener.recvTransport || !listener.rtpCapabilities) return;
	if (!router.canConsume({ producerId: producer.id, rtpCapabilities: listener.rtpCapabilities })) return;
	if (listener.consumed.has(producer.id)) return;
	listener.consumed.add(producer.id);
	const consumer = await listener.recvTransport.consume({
		producerId: producer.id,
		rtpCapabilities: listener.rtpCapabilities,
		paused: true,
	});
	listener.consumers.set(consumer.id, consumer);
	const push: NewConsumerPush = {
		push: 'newConsumer',
		consumerId: consumer.id,
		producerId: producer.id,
		kind: consumer.kind,
		rtpParameters: consumer.rtpParameters,
	};
	if (listener.socket.readyState === WebSocket.OPEN) listener.socket.send(JSON.stringify(push));
}
