// `npm start`: starts the demo. Today that is the first-call page (two tabs,
// one call through the embedded mediasoup SFU).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'scripts/dev/first-call-demo.ts'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
