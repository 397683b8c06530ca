// API keys over real HTTP: created with a user session, shown once, stored as a keyed hash, used
// as `Authorization: Bearer cdk_...` or `X-API-Key`, limited by scope, dead at once when revoked
// or expired, confined to their owner.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStoreConsistency } from '@coditect/api';
import { readTrail } from '../support/audit-trail';
import { manualClock, useTestServer } from '../support/test-server';
import { addColleague } from '../support/colleague';
import { registerUser, restClient, TEST_PASSWORD, type RegisteredUser, type RestClient } from '../support/rest-client';

const KEY_FORMAT = /^cdk_[A-Za-z0-9_-]{43}$/;

describe('API keys', () => {
  const clock = manualClock();
  const server = useTestServer({ now: clock.now });
  let api: RestClient;
  let owner: RegisteredUser;

  beforeAll(async () => {
    api = restClient(server.url);
    owner = await registerUser(api);
  });

  async function createKey(body: Record<string, unknown>, token = owner.accessToken) {
    const { status, body: response } = await api.post('/api-keys', body, token);
    expect(status, JSON.stringify(response)).toBe(201);
    return response.data as { key_id: string; secret: string; prefix: string; scope: string };
  }

  const withKey = (key: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, { body, headers: { 'x-api-key': key } });
  const withBearerKey = (key: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, { body, token: key });

  it('creates a key whose secret is shown once and listed never', async () => {
    const { status, body } = await api.post('/api-keys', { name: 'CI deploys', scope: 'write' }, owner.accessToken);
    expect(status).toBe(201);
    expect(body.data).toMatchObject({
      name: 'CI deploys',
      scope: 'write',
      status: 'active',
      expires_at: null,
      last_used_at: null,
    });
    expect(body.data.secret).toMatch(KEY_FORMAT);
    expect(body.data.secret.startsWith(body.data.prefix)).toBe(true);
    expect(body.data.prefix).toHaveLength('cdk_'.length + 6);

    const listed = await api.get('/api-keys', owner.accessToken);
    expect(listed.status).toBe(200);
    const entry = listed.body.data.api_keys.find((key: { key_id: string }) => key.key_id === body.data.key_id);
    expect(entry).toEqual({ ...body.data, secret: undefined });
    expect(JSON.stringify(listed.body)).not.toContain(body.data.secret);
  });

  it('stores no secret: no key or value in the store contains it', async () => {
    const { secret } = await createKey({ name: 'hash only' });
    const needle = Buffer.from(secret.slice('cdk_'.length));
    const entries = await server.store.transact((tx) => tx.getRange(Buffer.alloc(0), Buffer.from([0xff, 0xff, 0xff])));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(Buffer.from(entry.key).includes(needle)).toBe(false);
      expect(Buffer.from(entry.value).includes(needle)).toBe(false);
    }
  });

  it('defaults to the read scope', async () => {
    const key = await createKey({ name: 'default scope' });
    expect(key.scope).toBe('read');
  });

  it('authenticates REST calls as its owner, by Bearer and by X-API-Key', async () => {
    const { secret } = await createKey({ name: 'reader' });
    for (const call of [withKey, withBearerKey]) {
      const me = await call(secret, 'GET', '/users/me');
      expect(me.status).toBe(200);
      expect(me.body.data).toMatchObject({ user_id: owner.userId, tenant_id: owner.tenantId, email: owner.email });
    }
    const created = await api.post('/sessions', { name: 'Owned by owner' }, owner.accessToken);
    const listed = await withKey(secret, 'GET', '/sessions');
    expect(listed.body.data.sessions.map((session: { session_id: string }) => session.session_id)).toContain(
      created.body.data.session_id,
    );
  });

  it('authenticates tRPC calls too', async () => {
    const { secret } = await createKey({ name: 'trpc reader' });
    const response = await fetch(`${server.url}/trpc/users.me`, { headers: { 'x-api-key': secret } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { data: { email: string } } }).result.data.email).toBe(owner.email);
    const mutation = await fetch(`${server.url}/trpc/sessions.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'via tRPC' }),
    });
    expect(mutation.status).toBe(403);
    expect(((await mutation.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe('FORBIDDEN');
  });

  it('a read key may not change anything: 403 FORBIDDEN on every mutation, nothing written', async () => {
    const { secret } = await createKey({ name: 'read only', scope: 'read' });
    const session = await api.post('/sessions', { name: 'Untouched' }, owner.accessToken);
    const id = session.body.data.session_id as string;
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/sessions', { name: 'nope' }],
      ['PUT', `/sessions/${id}`, { name: 'renamed' }],
      ['POST', `/sessions/${id}/fork`, {}],
      ['DELETE', `/sessions/${id}`, undefined],
      ['PUT', '/users/me', { first_name: 'Mallory' }],
    ];
    for (const [method, path, body] of attempts) {
      const { status, body: response } = await withKey(secret, method, path, body);
      expect(status, `${method} ${path}`).toBe(403);
      expect(response.error.code).toBe('FORBIDDEN');
      expect(response.error.message).toContain('read-only');
    }
    const after = await api.get(`/sessions/${id}`, owner.accessToken);
    expect(after.body.data).toMatchObject({ name: 'Untouched', version: 1 });
    expect((await api.get('/users/me', owner.accessToken)).body.data.first_name).toBe('Test');
  });

  it('a write key acts as its owner in its tenant', async () => {
    const { secret } = await createKey({ name: 'writer', scope: 'write' });
    const created = await withBearerKey(secret, 'POST', '/sessions', { name: 'Made by a key' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ user_id: owner.userId, tenant_id: owner.tenantId });
    const seen = await api.get(`/sessions/${created.body.data.session_id}`, owner.accessToken);
    expect(seen.status).toBe(200);
  });

  it('no key — not even a write key — reaches what needs a user session', async () => {
    const { secret, key_id } = await createKey({ name: 'powerful', scope: 'write' });
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/api-keys', { name: 'spawned' }],
      ['GET', '/api-keys', undefined],
      ['DELETE', `/api-keys/${key_id}`, undefined],
      ['POST', '/auth/logout', undefined],
      ['PUT', '/users/me/password', { current_password: TEST_PASSWORD, new_password: 'a whole new password' }],
    ];
    for (const [method, path, body] of attempts) {
      const { status, body: response } = await withKey(secret, method, path, body);
      expect(status, `${method} ${path}`).toBe(403);
      expect(response.error).toEqual({
        code: 'FORBIDDEN',
        message: 'This operation needs a signed-in user session; API keys cannot call it',
      });
    }
    // The key still exists and works; the password is unchanged.
    expect((await withKey(secret, 'GET', '/users/me')).status).toBe(200);
    expect((await api.post('/auth/login', { email: owner.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('a revoked key answers 401 at once; revoking twice or a stranger’s key is 404', async () => {
    const { secret, key_id } = await createKey({ name: 'short-lived' });
    expect((await withKey(secret, 'GET', '/users/me')).status).toBe(200);
    const revoked = await api.delete(`/api-keys/${key_id}`, owner.accessToken);
    expect(revoked).toMatchObject({ status: 200, body: { success: true, message: 'API key revoked' } });
    for (const call of [withKey, withBearerKey]) {
      const { status, body } = await call(secret, 'GET', '/users/me');
      expect(status).toBe(401);
      expect(body.error).toEqual({ code: 'UNAUTHORIZED', message: 'Invalid or revoked API key' });
    }
    const again = await api.delete(`/api-keys/${key_id}`, owner.accessToken);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('NOT_FOUND');
    const listed = await api.get('/api-keys', owner.accessToken);
    expect(listed.body.data.api_keys.map((key: { key_id: string }) => key.key_id)).not.toContain(key_id);
  });

  it('an expired key answers 401 TOKEN_EXPIRED and is listed as expired', async () => {
    const expiresAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const { secret, key_id } = await createKey({ name: 'one hour', expires_at: expiresAt });
    expect((await withKey(secret, 'GET', '/users/me')).status).toBe(200);
    clock.advance(60 * 60_000 + 1000);
    // The owner's access token (1 h) has expired too; sign in again for the other tests.
    const fresh = await api.post('/auth/login', { email: owner.email, password: TEST_PASSWORD });
    owner.accessToken = fresh.body.data.tokens.access_token;
    const { status, body } = await withKey(secret, 'GET', '/users/me');
    expect(status).toBe(401);
    expect(body.error).toEqual({ code: 'TOKEN_EXPIRED', message: 'The API key has expired' });
    const listed = await api.get('/api-keys', owner.accessToken);
    const entry = listed.body.data.api_keys.find((key: { key_id: string }) => key.key_id === key_id);
    expect(entry).toMatchObject({ status: 'expired', expires_at: expiresAt });
  });

  it('refuses an expiry in the past and bad names with 400', async () => {
    const past = await api.post('/api-keys', { name: 'late', expires_at: '2001-01-01T00:00:00Z' }, owner.accessToken);
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ path: 'expires_at', message: 'Must be in the future' }],
    });
    for (const body of [
      { name: '' },
      { name: 'x', scope: 'admin' },
      { name: 'x', expires_at: 'tomorrow' },
      { name: 'x', secret: 'mine' },
    ]) {
      const { status, body: response } = await api.post('/api-keys', body, owner.accessToken);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(response.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('records when a key was last used (at most once a minute)', async () => {
    const { secret, key_id } = await createKey({ name: 'usage' });
    const lastUsed = async () =>
      (await api.get('/api-keys', owner.accessToken)).body.data.api_keys.find((key: { key_id: string }) => key.key_id === key_id)
        .last_used_at as string | null;
    expect(await lastUsed()).toBeNull();
    await withKey(secret, 'GET', '/users/me');
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await withKey(secret, 'GET', '/users/me');
    expect(await lastUsed()).toBe(first);
    clock.advance(61_000);
    await withKey(secret, 'GET', '/users/me');
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(Date.parse(first!));
  });

  it('rejects malformed, unknown and doubled credentials with 401', async () => {
    const { secret } = await createKey({ name: 'real' });
    const forged = `cdk_${'A'.repeat(43)}`;
    for (const key of ['cdk_short', forged, `${secret}x`, '']) {
      const { status, body } = await withKey(key, 'GET', '/users/me');
      expect(status, key).toBe(401);
      expect(body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await withBearerKey(forged, 'GET', '/users/me')).status).toBe(401);
    const both = await api.call('GET', '/users/me', { token: owner.accessToken, headers: { 'x-api-key': secret } });
    expect(both.status).toBe(401);
    expect(both.body.error.message).toBe('Send either Authorization or X-API-Key, not both (or the same credential in both)');
  });

  it('keys are per user: a colleague in the same tenant can neither see nor revoke them', async () => {
    const { secret, key_id } = await createKey({ name: 'mine alone' });
    const colleague = (await addColleague(server, owner.tenantId)).accessToken;
    expect((await api.get('/api-keys', colleague)).body.data).toEqual({ api_keys: [], count: 0 });
    const revoke = await api.delete(`/api-keys/${key_id}`, colleague);
    expect(revoke.status).toBe(404);
    const missingId = '00000000-0000-4000-8000-000000000000';
    const missing = await api.delete(`/api-keys/${missingId}`, colleague);
    expect(revoke.body).toEqual({ ...missing.body, error: { ...missing.body.error, message: `API key not found: ${key_id}` } });
    expect((await withKey(secret, 'GET', '/users/me')).body.data.email).toBe(owner.email);

    // The colleague's attempt on someone else's key is audited as such; the miss on a missing id is not.
    await server.audit.flush();
    const violations = (await readTrail(server.store, owner.tenantId)).filter(
      (entry) => entry.event_type === 'isolation.violation',
    );
    expect(violations.map((entry) => entry.details)).toEqual([{ object_id: key_id, kind: 'api_key' }]);
    expect(await checkStoreConsistency(server.store)).toMatchObject({ problems: [] });
  });

  it('tenant isolation holds for key callers: another tenant’s session is a 404', async () => {
    const stranger = await registerUser(api);
    const foreign = await api.post('/sessions', { name: 'Not yours' }, stranger.accessToken);
    const { secret } = await createKey({ name: 'nosy', scope: 'write' });
    const id = foreign.body.data.session_id as string;
    for (const [method, path, body] of [
      ['GET', `/sessions/${id}`, undefined],
      ['PUT', `/sessions/${id}`, { name: 'taken' }],
      ['DELETE', `/sessions/${id}`, undefined],
    ] as const) {
      const { status, body: response } = await withKey(secret, method, path, body);
      expect(status).toBe(404);
      expect(response.error.code).toBe('SESSION_NOT_FOUND');
    }
    expect((await api.get(`/sessions/${id}`, stranger.accessToken)).body.data.name).toBe('Not yours');
  });

  it('a password change revokes the user’s keys, unless they choose to keep them; a logout does not', async () => {
    const user = await registerUser(api);
    const { secret } = await createKey({ name: 'revoked with the password' }, user.accessToken);
    await api.put(
      '/users/me/password',
      { current_password: TEST_PASSWORD, new_password: 'another long password' },
      user.accessToken,
    );
    expect((await api.get('/users/me', user.accessToken)).status).toBe(401);
    expect((await withKey(secret, 'GET', '/users/me')).status).toBe(401);

    const keeper = await registerUser(api);
    const kept = await createKey({ name: 'kept' }, keeper.accessToken);
    await api.post('/auth/logout', undefined, keeper.accessToken);
    expect((await withKey(kept.secret, 'GET', '/users/me')).status).toBe(200);
    const signedIn = await api.post('/auth/login', { email: keeper.email, password: TEST_PASSWORD });
    const changed = await api.put(
      '/users/me/password',
      { current_password: TEST_PASSWORD, new_password: 'another long password', keep_api_keys: true },
      signedIn.body.data.tokens.access_token,
    );
    expect(changed.status).toBe(200);
    expect((await withKey(kept.secret, 'GET', '/users/me')).status).toBe(200);
  });

  it('creating a key needs the current password unless the caller signed in within 5 minutes (a refresh does not count)', async () => {
    const user = await registerUser(api);
    clock.advance(6 * 60_000);
    const refreshed = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
    const token = refreshed.body.data.access_token as string;
    const asked = await api.post('/api-keys', { name: 'late' }, token);
    expect([asked.status, asked.body.error.code]).toEqual([403, 'REAUTHENTICATION_REQUIRED']);
    const wrong = await api.post('/api-keys', { name: 'late', current_password: 'not it at all' }, token);
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'INVALID_PASSWORD']);
    const right = await api.post('/api-keys', { name: 'late', current_password: TEST_PASSWORD }, token);
    expect(right.status).toBe(201);
    // A fresh sign-in needs no password for the next few minutes.
    const signedIn = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect((await api.post('/api-keys', { name: 'fresh' }, signedIn.body.data.tokens.access_token)).status).toBe(201);
    expect((await api.get('/api-keys', token)).body.data.count).toBe(2);
  });

  it('holds at most 50 keys per user (409 CONFLICT beyond)', async () => {
    const user = await registerUser(api);
    for (let index = 0; index < 50; index += 1) await createKey({ name: `key ${index}` }, user.accessToken);
    const { status, body } = await api.post('/api-keys', { name: 'one too many' }, user.accessToken);
    expect(status).toBe(409);
    expect(body.error.code).toBe('CONFLICT');
    expect((await api.get('/api-keys', user.accessToken)).body.data.count).toBe(50);
  });
});
