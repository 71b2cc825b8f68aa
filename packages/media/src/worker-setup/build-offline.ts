import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { say } from './log.js';
import { hallwayCacheDir, type MediasoupPackage, shimsDir } from './paths.js';

/**
 * Debian/Ubuntu packages that the offline build uses in place of the
 * subprojects mediasoup would download (see worker-build/README.md).
 */
export const BUILD_PACKAGES = [
	'g++',
	'pkg-config',
	'ninja-build',
	'python3-venv',
	'libuv1-dev',
	'libssl-dev',
	'libsrtp2-dev',
	'libabsl-dev',
	'libflatbuffers-dev',
	'flatbuffers-compiler',
] as const;

/** pkg-config modules and commands the shims and meson need, with the package that provides each. */
const REQUIRED_PKG_CONFIG = ['libuv', 'libssl', 'libcrypto', 'libsrtp2', 'absl_strings', 'absl_optional', 'flatbuffers'];
const REQUIRED_COMMANDS = ['c++', 'pkg-config', 'ninja', 'flatc', 'python3'];

/** mediasoup 3.27's worker/meson.build wants meson >= 1.1; Debian bookworm ships 1.0.1. */
export const MESON_VERSION = '1.12.1';

function commandExists(name: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** What is missing for the offline build, as human-readable names. */
export function missingBuildTools(): string[] {
	const missing = REQUIRED_COMMANDS.filter((cmd) => !commandExists(cmd));
	if (commandExists('pkg-config')) {
		for (const mod of REQUIRED_PKG_CONFIG) {
			if (spawnSync('pkg-config', ['--exists', mod]).status !== 0) missing.push(`${mod} (pkg-config)`);
		}
	}
	return missing;
}

function canInstallWithApt(): boolean {
	return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.HALLWAY_NO_APT !== '1';
}

interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Keep the output unless the command fails (meson setup prints a page of feature checks). */
	quiet?: boolean;
}

function run(command: string, args: string[], { quiet = false, ...options }: RunOptions = {}): void {
	const result = spawnSync(command, args, {
		stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
	if (result.status !== 0) {
		const output = quiet ? `\n${`${result.stdout}${result.stderr}`.split('\n').slice(-40).join('\n')}` : '';
		throw new Error(`\`${command} ${args.join(' ')}\` failed with ${result.status ?? result.signal}${output}`);
	}
}

/** Installs the Debian build packages when root on Debian, otherwise says exactly what to install. */
export function ensureBuildTools(): void {
	let missing = missingBuildTools();
	if (missing.length === 0) return;
	if (canInstallWithApt()) {
		say(`installing build packages with apt-get (missing: ${missing.join(', ')})`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		run('apt-get', ['update', '-q'], { env });
		run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...BUILD_PACKAGES], { env });
		missing = missingBuildTools();
		if (missing.length === 0) return;
	}
	throw new Error(
		`E_WORKER_BUILD_DEPS: the mediasoup-worker build needs ${missing.join(', ')}. ` +
			`On Debian/Ubuntu: sudo apt-get install -y ${BUILD_PACKAGES.join(' ')}`,
	);
}

/** A meson >= 1.1: the system's if new enough, else one in a cached venv from pip. */
function ensureMeson(): string {
	const system = spawnSync('meson', ['--version'], { encoding: 'utf8' });
	if (system.status === 0 && versionAtLeast(system.stdout.trim(), '1.1.0')) return 'meson';

	const venv = path.join(hallwayCacheDir(), `meson-${MESON_VERSION}-venv`);
	const meson = path.join(venv, 'bin', 'meson');
	if (spawnSync(meson, ['--version']).status === 0) return meson;

	say(`installing meson ${MESON_VERSION} into ${venv} (pip)`);
	rmSync(venv, { recursive: true, force: true });
	run('python3', ['-m', 'venv', venv], { quiet: true });
	// PIP_RETRIES=0: on a host whose only index is local, pip otherwise spends seconds retrying unreachable ones.
	run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', `meson==${MESON_VERSION}`], {
		quiet: true,
		env: { ...process.env, PIP_RETRIES: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
	});
	return meson;
}

