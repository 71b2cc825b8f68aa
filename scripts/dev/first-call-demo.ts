// `npm start` until the office demo lands: serves the first-call page on
// 127.0.0.1; open it in two tabs and each tab sees and hears the other.
import { fileURLToPath } from 'node:url';
import { startFirstCallServer } from '../../tests/e2e/first-call/server.js';
import { bundleForBrowser } from '../../tests/e2e/support/bundle.js';

const port = Number(process.env.PORT ?? 3000);
const script = await bundleForBrowser(fileURLToPath(new URL('../../tests/e2e/first-call/page.ts', import.meta.url)));
const server = await startFirstCallServer(script, { port });
console.log(`Hallway first-call demo: open ${server.url} in two browser tabs (Ctrl+C to stop)`);

// mediasoup's Worker installs its own SIGINT/SIGTERM listeners, which removes
// Node's default exit: this process owns shutdown.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		void server.close().finally(() => process.exit(0));
	});
}
