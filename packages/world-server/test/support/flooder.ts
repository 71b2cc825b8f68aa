/**
 * A flooding client, run in its own process so that its sending does not
 * share the server's event loop (Node 24 runs this file as is):
 *
 *   node flooder.ts <url> <world> <durationMs> <messagesPerSecond>
 *
 * It joins, sends valid-looking messages (inputs, world chat, emotes, status)
 * at the given rate until the server disconnects it, joins again, and so on
 * until the time is up: a persistent attacker, not a one-shot one. It prints
 * `ready` on its first join and a JSON summary on its last line.
 */
import { Client, type Room } from '@colyseus/sdk';

const [url, world, durationArg, rateArg] = process.argv.slice(2);
if (!url || !world) throw new Error('usage: node flooder.ts <url> <world> <durationMs> <messagesPerSecond>');
const durationMs = Number(durationArg ?? 3000);
const perSecond = Number(rateArg ?? 1000);
/** Messages per 10 ms batch. */
const batch = Math.max(1, Math.round(perSecond / 100));

const summary = { sent: 0, sessions: 0, closeCodes: [] as number[], joinErrors: 0, errorsReceived: 0 };
let deadline = 0;

/** Floods one session until the server closes it (or time is up); resolves with the close code. */
async function floodOnce(): Promise<void> {
	const client = new Client(url!);
	let room: Room;
	try {
		room = await client.joinOrCreate(world!, { map: 'office', name: 'Flooder' });
	} catch {
		summary.joinErrors++;
		await new Promise((resolve) => setTimeout(resolve, 50));
		return;
	}
	if (summary.sessions++ === 0) {
		deadline = Date.now() + durationMs;
		console.log('ready');
	}
	// Replies the flood provokes; counted, not logged.
	for (const type of ['error', 'chat', 'emote', 'portal']) room.onMessage(type, () => (type === 'error' ? summary.errorsReceived++ : undefined));
	let open = true;
	let leaving = false;
	const closed = new Promise<void>((resolve) =>
		room.onLeave((code) => {
			open = false;
			// Only the server's closes count; leaving when time is up does not.
			if (!leaving) summary.closeCodes.push(code);
			resolve();
		}),
	);
	let seq = 1;
	let i = 0;
	const timer = setInterval(() => {
		if (!open) return;
		for (let n = 0; n < batch; n++, i++) {
			switch (i % 4) {
				case 0:
					room.send('input', { seq: seq++, kind: 'direction', dx: 1, dy: 0 });
					break;
				case 1:
					room.send('chat', { text: `spam ${i}`, scope: 'world' });
					break;
				case 2:
					room.send('emote', { emote: 'wave' });
					break;
				default:
					room.send('status', { status: i % 8 === 3 ? 'busy' : 'available' });
			}
			summary.sent++;
		}
	}, 10);
	const timeUp = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
	await Promise.race([closed, timeUp]);
	clearInterval(timer);
	if (open) {
		leaving = true;
		await room.leave().catch(() => undefined);
	}
}

// Gives up if it never gets in (a broken server must not hang the test).
const hardStop = Date.now() + durationMs + 10_000;
while ((deadline === 0 || Date.now() < deadline) && Date.now() < hardStop) await floodOnce();
console.log(JSON.stringify(summary));
process.exit(0);
