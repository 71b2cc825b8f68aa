import { defineConfig } from 'tsup';

export default defineConfig({
	entry: { index: 'src/index.ts', 'phaser/index': 'src/phaser/index.ts' },
	format: ['esm'],
	target: 'es2022',
	dts: true,
	clean: true,
	sourcemap: true,
});
