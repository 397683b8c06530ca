// Every call honours the account's current state (disabled, role), sessions end at their absolute
// lifetime however often they are refreshed, and signing keys rotate without signing anyone out
// or retiring an API key.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { scopeTransaction } from '@coditect/store';
import { ApiKeySecrets, identitySpace, tenantSpace, updateMemberAccess } from '@coditect/api';
import { registerUser } from '../support/rest-client';
import { manualClock, testServer, useTestServer, TEST_JWT_SECRET } from '../support/test-server';

describe('live account state', () => {
  const server = useTestServer();
  const access = (change: Parameters<typeof updateMemberAccess>[1]) =>
    updateMemberAccess({ deps: server.deps, identity: server.deps.identity }, change);

  it('a disabled account stops at its next request, by token or API key, and works again once enabled', async () => {
    const user = await registerUser(server.api);
    const key = (await server.api.post('/api-keys', { name: 'k', scope: 'read' }, user.accessToken)).body.data.secret as string;
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    await access({ user_id: user.userId, is_active: false });
    for (const response of [
      await server.api.get('/users/me', user.accessToken),
      await server.api.call('GET', '/users/me', { headers: { 'x-api-key': key } }),
    ]) {
      expect([response.status, response.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    }
    await access({ user_id: user.userId, is_active: true });
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
  });

  it('the role comes from the account, not from the token it signed in with', async () => {
    const user = await registerUser(server.api);
    expect((await server.api.get('/audit', user.accessToken)).status).toBe(200);
    await access({ user_id: user.userId, role: 'Developer' });
    const refused = await server.api.get('/audit', user.accessToken);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await server.api.get('/users/me', user.accessToken)).body.data.role).toBe('Developer');
  });
});

describe('session lifetime', () => {
  const clock = manualClock();
  const server = useTestServer({
    now: clock.now,
    env: { ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_TTL: '1h', SESSION_MAX_AGE: '2h' },
  });

  it('refreshing keeps a session alive up to SESSION_MAX_AGE from sign-in, never past it', async () => {
    const user = await registerUser(server.api);
    const signedInAt = clock.now().getTime();
    const end = signedInAt + 2 * 3600_000;
    let refreshToken = user.refreshToken;
    for (let step = 0; step < 3; step += 1) {
      clock.advance(35 * 60_000);
      const refreshed = await server.api.post('/auth/refresh', { refresh_token: refreshToken });
      expect(refreshed.status, `refresh ${step + 1}`).toBe(200);
      refreshToken = refreshed.body.data.refresh_token;
      // Never beyond the absolute end, and the access token never outlives the refresh token.
      expect(Date.parse(refreshed.body.data.refresh_expires_at)).toBeLessThanOrEqual(end);
      expect(Date.parse(refreshed.body.data.expires_at)).toBeLessThanOrEqual(Date.parse(refreshed.body.data.refresh_expires_at));
    }
    clock.advance(20 * 60_000); // 2 h 5 min after sign-in
    const late = await server.api.post('/auth/refresh', { refresh_token: refreshToken });
    expect(late.status).toBe(401);
  });
});

describe('rotating the signing secret', () => {
  const FIRST = 'first-secret-first-secret-first-secret-1234';
  const SECOND = 'second-secret-second-secret-second-secret-5678';
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'coditect-rotation-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tokens name their key; with JWT_SECRET_PREVIOUS nobody is signed out, and API keys outlive the old secret', async () => {
    let user: Awaited<ReturnType<typeof registerUser>>;
    let apiKey: string;
    {
      await using before = await testServer({ env: { DATA_DIR: dataDir, JWT_SECRET: FIRST } });
      user = await registerUser(before.api);
      apiKey = (await before.api.post('/api-keys', { name: 'ci', scope: 'read' }, user.accessToken)).body.data.secret;
      const { kid } = decodeProtectedHeader(user.accessToken);
      expect(kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(user.accessToken).not.toContain(Buffer.from(FIRST).toString('base64url'));
    }
    {
      await using during = await testServer({ env: { DATA_DIR: dataDir, JWT_SECRET: SECOND, JWT_SECRET_PREVIOUS: FIRST } });
      expect((await during.api.get('/users/me', user.accessToken)).status).toBe(200);
      const refreshed = await during.api.post('/auth/refresh', { refresh_token: user.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(decodeProtectedHeader(refreshed.body.data.access_token).kid).not.toBe(decodeProtectedHeader(user.accessToken).kid);
      user = { ...user, accessToken: refreshed.body.data.access_token, refreshToken: refreshed.body.data.refresh_token };
    }
    {
      await using after = await testServer({ env: { DATA_DIR: dataDir, JWT_SECRET: SECOND } });
      expect((await after.api.get('/users/me', user.accessToken)).status).toBe(200);
      expect((await after.api.call('GET', '/users/me', { headers: { 'x-api-key': apiKey } })).status).toBe(200);
    }
  });

  it('tokens without a kid (signed before keys were derived) still verify with the raw secret; an unknown kid never does', async () => {
    await using server = await testServer();
    const user = await registerUser(server.api);
    const claims = decodeJwt(user.accessToken);
    const legacy = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await server.api.get('/users/me', legacy)).status).toBe(200);
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'nobody-knows-me0' })
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await server.api.get('/users/me', unknownKid)).status).toBe(401);
  });

  it('an API key stored under an older release’s digest works and is moved to the current digest at first use', async () => {
    await using server = await testServer();
    const user = await registerUser(server.api);
    const created = (await server.api.post('/api-keys', { name: 'old', scope: 'read' }, user.accessToken)).body.data;
    const secrets = new ApiKeySecrets([new TextEncoder().encode(TEST_JWT_SECRET)]);
    const current = secrets.digestOf(created.secret)!;
    const [legacy] = secrets.legacyDigestsOf(created.secret);
    // Rewrite the key as an older release stored it.
    await server.store.transact(async (tx) => {
      const identity = scopeTransaction(tx, identitySpace);
      const locator = await identity.get(['api_key_digest', current]);
      identity.clear(['api_key_digest', current]);
      identity.set(['api_key_digest', legacy!], locator);
      const tenant = scopeTransaction(tx, tenantSpace(user.tenantId));
      const record = await tenant.get<Record<string, unknown>>(['api_key', user.userId, created.key_id]);
      tenant.set(['api_key', user.userId, created.key_id], { ...record, digest: legacy });
    });
    expect((await server.api.call('GET', '/users/me', { headers: { 'x-api-key': created.secret } })).status).toBe(200);
    const stored = await server.store.transact(async (tx) => {
      const identity = scopeTransaction(tx, identitySpace);
      return [await identity.get(['api_key_digest', current]), await identity.get(['api_key_digest', legacy!])];
    });
    expect(stored[0]).toMatchObject({ key_id: created.key_id });
    expect(stored[1]).toBeUndefined();
    expect((await server.api.call('GET', '/users/me', { headers: { 'x-api-key': created.secret } })).status).toBe(200);
  });
});
