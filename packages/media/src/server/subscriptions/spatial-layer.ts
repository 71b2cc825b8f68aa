import { type Band, SPATIAL_LAYER_BY_BAND } from './hearing-types.js';

/**
 * The simulcast spatial layer a listener gets of a camera: the band's
 * ({@link SPATIAL_LAYER_BY_BAND}), never above the listener's cap (a poor
 * connection asks for less with `media.setMaxSpatialLayer`).
 */
export function spatialLayerFor(band: Band, maxSpatialLayer: number | null): number {
	const layer = SPATIAL_LAYER_BY_BAND[band];
	return maxSpatialLayer === null ? layer : Math.min(layer, maxSpatialLayer);
}
