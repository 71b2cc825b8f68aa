import type { RemoteTrack } from '../core/types.js';

/** Distance band of a remote track, as the server chose it. */
export type ProximityBand = RemoteTrack['band'];

/**
 * How a video bubble fades with distance. Distances are world px, from the
 * centre of this client's avatar to the speaker's.
 */
export interface BubbleFadeOptions {
	/** The world's enter radius: calls start within it. Default 128 px. */
	enterRadius: number;
	/** The world's leave radius: calls end beyond it. Default 160 px. */
	leaveRadius: number;
	/** Up to this distance the bubble is at full size and opacity. Default `enterRadius / 2` (the server's near band). */
	fullRadius?: number;
	/** Opacity at `leaveRadius` and beyond, 0..1. Default 0.45. */
	minOpacity: number;
	/** Scale at `leaveRadius` and beyond, 0..1. Default 0.72. */
	minScale: number;
}

export const DEFAULT_BUBBLE_FADE: Readonly<BubbleFadeOptions> = {
	enterRadius: 128,
	leaveRadius: 160,
	minOpacity: 0.45,
	minScale: 0.72,
};

/** What a bubble looks like at some distance. */
export interface BubbleAppearance {
	/** 0..1. */
	readonly opacity: number;
	/** Factor on the bubble's full size, 0..1. */
	readonly scale: number;
}

/**
 * Opacity and scale of a bubble at `distance` px: full up close, then easing
 * down to `minOpacity`/`minScale` at the leave radius, where the call drops.
 * The fade tells the user, before the video vanishes, that walking on will
 * end the conversation.
 */
export function bubbleAppearance(distance: number, options: Partial<BubbleFadeOptions> = {}): BubbleAppearance {
	const { enterRadius, leaveRadius, minOpacity, minScale } = { ...DEFAULT_BUBBLE_FADE, ...options };
	const fullRadius = options.fullRadius ?? enterRadius / 2;
	if (!(distance > fullRadius)) return { opacity: 1, scale: 1 };
	if (distance >= leaveRadius) return { opacity: minOpacity, scale: minScale };
	const span = Math.max(1, leaveRadius - fullRadius);
	const t = smoothstep(Math.min(1, (distance - fullRadius) / span));
	return { opacity: 1 - t * (1 - minOpacity), scale: 1 - t * (1 - minScale) };
}

/**
 * A representative distance for a server band, when no position is known
 * (the speaker is out of this client's view, e.g. on a stage).
 */
export function distanceForBand(band: ProximityBand, options: Partial<BubbleFadeOptions> = {}): number {
	const { enterRadius } = { ...DEFAULT_BUBBLE_FADE, ...options };
	switch (band) {
		case 'near':
			return 0;
		case 'mid':
			return enterRadius * 0.75;
		case 'far':
			return enterRadius;
	}
}

/**
 * The appearance of a bubble from what is known: `focused` (same meeting
 * room, or the speaker is on a stage: distance does not matter there) wins,
 * then a finite distance, then the server's band.
 */
export function bubbleAppearanceFor(
	input: { readonly distance?: number; readonly band?: ProximityBand; readonly focused?: boolean },
	options: Partial<BubbleFadeOptions> = {},
): BubbleAppearance {
	if (input.focused) return { opacity: 1, scale: 1 };
	if (input.distance !== undefined && Number.isFinite(input.distance)) return bubbleAppearance(input.distance, options);
	if (input.band) return bubbleAppearance(distanceForBand(input.band, options), options);
	return { opacity: 1, scale: 1 };
}

function smoothstep(t: number): number {
	return t * t * (3 - 2 * t);
}

