/**
 * @hallway/world-server: the authoritative world. Plain modules (maps, zones,
 * movement, proximity) that take numbers and return results, the Colyseus
 * WorldRoom that adapts them to sockets, operations (metrics, health,
 * graceful shutdown), and several processes on Redis.
 */
export * from './cluster/index.js';
export * from './map/index.js';
export * from './movement/index.js';
export * from './ops/index.js';
export * from './proximity/index.js';
export * from './room/index.js';
export * from './spectator/index.js';
