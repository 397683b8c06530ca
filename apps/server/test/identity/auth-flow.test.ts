import { beforeAll, describe, expect, it } from 'vitest';
import { scopeTransaction } from '@coditect/store';
import { identitySpace, selfTenantId } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, TEST_PASSWORD, uniqueEmail, type RestClient } from '../support/rest-client';
import { ISO_TIMESTAMP, UUID } from '../support/formats';

describe('identity over REST', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  describe('register', () => {
    it('creates the user and its own tenant, role Admin, 201 with the documented shape', async () => {
      const email = uniqueEmail('Seed');
      const { status, body } = await api.post('/auth/register', {
        email,
        password: 'SecureP@ssw0rd!',
        first_name: 'John',
        last_name: 'Doe',
      });
      expect(status).toBe(201);
      expect(body.success).toBe(true);
      expect(Object.keys(body.data).sort()).toEqual(['tokens', 'user']);
      expect(body.data.user).toEqual({
        user_id: expect.stringMatching(UUID),
        tenant_id: expect.stringMatching(UUID),
        email,
        first_name: 'John',
        last_name: 'Doe',
        role: 'Admin',
        created_at: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(body.data.user.tenant_id).not.toBe(body.data.user.user_id);
      expect(body.data.tokens).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        expires_at: expect.stringMatching(ISO_TIMESTAMP),
        refresh_expires_at: expect.stringMatching(ISO_TIMESTAMP),
      });
      const accessExpiry = Date.parse(body.data.tokens.expires_at) - Date.now();
      expect(accessExpiry).toBeGreaterThan(3500_000);
      expect(accessExpiry).toBeLessThanOrEqual(3600_000);
      const refreshExpiry = Date.parse(body.data.tokens.refresh_expires_at) - Date.now();
      expect(Math.round(refreshExpiry / 86_400_000)).toBe(30);
    });

    it('derives the tenant id as a UUID v5 of the user id', async () => {
      const user = await registerUser(api);
      expect(user.tenantId[14]).toBe('5');
      expect(user.tenantId).toBe(selfTenantId(user.userId));
      const again = await registerUser(api);
      expect(again.tenantId).not.toBe(user.tenantId);
    });

    it('accepts an older client’s camelCase body', async () => {
      const email = uniqueEmail();
      const { status, body } = await api.post('/auth/register', {
        email,
        password: 'correct horse battery staple',
        firstName: 'Test',
        lastName: 'User',
        company: 'ACME Corp',
      });
      expect(status).toBe(201);
      expect(body.data.user).toMatchObject({ first_name: 'Test', last_name: 'User' });
      const me = await api.get('/users/me', body.data.tokens.access_token);
      expect(me.body.data.company).toBe('ACME Corp');
    });

    it('refuses a taken email, compared case-insensitively, with 409 EMAIL_TAKEN', async () => {
      const user = await registerUser(api);
      const { status, body } = await api.post('/auth/register', {
        email: user.email.toUpperCase(),
        password: TEST_PASSWORD,
        first_name: 'A',
        last_name: 'B',
      });
      expect(status).toBe(409);
      expect(body.error.code).toBe('EMAIL_TAKEN');
    });

    it('registers one account when the same email arrives in parallel, in mixed case: one 201, the rest 409', async () => {
      const email = uniqueEmail('race');
      const spellings = [email, email.toUpperCase(), email.replace(/^./, (c) => c.toUpperCase())];
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, index) =>
          api.post('/auth/register', {
            email: spellings[index % 3],
            password: TEST_PASSWORD,
            first_name: 'R',
            last_name: `${index}`,
          }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409]);
      expect(results.filter((result) => result.status === 409).every((result) => result.body.error.code === 'EMAIL_TAKEN')).toBe(
        true,
      );
      const winner = results.find((result) => result.status === 201)!.body.data.user;
      const login = await api.post('/auth/login', { email, password: TEST_PASSWORD });
      expect(login.body.data.user.user_id).toBe(winner.user_id);
    });

    it.each([
      ['7 characters', 'a'.repeat(7)],
      ['129 characters', 'a'.repeat(129)],
      ['empty', ''],
    ])('rejects a password of %s with 400 and writes nothing', async (_label, password) => {
      const email = uniqueEmail();
      const { status, body } = await api.post('/auth/register', { email, password, first_name: 'A', last_name: 'B' });
      expect(status).toBe(400);
      expect(body.error.code).toBe('VALIDATION_ERROR');
      expect(body.error.details.some((issue: { path: string }) => issue.path === 'password')).toBe(true);
      const login = await api.post('/auth/login', { email, password: 'a'.repeat(8) });
      expect(login.status).toBe(401);
    });

    it('takes 8 to 128 characters, counted as characters not bytes, never truncated', async () => {
      // 128 accented letters (two bytes each) in no guessable order.
      let seed = 7;
      const long = Array.from({ length: 128 }, () =>
        String.fromCharCode(0xe0 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 30)),
      ).join('');
      const user = await registerUser(api, { password: long });
      expect((await api.post('/auth/login', { email: user.email, password: long })).status).toBe(200);
      const truncated = await api.post('/auth/login', { email: user.email, password: long.slice(0, 72) });
      expect(truncated.status).toBe(401);
      // Eight characters pass the length rule; the strength estimate then judges them (eight are
      // never enough against an offline attack, whatever they are).
      const eight = await api.post('/auth/register', {
        email: uniqueEmail(),
        password: 'tQ8#vz!k',
        first_name: 'A',
        last_name: 'B',
      });
      expect(eight.body.error.details).toEqual([{ path: 'password', message: expect.stringMatching(/too easy to guess/) }]);
    });

    it('normalises passwords to NFC on register and login', async () => {
      const decomposed = 'cafe\u0301 au lait every morning';
      const composed = 'caf\u00e9 au lait every morning';
      const user = await registerUser(api, { password: decomposed });
      expect((await api.post('/auth/login', { email: user.email, password: composed })).status).toBe(200);
    });

    it('rejects bad emails, unknown fields and a tenant_id in the body', async () => {
      for (const body of [
        { email: 'not-an-email', password: TEST_PASSWORD, first_name: 'A', last_name: 'B' },
        { email: uniqueEmail(), password: TEST_PASSWORD, first_name: 'A', last_name: 'B', role: 'Viewer' },
        {
          email: uniqueEmail(),
          password: TEST_PASSWORD,
          first_name: 'A',
          last_name: 'B',
          tenant_id: '00000000-0000-4000-8000-000000000000',
        },
        { email: uniqueEmail(), password: TEST_PASSWORD },
      ]) {
        const { status, body: response } = await api.post('/auth/register', body);
        expect(status).toBe(400);
        expect(response.error.code).toBe('VALIDATION_ERROR');
      }
    });

    it('stores an Argon2id hash with OWASP parameters, never the password', async () => {
      const user = await registerUser(api);
      const record = await server.store.transact((tx) =>
        scopeTransaction(tx, identitySpace).get<{ password_hash: string }>(['user', user.userId]),
      );
      expect(record?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(JSON.stringify(record)).not.toContain(TEST_PASSWORD);
    });
  });

  describe('login', () => {
    it('answers the documented shape with full_name, records last_login_at', async () => {
      const user = await registerUser(api, { first_name: 'Ada', last_name: 'Lovelace' });
      const before = await api.get('/users/me', user.accessToken);
      expect(before.body.data.last_login_at).toBeNull();
      const { status, body } = await api.post('/auth/login', { email: user.email.toUpperCase(), password: TEST_PASSWORD });
      expect(status).toBe(200);
      expect(body.data.user).toEqual({
        user_id: user.userId,
        tenant_id: user.tenantId,
        email: user.email,
        full_name: 'Ada Lovelace',
        role: 'Admin',
      });
      const after = await api.get('/users/me', body.data.tokens.access_token);
      expect(after.body.data.last_login_at).toMatch(ISO_TIMESTAMP);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const user = await registerUser(api);
      const wrong = await api.post('/auth/login', { email: user.email, password: 'wrong password!' });
      const unknown = await api.post('/auth/login', { email: uniqueEmail('ghost'), password: 'wrong password!' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body).toEqual({
        success: false,
        error: { code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' },
      });
    });

    it('starts a new auth session each time: logging out one leaves the other', async () => {
      const user = await registerUser(api);
      const first = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
      const second = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
      const out = await api.post('/auth/logout', undefined, first.body.data.tokens.access_token);
      expect(out).toMatchObject({ status: 200, body: { success: true, message: 'Logged out successfully' } });
      expect((await api.get('/users/me', first.body.data.tokens.access_token)).status).toBe(401);
      expect((await api.get('/users/me', second.body.data.tokens.access_token)).status).toBe(200);
    });
  });

  describe('logout', () => {
    it('ends the session at once: its access and refresh tokens stop working', async () => {
      const user = await registerUser(api);
      expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
      expect((await api.post('/auth/logout', undefined, user.accessToken)).status).toBe(200);
      const me = await api.get('/users/me', user.accessToken);
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('UNAUTHORIZED');
      const refreshed = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
      expect(refreshed.status).toBe(401);
      expect((await api.post('/auth/logout', undefined, user.accessToken)).status).toBe(401);
    });

    it('takes no fields: one sent (e.g. "everywhere") is 400 and the session goes on; an empty object is fine', async () => {
      const user = await registerUser(api);
      const everywhere = await api.post('/auth/logout', { everywhere: true }, user.accessToken);
      expect(everywhere.status).toBe(400);
      expect(everywhere.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'Invalid input',
        details: [{ path: '', message: 'Unknown field: everywhere' }],
      });
      expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
      const scoped = await api.get('/users/me?tenant_id=00000000-0000-4000-8000-000000000000', user.accessToken);
      expect(scoped.status).toBe(400);
      expect(scoped.body.error.details[0].message).toBe('Unknown field: tenant_id');
      expect((await api.post('/auth/logout', {}, user.accessToken)).status).toBe(200);
      expect((await api.get('/users/me', user.accessToken)).status).toBe(401);
    });

    it('requires a token', async () => {
      const { status, body } = await api.post('/auth/logout');
      expect(status).toBe(401);
      expect(body.error.code).toBe('UNAUTHORIZED');
    });
  });

  describe('refresh', () => {
    it('rotates the pair; the new tokens work', async () => {
      const user = await registerUser(api);
      const { status, body } = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
      expect(status).toBe(200);
      expect(Object.keys(body.data).sort()).toEqual(['access_token', 'expires_at', 'refresh_expires_at', 'refresh_token']);
      expect(body.data.refresh_token).not.toBe(user.refreshToken);
      expect((await api.get('/users/me', body.data.access_token)).status).toBe(200);
      const again = await api.post('/auth/refresh', { refresh_token: body.data.refresh_token });
      expect(again.status).toBe(200);
    });

    it('treats a retired refresh token as theft: 401 TOKEN_REUSED and the whole family ends', async () => {
      const user = await registerUser(api);
      const rotated = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
      const newAccess = rotated.body.data.access_token;
      const reused = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
      expect(reused.status).toBe(401);
      expect(reused.body.error.code).toBe('TOKEN_REUSED');
      // The revocation was committed even though the call failed.
      expect((await api.get('/users/me', newAccess)).status).toBe(401);
      expect((await api.get('/users/me', user.accessToken)).status).toBe(401);
      expect((await api.post('/auth/refresh', { refresh_token: rotated.body.data.refresh_token })).status).toBe(401);
    });

    it('20 parallel refreshes of one token: exactly one succeeds, none is a 500', async () => {
      const user = await registerUser(api);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => api.post('/auth/refresh', { refresh_token: user.refreshToken })),
      );
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.every((status) => status === 200 || status === 401)).toBe(true);
    });

    it('an access token is not a refresh token, and a refresh token is not a bearer', async () => {
      const user = await registerUser(api);
      const asRefresh = await api.post('/auth/refresh', { refresh_token: user.accessToken });
      expect(asRefresh.status).toBe(401);
      const asBearer = await api.get('/users/me', user.refreshToken);
      expect(asBearer.status).toBe(401);
      expect(asBearer.body.error.code).toBe('UNAUTHORIZED');
      // Neither misuse revoked anything.
      expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
    });

    it('rejects garbage with 401, a missing field with 400', async () => {
      expect((await api.post('/auth/refresh', { refresh_token: 'garbage' })).status).toBe(401);
      expect((await api.post('/auth/refresh', {})).status).toBe(400);
    });
  });

  describe('users.me and updateMe', () => {
    it('returns the profile without the password hash', async () => {
      const user = await registerUser(api, { first_name: 'Grace', last_name: 'Hopper' });
      const { status, body } = await api.get('/users/me', user.accessToken);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        user_id: user.userId,
        tenant_id: user.tenantId,
        email: user.email,
        first_name: 'Grace',
        last_name: 'Hopper',
        full_name: 'Grace Hopper',
        role: 'Admin',
        is_active: true,
        email_verified: false,
      });
      expect(JSON.stringify(body)).not.toMatch(/password|argon2/i);
    });

    it('updates only first_name / last_name and derives full_name', async () => {
      const user = await registerUser(api);
      const { status, body } = await api.put('/users/me', { first_name: 'Jane' }, user.accessToken);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        user_id: user.userId,
        email: user.email,
        first_name: 'Jane',
        last_name: 'User',
        full_name: 'Jane User',
      });
      expect(Object.keys(body.data).sort()).toEqual(['email', 'first_name', 'full_name', 'last_name', 'updated_at', 'user_id']);
    });

    it.each([
      [{ role: 'Viewer' }],
      [{ email: 'else@example.com' }],
      [{ first_name: 'X', password_hash: 'x' }],
      [{ first_name: 'X', tenant_id: '00000000-0000-4000-8000-000000000000' }],
      [{ first_name: 'X', is_active: false }],
      [{}],
      [{ first_name: '' }],
    ])('rejects mass assignment %j with 400 and changes nothing', async (body) => {
      const user = await registerUser(api);
      const before = await api.get('/users/me', user.accessToken);
      const { status, body: response } = await api.put('/users/me', body, user.accessToken);
      expect(status).toBe(400);
      expect(response.error.code).toBe('VALIDATION_ERROR');
      const after = await api.get('/users/me', user.accessToken);
      expect(after.body.data).toEqual(before.body.data);
    });
  });

  describe('password change', () => {
    it('a wrong current password is 401 INVALID_PASSWORD and changes nothing', async () => {
      const user = await registerUser(api);
      const { status, body } = await api.put(
        '/users/me/password',
        { current_password: 'nope-nope', new_password: 'another password' },
        user.accessToken,
      );
      expect(status).toBe(401);
      expect(body).toEqual({ success: false, error: { code: 'INVALID_PASSWORD', message: 'Current password is incorrect' } });
      expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
      expect((await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    });

    it('success ends every auth session of the user; the old password stops working, the new one works', async () => {
      const user = await registerUser(api);
      const other = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
      const { status, body } = await api.put(
        '/users/me/password',
        { current_password: TEST_PASSWORD, new_password: 'a brand new passphrase' },
        user.accessToken,
      );
      expect(status).toBe(200);
      expect(body).toEqual({ success: true, message: 'Password changed successfully' });
      expect((await api.get('/users/me', user.accessToken)).status).toBe(401);
      expect((await api.get('/users/me', other.body.data.tokens.access_token)).status).toBe(401);
      expect((await api.post('/auth/refresh', { refresh_token: other.body.data.tokens.refresh_token })).status).toBe(401);
      expect((await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
      expect((await api.post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
    });

    it('the new password follows the same policy', async () => {
      const user = await registerUser(api);
      const { status } = await api.put(
        '/users/me/password',
        { current_password: TEST_PASSWORD, new_password: 'short' },
        user.accessToken,
      );
      expect(status).toBe(400);
    });
  });

  describe('tenant from the token only', () => {
    it('ignores tenant headers and every protected route needs a token', async () => {
      const a = await registerUser(api);
      const b = await registerUser(api);
      const me = await api.call('GET', '/users/me', { token: a.accessToken, headers: { 'x-tenant-id': b.tenantId } });
      expect(me.body.data.tenant_id).toBe(a.tenantId);
      for (const [method, path] of [
        ['GET', '/users/me'],
        ['PUT', '/users/me'],
        ['PUT', '/users/me/password'],
        ['POST', '/auth/logout'],
      ] as const) {
        const { status, body } = await api.call(method, path, { body: method === 'PUT' ? {} : undefined });
        expect(status, `${method} ${path}`).toBe(401);
        expect(body.error.code).toBe('UNAUTHORIZED');
      }
    });
  });
});
