import type { Consumer, PlainTransport, Producer, Router, RtpCapabilities } from 'mediasoup/types';
import type { SdpStream } from './sdp.js';

/**
 * One speaker's track on its way to FFmpeg: a plain transport on the
 * speaker's own router, sending RTP to FFmpeg's port and RTCP to the next
 * one, and a consumer of the speaker's producer on it. Closing the feed
 * closes both; the producer closing closes the consumer (and mediasoup
 * then sends nothing more).
 */
export class RtpFeed {
	private constructor(
		readonly transport: PlainTransport,
		readonly consumer: Consumer,
		/** FFmpeg's RTP port for this feed (RTCP: `port + 1`). */
		readonly port: number,
	) {}

	/**
	 * Opens a feed of `producer` (which lives on `router`) to `ip:port`. The
	 * consumer starts paused: `resume()` once FFmpeg is listening.
	 */
	static async open(router: Router, producer: Producer, ip: string, port: number): Promise<RtpFeed> {
		const transport = await router.createPlainTransport({
			listenInfo: { protocol: 'udp', ip },
			// FFmpeg reads RTP and RTCP on two ports, and we tell mediasoup where they are (no comedia: FFmpeg sends nothing first).
			rtcpMux: false,
			comedia: false,
			appData: { spectator: true },
		});
		try {
			await transport.connect({ ip, port, rtcpPort: port + 1 });
			const consumer = await transport.consume({
				producerId: producer.id,
				rtpCapabilities: plainReceiverCapabilities(router.rtpCapabilities),
				paused: true,
				// FFmpeg answers no NACKs: retransmissions would only cost bandwidth.
				enableRtx: false,
				appData: { spectator: true },
			});
			return new RtpFeed(transport, consumer, port);
		} catch (error) {
			transport.close();
			throw error;
		}
	}

	get kind(): 'audio' | 'video' {
		return this.consumer.kind;
	}

	get closed(): boolean {
		return this.transport.closed || this.consumer.closed;
	}

	/** This feed's `m=` line. */
	get sdp(): SdpStream {
		const codec = this.consumer.rtpParameters.codecs[0]!;
		return {
			kind: this.kind,
			port: this.port,
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
		if (this.closed) return;
		await this.consumer.resume();
		await this.requestKeyFrame();
	}

	/** Asks the sender for a key frame (video only; a closed feed or a failed request is ignored). */
	async requestKeyFrame(): Promise<void> {
		if (this.kind !== 'video' || this.closed) return;
		await this.consumer.requestKeyFrame().catch(() => undefined);
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
