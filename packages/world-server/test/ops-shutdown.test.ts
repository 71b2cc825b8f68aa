import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE_SERVER_SHUTDOWN, SHUTDOWN_MESSAGE, type ShutdownPayload } from '../src/ops/index.js';
import { openMedia } from './support/media-protocol.js';
import { joinWorld } from './support/world-fixture.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/signal-server.ts', import.meta.url));
const mapsDir = fileURLToPath(new URL('../maps/', import.meta.url));
/** The fixture's drain: 1.5 s notice within a 5 s bound. */
const NOTICE_MS = 1500;
const TIMEOUT_MS = 5000;

interface Started {
	url: string;
	pid: number;
	workerPids: number[];
}

/** Starts the fixture through run-ts (as `npm start` would), resolves once it serves. */
function startChild(): { child: ChildProcess; started: Promise<Started>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>; stderr: () => string } {
	const child = spawn(process.execPath, ['scripts/run-ts.mjs', fixture, mapsDir], {
		cwd: root,
		env: { ...process.env, DEBUG: 'hallway:shutdown' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const started = new Promise<Started>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const line = stdout.split('\n').find((l) => l.startsWith('{'));
			if (line) resolve(JSON.parse(line) as Started);
		});
		child.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving:\n${stderr}`)));
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
	);
	return { child, started, exited, stderr: () => stderr };
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('graceful shutdown on SIGTERM (a real server process with a mediasoup worker)', () => {
	let child: ChildProcess | undefined;
	afterAll(() => {
		if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});

	it('tells the player, refuses new joins while draining, disconnects with the shutdown code, closes the worker and exits 0 in time', { timeout: 60_000 }, async () => {
		const run = startChild();
		child = run.child;
		const { url, workerPids } = await run.started;
		expect(workerPids).toHaveLength(1);

		const alice = await joinWorld(url, 'office', { name: 'Alice', spawn: 'lobby' });
		await openMedia(alice, 1001);
		const told = new Promise<ShutdownPayload>((resolve) => alice.onMessage(SHUTDOWN_MESSAGE, resolve));
		const left = new Promise<number>((resolve) => alice.onLeave(resolve));

		const signalled = performance.now();
		run.child.kill('SIGTERM');
		expect(await told).toEqual({ code: 'E_SERVER_SHUTDOWN', reason: 'restarting', closesInMs: NOTICE_MS });
		await expect(joinWorld(url, 'office', { name: 'Late' })).rejects.toThrow(/E_SERVER_DRAINING/);
		const health = await fetch(`${url}/healthz`);
		expect(health.status).toBe(503);
		expect(await health.json()).toMatchObject({ status: 'draining', players: 1 });

		expect(await left).toBe(CLOSE_SERVER_SHUTDOWN);
		const { code, signal, at } = await run.exited;
		expect({ code, signal }).toEqual({ code: 0, signal: null });
		const tookMs = at - signalled;
		expect(tookMs).toBeGreaterThanOrEqual(NOTICE_MS);
		expect(tookMs).toBeLessThan(TIMEOUT_MS);
		expect(workerPids.filter(isRunning)).toEqual([]);
		expect(run.stderr()).toMatch(/"event":"drained".*"playersTold":1.*"timedOut":false/);
		expect(run.stderr()).toMatch(/"event":"workers closed"/);
	});
});
