import type { WorkerPool } from '@hallway/media/server';
import type { DrainOptions, DrainResult } from './drain.js';

/** What the handlers need of a server: `WorldServer` fits. */
export interface Drainable {
	drain(options?: DrainOptions): Promise<DrainResult>;
}

export interface ShutdownHandlerOptions extends DrainOptions {
	/** mediasoup pools to close after the drain (their worker processes exit). Default none. */
	pools?: readonly WorkerPool[];
	/** Signals that drain the server. Default `SIGTERM` and `SIGINT`. */
	signals?: readonly NodeJS.Signals[];
	/**
	 * Extra time, beyond the drain's `timeoutMs`, for the pools to close, in
	 * ms; past both the process exits with 1 whatever is left. Default 5000
	 * (a pool SIGKILLs a worker after its own `closeTimeoutMs`, 3 s by default).
	 */
	poolCloseMs?: number;
	/** Ends the process. Default `process.exit`. */
	exit?: (code: number) => void;
	/** Where the steps are told. Default: one JSON line each on stderr when `DEBUG` names `hallway:shutdown` (or `hallway:*`). */
	log?: (event: string, fields?: Record<string, unknown>) => void;
}

/**
 * Makes the process shut down cleanly on SIGTERM/SIGINT: drain the server
 * (joins refused, players told, then disconnected), close the pools, exit 0;
 * exit 1 if that does not finish within `timeoutMs + poolCloseMs`. Returns a
 * function that removes the handlers.
 *
 * Why the server must do this: every mediasoup Worker adds SIGINT/SIGTERM
 * listeners of its own (they close the worker), which removes Node's default
 * exit on those signals, so a server without handlers keeps running with its
 * workers gone. Ours is put first: the drain's first step (refuse joins, tell
 * players) runs synchronously inside it, before mediasoup's listeners close
 * the workers. Further signals during the drain are ignored (a terminal's
 * Ctrl+C reaches both `run-ts` and its child); the time bound still holds.
 */
export function installShutdownHandlers(server: Drainable, options: ShutdownHandlerOptions = {}): () => void {
	const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
	const exit = options.exit ?? ((code: number) => process.exit(code));
	const log = options.log ?? debugLog;
	const timeoutMs = options.timeoutMs ?? 10_000;
	const bound = timeoutMs + (options.poolCloseMs ?? 5_000);
	let started = false;

	const onSignal = (signal: NodeJS.Signals): void => {
		if (started) {
			log('signal ignored: already shutting down', { signal });
			return;
		}
		started = true;
		log('draining', { signal, timeoutMs });
		const hardStop = setTimeout(() => {
			log('shutdown took too long: exiting', { boundMs: bound });
			exit(1);
		}, bound);
		hardStop.unref();
		// Synchronously up to its first await: joins refused and players told before mediasoup's listeners run.
		const draining = server.drain({ reason: options.reason, noticeMs: options.noticeMs, timeoutMs });
		void draining
			.then(async (result) => {
				log('drained', { ...result });
				await Promise.all((options.pools ?? []).map((pool) => pool.close()));
				log('workers closed', { pools: options.pools?.length ?? 0 });
				clearTimeout(hardStop);
				exit(result.timedOut ? 1 : 0);
			})
			.catch((error: unknown) => {
				log('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
				clearTimeout(hardStop);
				exit(1);
			});
	};
	for (const signal of signals) process.prependListener(signal, onSignal);
	return () => {
		for (const signal of signals) process.removeListener(signal, onSignal);
	};
}

function debugLog(event: string, fields: Record<string, unknown> = {}): void {
	if (!/(^|[\s,])hallway:(\*|shutdown)($|[\s,])/.test(process.env.DEBUG ?? '')) return;
	process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ns: 'hallway:shutdown', event, ...fields })}\n`);
}
