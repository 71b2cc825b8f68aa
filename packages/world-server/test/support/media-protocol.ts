import type { Room } from '@colyseus/sdk';
import { MEDIA_PUSH_TYPES, parseWireError } from '@hallway/media';

/**
 * Media at protocol level, the way the browser client opens it short of ICE
 * (shared by media-room, ops and abuse tests): enough for the server to create
 * transports, producers and the consumers the hearing graph decides.
 */

/** RTP parameters a browser would send for an Opus microphone (mediasoup accepts them before ICE connects). */
export function opusParameters(ssrc: number) {
	return {
		mid: '0',
		codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { minptime: 10, useinbandfec: 1 }, rtcpFeedback: [] }],
		headerExtensions: [],
		encodings: [{ ssrc }],
		rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
	};
}

/** RTP parameters a browser would send for a VP8 camera in three simulcast layers (by SSRC). */
export function vp8SimulcastParameters(ssrc: number) {
	return {
		mid: '1',
		codecs: [
			{
				mimeType: 'video/VP8',
				payloadType: 96,
				clockRate: 90000,
				rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, { type: 'goog-remb' }],
			},
		],
		headerExtensions: [],
		encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }],
		rtcp: { cname: `cname-${ssrc}`, reducedSize: true },
	};
}

/** A media request as the browser client makes it: a refusal becomes a HallwayError with its code. */
export async function mediaRequest(room: Room, type: string, payload: unknown): Promise<any> {
	try {
		return await room.request(type, payload);
	} catch (error) {
		throw parseWireError(error);
	}
}

/** Joins the media plane, creates both transports and produces a microphone. */
export async function openMedia(room: Room, ssrc: number): Promise<{ send: string; recv: string; producerId: string }> {
	// What the browser client listens to; a test player ignores the pushes.
	for (const type of MEDIA_PUSH_TYPES) room.onMessage(type, () => undefined);
	const { routerRtpCapabilities } = await mediaRequest(room, 'media.join', {});
	// The router's capabilities stand in for a device's: same shape, everything supported.
	await mediaRequest(room, 'media.setRtpCapabilities', { rtpCapabilities: deviceCapabilities(routerRtpCapabilities) });
	const send = await mediaRequest(room, 'media.createTransport', { direction: 'send' });
	const recv = await mediaRequest(room, 'media.createTransport', { direction: 'recv' });
	const { producerId } = await mediaRequest(room, 'media.produce', { transportId: send.transportId, kind: 'audio', source: 'microphone', rtpParameters: opusParameters(ssrc) });
	return { send: send.transportId, recv: recv.transportId, producerId };
}

function deviceCapabilities(caps: { codecs: Record<string, unknown>[]; headerExtensions: Record<string, unknown>[] }) {
	return {
		codecs: caps.codecs.map(({ mimeType, kind, clockRate, channels, parameters, rtcpFeedback, preferredPayloadType }) => ({
			mimeType,
			kind,
			clockRate,
			...(channels === undefined ? {} : { channels }),
			parameters,
			rtcpFeedback,
			preferredPayloadType,
		})),
		headerExtensions: caps.headerExtensions,
	};
}
