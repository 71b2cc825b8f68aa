import { asFacing, type CameraChoice, type CameraInfo, type CurrentCamera } from './camera-choice.js';
import { CAMERA_CONSTRAINTS, listDevices } from './local-capture.js';

/** The cameras of the machine, with the way each faces where the browser tells (Chromium does, Safari does not). */
export async function listCameras(): Promise<CameraInfo[]> {
	const devices = (await listDevices()).filter((device) => device.kind === 'videoinput');
	return devices.map((device) => ({ deviceId: device.deviceId, facing: facingOfDevice(device) }));
}

/** The camera a live track uses (or the chosen device while the camera is off). */
export function currentCamera(track: MediaStreamTrack | undefined, chosen: string | undefined): CurrentCamera {
	if (!track || track.readyState === 'ended') return { deviceId: chosen };
	const settings = track.getSettings();
	return { deviceId: settings.deviceId ?? chosen, facing: asFacing(settings.facingMode) };
}

/**
 * Captures the chosen camera. Many phones cannot open their front and back
 * cameras at once: when the browser says the device is busy, the camera in
 * use (`current`) is stopped and the capture tried once more.
 */
export async function captureCamera(choice: CameraChoice, current: MediaStreamTrack | undefined): Promise<MediaStreamTrack> {
	try {
		return await capture(choice);
	} catch (error) {
		const name = error instanceof Error ? error.name : '';
		if (!current || (name !== 'NotReadableError' && name !== 'AbortError')) throw error;
		current.stop();
		return capture(choice);
	}
}

async function capture(choice: CameraChoice): Promise<MediaStreamTrack> {
	const target: MediaTrackConstraints = choice.kind === 'device' ? { deviceId: { exact: choice.deviceId } } : { facingMode: { exact: choice.facing } };
	const stream = await navigator.mediaDevices.getUserMedia({ video: { ...CAMERA_CONSTRAINTS, ...target } });
	const track = stream.getVideoTracks()[0];
	if (!track) throw new DOMException('no camera track', 'NotFoundError');
	return track;
}

function facingOfDevice(device: MediaDeviceInfo): CameraInfo['facing'] {
	// InputDeviceInfo (Chromium, Firefox): capabilities of the device without opening it.
	const capabilities = 'getCapabilities' in device && typeof device.getCapabilities === 'function' ? (device as InputDeviceInfo).getCapabilities() : undefined;
	return (capabilities?.facingMode ?? []).map(asFacing).find((facing) => facing !== undefined);
}
