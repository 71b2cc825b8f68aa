import { defineConfig } from 'tsup';

export default defineConfig({
	entry: {
		index: 'src/index.ts',
		'server/index': 'src/server/index.ts',
		'client/index': 'src/client/index.ts',
		cli: 'src/cli.ts',
	},
	format: ['esm'],
	target: 'es2022',
	dts: { entry: { index: 'src/index.ts', 'server/index': 'src/server/index.ts', 'client/index': 'src/client/index.ts' } },
	clean: true,
	sourcemap: true,
});
