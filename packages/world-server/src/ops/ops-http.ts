import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HealthSources, healthReport } from './health.js';
import type { WorldMetrics } from './world-metrics.js';

/** Where operators look: Prometheus' and Kubernetes' usual paths. */
export const METRICS_PATH = '/metrics';
export const HEALTH_PATH = '/healthz';

/**
 * `GET /metrics` (Prometheus text format) and `GET /healthz` (small JSON,
 * 200 while serving, 503 while draining or without media workers), as a
 * connect/express-style handler that passes everything else on.
 *
 * Served beside `HttpFiles` rather than through Colyseus' router for the
 * same reason: in 0.18 that router stalls on bodies of ~100 KB sent without
 * a Content-Length, and a busy server's exposition text gets there. These
 * responses always carry their length.
 */
export class OpsHttp {
	readonly #metrics: WorldMetrics | undefined;
	readonly #health: HealthSources;

	constructor(health: HealthSources, metrics: WorldMetrics | undefined) {
		this.#health = health;
		this.#metrics = metrics;
	}

	readonly handle = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
		if (pathname === HEALTH_PATH) {
			const { httpStatus, body } = healthReport(this.#health);
			send(res, httpStatus, 'application/json', JSON.stringify(body));
		} else if (pathname === METRICS_PATH && this.#metrics) {
			this.#metrics.render().then(
				({ contentType, body }) => send(res, 200, contentType, body),
				(error: unknown) => send(res, 500, 'application/json', JSON.stringify({ code: 'E_INTERNAL', message: `metrics: ${String(error)}` })),
			);
		} else {
			next();
		}
	};
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
	const bytes = Buffer.from(body);
	res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'no-store' });
	res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
