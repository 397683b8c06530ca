// Forged, tampered, expired and malformed tokens: always 401, never 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt } from 'jose';
import { useTestServer, TEST_JWT_SECRET } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';

const secret = new TextEncoder().encode(TEST_JWT_SECRET);

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

describe('access token attacks', () => {
  const server = useTestServer();
  let api: RestClient;
  let user: RegisteredUser;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    api = restClient(server.url);
    user = await registerUser(api);
    claims = decodeJwt(user.accessToken) as Record<string, unknown>;
  });

  async function sign(payload: Record<string, unknown>, alg = 'HS256', key: Uint8Array = secret) {
    return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  }

  async function expect401(token: string, code = 'UNAUTHORIZED') {
    const { status, body } = await api.get('/users/me', token);
    expect(status).toBe(401);
    expect(body.success).toBe(false);
    expect(body.error.code).toBe(code);
  }

  it('the genuine token works (control)', async () => {
    expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
    expect((await api.get('/users/me', await sign(claims))).status).toBe(200);
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('rejects alg %s', async (alg) => {
    const [, payload] = user.accessToken.split('.');
    await expect401(`${b64url({ alg, typ: 'JWT' })}.${payload}.`);
    await expect401(`${b64url({ alg, typ: 'JWT' })}.${payload}`);
  });

  it.each(['HS384', 'HS512'])('rejects %s signed with the same secret', async (alg) => {
    await expect401(await sign(claims, alg));
  });

  it('rejects a token signed with another secret', async () => {
    await expect401(await sign(claims, 'HS256', new TextEncoder().encode('another-secret-another-secret-another!')));
  });

  it('rejects a tampered tenant_id (payload edited, signature kept)', async () => {
    const [header, , signature] = user.accessToken.split('.');
    const forged = { ...claims, tenant_id: '00000000-0000-4000-8000-000000000000' };
    await expect401(`${header}.${b64url(forged)}.${signature}`);
  });

  it.each(['exp', 'iat', 'sub', 'sid', 'jti', 'tenant_id', 'token_use', 'iss', 'aud'])(
    'rejects a correctly signed token without %s',
    async (claim) => {
      const { [claim]: _removed, ...rest } = claims;
      await expect401(await sign(rest));
    },
  );

  it('rejects a validly signed token for an auth session that does not exist', async () => {
    await expect401(await sign({ ...claims, sid: '11111111-1111-4111-8111-111111111111' }));
  });

  it('rejects an expired token with TOKEN_EXPIRED, accepts one just inside the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await sign({ ...claims, iat: now - 7200, exp: now - 60 }), 'TOKEN_EXPIRED');
    const justInside = await sign({ ...claims, iat: now - 3600, exp: now - 2 });
    expect((await api.get('/users/me', justInside)).status).toBe(200);
  });

  it.each([
    ['empty', ''],
    ['one segment', 'abc'],
    ['three junk segments', 'a.b.c'],
    ['not base64', '!!!.@@@.###'],
    ['header not JSON', `${b64url('not json')}.${b64url({})}.x`],
    ['oversized', `${'a'.repeat(3_000)}.${'b'.repeat(3_000)}.${'c'.repeat(100)}`],
    ['latin-1', 'ünïcødé.tøkên.x'],
  ])('rejects a malformed token (%s)', async (_label, token) => {
    const { status, body } = await api.call('GET', '/users/me', { headers: { authorization: `Bearer ${token}` } });
    expect(status).toBe(401);
    expect(body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers headers beyond the server limit with a 4xx JSON error', async () => {
    const { status, body } = await api.call('GET', '/users/me', { headers: { authorization: `Bearer ${'a'.repeat(20_000)}` } });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.success).toBe(false);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Token abc'], ['bearer']])('rejects the header %j', async (header) => {
    const { status } = await api.call('GET', '/users/me', { headers: { authorization: header } });
    expect(status).toBe(401);
  });

  it('accepts the scheme in any case', async () => {
    const { status } = await api.call('GET', '/users/me', { headers: { authorization: `bearer ${user.accessToken}` } });
    expect(status).toBe(200);
  });
});
