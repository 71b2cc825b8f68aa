import { type AudioProcessing, audioConstraints, DEFAULT_AUDIO_PROCESSING } from './audio-settings.js';
import type { LocalSourceState } from './types.js';

/** Devices a user can pick, per kind. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

/** Camera capture size: bubbles are small; 640x480 gives the top simulcast layer some detail. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 } };

/** What a failed capture means for the UI. */
export interface CaptureFailure {
	state: Extract<LocalSourceState, 'denied' | 'unavailable'>;
	code: 'E_MEDIA_PERMISSION' | 'E_MEDIA_DEVICE';
	message: string;
}

/**
 * Asks the browser for a microphone or camera track, on a chosen device or
 * the default one; the microphone with the given processing (all on by default).
 */
export async function captureUserTrack(
	kind: 'microphone' | 'camera',
	deviceId: string | undefined,
	processing: AudioProcessing = DEFAULT_AUDIO_PROCESSING,
): Promise<MediaStreamTrack> {
	const device = deviceId ? { deviceId: { exact: deviceId } } : {};
	const stream = await navigator.mediaDevices.getUserMedia(
		kind === 'microphone' ? { audio: audioConstraints(deviceId, processing) } : { video: { ...CAMERA_CONSTRAINTS, ...device } },
	);
	const track = stream.getTracks()[0];
	if (!track) throw new DOMException(`no ${kind} track`, 'NotFoundError');
	return track;
}

/** Asks the user to pick a screen, window or tab to share. */
export async function captureScreenTrack(): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
	const track = stream.getVideoTracks()[0];
	if (!track) throw new DOMException('no screen track', 'NotFoundError');
	return track;
}

/** Turns a getUserMedia/getDisplayMedia rejection into a state and a sentence a user understands. */
export function describeCaptureError(source: 'microphone' | 'camera' | 'screen', error: unknown): CaptureFailure {
	const name = error instanceof DOMException || error instanceof Error ? error.name : '';
	if (name === 'NotAllowedError' || name === 'SecurityError') {
		return {
			state: 'denied',
			code: 'E_MEDIA_PERMISSION',
			message:
				source === 'screen'
					? 'screen sharing was cancelled or is not allowed'
					: `the browser did not allow the ${source}: allow it in the site settings (the icon left of the address bar) and try again`,
		};
	}
	if (name === 'NotReadableError') {
		return { state: 'unavailable', code: 'E_MEDIA_DEVICE', message: `the ${source} is in use by another application or failed to start` };
	}
	if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
		return { state: 'unavailable', code: 'E_MEDIA_DEVICE', message: `this page cannot capture media (it needs https or localhost)` };
	}
	return { state: 'unavailable', code: 'E_MEDIA_DEVICE', message: `no ${source} found${error instanceof Error && error.message ? ` (${error.message})` : ''}` };
}

/** The devices of the machine, by kind, with labels once a permission was granted. */
export async function listDevices(): Promise<MediaDeviceInfo[]> {
	if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) return [];
	return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.deviceId !== '');
}
