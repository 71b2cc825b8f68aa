import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, type Room } from '@colyseus/sdk';
import { WorldClient } from '@hallway/world-client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jwtAuthenticate, resolveWorldConfig, signPlayerToken, startWorldServer, type WorldServer } from '../src/room/index.js';
import { type DecodedWorld, demoMaps, leaveQuietly, officeWorld, seen } from './support/world-fixture.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const ISSUER = 'https://id.example.test';
const AUDIENCE = 'hallway';

/** A token signed like a real issuer would, with full control over every claim and header. */
async function token(claims: Record<string, unknown>, options: { secret?: string; exp?: number | string; iss?: string; aud?: string } = {}): Promise<string> {
	let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setIssuer(options.iss ?? ISSUER).setAudience(options.aud ?? AUDIENCE);
	jwt = jwt.setExpirationTime(options.exp ?? '5m');
	return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** What a refused join throws: the SDK's error with the server's message and code. */
async function refusal(join: Promise<unknown>): Promise<{ message: string; code?: number }> {
	const outcome = await join.then(
		(room) => ({ joined: room }),
		(error: { message: string; code?: number }) => ({ error }),
	);
	if ('joined' in outcome) {
		await leaveQuietly(outcome.joined as Room);
		throw new Error('expected the join to be refused');
	}
	return outcome.error;
}

describe('jwtAuthenticate over real WebSockets', () => {
	let world: WorldServer;
	const rooms: Room<DecodedWorld>[] = [];

	async function joinWith(worldName: string, jwt: string | undefined, options: { name?: string } = {}): Promise<Room<DecodedWorld>> {
		const client = new Client(world.url);
		if (jwt !== undefined) client.auth.token = jwt;
		const room = await client.joinOrCreate<DecodedWorld>(worldName, { map: 'office', ...options });
		rooms.push(room);
		return room;
	}

	beforeAll(async () => {
		const authenticate = jwtAuthenticate({ secret: SECRET }, { issuer: ISSUER, audience: AUDIENCE });
		// Two worlds on one server, so that a token for one can be tried on the other.
		world = await startWorldServer({
			worlds: { office: await officeWorld({ authenticate }), annex: await officeWorld({ authenticate }) },
		});
	});
	afterEach(async () => {
		await Promise.all(rooms.splice(0).map(leaveQuietly));
	});
	afterAll(async () => {
		await world?.close();
	});

	it('refuses a join without a token with E_AUTH_MISSING', async () => {
		const error = await refusal(joinWith('office', undefined));
		expect(error.message).toMatch(/^E_AUTH_MISSING: /);
		expect(error.code).toBe(401);
	});

	it('refuses an expired token with E_AUTH_EXPIRED', async () => {
		const expired = await token({ sub: 'u1', name: 'Ada' }, { exp: Math.floor(Date.now() / 1000) - 60 });
		const error = await refusal(joinWith('office', expired));
		expect(error.message).toMatch(/^E_AUTH_EXPIRED: the token expired at /);
		expect(error.code).toBe(401);
	});

	it('refuses a token signed with another secret, a malformed one and an unsigned one with E_AUTH_INVALID', async () => {
		const forged = await token({ sub: 'u1', name: 'Ada' }, { secret: 'another-secret-that-is-also-32-bytes-long!' });
		expect((await refusal(joinWith('office', forged))).message).toMatch(/^E_AUTH_INVALID: .*signature/);
		expect((await refusal(joinWith('office', 'not.a.jwt'))).message).toMatch(/^E_AUTH_INVALID: /);
		// `alg: none` with a valid-looking payload: the classic bypass.
		const [, payload] = (await token({ sub: 'u1' })).split('.');
		const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
		expect((await refusal(joinWith('office', unsigned))).message).toMatch(/^E_AUTH_INVALID: /);
		// Right key, wrong issuer.
		const otherIssuer = await token({ sub: 'u1' }, { iss: 'https://evil.example.test' });
		expect((await refusal(joinWith('office', otherIssuer))).message).toMatch(/^E_AUTH_INVALID: .*iss/);
	});

	it('refuses a token for other worlds with E_AUTH_WORLD (403), and admits it where it is valid', async () => {
		const annexOnly = await token({ sub: 'u2', name: 'Grace', worlds: ['annex'] });
		const error = await refusal(joinWith('office', annexOnly));
		expect(error.message).toBe('E_AUTH_WORLD: this token admits "annex", not world "office"');
		expect(error.code).toBe(403);
		const room = await joinWith('annex', annexOnly);
		await vi.waitFor(() => expect(seen(room, room.sessionId)).toMatchObject({ userId: 'u2', name: 'Grace' }));
	});

	it('admits a valid token as the player its claims name, whatever name the client asks for', async () => {
		const valid = await token({ sub: 'user-42', name: 'Ada Lovelace', worlds: ['office', 'elsewhere'] });
		const room = await joinWith('office', valid, { name: 'Impostor' });
		await vi.waitFor(() => expect(seen(room, room.sessionId)).toMatchObject({ userId: 'user-42', name: 'Ada Lovelace' }));
	});

	it('WorldClient.connect({ token }) sends the token: joins with it, is refused without it', async () => {
		const valid = await signPlayerToken(SECRET, { sub: 'user-7', name: 'Linus' }, { issuer: ISSUER, audience: AUDIENCE });
		const client = await WorldClient.connect({ endpoint: world.url, world: 'office', token: valid, media: false });
		try {
			expect(client.self).toMatchObject({ userId: 'user-7', name: 'Linus' });
		} finally {
			await client.disconnect();
		}
		await expect(WorldClient.connect({ endpoint: world.url, world: 'office', media: false })).rejects.toMatchObject({ code: 'E_AUTH_MISSING' });
	});
});

describe('jwtAuthenticate with a JWKS URL', () => {
	let jwks: HttpServer;
	let jwksUrl: string;
	let fail = false;
	let privateKey: CryptoKey;
	let strangerKey: CryptoKey;

	beforeAll(async () => {
		const pair = await generateKeyPair('ES256');
		privateKey = pair.privateKey;
		strangerKey = (await generateKeyPair('ES256')).privateKey;
		const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
		// A local identity provider on loopback: never the internet.
		jwks = createServer((_request, response) => {
			if (fail) {
				response.writeHead(500).end();
				return;
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
		});
		await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
		jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
	});
	afterAll(async () => {
		await new Promise((resolve) => jwks?.close(resolve));
	});

	const es256 = (claims: Record<string, unknown>, key: CryptoKey, kid = 'key-1') =>
		new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuedAt().setExpirationTime('5m').setAudience(AUDIENCE).sign(key);
	const context = { world: 'office', map: 'office' };

	it('verifies tokens against the keys it fetches, and refuses others', async () => {
		const authenticate = jwtAuthenticate({ jwksUrl }, { audience: AUDIENCE });
		await expect(authenticate(await es256({ sub: 'u9', name: 'Barbara' }, privateKey), { map: 'office' }, context)).resolves.toEqual({
			userId: 'u9',
			name: 'Barbara',
		});
		// Signed by a key the JWKS does not hold (same kid): bad signature.
		await expect(authenticate(await es256({ sub: 'u9' }, strangerKey), { map: 'office' }, context)).rejects.toThrow(/^E_AUTH_INVALID: /);
		// An HS256 token "signed" with the public key's text must not pass (algorithm confusion).
		const hs = await token({ sub: 'u9' }, { aud: AUDIENCE });
		await expect(authenticate(hs, { map: 'office' }, context)).rejects.toThrow(/^E_AUTH_INVALID: /);
	});

	it('says E_AUTH_UNAVAILABLE, not invalid, when the key server fails', async () => {
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		fail = true;
		try {
			const authenticate = jwtAuthenticate({ jwksUrl }, { audience: AUDIENCE });
			await expect(authenticate(await es256({ sub: 'u9' }, privateKey), { map: 'office' }, context)).rejects.toThrow(/^E_AUTH_UNAVAILABLE: /);
			expect(quiet).toHaveBeenCalledWith(expect.stringMatching(/^E_AUTH_UNAVAILABLE/));
		} finally {
			fail = false;
			quiet.mockRestore();
		}
	});
});

describe('jwtAuthenticate claims', () => {
	const authenticate = jwtAuthenticate({ secret: SECRET }, { issuer: ISSUER, audience: AUDIENCE });
	const join = (jwt: string, name?: string, world = 'office') => authenticate(jwt, { map: 'office', name }, { world, map: 'office' });

	it('reads worlds: "*" or no claim admits every world; a non-list is invalid; an empty list admits none', async () => {
		await expect(join(await token({ sub: 'u', worlds: ['*'] }), undefined, 'anything')).resolves.toMatchObject({ userId: 'u' });
		await expect(join(await token({ sub: 'u' }), undefined, 'anything')).resolves.toMatchObject({ userId: 'u' });
		await expect(join(await token({ sub: 'u', worlds: 'office' }))).rejects.toThrow(/^E_AUTH_INVALID: .*worlds claim/);
		await expect(join(await token({ sub: 'u', worlds: [] }))).rejects.toThrow(/^E_AUTH_WORLD: this token admits no world/);
	});

	it('needs sub and exp; cleans the name claim; falls back to the join name', async () => {
		await expect(join(await token({ name: 'x' }))).rejects.toThrow(/^E_AUTH_INVALID: the token has no sub claim/);
		const noExpiry = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).sign(new TextEncoder().encode(SECRET));
		await expect(join(noExpiry)).rejects.toThrow(/^E_AUTH_INVALID: the token has no exp claim/);
		await expect(join(await token({ sub: 42 }))).rejects.toThrow(/^E_AUTH_INVALID: /);
		const long = await join(await token({ sub: 'u', name: `  A\u0007da ${'x'.repeat(40)}` }));
		expect(long.name).toBe(`Ada ${'x'.repeat(28)}`);
		expect((await join(await token({ sub: 'u' }), 'Chosen')).name).toBe('Chosen');
		expect((await join(await token({ sub: 'u' }))).name).toBe('Player');
	});

	it('refuses an oversized token before parsing it', async () => {
		await expect(join(`${'a'.repeat(9000)}.b.c`)).rejects.toThrow(/^E_AUTH_INVALID: token longer than/);
	});

	it('refuses a weak secret or a bad JWKS URL at configuration time', () => {
		expect(() => jwtAuthenticate({ secret: 'short' })).toThrow(/^E_AUTH_CONFIG: the HS256 secret has 5 bytes/);
		expect(() => jwtAuthenticate({ jwksUrl: 'not a url' })).toThrow(/^E_AUTH_CONFIG: /);
		expect(() => jwtAuthenticate({ jwksUrl: 'file:///etc/passwd' })).toThrow(/^E_AUTH_CONFIG: jwksUrl must be http/);
	});
});

describe('guest mode', () => {
	it('is announced once when a world starts without authenticate, and not otherwise', async () => {
		const maps = await demoMaps();
		const warn = vi.fn();
		resolveWorldConfig({ maps, warn });
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0]![0]).toMatch(/guest mode: anyone may join/);
		warn.mockClear();
		resolveWorldConfig({ maps, warn, authenticate: jwtAuthenticate({ secret: SECRET }) });
		expect(warn).not.toHaveBeenCalled();
	});
});
