import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium; `npx playwright install` is never used. */
export const CHROMIUM_PATH = process.env.HALLWAY_CHROMIUM ?? '/usr/bin/chromium';

/**
 * No sandbox (root in a container), no GPU, nothing that phones home (this
 * machine has no network), and fake camera/microphone granted without a prompt.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--use-fake-ui-for-media-stream',
	'--use-fake-device-for-media-stream',
	// Background tabs must keep rendering video frames during the test.
	'--disable-background-timer-throttling',
	'--disable-renderer-backgrounding',
	'--disable-backgrounding-occluded-windows',
	'--autoplay-policy=no-user-gesture-required',
];

/**
 * `denyMedia`: camera and microphone prompts are refused, as when a user clicks "Block".
 * `fakeCameras`: how many fake cameras the browser lists (default 1), e.g. 2 for a phone's front and back.
 */
export async function launchChromium(options: { denyMedia?: boolean; fakeCameras?: number } = {}): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`E_NO_CHROMIUM: ${CHROMIUM_PATH} not found; run \`npm test\` (its preflight installs it) or apt-get install chromium`);
	}
	let args = options.denyMedia
		? [...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts']
		: CHROMIUM_ARGS;
	const cameras = options.fakeCameras;
	if (cameras !== undefined && cameras !== 1) {
		args = args.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=device-count=${cameras}` : arg));
	}
	return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}
