/**
 * Validation of signaling payloads against the schemas of `messages.ts`, with
 * the protocol's error codes and readable messages
 * (`media.produce: rtpParameters.codecs: expected array, received string`).
 * Used by the server's request router and by the browser's signaling client.
 */
import type * as z from 'zod';
import type { MediaSource } from '../sources.js';
import { mediaError } from './errors.js';
import {
	MEDIA_PUSHES,
	MEDIA_REQUESTS,
	MEDIA_SOURCE_KIND,
	type PushOf,
	type PushType,
	type RequestOf,
	type RequestType,
	type ResponseOf,
} from './messages.js';

/**
 * Largest request payload accepted, in characters of its JSON text (32 KiB).
 * A Chromium `media.setRtpCapabilities` is about 5 KiB, a simulcast
 * `media.produce` about 3 KiB. Checked before the schema, so a huge payload
 * costs one `JSON.stringify` and no parsing.
 */
export const MAX_PAYLOAD_CHARS = 32 * 1024;

/**
 * Throws `E_TOO_LARGE` when `payload` is larger than {@link MAX_PAYLOAD_CHARS}
 * as JSON (or nested too deep to serialise), `E_BAD_REQUEST` when it is not
 * serialisable at all (a `BigInt`, a cycle).
 */
export function checkPayloadSize(type: string, payload: unknown): void {
	let length: number;
	try {
		length = JSON.stringify(payload)?.length ?? 0;
	} catch (error) {
		if (error instanceof RangeError) throw mediaError('E_TOO_LARGE', `${type}: payload nests too deep`, error);
		throw mediaError('E_BAD_REQUEST', `${type}: payload is not plain JSON data`, error);
	}
	if (length > MAX_PAYLOAD_CHARS) {
		throw mediaError('E_TOO_LARGE', `${type}: payload is ${length} characters as JSON, the limit is ${MAX_PAYLOAD_CHARS}`);
	}
}

/**
 * Throws `E_KIND_MISMATCH` unless `kind` is the kind of `source`
 * ({@link MEDIA_SOURCE_KIND}): the server refuses an audio "camera" before
 * mediasoup sees it, and the browser checks the same before sending.
 */
export function checkSourceKind(source: MediaSource, kind: 'audio' | 'video'): void {
	const expected = MEDIA_SOURCE_KIND[source];
	if (kind !== expected) {
		throw mediaError('E_KIND_MISMATCH', `a ${source} producer must be ${expected}, not ${kind}`);
	}
}

/**
 * Validates a request payload of a known type: size guard, schema (strict:
 * unknown keys refused), then the protocol's own rules (source vs kind).
 * Returns the parsed payload; throws a `HallwayError` (`E_TOO_LARGE`,
 * `E_BAD_REQUEST`, `E_KIND_MISMATCH`).
 */
export function parseMediaRequest<T extends RequestType>(type: T, raw: unknown): RequestOf<T> {
	checkPayloadSize(type, raw);
	const schema: z.ZodType = MEDIA_REQUESTS[type].request;
	const result = schema.safeParse(raw);
	if (!result.success) throw mediaError('E_BAD_REQUEST', `${type}: ${describeIssues(result.error)}`);
	const payload = result.data as RequestOf<T>;
	if (type === 'media.produce') {
		const produce = payload as RequestOf<'media.produce'>;
		checkSourceKind(produce.source, produce.kind);
	}
	return payload;
}

/**
 * Validates the response to a request. A bad response is the server's fault,
 * so this throws `E_INTERNAL`.
 */
export function parseMediaResponse<T extends RequestType>(type: T, raw: unknown): ResponseOf<T> {
	const schema: z.ZodType = MEDIA_REQUESTS[type].response;
	const result = schema.safeParse(raw);
	if (!result.success) throw mediaError('E_INTERNAL', `${type}: invalid response: ${describeIssues(result.error)}`);
	return result.data as ResponseOf<T>;
}

/**
 * Validates a push payload. A bad push is the server's fault (or a protocol
 * version mismatch), so this throws `E_INTERNAL`.
 */
export function parseMediaPush<T extends PushType>(type: T, raw: unknown): PushOf<T> {
	const schema: z.ZodType = MEDIA_PUSHES[type];
	const result = schema.safeParse(raw);
	if (!result.success) throw mediaError('E_INTERNAL', `${type}: invalid push: ${describeIssues(result.error)}`);
	return result.data as PushOf<T>;
}

const MAX_SEGMENT = 64;
const MAX_MESSAGE = 400;

/**
 * The first problem of a failed parse as `path: sentence`
 * (`rtpParameters.codecs[0].payloadType: expected number, received string`),
 * plus how many more there are. Bounded in length: paths can carry client keys.
 */
function describeIssues(error: z.ZodError): string {
	const [first] = error.issues;
	if (first === undefined) return 'invalid payload';
	const path = formatPath(first.path);
	let text = `${path ? `${path}: ` : ''}${describeIssue(first)}`;
	const more = error.issues.length - 1;
	if (more > 0) text += ` (and ${more} more problem${more === 1 ? '' : 's'})`;
	return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
	if (issue.code === 'invalid_union') {
		// e.g. a codec parameter that is neither string nor number.
		const branches = issue.errors.map((branch) => branch[0]);
		const expected = branches.map((b) => (b?.code === 'invalid_type' && b.path.length === 0 ? b.expected : undefined));
		if (expected.length > 0 && expected.every((e) => e !== undefined)) {
			const received = /received (\S+)/.exec(branches[0]?.message ?? '')?.[1];
			return `expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}`;
		}
		const inner = branches.find((b) => b !== undefined);
		if (inner) return describeIssue(inner);
	}
	if (issue.code === 'unrecognized_keys') {
		const keys = issue.keys.map((k) => JSON.stringify(truncate(k))).join(', ');
		return `unrecognized key${issue.keys.length === 1 ? '' : 's'} ${keys}`;
	}
	const message = issue.message.replace(/^Invalid input: /, '');
	return message.charAt(0).toLowerCase() + message.slice(1);
}

function formatPath(path: readonly PropertyKey[]): string {
	let text = '';
	for (const segment of path) {
		if (typeof segment === 'number') text += `[${segment}]`;
		else text += `${text ? '.' : ''}${truncate(String(segment))}`;
	}
	return text;
}

function truncate(text: string): string {
	return text.length > MAX_SEGMENT ? `${text.slice(0, MAX_SEGMENT - 1)}…` : text;
}
