import type { Producer, Router } from 'mediasoup/types';
import { mediaError } from '../protocol/index.js';

/** Drops one reference to a pipe. Idempotent. */
export type ReleasePipe = () => void;

interface Pipe {
	/** The producer's twin on the target router, once `pipeToRouter()` is done. */
	readonly ready: Promise<Producer>;
	/** The twin, once ready. */
	twin: Producer | undefined;
	/** Consumers on the target router that use it (or are being created for it). */
	refs: number;
}

/**
 * Producers of a room piped into routers other than their own: one pipe per
 * (producer, target router), shared by every consumer on that router, closed
 * with the last of them.
 *
 * mediasoup does the rest (3.27 `Router.pipeToRouter`): the twin on the
 * target router keeps the producer's id, so consumers there are created by
 * that id and the client never learns that a pipe exists; pause and resume
 * of the producer reach the twin through the pipe consumer; closing the
 * producer closes the pipe consumer and so the twin (whose consumers get
 * `producerclose`); closing the twin closes the pipe consumer. The pipe
 * transports (one pair per pair of routers, cached by mediasoup) stay open
 * until one of the two routers closes.
 */
export class ProducerPipes {
	readonly #pipes = new Map<string, Pipe>();

	/** Pipes open or being opened (tests, metrics). */
	get size(): number {
		return this.#pipes.size;
	}

	/**
	 * Makes `producerId`, which lives on `source`, consumable on `target`, and
	 * takes one reference to the pipe until the returned function is called.
	 * Callers asking at the same time share one `pipeToRouter()`. Rejects (and
	 * holds no reference) when the pipe cannot be made, e.g. the producer
	 * closed meanwhile.
	 */
	async acquire(source: Router, producerId: string, target: Router): Promise<ReleasePipe> {
		const key = `${target.id} ${producerId}`;
		let pipe = this.#pipes.get(key);
		if (!pipe) {
			pipe = this.#open(key, source, producerId, target);
			this.#pipes.set(key, pipe);
		}
		pipe.refs += 1;
		const held = pipe;
		let released = false;
		const release: ReleasePipe = () => {
			if (released) return;
			released = true;
			this.#release(key, held);
		};
		try {
			await held.ready;
		} catch (error) {
			release();
			throw error;
		}
		return release;
	}

	#open(key: string, source: Router, producerId: string, target: Router): Pipe {
		// RTP only: Hallway has no data channels, so the pipe transports need no SCTP association
		// (mediasoup creates one per pair of routers by default, with its buffers).
		const ready = source.pipeToRouter({ producerId, router: target, enableSctp: false }).then(({ pipeProducer }) => {
			if (!pipeProducer) throw mediaError('E_INTERNAL', `mediasoup piped no producer for ${producerId}`);
			return pipeProducer;
		});
		const pipe: Pipe = { ready, twin: undefined, refs: 0 };
		ready.then(
			(twin) => {
				pipe.twin = twin;
				// The source producer closed, or a router did: the next consumer needs a new pipe.
				twin.observer.once('close', () => this.#forget(key, pipe));
				// Everyone let go while it was being made.
				if (pipe.refs === 0) twin.close();
			},
			() => this.#forget(key, pipe),
		);
		return pipe;
	}

	#release(key: string, pipe: Pipe): void {
		pipe.refs -= 1;
		if (pipe.refs > 0) return;
		this.#forget(key, pipe);
		// At once, so that a new pipe of the same producer (same id) never meets this one.
		// Closing the twin closes the pipe consumer on the source router too. A twin still
		// being made is closed by #open when it is ready.
		pipe.twin?.close();
	}

	#forget(key: string, pipe: Pipe): void {
		if (this.#pipes.get(key) === pipe) this.#pipes.delete(key);
	}
}
