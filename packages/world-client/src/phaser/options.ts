import type { Player } from '../core/types.js';
import type { BubbleFadeOptions, CompactBubbleOptions } from './bubble-layout.js';
import { isTouchFirst } from './joystick-direction.js';
import { DEFAULT_PINCH_ZOOM, type PinchZoomRange } from './pinch-zoom.js';

/**
 * Options of `attachHallway`. Every one has a default: `attachHallway(scene,
 * client)` alone renders the map, the avatars and the video bubbles, moves
 * the avatar with arrows/WASD and clicks, and follows it with the camera.
 */
export interface HallwayOptions {
	/** Draw the Tiled map of `client.map`. Default true; false when the game draws its own world. */
	map?: boolean;
	/** Move with the arrow keys and WASD. Default true. Keys typed into text fields are ignored. */
	keyboard?: boolean;
	/**
	 * Click or tap the map to walk there. Default true. Clicks on interactive
	 * game objects are left to them; drags, pinches and two-finger gestures
	 * never walk.
	 */
	pointer?: boolean;
	/**
	 * An on-screen joystick in the bottom-left corner of the game, for touch
	 * screens. Default `'auto'`: on when the device is touch-first (its main
	 * pointer is a finger and it has no mouse: a phone, a tablet), off
	 * otherwise. Tap-to-move works either way.
	 */
	joystick?: boolean | 'auto';
	/**
	 * Two fingers on the map zoom the camera. Default true (when `camera` is
	 * on), between zoom 0.5 and 4; an object sets the range.
	 */
	pinchZoom?: boolean | Partial<PinchZoomRange>;
	/** The main camera follows this client's avatar, bounded to the map. Default true; false leaves the camera to the game. */
	camera?: boolean;
	/** Camera zoom (world px → game px). Default 1. Applied only when `camera` is on. */
	zoom?: number;
	/** How quickly the camera catches up with the avatar per frame, 0 (never) .. 1 (locked). Default 0.2. */
	cameraLerp?: number;
	/** Circular video bubbles above nearby avatars (DOM, over the canvas). Default true. */
	bubbles?: boolean;
	/** Show this client's own camera above its avatar (mirrored). Default true. Needs `bubbles`. */
	selfView?: boolean;
	/** Diameter of a camera bubble up close, CSS px. Screen shares are wider. Default 88. */
	bubbleSize?: number;
	/**
	 * Bubbles shrink on small screens (phones), measured on the shorter side
	 * of the game's canvas: `bubbleSize` from 600 CSS px up, 60% of it at
	 * 360 px and below. Default true; false keeps `bubbleSize` everywhere; an
	 * object tunes the thresholds.
	 */
	compactBubbles?: boolean | Partial<CompactBubbleOptions>;
	/** How bubbles fade and shrink with distance. Default: the world's call radii (`client.info.proximity`), else 128/160 px. */
	fade?: Partial<BubbleFadeOptions>;
	/**
	 * Add the default bubble styles to the page (one `<style id="hallway-bubble-styles">`).
	 * Default true; false to style `.hallway-bubble` yourself.
	 */
	injectStyles?: boolean;
	/** Depths of what the layer draws, so the game can slot its own objects in between. */
	depth?: Partial<HallwayDepths>;
	/** Called when the user clicks or taps an avatar (instead of walking there). */
	onPlayerClick?: (player: Player) => void;
	/** Something failed to load or render (a tileset image, say); the layer keeps going. Default: `console.warn`. */
	onError?: (error: Error) => void;
}

/**
 * Depths (draw order) of the layer's objects. Avatars and labels add their
 * world y, so lower avatars overlap higher ones: give the game's own sprites
 * `depth = avatars + y` to walk among them.
 */
export interface HallwayDepths {
	/** First map layer (the next ones add 1 each). Default -10000. */
	map: number;
	/** Avatars, plus their y. Default 0. */
	avatars: number;
	/** Map layers with the Tiled property `above: true` (roofs, tree tops). Default 50000. */
	overhead: number;
	/** Name tags and emotes, plus their y, so they stay readable over everything. Default 100000. */
	labels: number;
}

export const DEFAULT_DEPTHS: Readonly<HallwayDepths> = { map: -10_000, avatars: 0, overhead: 50_000, labels: 100_000 };

/** Options with their defaults applied. */
export interface ResolvedHallwayOptions {
	readonly map: boolean;
	readonly keyboard: boolean;
	readonly pointer: boolean;
	readonly joystick: boolean;
	readonly pinchZoom: PinchZoomRange | false;
	readonly camera: boolean;
	readonly zoom: number;
	readonly cameraLerp: number;
	readonly bubbles: boolean;
	readonly selfView: boolean;
	readonly bubbleSize: number;
	readonly compactBubbles: Partial<CompactBubbleOptions> | false;
	readonly fade: Partial<BubbleFadeOptions>;
	readonly injectStyles: boolean;
	readonly depth: Readonly<HallwayDepths>;
	readonly onPlayerClick: ((player: Player) => void) | undefined;
	readonly onError: (error: Error) => void;
}

export function resolveOptions(options: HallwayOptions = {}): ResolvedHallwayOptions {
	return {
		map: options.map ?? true,
		keyboard: options.keyboard ?? true,
		pointer: options.pointer ?? true,
		joystick: options.joystick === 'auto' || options.joystick === undefined ? isTouchFirst() : options.joystick,
		pinchZoom: options.pinchZoom === false || options.camera === false ? false : { ...DEFAULT_PINCH_ZOOM, ...(options.pinchZoom === true ? {} : options.pinchZoom) },
		camera: options.camera ?? true,
		zoom: positive(options.zoom, 1, 'zoom'),
		cameraLerp: Math.min(1, Math.max(0, options.cameraLerp ?? 0.2)),
		bubbles: options.bubbles ?? true,
		selfView: options.selfView ?? true,
		bubbleSize: positive(options.bubbleSize, 88, 'bubbleSize'),
		compactBubbles: options.compactBubbles === false ? false : options.compactBubbles === true || options.compactBubbles === undefined ? {} : options.compactBubbles,
		fade: options.fade ?? {},
		injectStyles: options.injectStyles ?? true,
		depth: { ...DEFAULT_DEPTHS, ...options.depth },
		onPlayerClick: options.onPlayerClick,
		onError: options.onError ?? ((error) => console.warn(`[hallway] ${error.message}`)),
	};
}

function positive(value: number | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`E_HALLWAY_OPTION: ${name} must be a positive number, got ${value}`);
	return value;
}
