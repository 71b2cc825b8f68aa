// What the project runs beyond node_modules comes from Debian packages: this
// module finds the missing ones and installs them when it can (root on
// Debian, HALLWAY_NO_APT unset). Used by preflight.mjs (the tests) and by
// start.mjs (the demo).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * @typedef {object} Need
 * @property {string} what     who needs it, for messages ("the TURN test needs coturn")
 * @property {string} path     the executable looked for
 * @property {string[]} packages the Debian packages that provide it
 * @property {string} env      the variable that points elsewhere
 */

/** True when this process may run apt-get. */
export function canUseApt() {
	return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.HALLWAY_NO_APT !== '1';
}

/**
 * Installs the packages of the needs whose executable is missing. Returns the
 * needs still missing: all of them when apt-get cannot be used (the caller
 * says what to install, see `installHint`), none after a successful install.
 * @param {Need[]} needs
 * @param {string} purpose for the log line ("for the tests")
 * @returns {Need[]}
 */
export function ensurePackages(needs, purpose) {
	const missing = needs.filter((need) => !existsSync(need.path));
	if (missing.length === 0 || !canUseApt()) return missing;
	const packages = missing.flatMap((need) => need.packages);
	console.error(`[hallway] installing ${packages.join(' ')} ${purpose}`);
	apt(['update', '-q']);
	apt(['install', '-y', '-q', ...packages]);
	return missing.filter((need) => !existsSync(need.path));
}

/** @param {Need} need */
export function installHint(need) {
	return `[hallway] ${need.what} at ${need.path}: sudo apt-get install -y ${need.packages.join(' ')} (or set ${need.env})`;
}

function apt(args) {
	const result = spawnSync('apt-get', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
}
