import { defineConfig } from 'tsup';

export default defineConfig({
	entry: { index: 'src/index.ts', 'phaser/index': 'src/phaser/index.ts' },
	format: ['esm'],
	target: 'es2022',
	// The browser-safe simulation shared with the server is compiled in, so a
	// game installing this SDK does not pull the server (Colyseus, mediasoup).
	// Its declarations are copied in by scripts/bundle-shared-types.mjs.
	noExternal: ['@hallway/world-server'],
	dts: true,
	clean: true,
	sourcemap: true,
});
