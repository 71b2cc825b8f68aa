#!/usr/bin/env node
// Runs a TypeScript entry (a benchmark, a dev server, a tool) on Node:
//   node scripts/run-ts.mjs path/to/entry.ts [args...]
// esbuild bundles the entry with the workspace packages taken from their
// sources (the "hallway-source" export condition) and every npm dependency
// left external, into a temp .mjs next to the entry's package, then node runs it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
	console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
	process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repo, so that the bundle's bare imports resolve from node_modules.
const outDir = mkdtempSync(path.join(root, 'node_modules', '.run-ts-'));
const outFile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
try {
	await build({
		entryPoints: [path.resolve(entry)],
		outfile: outFile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node22',
		sourcemap: 'inline',
		conditions: ['hallway-source'],
		// npm packages stay external (node loads them from node_modules); the
		// workspace packages (@hallway/*) are bundled from their sources.
		plugins: [
			{
				name: 'externalize-npm-packages',
				setup(b) {
					b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@hallway/') ? undefined : { path: args.path, external: true }));
				},
			},
		],
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
		logLevel: 'warning',
	});
	const child = spawn(process.execPath, ['--enable-source-maps', outFile, ...args], { stdio: 'inherit' });
	// The child owns shutdown: pass signals on and wait for it, so that the
	// temp bundle is removed however the run ends (Ctrl+C, kill, exit).
	const forward = (signal) => child.kill(signal);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
	const { code, signal } = await new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	process.exitCode = code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1) : 1);
} finally {
	rmSync(outDir, { recursive: true, force: true });
}
