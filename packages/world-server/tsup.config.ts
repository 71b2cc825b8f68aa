import { defineConfig } from 'tsup';

export default defineConfig({
	entry: { index: 'src/index.ts', shared: 'src/shared.ts' },
	format: ['esm'],
	target: 'es2022',
	dts: true,
	clean: true,
	sourcemap: true,
});
