import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
	// Relative asset URLs: the built client works behind any path prefix.
	base: './',
	resolve: {
		// The workspace packages are bundled from their TypeScript sources, so
		// the demo needs no `npm run build` of the packages first.
		conditions: ['hallway-source', ...defaultClientConditions],
	},
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		target: 'es2022',
		// Phaser alone is ~1.2 MB minified: one chunk for it is expected, not a warning.
		chunkSizeWarningLimit: 2000,
		reportCompressedSize: true,
	},
});
