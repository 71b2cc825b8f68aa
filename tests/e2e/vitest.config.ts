import { defineProject } from 'vitest/config';
import { hallwaySourceAliases } from '../../vitest.shared.js';

export default defineProject({
	resolve: { alias: hallwaySourceAliases },
	test: {
		name: 'e2e',
		include: ['**/*.test.ts'],
		testTimeout: 90_000,
		hookTimeout: 60_000,
		// Each file drives several Chromium pages: on 2 cores, one file at a time.
		fileParallelism: false,
	},
});