function versionAtLeast(actual: string, wanted: string): boolean {
	const a = actual.split('.').map(Number);
	const w = wanted.split('.').map(Number);
	for (let i = 0; i < w.length; i++) {
		const x = a[i] ?? 0;
		const y = w[i] ?? 0;
		if (x !== y) return x > y;
	}
	return true;
}

/** Runs ninja and turns its `[n/m]` lines into a progress line every 10%. */
function runNinjaWithProgress(buildDir: string, jobs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const ninja = spawn('ninja', ['-C', buildDir, `-j${jobs}`, 'mediasoup-worker'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const tail: string[] = [];
		let lastDecile = -1;
		const started = Date.now();
		const onLine = (line: string) => {
			tail.push(line);
			if (tail.length > 40) tail.shift();
			const step = /^\[(\d+)\/(\d+)\]/.exec(line);
			if (!step) return;
			const decile = Math.floor((10 * Number(step[1])) / Number(step[2]));
			if (decile > lastDecile) {
				lastDecile = decile;
				say(`building mediasoup-worker: ${decile * 10}% (${step[1]}/${step[2]}, ${Math.round((Date.now() - started) / 1000)} s)`);
			}
		};
		let pending = '';
		const onData = (chunk: Buffer) => {
			const lines = (pending + chunk.toString()).split('\n');
			pending = lines.pop() ?? '';
			lines.forEach(onLine);
		};
		ninja.stdout.on('data', onData);
		ninja.stderr.on('data', onData);
		ninja.on('error', reject);
		ninja.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`ninja exited with ${code}; last output:\n${tail.join('\n')}`));
		});
	});
}

/**
 * Builds mediasoup-worker from the C++ sources inside the installed mediasoup
 * package, with the shim subprojects in place of its downloads, in
 * `workDir`. Returns the path of the built binary (inside `workDir`).
 */
export async function buildWorkerOffline(pkg: MediasoupPackage, workDir: string): Promise<string> {
	ensureBuildTools();
	const meson = ensureMeson();
	say('configuring the build (meson)');

	rmSync(workDir, { recursive: true, force: true });
	mkdirSync(workDir, { recursive: true });
	const worker = path.join(workDir, 'worker');
	cpSync(pkg.workerSourceDir, worker, { recursive: true });
	// Each shim directory has the name the matching upstream .wrap gives as
	// `directory =`, so meson takes it as already downloaded.
	cpSync(shimsDir(), path.join(worker, 'subprojects'), { recursive: true });

	const buildDir = path.join(worker, 'out', 'Release', 'build');
	// The same options as mediasoup's worker/tasks.py Release build, plus --wrap-mode=nodownload.
	run(
		meson,
		[
			'setup',
			'--wrap-mode=nodownload',
			'--prefix',
			path.join(worker, 'out', 'Release'),
			'--bindir',
			'',
			'--libdir',
			'',
			'--buildtype',
			'release',
			'-Db_ndebug=true',
			'-Dms_log_trace=false',
			'-Dms_log_file_line=false',
			'-Dms_rtc_logger_rtp=false',
			'-Dms_dump_rtp_payload_descriptor=false',
			'-Dms_dump_rtp_shared_packet_memory_usage=false',
			'-Dms_build_tests=false',
			'-Dms_build_fuzzer=false',
			'-Dms_use_builtin_bwe=false',
			`-Dprefer_static=${process.env.HALLWAY_WORKER_PREFER_STATIC === 'true' ? 'true' : 'false'}`,
			buildDir,
		],
		{ cwd: worker, quiet: true },
	);
	await runNinjaWithProgress(buildDir, Math.max(1, availableParallelism()));
	return path.join(buildDir, 'mediasoup-worker');
}
