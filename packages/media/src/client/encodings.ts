import type { RtpEncodingParameters } from 'mediasoup-client/types';

/**
 * Camera simulcast: three spatial layers (¼, ½, full resolution). The server
 * picks the layer per listener from the distance band, so a far avatar costs
 * the smallest stream.
 */
export const CAMERA_SIMULCAST_ENCODINGS: RtpEncodingParameters[] = [
	{ rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
	{ rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
	{ rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];
