import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests import the workspace packages from their TypeScript sources, so that
 * `npm test` needs no build step and a stack trace points at src/.
 */
export const hallwaySourceAliases = [
	{ find: /^@hallway\/media\/(server|client)$/, replacement: `${root}packages/media/src/$1/index.ts` },
	{ find: /^@hallway\/world-server\/shared$/, replacement: `${root}packages/world-server/src/shared.ts` },
	{ find: /^@hallway\/world-client\/phaser$/, replacement: `${root}packages/world-client/src/phaser/index.ts` },
	{ find: /^@hallway\/(media|world-server|world-client)$/, replacement: `${root}packages/$1/src/index.ts` },
];
