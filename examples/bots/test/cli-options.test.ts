import { describe, expect, it } from 'vitest';
import { parseCli } from '../src/cli-options.js';

describe('parseCli', () => {
	it('reads the options, with run-ts.mjs\'s leading -- allowed', () => {
		const cli = parseCli(['--', '--endpoint', 'http://127.0.0.1:4000', '--count', '3', '--duration', '0', '--pause', '0.5-2', '--seed', '7']);
		expect(cli).toMatchObject({
			durationMs: 0,
			fleet: { count: 3, seed: 7, bot: { endpoint: 'http://127.0.0.1:4000', world: 'office', pauseMs: [500, 2000], enterPrivateZones: false } },
		});
	});

	it('defaults to ten bots on the local office for a minute', () => {
		expect(parseCli([])).toMatchObject({ durationMs: 60_000, fleet: { count: 10, staggerMs: 250, bot: { endpoint: 'http://127.0.0.1:3000' } } });
	});

	it('refuses bad values with a sentence naming the option', () => {
		expect(() => parseCli(['--count', '0'])).toThrow('E_USAGE: --count must be a whole number ≥ 1, got "0"');
		expect(() => parseCli(['--pause', '4-1'])).toThrow(/--pause/);
		expect(() => parseCli(['--chat-chance', '2'])).toThrow(/--chat-chance must be a number from 0 to 1/);
		expect(parseCli(['--help'])).toBe('help');
	});
});
