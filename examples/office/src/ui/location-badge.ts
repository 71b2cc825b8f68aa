// Where you are: the map, and the zone you stand in with what it does to
// calls ("Meeting Room A — private: only people in this room…").
import type { WorldClient, ZoneInfo } from '@hallway/world-client';
import { h } from '../dom.js';
import { icon, type IconName } from '../icons.js';
import { mapTitle, ZONE_KINDS, zoneLabel } from '../labels.js';

const ZONE_ICONS: Readonly<Record<string, IconName>> = { private: 'lock', spotlight: 'star', silent: 'book' };
/** How long the sentence about a zone stays after walking in, ms; then the badge is one line again. */
const HINT_MS = 6000;

export class LocationBadge {
	readonly element: HTMLElement;
	readonly #map = h('span', { class: 'location-map' });
	readonly #zone = h('span', { class: 'location-zone' });
	readonly #hint = h('div', { class: 'location-hint' });
	readonly #client: WorldClient;
	#shown: string | undefined;
	#hintTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(client: WorldClient) {
		this.#client = client;
		this.element = h('div', { class: 'location', attrs: { 'aria-live': 'polite' } }, [
			h('div', { class: 'location-row' }, [icon('pin', 'icon small'), this.#map, this.#zone]),
			this.#hint,
		]);
		client.on('playerUpdated', (player) => {
			if (player.isSelf) this.update();
		});
		client.on('mapChanged', () => this.update());
		client.on('playerJoined', (player) => {
			if (player.isSelf) this.update();
		});
		this.update();
	}

	update(): void {
		this.#map.textContent = mapTitle(this.#client.map.name);
		this.element.dataset.map = this.#client.map.name;
		let zone: ZoneInfo | null = null;
		try {
			zone = this.#client.self.zone;
		} catch {
			// Between maps there is no self for a moment.
		}
		const key = zone ? `${zone.id}` : '';
		if (key === this.#shown) return;
		this.#shown = key;
		this.#zone.replaceChildren();
		this.#zone.hidden = !zone;
		this.element.dataset.zone = zone?.name ?? '';
		clearTimeout(this.#hintTimer);
		this.#hint.hidden = !zone;
		if (!zone) return;
		this.#zone.className = `location-zone zone-${zone.kind}`;
		this.#zone.append(icon(ZONE_ICONS[zone.kind] ?? 'pin', 'icon small'), h('span', { text: zoneLabel(zone) }));
		// Said when walking in, then out of the way: the badge sits over the map.
		this.#hint.textContent = ZONE_KINDS[zone.kind]?.hint ?? '';
		this.#hintTimer = setTimeout(() => (this.#hint.hidden = true), HINT_MS);
	}
}
