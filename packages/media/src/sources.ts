/** What a player can send: at most one producer of each. */
export const MEDIA_SOURCES = ['microphone', 'camera', 'screen'] as const;

export type MediaSource = (typeof MEDIA_SOURCES)[number];
