// `npm run bench:plot`: charts of the benchmark results. Reads
// bench/results/*.json, draws each chart as an SVG in code, and rasterises it
// to docs/images/bench-<name>.png with Debian's chromium through
// playwright-core (already used by the browser tests): no charting library.
// A result file that is missing is skipped with a note; docs/benchmarks.md
// shows the PNGs.
//
//   npm run bench:plot              every chart
//   npm run bench:plot -- load      only charts whose name contains "load"
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = path.join(root, 'bench', 'results');
const imagesDir = path.join(root, 'docs', 'images');
const CHROMIUM = process.env.HALLWAY_CHROMIUM || '/usr/bin/chromium';
const filter = process.argv[2];

const WIDTH = 760;
const HEIGHT = 380;
const MARGIN = { top: 56, right: 24, bottom: 72, left: 72 };
const COLORS = ['#3b6fb6', '#e08a2e', '#4a9a5b', '#b04a6e', '#7a5cb0'];
const FONT = 'font-family="Liberation Sans, Arial, sans-serif"';

/** Reads bench/results/<name>.json, or undefined when that benchmark has not run. */
function result(name) {
	const file = path.join(resultsDir, `${name}.json`);
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => (v === 0 ? '0' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** Round upper bound for a linear axis, and its ticks. */
function linearTicks(max) {
	const step0 = max / 5;
	const magnitude = 10 ** Math.floor(Math.log10(step0));
	const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= step0);
	const top = Math.ceil(max / step) * step;
	const ticks = [];
	for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
	return { top, ticks };
}

/**
 * A grouped bar chart: one group per category, one bar per series, the value
 * written above each bar; optional dashed target lines; a log axis for
 * values that span decades.
 */
function barChart({ title, subtitle, unit, categories, series, targets = [], log = false }) {
	const plotW = WIDTH - MARGIN.left - MARGIN.right;
	const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
	const values = series.flatMap((s) => s.values).filter((v) => v !== undefined && v !== null);
	const max = Math.max(...values, ...targets.map((t) => t.value));
	let y;
	let ticks;
	if (log) {
		const lo = 10 ** Math.floor(Math.log10(Math.min(...values.filter((v) => v > 0))));
		const hi = 10 ** Math.ceil(Math.log10(max));
		y = (v) => MARGIN.top + plotH - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotH;
		ticks = [];
		for (let v = lo; v <= hi * 1.0001; v *= 10) ticks.push(v);
	} else {
		const axis = linearTicks(max * 1.08);
		y = (v) => MARGIN.top + plotH - (v / axis.top) * plotH;
		ticks = axis.ticks;
	}
	const base = MARGIN.top + plotH;
	const groupW = plotW / categories.length;
	const barW = Math.min(56, (groupW * 0.75) / series.length);
	const parts = [];
	parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
	parts.push(`<text x="${MARGIN.left}" y="24" ${FONT} font-size="17" font-weight="bold" fill="#222">${escape(title)}</text>`);
	if (subtitle) parts.push(`<text x="${MARGIN.left}" y="43" ${FONT} font-size="12" fill="#666">${escape(subtitle)}</text>`);
	for (const t of ticks) {
		parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e4"/>`);
		parts.push(`<text x="${MARGIN.left - 8}" y="${y(t) + 4}" ${FONT} font-size="11" fill="#555" text-anchor="end">${fmt(t)}</text>`);
	}
	parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" ${FONT} font-size="12" fill="#444" text-anchor="middle">${escape(unit)}${log ? ' (log scale)' : ''}</text>`);
	categories.forEach((category, c) => {
		const x0 = MARGIN.left + c * groupW + (groupW - barW * series.length) / 2;
		series.forEach((s, i) => {
			const v = s.values[c];
			if (v === undefined || v === null) return;
			const x = x0 + i * barW;
			parts.push(`<rect x="${x + 2}" y="${y(v)}" width="${barW - 4}" height="${Math.max(0, base - y(v))}" fill="${COLORS[i % COLORS.length]}"/>`);
			parts.push(`<text x="${x + barW / 2}" y="${y(v) - 4}" ${FONT} font-size="11" fill="#222" text-anchor="middle">${fmt(v)}</text>`);
		});
		parts.push(`<text x="${MARGIN.left + c * groupW + groupW / 2}" y="${base + 18}" ${FONT} font-size="12" fill="#222" text-anchor="middle">${escape(category)}</text>`);
	});
	for (const t of targets) {
		parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t.value)}" y2="${y(t.value)}" stroke="#c0392b" stroke-dasharray="6 4" stroke-width="1.5"/>`);
		parts.push(`<text x="${WIDTH - MARGIN.right - 4}" y="${y(t.value) - 5}" ${FONT} font-size="11" fill="#c0392b" stroke="#fff" stroke-width="3" paint-order="stroke" text-anchor="end">${escape(t.label)}</text>`);
	}
	parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${base}" y2="${base}" stroke="#888"/>`);
	// Legend, under the category labels.
	let lx = MARGIN.left;
	for (const [i, s] of series.entries()) {
		parts.push(`<rect x="${lx}" y="${HEIGHT - 26}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
		parts.push(`<text x="${lx + 17}" y="${HEIGHT - 16}" ${FONT} font-size="12" fill="#333">${escape(s.name)}</text>`);
		lx += 30 + s.name.length * 6.6;
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">${parts.join('')}</svg>`;
}

const at = (machine, date = machine?.date) => (machine ? `${machine.cores} cores (${machine.cpu}), Node ${String(machine.node).replace(/^v/, '')}${date ? `, ${String(date).slice(0, 10)}` : ''}` : '');

/** Each chart: its file name, and a function from results to an SVG (undefined when its results are missing). */
const CHARTS = {
	proximity() {
		const r = result('proximity');
		if (!r) return undefined;
		const rows = r.results.filter((x) => x.allPairs);
		return barChart({
			title: 'Proximity engine vs all-pairs, mean ms per tick',
			subtitle: `bench/results/proximity.json; ${at(r.machine, r.date)}`,
			unit: 'ms per tick',
			categories: rows.map((x) => x.name),
			series: [
				{ name: 'engine (spatial hash)', values: rows.map((x) => x.engine.meanMs) },
				{ name: 'all-pairs reference', values: rows.map((x) => x.allPairs.meanMs) },
			],
			targets: [
				{ value: 1, label: 'target at 1,000: 1 ms' },
				{ value: 10, label: 'target at 10,000: 10 ms' },
			],
			log: true,
		});
	},
	'crossing-latency'() {
		const r = result('crossing-latency');
		if (!r) return undefined;
		return barChart({
			title: 'Crossing into range → first remote video frame (Chromium)',
			subtitle: `bench/results/crossing-latency.json; ${at(r.machine)}`,
			unit: 'ms',
			categories: r.modes.map((m) => m.mode),
			series: [
				{ name: 'p50', values: r.modes.map((m) => m.latencyMs.p50) },
				{ name: 'p95', values: r.modes.map((m) => m.latencyMs.p95) },
			],
			targets: [
				{ value: 150, label: 'target p50 150 ms' },
				{ value: 400, label: 'target p95 400 ms' },
			],
		});
	},
	'consumer-load'() {
		const r = result('consumer-load');
		if (!r) return undefined;
		return barChart({
			title: 'One mediasoup worker: CPU by consumers (all-to-all meeting)',
			subtitle: `bench/results/consumer-load.json; PlainTransport Opus + VP8 senders; ${at(r.machine)}`,
			unit: '% of one core',
			categories: r.results.map((x) => `${x.peers} peers, ${x.consumers} consumers`),
			series: [{ name: 'worker CPU %', values: r.results.map((x) => x.workerCpuPercent) }],
		});
	},
	'state-bandwidth'() {
		const r = result('state-bandwidth');
		if (!r) return undefined;
		return barChart({
			title: `State bytes per client, ${r.clients} clients: views vs full broadcast`,
			subtitle: `bench/results/state-bandwidth.json; views are ${(r.ratio * 100).toFixed(1)}% of a full broadcast (target ≤ 10%); ${at(r.machine)}`,
			unit: 'bytes / client / simulated s',
			categories: r.runs.map((x) => x.mode),
			series: [
				{ name: 'mean', values: r.runs.map((x) => x.bytesPerClientPerSecond.mean) },
				{ name: 'p95', values: r.runs.map((x) => x.bytesPerClientPerSecond.p95) },
			],
			log: true,
		});
	},
	load() {
		const r = result('load');
		if (!r) return undefined;
		const kinds = [
			['tick (wall)', r.tickMs],
			['tick (CPU)', r.tickCpuMs],
			['proximity part', r.proximityMs],
			['patch broadcast', r.patchMs],
		];
		return barChart({
			title: `One server process, ${r.setup.clients} clients at ${r.setup.inputHz} Hz: tick and patch`,
			subtitle: `bench/results/load.json; ${r.setup.measuredSeconds} s measured; ${at(r.machine)}`,
			unit: 'ms',
			categories: kinds.map(([name]) => name),
			series: ['p50', 'p95', 'p99'].map((q) => ({ name: q, values: kinds.map(([, d]) => d?.[q]) })),
			targets: [{ value: r.targets.tickP99Ms, label: `tick p99 target ${r.targets.tickP99Ms} ms` }],
		});
	},
	'multi-process'() {
		const r = result('multi-process');
		if (!r) return undefined;
		const rows = [
			['through the holder', r.joinMs.throughHolder],
			['through the other process', r.joinMs.throughOther],
		];
		const load = r.setup.loadAverage ? `; load average ${r.setup.loadAverage.join(' → ')} on ${r.machine.cores} cores` : '';
		return barChart({
			title: 'Join latency with two processes on Redis',
			subtitle: `bench/results/multi-process.json; ${r.setup.joins} joins each${load}`,
			unit: 'ms (SDK joinOrCreate)',
			categories: rows.map(([name]) => name),
			series: ['p50', 'p95', 'max'].map((q) => ({ name: q, values: rows.map(([, d]) => d[q]) })),
		});
	},
	'demo-open'() {
		const r = result('demo-open');
		if (!r) return undefined;
		return barChart({
			title: 'Office demo: page open → in the world / camera on',
			subtitle: `bench/results/demo-open.json; ${r.runs} runs each; ${at(r.machine)}`,
			unit: 'ms since navigation start',
			categories: r.results.map((x) => x.renderer),
			series: [
				{ name: 'in world p50', values: r.results.map((x) => x.inWorld.p50) },
				{ name: 'in world p95', values: r.results.map((x) => x.inWorld.p95) },
				{ name: 'camera on p50', values: r.results.map((x) => x.cameraOn.p50) },
				{ name: 'camera on p95', values: r.results.map((x) => x.cameraOn.p95) },
			],
			targets: [{ value: r.targetMs, label: `target ${r.targetMs} ms` }],
		});
	},
};

if (!existsSync(CHROMIUM)) {
	console.error(`bench:plot needs Chromium at ${CHROMIUM} (apt-get install chromium, or set HALLWAY_CHROMIUM)`);
	process.exit(1);
}
mkdirSync(imagesDir, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'], headless: true });
try {
	const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
	for (const [name, draw] of Object.entries(CHARTS)) {
		if (filter && !name.includes(filter)) continue;
		const svg = draw();
		if (!svg) {
			console.log(`skip ${name}: bench/results/${name}.json not found (run its benchmark first)`);
			continue;
		}
		await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
		const file = path.join(imagesDir, `bench-${name}.png`);
		await page.locator('svg').screenshot({ path: file });
		console.log(`wrote ${path.relative(root, file)}`);
	}
} finally {
	await browser.close();
}
