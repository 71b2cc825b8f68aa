/**
 * The browser's processing of the microphone: echo cancellation, noise
 * suppression and automatic gain. All on by default (what a call needs on
 * laptop speakers); a headset or a music teacher may turn them off.
 */
export interface AudioProcessing {
	readonly echoCancellation: boolean;
	readonly noiseSuppression: boolean;
	readonly autoGainControl: boolean;
}

/** Every processing on. */
export const DEFAULT_AUDIO_PROCESSING: AudioProcessing = Object.freeze({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });

/** The `getUserMedia` audio constraints for a device and a processing. */
export function audioConstraints(deviceId: string | undefined, processing: AudioProcessing): MediaTrackConstraints {
	return { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), ...processing };
}

/**
 * Applies a processing to a live microphone track in place. Resolves true
 * when the track now reports those settings; false when the browser cannot
 * change them live (the caller then captures the microphone again with them).
 */
export async function applyAudioProcessing(track: MediaStreamTrack, processing: AudioProcessing): Promise<boolean> {
	try {
		await track.applyConstraints({ ...track.getConstraints(), ...processing });
	} catch {
		return false;
	}
	const settings = track.getSettings();
	// A browser that does not report a setting has accepted the constraint as far as we can tell.
	return (Object.keys(processing) as (keyof AudioProcessing)[]).every((key) => settings[key] === undefined || settings[key] === processing[key]);
}
