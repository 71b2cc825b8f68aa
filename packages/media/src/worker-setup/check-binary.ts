import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/**
 * mediasoup-worker run by hand, without the MEDIASOUP_VERSION that mediasoup's
 * Node side passes, exits with 41 ("you don't seem to be my real father!").
 * Exit 41 therefore proves the binary exists, is executable and its shared
 * libraries load on this host.
 */
const EXPECTED_STANDALONE_EXIT_CODE = 41;

export type BinaryCheck = { ok: true } | { ok: false; reason: string };

export function checkWorkerBinary(binPath: string): BinaryCheck {
	try {
		accessSync(binPath, constants.X_OK);
	} catch {
		return { ok: false, reason: `${binPath} does not exist or is not executable` };
	}
	const run = spawnSync(binPath, [], { env: {}, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
	if (run.status === EXPECTED_STANDALONE_EXIT_CODE) return { ok: true };
	const stderr = run.stderr?.toString().trim().split('\n').slice(-3).join(' | ') ?? '';
	return {
		ok: false,
		reason: `${binPath} exited with ${run.status ?? run.signal ?? run.error?.message} instead of ${EXPECTED_STANDALONE_EXIT_CODE}${stderr ? `: ${stderr}` : ''}`,
	};
}
