/**
 * Runs a fleet of headless bots against a world server:
 *   node scripts/run-ts.mjs examples/bots/src/run-bots.ts --count 10 --duration 60
 * Prints one summary line at the end; exits 1 when any bot met an error.
 */
import { BotFleet, formatSummary } from './bot-fleet.js';
import { parseCli, USAGE } from './cli-options.js';

async function main(): Promise<number> {
	let cli: ReturnType<typeof parseCli>;
	try {
		cli = parseCli(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		return 2;
	}
	if (cli === 'help') {
		console.log(USAGE);
		return 0;
	}
	const { fleet: options, durationMs, verbose } = cli;
	let firstError = '';
	const fleet = new BotFleet({
		...options,
		bot: {
			...options.bot,
			onError: (bot, error) => {
				firstError ||= `${bot.name}: ${error.message}`;
				if (verbose) console.error(`${bot.name}: ${error.message}`);
			},
		},
	});

	const started = Date.now();
	let finish: (reason: string) => void = () => undefined;
	const finished = new Promise<string>((resolve) => {
		finish = resolve;
	});
	let timer: ReturnType<typeof setTimeout> | undefined;
	if (durationMs > 0) timer = setTimeout(() => finish('time is up'), durationMs);
	const onSignal = (signal: NodeJS.Signals): void => {
		// A second Ctrl-C means "now": skip the clean leave.
		process.once(signal, () => process.exit(130));
		finish(signal);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	console.log(`starting ${options.count} bots on ${options.bot.endpoint} (world ${options.bot.world})${durationMs > 0 ? ` for ${durationMs / 1000} s` : ', Ctrl-C to stop'}`);
	void fleet.start().then(() => {
		const { joined, bots } = fleet.summary();
		if (joined === 0) finish('no bot could join');
		else console.log(`${joined}/${bots} bots joined`);
	});

	const reason = await finished;
	clearTimeout(timer);
	await fleet.stop();
	const summary = fleet.summary();
	console.log(`${reason}: ${formatSummary(summary, Date.now() - started)}${firstError && !verbose ? ` (first error: ${firstError})` : ''}`);
	return summary.errors > 0 ? 1 : 0;
}

process.exitCode = await main();
