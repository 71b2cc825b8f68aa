/** Which way a camera looks: at the user (front, selfie) or away (back). */
export type CameraFacing = 'user' | 'environment';

/** A camera of the machine, as far as the browser tells. */
export interface CameraInfo {
	readonly deviceId: string;
	/** From `InputDeviceInfo.getCapabilities().facingMode` where the browser has it (Chromium on phones). */
	readonly facing?: CameraFacing | undefined;
}

/** The camera in use now (`MediaStreamTrack.getSettings()`), or the chosen one while off. */
export interface CurrentCamera {
	readonly deviceId?: string | undefined;
	readonly facing?: CameraFacing | undefined;
}

/**
 * What to capture next: a known device, or "the camera facing that way" when
 * the browser knows the current facing but not the devices' (Safari lists no
 * capabilities; the `facingMode` constraint finds the back camera there).
 */
export type CameraChoice =
	| { readonly kind: 'device'; readonly deviceId: string; readonly facing?: CameraFacing | undefined }
	| { readonly kind: 'facing'; readonly facing: CameraFacing };

/**
 * The camera a "switch camera" button should go to.
 *
 * A phone flips between front and back: the first camera facing the other way
 * (a phone with several back lenses lists the main one first). Anything else
 * cycles through the cameras in the browser's order (a laptop with a USB
 * webcam). Undefined when there is nothing to switch to.
 */
export function nextCamera(cameras: readonly CameraInfo[], current: CurrentCamera): CameraChoice | undefined {
	const facing = current.facing ?? cameras.find((camera) => camera.deviceId === current.deviceId)?.facing;
	if (facing) {
		const other = oppositeFacing(facing);
		const match = cameras.find((camera) => camera.facing === other);
		if (match) return { kind: 'device', deviceId: match.deviceId, facing: other };
		// The browser reports a facing for the current track but none for the devices: let the constraint find it.
		if (!cameras.some((camera) => camera.facing !== undefined)) return { kind: 'facing', facing: other };
	}
	if (cameras.length < 2) return undefined;
	const index = cameras.findIndex((camera) => camera.deviceId === current.deviceId);
	// Unknown current device (the browser's default): the default is listed first, so go to the second.
	const next = cameras[(Math.max(0, index) + 1) % cameras.length]!;
	return { kind: 'device', deviceId: next.deviceId, facing: next.facing };
}

export function oppositeFacing(facing: CameraFacing): CameraFacing {
	return facing === 'user' ? 'environment' : 'user';
}

/** `'user'`/`'environment'` from a `facingMode` setting or capability value, else undefined ('left', 'right', ''). */
export function asFacing(value: unknown): CameraFacing | undefined {
	return value === 'user' || value === 'environment' ? value : undefined;
}
