import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

/**
 * The repository root: the nearest directory above the working directory whose
 * package.json declares workspaces. (Benchmarks run bundled, so their own
 * file location says nothing about the repository.)
 */
function repositoryRoot(): string {
	for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && 'workspaces' in JSON.parse(readFileSync(manifest, 'utf8'))) return dir;
		if (path.dirname(dir) === dir) throw new Error('run benchmarks from inside the Hallway repository');
	}
}

/** Machine facts stored with every benchmark result, so numbers can be compared honestly. */
export function machineInfo() {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		node: process.version,
		platform: `${process.platform}-${process.arch}`,
		date: new Date().toISOString(),
	};
}

/** Writes `bench/results/<name>.json` at the repository root and returns its path. */
export function writeResult(name: string, result: unknown): string {
	const resultsDir = path.join(repositoryRoot(), 'bench', 'results');
	mkdirSync(resultsDir, { recursive: true });
	const file = path.join(resultsDir, `${name}.json`);
	writeFileSync(file, `${JSON.stringify({ machine: machineInfo(), ...(result as object) }, null, 2)}\n`);
	return file;
}

/** Value at quantile q (0..1) of an unsorted sample. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function mean(values: readonly number[]): number {
	return values.reduce((sum, v) => sum + v, 0) / values.length;
}
