import type { Worker } from 'mediasoup/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTER_MEDIA_CODECS, startWorker } from '../src/server/index.js';

describe('a worker from the install step', () => {
	let worker: Worker;

	beforeAll(async () => {
		worker = await startWorker();
	});
	afterAll(() => worker?.close());

	it('opens a router with Opus and VP8, and a WebRtcTransport on loopback', async () => {
		const router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
		const mimeTypes = router.rtpCapabilities.codecs?.map((c) => c.mimeType) ?? [];
		expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));

		const transport = await router.createWebRtcTransport({
			listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }],
		});
		expect(transport.iceCandidates[0]).toMatchObject({ address: '127.0.0.1', protocol: 'udp' });
		expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);

		const dump = await router.dump();
		expect(dump.transportIds).toEqual([transport.id]);
		transport.close();
		router.close();
		expect((await worker.dump()).routerIds).toEqual([]);
	});
});
