// After tsup: ship the declarations of `@hallway/world-server/shared` inside
// this package, so a game that installs @hallway/world-client type-checks
// without the server package (Colyseus server, mediasoup). tsup already
// compiles that browser-safe code into dist/*.js; this does the same for types.
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(pkg, 'dist');
const out = path.join(dist, 'world-server');
const serverSrc = path.join(path.dirname(createRequire(import.meta.url).resolve('@hallway/world-server/package.json')), 'src');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

await rm(out, { recursive: true, force: true });
// Declarations of shared.ts and the files it imports, nothing else.
execFileSync(
	process.execPath,
	[
		tsc,
		path.join(serverSrc, 'shared.ts'),
		'--declaration',
		'--emitDeclarationOnly',
		'--rootDir',
		serverSrc,
		'--outDir',
		out,
		'--target',
		'es2022',
		'--module',
		'nodenext',
		'--moduleResolution',
		'nodenext',
		'--strict',
		'--skipLibCheck',
		'--verbatimModuleSyntax',
		'--ignoreConfig',
		'--types',
		'node',
	],
	{ stdio: 'inherit' },
);

// Point every `@hallway/world-server/shared` import of our declarations at the copy.
for (const file of await declarations(dist)) {
	if (file.startsWith(out)) continue;
	const text = await readFile(file, 'utf8');
	if (!text.includes('@hallway/world-server/shared')) continue;
	let relative = path.relative(path.dirname(file), path.join(out, 'shared.js')).split(path.sep).join('/');
	if (!relative.startsWith('.')) relative = `./${relative}`;
	await writeFile(file, text.replaceAll(/(['"])@hallway\/world-server\/shared\1/g, `'${relative}'`));
}

async function declarations(dir) {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries.filter((e) => e.isFile() && e.name.endsWith('.d.ts')).map((e) => path.join(e.parentPath, e.name));
}
