#!/usr/bin/env node
/**
 * `hallway-media` command line: prepares what @hallway/media needs on a host.
 *
 *   hallway-media setup-worker [--force] [--download | --no-download]   make mediasoup-worker available (cached)
 *   hallway-media worker-path                                             print the worker binary mediasoup will use
 */
import { resolveWorkerBinary, setupWorker } from './worker-setup/index.js';

const USAGE = `usage: hallway-media setup-worker [--force] [--download | --no-download]
       hallway-media worker-path`;

async function main(argv: string[]): Promise<number> {
	const [command, ...flags] = argv;
	switch (command) {
		case 'setup-worker': {
			const unknown = flags.filter((f) => f !== '--force' && f !== '--download' && f !== '--no-download');
			if (unknown.length > 0) {
				console.error(`unknown option ${unknown.join(' ')}\n${USAGE}`);
				return 2;
			}
			const result = await setupWorker({
				force: flags.includes('--force'),
				...(flags.includes('--no-download') ? { download: false } : flags.includes('--download') ? { download: true } : {}),
			});
			console.error(
				`[hallway-media] mediasoup-worker ${result.version} ready (from ${result.origin}, ${result.seconds.toFixed(1)} s): ${result.installedAt}`,
			);
			return 0;
		}
		case 'worker-path': {
			const found = resolveWorkerBinary();
			console.log(found.path);
			return 0;
		}
		default:
			console.error(USAGE);
			return 2;
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[hallway-media] ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
