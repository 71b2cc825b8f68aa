import type { Consumer, PlainTransport, Producer, Router, RtpCapabilities } from 'mediasoup/types';
import type { SdpStream } from './sdp.js';

/**
 * One speaker's track on its way to FFmpeg: a plain transport on the
 * speaker's own router, sending RTP to FFmpeg's port and RTCP to the next
 * one, and a consumer of the speaker's producer on it. Made in two steps:
 * `create()` opens the transport (mediasoup binds its own port), then
 * `connect()` points it at FFmpeg's ports and consumes. Ports for FFmpeg are
 * looked for between the two, so they cannot be one a feed's transport was
 * just given (seen: FFmpeg failing with "bind failed: Address already in
 * use" when the transports were opened after the search). Closing the feed
 * closes both; the producer closing closes the consumer.
 */
export class RtpFeed {
	#consumer: Consumer | undefined;
	#port = 0;

	private constructor(
		readonly transport: PlainTransport,
		readonly producer: Producer,
		readonly router: Router,
	) {}

	/** Opens the plain transport for a feed of `producer` (which lives on `router`), listening on `ip`. */
	static async create(router: Router, producer: Producer, ip: string): Promise<RtpFeed> {
		const transport = await router.createPlainTransport({
			listenInfo: { protocol: 'udp', ip },
			// FFmpeg reads RTP and RTCP on two ports, and we tell mediasoup where they are (no comedia: FFmpeg sends nothing first).
			rtcpMux: false,
			comedia: false,
			appData: { spectator: true },
		});
		return new RtpFeed(transport, producer, router);
	}

	/** Sends to FFmpeg at `ip:port` (RTCP to `port + 1`) through a consumer that starts paused: `resume()` once FFmpeg listens. */
	async connect(ip: string, port: number): Promise<void> {
		await this.transport.connect({ ip, port, rtcpPort: port + 1 });
		this.#port = port;
		this.#consumer = await this.transport.consume({
			producerId: this.producer.id,
			rtpCapabilities: plainReceiverCapabilities(this.router.rtpCapabilities),
			paused: true,
			// FFmpeg answers no NACKs: retransmissions would only cost bandwidth.
			enableRtx: false,
			appData: { spectator: true },
		});
	}

	get kind(): 'audio' | 'video' {
		return this.producer.kind;
	}

	/** The transport or the consumer closed (router gone, producer closed). */
	get closed(): boolean {
		return this.transport.closed || this.#consumer?.closed === true;
	}

	/** This feed's `m=` line (after `connect()`). */
	get sdp(): SdpStream {
		const consumer = this.#consumer;
		if (!consumer) throw new Error('E_FEED_NOT_CONNECTED: connect() the feed before writing its SDP');
		const codec = consumer.rtpParameters.codecs[0]!;
		return {
			kind: this.kind,
			port: this.#port,
			codec: {
				mimeType: codec.mimeType,
				payloadType: codec.payloadType,
				clockRate: codec.clockRate,
				...(codec.channels === undefined ? {} : { channels: codec.channels }),
				...(codec.parameters === undefined ? {} : { parameters: codec.parameters }),
			},
		};
	}

	/** Starts sending; a video feed also asks the speaker's browser for a key frame (FFmpeg cannot decode before one). */
	async resume(): Promise<void> {
		if (this.closed || !this.#consumer) return;
		await this.#consumer.resume();
		await this.requestKeyFrame();
	}

	/** Asks the sender for a key frame (video only; a closed feed or a failed request is ignored). */
	async requestKeyFrame(): Promise<void> {
		if (this.kind !== 'video' || this.closed || !this.#consumer) return;
		await this.#consumer.requestKeyFrame().catch(() => undefined);
	}

	/** Closes the transport and its consumer. Idempotent. */
	close(): void {
		this.transport.close();
	}
}

/**
 * What FFmpeg can receive: the router's codecs (the consumer keeps the
 * producer's VP8, H264 or Opus), key-frame requests, and nothing for
 * bandwidth estimation. With transport-cc or REMB in the capabilities,
 * mediasoup probes the link with padding packets (another SSRC and payload
 * type on the same port), which FFmpeg's RTP reader takes for a huge
 * sequence gap: seen here as endless "RTP: missed N packets" and a stalling
 * reorder queue.
 */
export function plainReceiverCapabilities(router: RtpCapabilities): RtpCapabilities {
	return {
		codecs: (router.codecs ?? [])
			.filter((codec) => !codec.mimeType.toLowerCase().endsWith('/rtx'))
			.map((codec) => ({ ...codec, rtcpFeedback: (codec.rtcpFeedback ?? []).filter((fb) => fb.type === 'ccm' || (fb.type === 'nack' && fb.parameter === 'pli')) })),
		headerExtensions: [],
	};
}
