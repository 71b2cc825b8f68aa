/**
 * The walking direction for a joystick knob pulled `dx`, `dy` px from the
 * joystick's centre: length 0..1 (a short pull walks slowly), 0 inside the
 * dead zone (a resting thumb does not drift). Components are rounded to
 * 1/20 so a trembling thumb does not send a new direction every frame.
 */
export function joystickDirection(dx: number, dy: number, radius: number, deadZone = 0.2): { x: number; y: number } {
	const distance = Math.hypot(dx, dy);
	if (!(radius > 0) || !(distance > radius * deadZone)) return { x: 0, y: 0 };
	// 0 at the dead zone's edge, 1 at the rim and beyond.
	const strength = Math.min(1, (distance - radius * deadZone) / (radius * (1 - deadZone)));
	const round = (value: number): number => Math.round(value * 20) / 20 || 0;
	return { x: round((dx / distance) * strength), y: round((dy / distance) * strength) };
}

/** Where to draw the knob: the pull, held inside the joystick's rim. */
export function joystickKnob(dx: number, dy: number, radius: number): { x: number; y: number } {
	const distance = Math.hypot(dx, dy);
	if (distance <= radius || distance === 0) return { x: dx, y: dy };
	return { x: (dx / distance) * radius, y: (dy / distance) * radius };
}

/**
 * Whether this device is driven by a finger first (a phone, a tablet): its
 * primary pointer is coarse and it has no precise pointer (a mouse, a
 * trackpad) at all. A laptop with a touch screen answers false.
 */
export function isTouchFirst(media: ((query: string) => { readonly matches: boolean }) | undefined = globalThis.matchMedia?.bind(globalThis)): boolean {
	if (!media) return false;
	return media('(pointer: coarse)').matches && !media('(any-pointer: fine)').matches;
}
