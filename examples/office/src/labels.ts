// Words the UI shows for the SDK's values: map names, zones, statuses.
import type { PlayerStatus, ZoneInfo, ZoneKind } from '@hallway/world-client';

/** Display names of the demo's maps; any other map gets its name capitalised. */
const MAP_TITLES: Readonly<Record<string, string>> = { office: 'The Office', garden: 'The Garden' };

export function mapTitle(name: string): string {
	return MAP_TITLES[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

/** What each zone kind does to calls, in the words a visitor needs. */
export const ZONE_KINDS: Readonly<Record<ZoneKind, { tag: string; hint: string }>> = {
	private: { tag: 'private', hint: 'Only people in this room see and hear you.' },
	spotlight: { tag: 'on stage', hint: 'Everyone on this map hears you.' },
	silent: { tag: 'quiet zone', hint: 'No calls here: chat only.' },
};

/** "Meeting Room A — private". */
export function zoneLabel(zone: ZoneInfo): string {
	return `${zone.name} — ${ZONE_KINDS[zone.kind]?.tag ?? zone.kind}`;
}

export const STATUS_LABELS: Readonly<Record<PlayerStatus, string>> = {
	available: 'Available',
	busy: 'Busy',
	dnd: 'Do not disturb',
};

/** A HallwayError's sentence without its "E_CODE: " prefix (the code goes in a smaller line). */
export function splitError(error: { code?: string; message: string }): { code: string; text: string } {
	const code = error.code ?? '';
	const text = code && error.message.startsWith(`${code}: `) ? error.message.slice(code.length + 2) : error.message;
	return { code, text: text.charAt(0).toUpperCase() + text.slice(1) };
}
