/** One RTP stream FFmpeg receives: where it listens, and the codec the consumer sends. */
export interface SdpStream {
	kind: 'audio' | 'video';
	/** UDP port FFmpeg binds for RTP; RTCP comes to `port + 1` (FFmpeg's convention, named in the SDP too). */
	port: number;
	/** The consumer's codec, as in `consumer.rtpParameters.codecs[0]`. */
	codec: {
		mimeType: string;
		payloadType: number;
		clockRate: number;
		channels?: number;
		parameters?: Record<string, unknown>;
	};
}

/**
 * The session description FFmpeg reads (`-f sdp`) to receive the stage's
 * streams from mediasoup's plain transports: one `m=` line per stream, in the
 * order given (FFmpeg numbers its input streams the same way). Plain RTP, no
 * SRTP, no ICE: both ends are on this machine.
 */
export function writeSdp(ip: string, streams: readonly SdpStream[]): string {
	const lines = ['v=0', `o=- 0 0 IN IP4 ${ip}`, 's=Hallway stage', `c=IN IP4 ${ip}`, 't=0 0'];
	for (const { kind, port, codec } of streams) {
		const [, name = codec.mimeType] = codec.mimeType.split('/');
		const channels = kind === 'audio' && codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
		lines.push(`m=${kind} ${port} RTP/AVP ${codec.payloadType}`);
		lines.push(`a=rtcp:${port + 1}`);
		lines.push(`a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`);
		const fmtp = Object.entries(codec.parameters ?? {})
			.map(([key, value]) => `${key}=${String(value)}`)
			.join(';');
		if (fmtp) lines.push(`a=fmtp:${codec.payloadType} ${fmtp}`);
		lines.push('a=recvonly');
	}
	return `${lines.join('\r\n')}\r\n`;
}
