/**
 * @hallway/world-client/phaser: the Phaser 4 layer of the Hallway SDK. It
 * renders a world from the public API of a `WorldClient`: the Tiled map,
 * avatars, video bubbles pinned to them, input and camera.
 *
 * - In an existing game: `attachHallway(scene, client, options)` from a scene's `create()`.
 * - On a page with no game: `new HallwayScene({ client })` in a game config.
 *
 * The pure helpers (colours, emotes, bubble fade and layout, key handling)
 * are exported for games that draw some of it their own way.
 */
export { attachHallway, type HallwayHandle } from './hallway-layer.js';
export { HallwayScene, type HallwaySceneConfig } from './hallway-scene.js';
export type { HallwayClient } from './client-shape.js';
export { DEFAULT_DEPTHS, type HallwayDepths, type HallwayOptions } from './options.js';

export {
	type BubbleAppearance,
	bubbleAppearance,
	bubbleAppearanceFor,
	bubbleSizeFor,
	type BubbleFadeOptions,
	type BubbleLayoutOptions,
	type BubbleSlot,
	type CompactBubbleOptions,
	DEFAULT_BUBBLE_FADE,
	DEFAULT_COMPACT_BUBBLES,
	distanceForBand,
	layoutBubbles,
	type PlacedBubble,
	type ProximityBand,
} from './bubble-layout.js';
export type { BubbleQuality, BubbleState } from './bubble-element.js';
export { cameraBoundsFor, type WorldRect } from './camera-bounds.js';
export { LABEL_STEP, type LabelBox, stackLabels } from './label-layout.js';
export { EMOTE_DURATION_MS, EMOTE_EMOJI, emojiForEmote } from './emotes.js';
export { isTouchFirst, joystickDirection, joystickKnob } from './joystick-direction.js';
export { DEFAULT_PINCH_ZOOM, pinchZoom, type PinchZoomRange } from './pinch-zoom.js';
export { directionFromKeys, isEditableTarget, type KeyDirection, MOVEMENT_KEYS } from './keyboard-direction.js';
export { colorFromId, initialOf, type PlayerColor, STATUS_STYLES, statusStyle, truncateName } from './player-style.js';
