// A page written the way a game developer would, compiled against the packed
// tarballs installed in a fresh project (see ../pack.test.ts), not the workspace.
import { WorldClient } from '@hallway/world-client';
import { HallwayScene } from '@hallway/world-client/phaser';
import Phaser from 'phaser';

interface PackedPage {
	ready: boolean;
	error?: string;
	map?: string;
	self?: string;
	avatars?: number;
}

const status: PackedPage = { ready: false };
(window as unknown as { packed: PackedPage }).packed = status;

async function main(): Promise<void> {
	const client = await WorldClient.connect({ endpoint: location.origin, world: 'office', name: 'Packed' });
	const scene = new HallwayScene({ client });
	new Phaser.Game({ type: Phaser.AUTO, parent: document.body, width: 640, height: 480, scene });
	await new Promise<void>((resolve) => {
		const wait = () => (scene.hallway ? void scene.hallway.ready.then(resolve) : setTimeout(wait, 50));
		wait();
	});
	status.map = client.map.name;
	status.self = client.self.name;
	status.avatars = client.players.size;
	status.ready = true;
}

/** Never called: it only has to type-check, proving the packed types are precise. */
export function misuse(client: WorldClient): void {
	// @ts-expect-error a status is 'available' | 'busy' | 'dnd'
	client.setStatus('asleep');
	// @ts-expect-error move takes a direction vector
	client.move('left');
	// @ts-expect-error emotes are a fixed set
	client.emote('dance');
	client.on('trackSubscribed', (player, track, source) => {
		// @ts-expect-error a player's name is a string
		const n: number = player.name;
		const s: 'microphone' | 'camera' | 'screen' = source;
		void [n, s, track.track.kind];
	});
}

main().catch((error: unknown) => {
	status.error = error instanceof Error ? error.message : String(error);
});
