import * as mediasoup from 'mediasoup';
import type { Worker, WorkerSettings } from 'mediasoup/types';
import { resolveWorkerBinary } from '../worker-setup/index.js';

/**
 * Starts one mediasoup worker with a binary found by `resolveWorkerBinary()`:
 * fails at once, with the command to run, when none is installed.
 */
export async function startWorker(settings: Omit<WorkerSettings, 'workerBin'> = {}): Promise<Worker> {
	const { path: workerBin } = resolveWorkerBinary();
	return mediasoup.createWorker({ logLevel: 'warn', ...settings, workerBin });
}
