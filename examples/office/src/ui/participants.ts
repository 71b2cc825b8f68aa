// Everyone on this map: name, status, whether they are talking, where they
// are. Clicking a person shows where they are; the arrow walks after them.
import type { Player, WorldClient } from '@hallway/world-client';
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { STATUS_LABELS, zoneLabel } from '../labels.js';
import { colorFor, initialOf } from '../player-look.js';

export interface ParticipantActions {
	/** Show where this player is. */
	locate(player: Player): void;
	/** Walk after this player (`null`: stop). */
	follow(player: Player | null): void;
}

export class Participants {
	readonly element: HTMLElement;
	readonly #count = h('span', { class: 'count' });
	readonly #list = h('ul', { class: 'people', attrs: { 'aria-label': 'People on this map' } });
	readonly #client: WorldClient;
	readonly #actions: ParticipantActions;
	readonly #rows = new Map<string, HTMLLIElement>();
	#scheduled = false;

	constructor(client: WorldClient, actions: ParticipantActions) {
		this.#client = client;
		this.#actions = actions;
		this.element = h('section', { class: 'panel-section people-section' }, [
			h('header', { class: 'section-header' }, [icon('people', 'icon small'), h('h2', { text: 'People' }), this.#count]),
			this.#list,
		]);
		const refresh = (): void => this.#schedule();
		client.on('playerJoined', refresh);
		client.on('playerLeft', refresh);
		client.on('playerUpdated', refresh);
		client.on('speakingChanged', refresh);
		client.on('mapChanged', refresh);
		this.#schedule();
	}

	/** Re-renders once per frame at most: a map change brings a burst of join events. */
	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		requestAnimationFrame(() => {
			this.#scheduled = false;
			this.#render();
		});
	}

	/** Re-renders now (the follow state changed). */
	refresh(): void {
		this.#render();
	}

	#render(): void {
		const players = [...this.#client.players.values()].sort((a, b) => (a.isSelf ? -1 : b.isSelf ? 1 : a.name.localeCompare(b.name)));
		this.#count.textContent = String(players.length);
		const rows = players.map((player) => {
			let row = this.#rows.get(player.id);
			if (!row) {
				row = this.#createRow(player);
				this.#rows.set(player.id, row);
			}
			this.#fillRow(row, player);
			return row;
		});
		for (const [id, row] of this.#rows) {
			if (!this.#client.players.has(id)) {
				row.remove();
				this.#rows.delete(id);
			}
		}
		// Reorders only when needed, so hover and focus survive updates.
		rows.forEach((row, index) => {
			if (this.#list.children[index] !== row) this.#list.insertBefore(row, this.#list.children[index] ?? null);
		});
	}

	#createRow(player: Player): HTMLLIElement {
		const row = h('li', { class: 'person', attrs: { 'data-player-id': player.id } });
		const color = colorFor(player);
		const avatar = h('span', { class: 'person-avatar', text: initialOf(player.name), attrs: { style: `--player-color: ${color}` } }, [h('span', { class: 'status-dot' })]);
		const main = h('button', { class: 'person-main', attrs: { type: 'button' }, on: { click: () => this.#actions.locate(this.#client.players.get(player.id) ?? player) } }, [
			avatar,
			h('span', { class: 'person-text' }, [
				h('span', { class: 'person-name-row' }, [h('span', { class: 'person-name' }), h('span', { class: 'speaking', attrs: { 'aria-label': 'speaking' } }, [h('i'), h('i'), h('i')])]),
				h('span', { class: 'person-where' }),
			]),
		]);
		row.append(main);
		if (!player.isSelf) {
			row.append(
				h('button', {
					class: 'icon-button follow-button',
					attrs: { type: 'button' },
					on: {
						click: () => {
							const current = this.#client.players.get(player.id);
							this.#actions.follow(this.#client.following === player.id || !current ? null : current);
						},
					},
				}, [icon('follow', 'icon small')]),
			);
		}
		return row;
	}

	#fillRow(row: HTMLLIElement, player: Player): void {
		const name = row.querySelector('.person-name')!;
		name.textContent = player.isSelf ? `${player.name} (you)` : player.name;
		row.querySelector('.person-avatar')!.firstChild!.textContent = initialOf(player.name);
		row.dataset.status = player.status;
		row.classList.toggle('is-speaking', player.speaking);
		row.classList.toggle('is-self', player.isSelf);
		row.classList.toggle('is-following', this.#client.following === player.id);
		row.querySelector('.status-dot')!.setAttribute('title', STATUS_LABELS[player.status] ?? player.status);
		const where = player.zone ? zoneLabel(player.zone) : player.inView || player.isSelf ? 'Open floor' : 'Out of sight';
		const status = player.status === 'available' ? '' : `${STATUS_LABELS[player.status]} · `;
		row.querySelector('.person-where')!.textContent = status + where;
		const main = row.querySelector<HTMLButtonElement>('.person-main')!;
		main.title = player.isSelf ? 'Show where you are' : `Show where ${player.name} is`;
		const follow = row.querySelector<HTMLButtonElement>('.follow-button');
		if (follow) {
			const following = this.#client.following === player.id;
			follow.title = following ? `Stop following ${player.name}` : `Walk to ${player.name} and follow`;
			follow.setAttribute('aria-label', follow.title);
			follow.setAttribute('aria-pressed', String(following));
		}
	}
}
