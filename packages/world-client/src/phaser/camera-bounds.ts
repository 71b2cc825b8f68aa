/** A rectangle in world px. */
export interface WorldRect {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

/**
 * Camera bounds for a map: the map itself, widened (symmetrically) on an axis
 * where the map is smaller than what the camera shows, so that a small map
 * sits in the middle of the view instead of in its top-left corner.
 *
 * @param mapWidth map width, world px
 * @param mapHeight map height, world px
 * @param viewWidth camera width, game px
 * @param viewHeight camera height, game px
 * @param zoom camera zoom (> 0)
 */
export function cameraBoundsFor(mapWidth: number, mapHeight: number, viewWidth: number, viewHeight: number, zoom: number): WorldRect {
	const shownWidth = viewWidth / zoom;
	const shownHeight = viewHeight / zoom;
	const width = Math.max(mapWidth, shownWidth);
	const height = Math.max(mapHeight, shownHeight);
	return { x: (mapWidth - width) / 2, y: (mapHeight - height) / 2, width, height };
}