/** A bubble to place: where it would like its centre, and its size, in overlay px. */
export interface BubbleSlot {
	/** Stable key (e.g. `playerId:source`); ties are broken by key order, so the layout does not flicker. */
	readonly key: string;
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

/** Where a bubble ends up. */
export interface PlacedBubble {
	/** Centre, overlay px. */
	readonly x: number;
	readonly y: number;
	/** Its wanted place was outside the viewport: it is pinned to the edge (a speaker out of sight). */
	readonly clamped: boolean;
}

export interface BubbleLayoutOptions {
	/** Space kept between two bubbles, px. Default 6. */
	gap: number;
	/** Space kept between a bubble and the viewport's edge, px. Default 8. */
	margin: number;
	/** Relaxation passes; more separates crowds better. Default 8. */
	iterations: number;
}

const DEFAULT_LAYOUT: BubbleLayoutOptions = { gap: 6, margin: 8, iterations: 8 };

/**
 * Places bubbles near where they want to be without overlapping, inside the
 * viewport. Two people standing side by side get their bubbles side by side
 * instead of one hiding the other; a speaker out of sight (a stage far away)
 * stays visible at the edge.
 *
 * Deterministic and continuous in its inputs: the same slots give the same
 * layout, and small moves give small changes (no jumping between frames).
 */
export function layoutBubbles(
	slots: readonly BubbleSlot[],
	viewport: { readonly width: number; readonly height: number },
	options: Partial<BubbleLayoutOptions> = {},
): Map<string, PlacedBubble> {
	const { gap, margin, iterations } = { ...DEFAULT_LAYOUT, ...options };
	const items = [...slots]
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map((slot) => ({ slot, x: slot.x, y: slot.y, clamped: false }));

	const clamp = (item: (typeof items)[number]): void => {
		const halfW = item.slot.width / 2 + margin;
		const halfH = item.slot.height / 2 + margin;
		const x = clampRange(item.x, halfW, viewport.width - halfW);
		const y = clampRange(item.y, halfH, viewport.height - halfH);
		item.x = x;
		item.y = y;
	};
	for (const item of items) {
		const before = { x: item.x, y: item.y };
		clamp(item);
		item.clamped = before.x !== item.x || before.y !== item.y;
	}

	for (let pass = 0; pass < iterations; pass++) {
		let moved = false;
		for (let i = 0; i < items.length; i++) {
			for (let j = i + 1; j < items.length; j++) {
				const a = items[i]!;
				const b = items[j]!;
				const dx = b.x - a.x;
				const dy = b.y - a.y;
				const overlapX = (a.slot.width + b.slot.width) / 2 + gap - Math.abs(dx);
				const overlapY = (a.slot.height + b.slot.height) / 2 + gap - Math.abs(dy);
				if (overlapX <= 0 || overlapY <= 0) continue;
				moved = true;
				// Side by side reads best above avatars, so horizontal wins unless it costs much more.
				if (overlapX <= overlapY * 2) {
					const sign = dx < 0 ? -1 : 1;
					a.x -= (sign * overlapX) / 2;
					b.x += (sign * overlapX) / 2;
				} else {
					const sign = dy < 0 ? -1 : 1;
					a.y -= (sign * overlapY) / 2;
					b.y += (sign * overlapY) / 2;
				}
			}
		}
		for (const item of items) clamp(item);
		if (!moved) break;
	}

	return new Map(items.map((item) => [item.slot.key, { x: item.x, y: item.y, clamped: item.clamped }]));
}

// A viewport narrower than the bubble centres it rather than pushing it off one side.
function clampRange(value: number, min: number, max: number): number {
	if (min > max) return (min + max) / 2;
	return Math.min(max, Math.max(min, value));
}

/**
 * How bubbles shrink on small screens (phones), where full-size bubbles would
 * cover the people they belong to. Measured on the shorter side of the game's
 * canvas, CSS px, so a phone held either way gets the same bubbles.
 */
export interface CompactBubbleOptions {
	/** From this shorter side up, bubbles are at full size. Default 600. */
	fullFrom: number;
	/** At this shorter side and below, bubbles are at `minScale`. Default 360. */
	smallAt: number;
	/** Factor on the full size on the smallest screens, 0..1. Default 0.6. */
	minScale: number;
}

export const DEFAULT_COMPACT_BUBBLES: Readonly<CompactBubbleOptions> = { fullFrom: 600, smallAt: 360, minScale: 0.6 };

/**
 * The bubble diameter for a viewport: `size` on a laptop, down to
 * `size * minScale` on a phone, linear in between. Whole px, so the size
 * does not change on every sub-pixel resize. `false`: always `size`.
 */
export function bubbleSizeFor(size: number, viewport: { readonly width: number; readonly height: number }, options: Partial<CompactBubbleOptions> | false = {}): number {
	if (options === false) return size;
	const { fullFrom, smallAt, minScale } = { ...DEFAULT_COMPACT_BUBBLES, ...options };
	const shorter = Math.min(viewport.width, viewport.height);
	if (!(shorter < fullFrom)) return size;
	const t = fullFrom > smallAt ? Math.min(1, Math.max(0, (shorter - smallAt) / (fullFrom - smallAt))) : 0;
	return Math.round(size * (minScale + t * (1 - minScale)));
}
