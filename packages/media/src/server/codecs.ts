import type { RouterRtpCodecCapability } from 'mediasoup/types';

/**
 * The codecs every Hallway router offers: Opus for audio; VP8 first for video
 * (simulcast works in every browser), H264 for Safari/iOS hardware paths.
 */
export const ROUTER_MEDIA_CODECS: RouterRtpCodecCapability[] = [
	{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
	{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
	{
		kind: 'video',
		mimeType: 'video/H264',
		clockRate: 90000,
		parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
	},
];
