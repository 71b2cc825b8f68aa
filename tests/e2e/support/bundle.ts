import { build } from 'esbuild';

/** Bundles a browser entry (TypeScript, npm imports) into one script for a test page. */
export async function bundleForBrowser(entry: string, { sourcemap = true }: { sourcemap?: boolean } = {}): Promise<string> {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'chrome120',
		write: false,
		// Inline source maps help debugging tests; benchmarks that time page loads turn them off.
		...(sourcemap ? { sourcemap: 'inline' as const } : {}),
		logLevel: 'silent',
		// Workspace packages from their sources, as in the unit tests.
		conditions: ['hallway-source'],
	});
	const [output] = result.outputFiles;
	if (!output) throw new Error('esbuild produced no output');
	return output.text;
}
