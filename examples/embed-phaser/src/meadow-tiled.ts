import type { Meadow } from './meadow.js';

/**
 * The meadow as a Tiled JSON map, for the world server: a `collisions` tile
 * layer (every non-empty tile blocks), the picnic blanket as a private zone,
 * and the start as the spawn point. The game draws its own tiles, so the
 * one tileset has no image: the map carries walls and places, not art.
 */
export function meadowTiledMap(meadow: Meadow): Record<string, unknown> {
	const { cols, rows, tileSize } = meadow;
	return {
		type: 'map',
		version: '1.10',
		orientation: 'orthogonal',
		renderorder: 'right-down',
		infinite: false,
		width: cols,
		height: rows,
		tilewidth: tileSize,
		tileheight: tileSize,
		nextlayerid: 4,
		nextobjectid: 3,
		tilesets: [{ firstgid: 1, name: 'meadow-walls', tilecount: 1, columns: 1, tilewidth: tileSize, tileheight: tileSize }],
		layers: [
			{
				id: 1,
				name: 'collisions',
				type: 'tilelayer',
				width: cols,
				height: rows,
				x: 0,
				y: 0,
				opacity: 1,
				visible: true,
				data: meadow.cells.map((cell) => (cell.obstacle ? 1 : 0)),
			},
			{
				id: 2,
				name: 'zones',
				type: 'objectgroup',
				opacity: 1,
				visible: true,
				objects: [{ id: 1, name: 'Picnic blanket', type: 'private', ...meadow.blanket, rotation: 0, visible: true }],
			},
			{
				id: 3,
				name: 'spawns',
				type: 'objectgroup',
				opacity: 1,
				visible: true,
				objects: [{ id: 2, name: 'start', point: true, ...meadow.start, width: 0, height: 0, rotation: 0, visible: true }],
			},
		],
	};
}
