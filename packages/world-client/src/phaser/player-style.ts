import type { PlayerStatus } from '../core/types.js';

/** A colour as both Phaser (`0xRRGGBB`) and CSS (`#rrggbb`) want it. */
export interface PlayerColor {
	/** Hue in degrees, 0 ≤ hue < 360. */
	readonly hue: number;
	/** `0xRRGGBB`, for tints and fills. */
	readonly value: number;
	/** `#rrggbb`, for DOM styles. */
	readonly css: string;
}

/**
 * The colour of a player, derived from its stable user id: the same person
 * keeps the same colour on every map and in every session, without the server
 * having to store one.
 */
export function colorFromId(id: string): PlayerColor {
	// FNV-1a spreads short, similar ids (user-1, user-2) over the whole circle.
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		hash ^= id.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	const hue = (hash >>> 0) % 360;
	// Saturation and lightness are fixed so every hue stays readable under white text and on a tiled floor.
	const value = hslToRgb(hue, 0.62, 0.56);
	return { hue, value, css: `#${value.toString(16).padStart(6, '0')}` };
}

function hslToRgb(hue: number, saturation: number, lightness: number): number {
	const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
	const sector = hue / 60;
	const second = chroma * (1 - Math.abs((sector % 2) - 1));
	const [r, g, b] =
		sector < 1 ? [chroma, second, 0]
		: sector < 2 ? [second, chroma, 0]
		: sector < 3 ? [0, chroma, second]
		: sector < 4 ? [0, second, chroma]
		: sector < 5 ? [second, 0, chroma]
		: [chroma, 0, second];
	const m = lightness - chroma / 2;
	const byte = (channel: number): number => Math.round((channel + m) * 255);
	return (byte(r) << 16) | (byte(g) << 8) | byte(b);
}

/** How each status is shown: the dot's colour and a label for tooltips and screen readers. */
export const STATUS_STYLES: Readonly<Record<PlayerStatus, { readonly value: number; readonly css: string; readonly label: string }>> = {
	available: { value: 0x22c55e, css: '#22c55e', label: 'Available' },
	busy: { value: 0xf59e0b, css: '#f59e0b', label: 'Busy' },
	dnd: { value: 0xef4444, css: '#ef4444', label: 'Do not disturb' },
};

/** The status style, with `available`'s for a status this version does not know. */
export function statusStyle(status: string): { readonly value: number; readonly css: string; readonly label: string } {
	return STATUS_STYLES[status as PlayerStatus] ?? STATUS_STYLES.available;
}

/** The first character of a name, upper-cased, for placeholders ("?" for an empty name). Emoji stay whole. */
export function initialOf(name: string): string {
	const first = firstGrapheme(name.trim());
	return first ? first.toLocaleUpperCase() : '?';
}

/** Shortens a name for a name tag, keeping whole characters, with an ellipsis. */
export function truncateName(name: string, maxLength = 20): string {
	const trimmed = name.trim();
	const characters = graphemes(trimmed);
	if (characters.length <= maxLength) return trimmed;
	return `${characters.slice(0, Math.max(1, maxLength - 1)).join('').trimEnd()}…`;
}

function firstGrapheme(text: string): string | undefined {
	return graphemes(text)[0];
}

// Intl.Segmenter keeps "👩‍💻" or "é" (e + combining accent) as one character; code points are the fallback.
function graphemes(text: string): string[] {
	if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
		const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
		return Array.from(segmenter.segment(text), (part) => part.segment);
	}
	return Array.from(text);
}
