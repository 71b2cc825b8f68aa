// Runs before `npm test`: makes sure what the tests need beyond node_modules is
// on this machine (Debian's chromium for the browser tests, coturn for the
// TURN test, ffmpeg for the spectator broadcast test, and a mediasoup worker),
// installing it when root on Debian, else saying what to install.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensurePackages, installHint } from './debian-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.HALLWAY_CHROMIUM || '/usr/bin/chromium';
export const TURNSERVER = process.env.HALLWAY_TURNSERVER || '/usr/bin/turnserver';
export const REDIS_SERVER = process.env.HALLWAY_REDIS_SERVER || '/usr/bin/redis-server';
export const FFMPEG = process.env.HALLWAY_FFMPEG || '/usr/bin/ffmpeg';
/** What the tests run, where they look for it, and the Debian packages that provide it. */
const NEEDS = [
	{ what: 'browser tests need Chromium', path: CHROMIUM, packages: ['chromium', 'fonts-liberation'], env: 'HALLWAY_CHROMIUM' },
	{ what: 'the TURN test needs coturn', path: TURNSERVER, packages: ['coturn'], env: 'HALLWAY_TURNSERVER' },
	{ what: 'the multi-process tests need redis-server', path: REDIS_SERVER, packages: ['redis-server'], env: 'HALLWAY_REDIS_SERVER' },
	{ what: 'the spectator broadcast test needs FFmpeg (and ffprobe)', path: FFMPEG, packages: ['ffmpeg'], env: 'HALLWAY_FFMPEG' },
];

const missing = ensurePackages(NEEDS, 'for the tests');
if (missing.length > 0) {
	for (const need of missing) console.error(installHint(need));
	process.exit(1);
}

// The worker step is idempotent and takes well under a second when the cache is warm.
const worker = spawnSync(process.execPath, ['packages/media/dist/cli.js', 'setup-worker'], { cwd: root, stdio: 'inherit' });
if (worker.status !== 0) process.exit(worker.status || 1);
