// Runs before `npm test`: makes sure what the tests need beyond node_modules is
// on this machine (Debian's chromium for the browser tests, and a mediasoup
// worker), installing it when root on Debian, else saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.HALLWAY_CHROMIUM || '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-liberation'];

function canUseApt() {
	return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.HALLWAY_NO_APT !== '1';
}

function apt(args) {
	const result = spawnSync('apt-get', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
}

if (!existsSync(CHROMIUM)) {
	if (!canUseApt()) {
		console.error(`[hallway] browser tests need Chromium at ${CHROMIUM}: sudo apt-get install -y ${APT_PACKAGES.join(' ')} (or set HALLWAY_CHROMIUM)`);
		process.exit(1);
	}
	console.error(`[hallway] installing ${APT_PACKAGES.join(' ')} for the browser tests`);
	apt(['update', '-q']);
	apt(['install', '-y', '-q', ...APT_PACKAGES]);
}

// The worker step is idempotent and takes well under a second when the cache is warm.
const worker = spawnSync(process.execPath, ['packages/media/dist/cli.js', 'setup-worker'], { cwd: root, stdio: 'inherit' });
if (worker.status !== 0) process.exit(worker.status || 1);
