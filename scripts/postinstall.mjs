// Root postinstall: npm always runs the root package's own scripts, so this is
// where a fresh clone gets what dependencies' (blocked) install scripts would
// have done: the @hallway/media CLI is built, then its `setup-worker` makes the
// mediasoup worker available (cache, prebuilt download or offline build).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function step(title, command, args) {
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`[hallway] ${title} failed (exit ${result.status ?? result.signal}).`);
		process.exit(result.status || 1);
	}
	console.error(`[hallway] ${title}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
	console.error(`[hallway] running on Node ${process.version}; the project pins Node 24 through the "node" devDependency.`);
}

if (process.env.HALLWAY_SKIP_WORKER === '1') {
	console.error('[hallway] HALLWAY_SKIP_WORKER=1: skipping the mediasoup worker step');
	process.exit(0);
}
step('build @hallway/media', 'npm', ['run', 'build', '--silent', '-w', '@hallway/media']);
step('mediasoup worker step', process.execPath, ['packages/media/dist/cli.js', 'setup-worker']);
