import { parseArgs } from 'node:util';
import type { BotFleetOptions } from './bot-fleet.js';

export const USAGE = `usage: run-bots [options]
  --endpoint URL       world server (default http://127.0.0.1:3000)
  --world NAME         world to join (default office)
  --map NAME           map to join (default: the world's default map)
  --spawn NAME         spawn point (default: the map's first)
  --count N            number of bots (default 10)
  --duration S         seconds to run, 0 = until Ctrl-C (default 60)
  --stagger MS         delay between joins, ms (default 250)
  --pause MIN-MAX      pause at each destination, s (default 1-4)
  --emote-chance P     chance of an emote per pause, 0-1 (default 0.25)
  --chat-chance P      chance of a chat line per pause, 0-1 (default 0.1)
  --enter-private      also wander into private zones (meeting rooms)
  --name-prefix TEXT   bots are named "TEXT 01", "TEXT 02", ... (default Bot)
  --seed N             reproducible wandering
  --token JWT          authentication token (guests need none)
  --verbose            print every error as it happens
  --help`;

export interface CliOptions {
	fleet: BotFleetOptions;
	/** Run time, ms; 0 runs until a signal. */
	durationMs: number;
	verbose: boolean;
}

/**
 * Reads the command line (`--` before the options is allowed: `run-ts.mjs`
 * passes it through). Returns `'help'` for `--help`; throws `E_USAGE` with a
 * sentence naming the bad option.
 */
export function parseCli(argv: readonly string[]): CliOptions | 'help' {
	const { values } = parseArgs({
		args: argv[0] === '--' ? argv.slice(1) : [...argv],
		strict: true,
		options: {
			endpoint: { type: 'string', default: 'http://127.0.0.1:3000' },
			world: { type: 'string', default: 'office' },
			map: { type: 'string' },
			spawn: { type: 'string' },
			count: { type: 'string', default: '10' },
			duration: { type: 'string', default: '60' },
			stagger: { type: 'string', default: '250' },
			pause: { type: 'string', default: '1-4' },
			'emote-chance': { type: 'string', default: '0.25' },
			'chat-chance': { type: 'string', default: '0.1' },
			'enter-private': { type: 'boolean', default: false },
			'name-prefix': { type: 'string', default: 'Bot' },
			seed: { type: 'string' },
			token: { type: 'string' },
			verbose: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) return 'help';
	const pause = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(values.pause);
	if (!pause || Number(pause[1]) > Number(pause[2])) throw usageError('--pause', values.pause, 'MIN-MAX seconds, MIN ≤ MAX, e.g. 1-4');
	return {
		durationMs: number('--duration', values.duration, 0, Infinity) * 1000,
		verbose: values.verbose,
		fleet: {
			count: integer('--count', values.count, 1),
			staggerMs: number('--stagger', values.stagger, 0, Infinity),
			namePrefix: values['name-prefix'],
			...(values.seed !== undefined ? { seed: integer('--seed', values.seed, 0) } : {}),
			bot: {
				endpoint: values.endpoint,
				world: values.world,
				...(values.map ? { map: values.map } : {}),
				...(values.spawn ? { spawn: values.spawn } : {}),
				...(values.token ? { token: values.token } : {}),
				pauseMs: [Number(pause[1]) * 1000, Number(pause[2]) * 1000],
				emoteChance: number('--emote-chance', values['emote-chance'], 0, 1),
				chatChance: number('--chat-chance', values['chat-chance'], 0, 1),
				enterPrivateZones: values['enter-private'],
			},
		},
	};
}

function number(flag: string, text: string, min: number, max: number): number {
	const value = Number(text);
	if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
		throw usageError(flag, text, max === Infinity ? `a number ≥ ${min}` : `a number from ${min} to ${max}`);
	}
	return value;
}

function integer(flag: string, text: string, min: number): number {
	const value = Number(text);
	if (!/^\d+$/.test(text.trim()) || value < min) throw usageError(flag, text, `a whole number ≥ ${min}`);
	return value;
}

function usageError(flag: string, text: string, expected: string): Error {
	return new Error(`E_USAGE: ${flag} must be ${expected}, got "${text}"`);
}
