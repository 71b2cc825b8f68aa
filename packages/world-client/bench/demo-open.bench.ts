// Page open -> in the world, in the real office demo (Vite build, Phaser, the
// world UI), in Chromium on loopback: a fresh browser context per run (no
// cache), `?autojoin=1` (no join screen). Two moments, in ms since navigation
// start: the client is connected (map loaded, self known, media room joined),
// and the camera is on. A resident Node player keeps the room alive, as in
// real use. Run with WebGL forced (emulated on the CPU here: no GPU) and with
// Canvas (what the demo picks by itself on such machines).
//
//   node scripts/run-ts.mjs packages/world-client/bench/demo-open.bench.ts [--runs 8]
import { WorldClient } from '@hallway/world-client';
import { launchChromium } from '../../../tests/e2e/support/chromium.js';
import { startOfficeDemo } from '../../../tests/e2e/support/office-demo.js';
import { mean, quantile, writeResult } from '../../world-server/bench/bench-report.js';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const RUNS = Number(args.get('--runs') ?? 8);
const TARGET_MS = 1500;

const demo = await startOfficeDemo();
const resident = await WorldClient.connect({ endpoint: demo.endpoint, world: 'office', name: 'Resident', spawn: 'east-wing', media: false });
const browser = await launchChromium();

type Renderer = 'webgl' | 'canvas';
const results: Record<Renderer, { inWorld: number[]; cameraOn: number[] }> = { webgl: { inWorld: [], cameraOn: [] }, canvas: { inWorld: [], cameraOn: [] } };
try {
	for (const renderer of ['webgl', 'canvas'] as const) {
		for (let run = 0; run < RUNS; run++) {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			const page = await context.newPage();
			await page.goto(`${demo.url}?name=Joiner&autojoin=1&spawn=lobby&renderer=${renderer}`);
			const at = (condition: string) =>
				page
					.waitForFunction(`(() => { const c = window.hallwayDemo?.client; return c && (${condition}) ? performance.now() : false; })()`, undefined, { polling: 10, timeout: 20_000 })
					.then((handle) => handle.jsonValue() as Promise<number>);
			results[renderer].inWorld.push(await at("c.connectionState === 'connected'"));
			results[renderer].cameraOn.push(await at("c.media.state.camera === 'on'"));
			await context.close();
		}
	}
} finally {
	await browser.close();
	await resident.disconnect();
	await demo.close();
}

const summary = (values: number[]) => ({ p50: Math.round(quantile(values, 0.5)), p95: Math.round(quantile(values, 0.95)), mean: Math.round(mean(values)) });
const table = (['webgl', 'canvas'] as const).map((renderer) => ({
	renderer: renderer === 'webgl' ? 'WebGL (CPU)' : 'Canvas',
	inWorld: summary(results[renderer].inWorld),
	cameraOn: summary(results[renderer].cameraOn),
}));
console.log(`\nOffice demo: page open -> in the world / camera on, ms since navigation start (${RUNS} runs each, target < ${TARGET_MS} ms in world)\n`);
console.log('renderer         in world p50  p95    camera on p50  p95');
for (const row of table) {
	console.log(`${row.renderer.padEnd(16)} ${String(row.inWorld.p50).padStart(12)} ${String(row.inWorld.p95).padStart(5)} ${String(row.cameraOn.p50).padStart(14)} ${String(row.cameraOn.p95).padStart(5)}`);
}
const file = writeResult('demo-open', { runs: RUNS, targetMs: TARGET_MS, results: table, raw: results });
console.log(`\nwrote ${file}`);
