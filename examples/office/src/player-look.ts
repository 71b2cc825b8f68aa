// The same colour and initial for a person in the side panel as on their
// avatar and bubble: the Phaser layer derives them from the user id.
import type { Player } from '@hallway/world-client';
import { colorFromId, initialOf } from '@hallway/world-client/phaser';

export { initialOf };

/** CSS colour of a player, as the layer draws their avatar. */
export function colorFor(player: Pick<Player, 'id' | 'userId'>): string {
	return colorFromId(player.userId || player.id).css;
}
