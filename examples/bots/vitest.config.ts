import { defineProject } from 'vitest/config';
import { hallwaySourceAliases } from '../../vitest.shared.js';

export default defineProject({
	resolve: { alias: hallwaySourceAliases },
	test: { name: 'bots', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
