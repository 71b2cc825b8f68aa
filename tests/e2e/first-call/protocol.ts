/**
 * A throwaway signaling protocol for the first-call test only: JSON over a
 * plain WebSocket. The real protocol (typed, validated, over Colyseus room
 * messages) belongs to @hallway/media.
 */
export type Request =
	| { id: number; method: 'join' }
	| { id: number; method: 'createTransport'; direction: 'send' | 'recv' }
	| { id: number; method: 'connectTransport'; transportId: string; dtlsParameters: unknown }
	| { id: number; method: 'produce'; transportId: string; kind: 'audio' | 'video'; rtpParameters: unknown }
	| { id: number; method: 'setRtpCapabilities'; rtpCapabilities: unknown }
	| { id: number; method: 'resumeConsumer'; consumerId: string };

export type Response = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: string };

export interface NewConsumerPush {
	push: 'newConsumer';
	consumerId: string;
	producerId: string;
	kind: 'audio' | 'video';
	rtpParameters: unknown;
}
