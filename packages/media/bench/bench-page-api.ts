/**
 * What `bench-page.ts` exposes as `window.hallwayBench` for the media
 * benchmarks. Times are epoch ms (`performance.timeOrigin + performance.now()`)
 * unless said otherwise, so they compare with the server's `Date.now()` on
 * the same machine.
 */
export interface BenchPageApi {
	ready: boolean;
	errors: string[];
	sessionId: string;
	/** ms since navigation start (`performance.timeOrigin`), set as each join step completes. */
	marks: JoinMarks;
	walkTo(x: number, y: number): void;
	position(id?: string): { x?: number; y?: number };
	/** Everything recorded about received camera tracks, oldest consumer first. */
	cameras(peerId?: string): CameraLog[];
	/** Remote tracks the media client holds now, as plain data. */
	remote(): { consumerId: string; peerId: string; source: string; kind: string; active: boolean }[];
	/** `Date.now() - (performance.timeOrigin + performance.now())`: how far the page's clock is from the epoch clock. */
	clockSkew(): number;
}

export interface JoinMarks {
	/** The page script started running (HTML and the bundled script loaded). */
	scriptStarted?: number;
	/** The Colyseus room join resolved. */
	joined?: number;
	/** `MediaClient.join` resolved (device loaded, receive transport opened). */
	mediaJoined?: number;
	/** getUserMedia resolved. */
	devices?: number;
	/** `media.publish('microphone')` resolved. */
	microphonePublished?: number;
	/** `media.publish('camera')` resolved: the camera producer exists on the server. */
	cameraPublished?: number;
}

/** One received camera consumer as the bench page saw it. */
export interface CameraLog {
	consumerId: string;
	peerId: string;
	/** `trackSubscribed` fired (the consumer exists on this side, maybe paused/prewarmed). */
	subscribedAt: number;
	/** A `<video>` got the track. */
	attachedAt: number | null;
	/** Each time `trackActiveChanged` said active. */
	activeAt: number[];
	/** The consumer closed (`trackUnsubscribed`). */
	closedAt: number | null;
	/**
	 * Starts of frame runs: the first frame presented (requestVideoFrameCallback)
	 * after the track was attached, and every frame that follows a gap of more
	 * than `FRAME_GAP_MS` without frames (a pause and resume).
	 */
	runs: FrameRunStart[];
	/** Frames presented in total. */
	frames: number;
}

export interface FrameRunStart {
	/**
	 * When the requestVideoFrameCallback ran for the frame (read inside the
	 * callback): the frame was decoded and is being presented. The primary
	 * measure; conservative by at most one rendering step.
	 */
	at: number;
	/** The callback's `now` argument: the rendering frame's start, which can precede the frame's own decoding. */
	frameTime: number;
	/** `metadata.presentationTime`: when the frame was submitted for composition. */
	presentedAt: number;
	/** `metadata.receiveTime`: the last packet of that frame arrived (WebRTC only). */
	receivedAt: number | null;
	width: number;
}

/** A frame after this long without frames starts a new run. */
export const FRAME_GAP_MS = 250;
