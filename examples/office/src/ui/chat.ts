// Chat with two rooms: "Nearby" (the people around you, or your meeting
// room) and "World" (everyone on this map). Lines are plain text.
import { type ChatMessage, type ChatScope, MAX_CHAT_LENGTH, type WorldClient } from '@hallway/world-client';
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { mapTitle } from '../labels.js';
import { colorFor } from '../player-look.js';

/** Lines kept per tab; older ones scroll away for good. */
const MAX_LINES = 200;

const SCOPES: readonly { scope: ChatScope; label: string; empty: string }[] = [
	{ scope: 'nearby', label: 'Nearby', empty: 'Messages here reach the people around you, or everyone in your meeting room.' },
	{ scope: 'world', label: 'Everyone', empty: 'Messages here reach everyone on this map.' },
];

export class Chat {
	readonly element: HTMLElement;
	readonly input: HTMLInputElement;
	readonly #client: WorldClient;
	readonly #logs = new Map<ChatScope, HTMLOListElement>();
	readonly #tabs = new Map<ChatScope, HTMLButtonElement>();
	readonly #unread = new Map<ChatScope, number>();
	#scope: ChatScope = 'nearby';

	constructor(client: WorldClient) {
		this.#client = client;
		this.input = h('input', {
			class: 'chat-input',
			attrs: { type: 'text', maxlength: String(MAX_CHAT_LENGTH), placeholder: 'Message people nearby', autocomplete: 'off', 'aria-label': 'Chat message', enterkeyhint: 'send' },
			on: { keydown: (event) => this.#onKeyDown(event) },
		});
		const tabs = h('div', { class: 'tabs', attrs: { role: 'tablist' } });
		const logs = h('div', { class: 'chat-logs' });
		for (const { scope, label, empty } of SCOPES) {
			const tab = h('button', {
				class: 'tab',
				attrs: { type: 'button', role: 'tab', 'data-scope': scope },
				on: { click: () => this.select(scope) },
			}, [h('span', { text: label }), h('span', { class: 'badge' })]);
			const log = h('ol', { class: 'chat-log', attrs: { role: 'log', 'aria-live': 'polite', 'data-scope': scope } }, [h('li', { class: 'chat-empty', text: empty })]);
			this.#tabs.set(scope, tab);
			this.#logs.set(scope, log);
			tabs.append(tab);
			logs.append(log);
		}
		const form = h('form', {
			class: 'chat-form',
			on: {
				submit: (event) => {
					event.preventDefault();
					this.#send();
				},
			},
		}, [this.input, h('button', { class: 'icon-button send-button', title: 'Send (Enter)', attrs: { type: 'submit', 'aria-label': 'Send' } }, [icon('send', 'icon small')])]);
		this.element = h('section', { class: 'panel-section chat-section' }, [
			h('header', { class: 'section-header' }, [icon('chat', 'icon small'), h('h2', { text: 'Chat' }), tabs]),
			logs,
			form,
		]);
		client.on('chat', (message) => this.#add(message));
		client.on('mapChanged', (map) => this.#note(`You are now in ${mapTitle(map.name)}.`));
		this.select('nearby');
	}

	select(scope: ChatScope): void {
		this.#scope = scope;
		this.#unread.set(scope, 0);
		for (const [key, tab] of this.#tabs) {
			tab.setAttribute('aria-selected', String(key === scope));
			tab.classList.toggle('active', key === scope);
			this.#renderBadge(key);
		}
		for (const [key, log] of this.#logs) log.hidden = key !== scope;
		this.input.placeholder = scope === 'nearby' ? 'Message people nearby' : 'Message everyone on this map';
		this.#scrollToEnd(this.#logs.get(scope)!);
	}

	focus(): void {
		this.input.focus();
	}

	#onKeyDown(event: KeyboardEvent): void {
		// Escape gives the keyboard back to walking.
		if (event.key === 'Escape') {
			this.input.blur();
			event.preventDefault();
		}
		// Tab switches rooms without leaving the field.
		if (event.key === 'Tab' && !event.shiftKey && this.input.value === '') {
			event.preventDefault();
			this.select(this.#scope === 'nearby' ? 'world' : 'nearby');
		}
	}

	#send(): void {
		const text = this.input.value.trim();
		if (!text) {
			// Enter on an empty line goes back to the world, as in most games.
			this.input.blur();
			return;
		}
		this.#client.sendChat(text.slice(0, MAX_CHAT_LENGTH), this.#scope);
		this.input.value = '';
		// Sent with the button: keep typing without clicking back into the field.
		this.input.focus();
	}

	#add(message: ChatMessage): void {
		const log = this.#logs.get(message.scope);
		if (!log) return;
		const time = new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
		const line = h('li', { class: `chat-line${message.self ? ' self' : ''}`, attrs: { 'data-from': message.fromId } }, [
			h('div', { class: 'chat-meta' }, [
				h('span', { class: 'chat-name', text: message.self ? 'You' : message.name, attrs: { style: `color: ${colorFor({ id: message.fromId, userId: message.from?.userId ?? '' })}` } }),
				h('time', { class: 'chat-time', text: time, attrs: { datetime: new Date(message.at).toISOString() } }),
			]),
			h('div', { class: 'chat-text', text: message.text }),
		]);
		this.#append(log, line);
		if (message.scope !== this.#scope && !message.self) {
			this.#unread.set(message.scope, (this.#unread.get(message.scope) ?? 0) + 1);
			this.#renderBadge(message.scope);
		}
	}

	/** A line from the demo itself (not a person). */
	#note(text: string): void {
		for (const log of this.#logs.values()) this.#append(log, h('li', { class: 'chat-note', text }));
	}

	#append(log: HTMLOListElement, line: HTMLLIElement): void {
		log.querySelector('.chat-empty')?.remove();
		const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
		log.append(line);
		while (log.children.length > MAX_LINES) log.firstElementChild?.remove();
		// Keep reading position if the reader scrolled up; follow new lines otherwise.
		if (atEnd || line.classList.contains('self')) this.#scrollToEnd(log);
	}

	#scrollToEnd(log: HTMLElement): void {
		log.scrollTop = log.scrollHeight;
	}

	#renderBadge(scope: ChatScope): void {
		const count = this.#unread.get(scope) ?? 0;
		const badge = this.#tabs.get(scope)?.querySelector('.badge');
		if (!badge) return;
		badge.textContent = count > 9 ? '9+' : String(count);
		badge.toggleAttribute('hidden', count === 0);
	}
}
