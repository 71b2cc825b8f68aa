import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
	resolve: {
		// The @hallway/* workspace packages compile from their TypeScript sources
		// (no `npm run build` of the SDK first). A game installing the published
		// packages does not need this line.
		conditions: ['hallway-source', ...defaultClientConditions],
	},
	build: {
		// Phaser alone is about 1.5 MB minified: one chunk is fine for a game.
		chunkSizeWarningLimit: 2500,
	},
});
