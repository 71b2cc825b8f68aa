import { build } from 'esbuild';

/** Bundles a browser entry (TypeScript, npm imports) into one script for a test page. */
export async function bundleForBrowser(entry: string): Promise<string> {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'chrome120',
		write: false,
		sourcemap: 'inline',
		logLevel: 'silent',
		// Workspace packages from their sources, as in the unit tests.
		conditions: ['hallway-source'],
	});
	const [output] = result.outputFiles;
	if (!output) throw new Error('esbuild produced no output');
	return output.text;
}
