/** What `world/page.ts` exposes as `window.hallway` for the e2e tests to drive. */
export interface HallwayTestPage {
	ready: boolean;
	errors: string[];
	sessionId: string;
	walkTo(x: number, y: number): void;
	position(id?: string): { x?: number; y?: number };
	remote(): { peerId: string; source: string; kind: string; active: boolean; muted: boolean; band: string }[];
	video(peerId: string, source?: string): { readyState: number; width: number; frames: number } | null;
	/** Players seen speaking so far ('self' for this player's own microphone). */
	speakers(): string[];
	shareScreen(): Promise<void>;
	mute(source: 'microphone' | 'camera' | 'screen', muted: boolean): Promise<void>;
}
