export type { DrainOptions, DrainResult } from './drain.js';
export type { HealthReport } from './health.js';
export type { MediaStatsOptions } from './media-stats-sampler.js';
export { HEALTH_PATH, METRICS_PATH } from './ops-http.js';
export { type Drainable, installShutdownHandlers, type ShutdownHandlerOptions } from './shutdown-signals.js';
export { CLOSE_SERVER_SHUTDOWN, E_SERVER_DRAINING, SHUTDOWN_MESSAGE, type ShutdownPayload } from './shutdown-message.js';
export { type MetricsOptions, WorldMetrics } from './world-metrics.js';
