// `npm run bench`: runs every packages/*/bench/*.bench.ts, one after another
// (each prints a table and writes bench/results/<name>.json).
//   npm run bench                 all benchmarks
//   npm run bench -- proximity    only those whose file name contains "proximity"
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2];
const benches = readdirSync(path.join(root, 'packages'))
	.flatMap((pkg) => {
		try {
			return readdirSync(path.join(root, 'packages', pkg, 'bench'))
				.filter((f) => f.endsWith('.bench.ts'))
				.map((f) => path.join('packages', pkg, 'bench', f));
		} catch {
			return [];
		}
	})
	.filter((file) => !filter || file.includes(filter));

let failed = 0;
for (const bench of benches) {
	console.log(`\n=== ${bench}`);
	const result = spawnSync(process.execPath, ['scripts/run-ts.mjs', bench], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) failed++;
}
console.log(`\n${benches.length - failed} benchmark(s) ran, ${failed} failed to run`);
process.exit(failed ? 1 : 0);
