import type { Emote } from '../core/types.js';

/** How long an emote stays above an avatar, ms. */
export const EMOTE_DURATION_MS = 3000;

/** Fonts that have colour emoji on each platform (Phaser's Text defaults to Courier). */
export const EMOJI_FONT = '"Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", "Twemoji Mozilla", sans-serif';

/** The emoji shown for each emote the world knows. */
export const EMOTE_EMOJI: Readonly<Record<Emote, string>> = {
	wave: '👋',
	heart: '❤️',
	laugh: '😂',
	clap: '👏',
	thumbsup: '👍',
	tada: '🎉',
};

/**
 * The emoji for an emote. A name this version does not know (a newer server)
 * still shows something rather than nothing.
 */
export function emojiForEmote(emote: string): string {
	return EMOTE_EMOJI[emote as Emote] ?? '✨';
}
