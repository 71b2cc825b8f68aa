/** @hallway/media/server: the mediasoup side of the media plane (Node only). */
export { ROUTER_MEDIA_CODECS } from './codecs.js';
export { startWorker } from './start-worker.js';
export {
	checkWorkerBinary,
	resolveWorkerBinary,
	setupWorker,
	SETUP_WORKER_COMMAND,
	type ResolvedWorkerBinary,
	type SetupWorkerOptions,
	type SetupWorkerResult,
	type WorkerOrigin,
} from '../worker-setup/index.js';
export {
	PooledWorker,
	type PooledWorkerState,
	type WorkerDiedEvent,
	type WorkerLoad,
	type WorkerLostEvent,
	WorkerPool,
	type WorkerPoolEvents,
	type WorkerPoolOptions,
	type WorkerReplacedEvent,
	type WorkerSlotState,
	type WorkerStats,
} from './worker-pool.js';
export { type ConsumerRecord, MediaPeer, type TransportDirection } from './media-peer.js';
export { MediaRoom, type MediaRoomCounts, type MediaRoomEvents, type MediaRoomOptions } from './media-room.js';
export type { RoomRouter } from './room-router.js';
export * from './subscriptions/index.js';
