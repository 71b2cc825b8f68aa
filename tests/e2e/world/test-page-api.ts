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
	/** The page's open peer connections (send and receive transports): how each is configured and which ICE route it took. */
	iceRoutes(): Promise<IceRoute[]>;
}

/** One open RTCPeerConnection of the page, from its configuration and `getStats()`. */
export interface IceRoute {
	iceTransportPolicy: string;
	/** URLs of the configured ICE servers. */
	iceServers: string[];
	connectionState: string;
	/** `candidateType` of the selected pair's local and remote candidates ('host', 'srflx', 'relay'), null before ICE selects a pair. */
	local: string | null;
	remote: string | null;
}
