/** One of the four ways a key can push the avatar. */
export type KeyDirection = 'up' | 'down' | 'left' | 'right';

/**
 * Movement keys by `KeyboardEvent.code`: arrows and WASD. Codes name physical
 * keys, so WASD sits under the same fingers on AZERTY (ZQSD) and other
 * layouts.
 */
export const MOVEMENT_KEYS: Readonly<Record<string, KeyDirection>> = {
	ArrowUp: 'up',
	ArrowDown: 'down',
	ArrowLeft: 'left',
	ArrowRight: 'right',
	KeyW: 'up',
	KeyS: 'down',
	KeyA: 'left',
	KeyD: 'right',
};

/**
 * The direction to send for the keys held: opposite keys cancel out, and a
 * diagonal is normalised to length 1 so it is not faster than a straight line.
 */
export function directionFromKeys(held: Iterable<KeyDirection>): { x: number; y: number } {
	const keys = new Set(held);
	const x = (keys.has('right') ? 1 : 0) - (keys.has('left') ? 1 : 0);
	const y = (keys.has('down') ? 1 : 0) - (keys.has('up') ? 1 : 0);
	if (x !== 0 && y !== 0) return { x: x * Math.SQRT1_2, y: y * Math.SQRT1_2 };
	return { x, y };
}

/** True when two directions are the same (to send only changes). */
export function sameDirection(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
	return a.x === b.x && a.y === b.y;
}

// Inputs that take no typing: keys pressed while they have focus can still move the avatar.
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'image', 'file', 'color']);

/**
 * True when keys pressed with `target` focused belong to it (a text field,
 * a select, a content-editable element), so they must not walk the avatar.
 * Duck-typed, so it can be tested without a DOM.
 */
export function isEditableTarget(target: unknown): boolean {
	if (typeof target !== 'object' || target === null) return false;
	const element = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown };
	if (element.isContentEditable === true) return true;
	const tag = typeof element.tagName === 'string' ? element.tagName.toUpperCase() : '';
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag === 'INPUT') return !NON_TEXT_INPUTS.has(typeof element.type === 'string' ? element.type.toLowerCase() : 'text');
	return false;
}
