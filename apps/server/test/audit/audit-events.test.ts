// Every audit event type, produced by driving the API over HTTP, with the documented fields, a request
// id, and the trail each lands in.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_EVENT_TYPES,
  AppError,
  SYSTEM_AUDIT_TENANT,
  apiContract,
  appRouter,
  createTRPCRouter,
  defineOperation,
  procedure,
  type TAuditEntry,
} from '@coditect/api';
import { z } from 'zod';
import { readAllAuditEntries, readTrail } from '../support/audit-trail';
import { useTestServer } from '../support/test-server';
import {
  registerUser,
  restClient,
  TEST_PASSWORD,
  uniqueEmail,
  type RegisteredUser,
  type RestClient,
} from '../support/rest-client';
import { ISO_TIMESTAMP } from '../support/formats';

const FOREIGN_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

// The isolation hook as a service uses it: a 404 that carries the foreign object's id.
const peek = defineOperation({
  type: 'query',
  input: z.strictObject({ session_id: z.uuid() }),
  output: z.never(),
  meta: {
    access: 'user',
    summary: 'probe 404 on a foreign id',
    errors: ['SESSION_NOT_FOUND'],
    rest: { method: 'GET', path: '/probe/sessions/:session_id' },
  },
});
const contract = { app: apiContract, probe: { peek } };
const router = createTRPCRouter({
  app: appRouter,
  probe: {
    peek: procedure(peek).query(({ input }): never => {
      const error = new AppError('SESSION_NOT_FOUND', `Session not found: ${input.session_id}`);
      error.isolationViolation = { objectId: input.session_id, kind: 'workspace_session' };
      throw error;
    }),
  },
});

describe('audit events', () => {
  const server = useTestServer({ router, contract, env: { RATE_LIMIT_LOGIN: '5/15m' } });
  let api: RestClient;
  let user: RegisteredUser;
  let limited: RegisteredUser;
  const requestIds: Record<string, string> = {};
  const UA = 'audit-test/1.0';
  let admin: string;

  const call = async (label: string, method: string, path: string, body?: unknown, token?: string) => {
    const response = await api.call(method, path, { body, token, headers: { 'user-agent': UA } });
    requestIds[label] = response.headers.get('x-request-id')!;
    return response;
  };

  beforeAll(async () => {
    api = restClient(server.url);

    const registered = await call('register', 'POST', '/auth/register', {
      email: uniqueEmail('audit'),
      password: TEST_PASSWORD,
      first_name: 'Ada',
      last_name: 'Audit',
    });
    user = {
      email: registered.body.data.user.email,
      password: TEST_PASSWORD,
      userId: registered.body.data.user.user_id,
      tenantId: registered.body.data.user.tenant_id,
      accessToken: registered.body.data.tokens.access_token,
      refreshToken: registered.body.data.tokens.refresh_token,
    };
    expect(
      (
        await call('register_failed', 'POST', '/auth/register', {
          email: user.email,
          password: TEST_PASSWORD,
          first_name: 'A',
          last_name: 'B',
        })
      ).status,
    ).toBe(409);
    expect((await call('request', 'GET', '/users/me', undefined, user.accessToken)).status).toBe(200);
    expect((await call('mutation', 'PUT', '/users/me', { first_name: 'Adah' }, user.accessToken)).status).toBe(200);
    expect((await call('rejected', 'GET', '/users/me', undefined, 'not-a-token')).status).toBe(401);
    expect((await call('isolation', 'GET', `/probe/sessions/${FOREIGN_ID}`, undefined, user.accessToken)).status).toBe(404);
    expect((await call('login_failed', 'POST', '/auth/login', { email: user.email, password: 'not the password' })).status).toBe(
      401,
    );
    expect(
      (await call('login_failed_unknown', 'POST', '/auth/login', { email: uniqueEmail('nobody'), password: 'x' })).status,
    ).toBe(401);
    const login = await call('login', 'POST', '/auth/login', { email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const refreshed = await call('refresh', 'POST', '/auth/refresh', { refresh_token: login.body.data.tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(
      (await call('token_reuse', 'POST', '/auth/refresh', { refresh_token: login.body.data.tokens.refresh_token })).status,
    ).toBe(401);
    expect((await call('refresh_failed', 'POST', '/auth/refresh', { refresh_token: 'not.a.token' })).status).toBe(401);
    expect((await call('logout', 'POST', '/auth/logout', undefined, user.accessToken)).status).toBe(200);

    const second = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
    const token = second.body.data.tokens.access_token as string;
    expect(
      (
        await call(
          'password_change_failed',
          'PUT',
          '/users/me/password',
          { current_password: 'wrong one!', new_password: 'a new password' },
          token,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await call(
          'password_change',
          'PUT',
          '/users/me/password',
          { current_password: TEST_PASSWORD, new_password: 'a new password' },
          token,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call('password_reset_failed', 'POST', '/auth/password-reset/confirm', {
          token: 'no such link',
          password: 'a new password',
        })
      ).status,
    ).toBe(400);
    admin = (await api.post('/auth/login', { email: user.email, password: 'a new password' })).body.data.tokens.access_token;

    limited = await registerUser(api);
    for (let attempt = 0; attempt < 5; attempt += 1)
      await api.post('/auth/login', { email: limited.email, password: 'wrong password' });
    expect((await call('rate_limit', 'POST', '/auth/login', { email: limited.email, password: TEST_PASSWORD })).status).toBe(429);

    await server.audit.flush();
  });

  async function trailOf(tenantId: string) {
    return readTrail(server.store, tenantId);
  }
  const byRequest = (entries: TAuditEntry[], label: string) => {
    const found = entries.filter((entry) => entry.request_id === requestIds[label]);
    expect(found, `one entry for ${label}`).toHaveLength(1);
    return found[0]!;
  };

  it('produces every event type (a full queue’s, in the test below; a password reset’s in email-links.test.ts)', async () => {
    const types = new Set((await readAllAuditEntries(server.store)).map((entry) => entry.event_type));
    const elsewhere = new Set(['audit.entries_dropped', 'auth.password_reset']);
    expect([...types].sort()).toEqual(AUDIT_EVENT_TYPES.filter((type) => !elsewhere.has(type)).sort());
  });

  it('records an authenticated request with the documented fields plus the request id', async () => {
    const entry = byRequest(await trailOf(user.tenantId), 'request');
    expect(entry).toEqual({
      sequence: expect.any(Number),
      tenant_id: user.tenantId,
      user_id: user.userId,
      event_type: 'request',
      endpoint: '/api/v5/users/me',
      method: 'GET',
      status_code: 200,
      error_code: null,
      ip_address: expect.stringMatching(/127\.0\.0\.1$/),
      user_agent: UA,
      request_body: null,
      response_time_ms: expect.any(Number),
      request_id: requestIds.request,
      procedure: 'app.users.me',
      details: null,
      created_at: expect.stringMatching(ISO_TIMESTAMP),
      prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      key_id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(entry.response_time_ms).toBeGreaterThanOrEqual(0);
    expect(entry.response_time_ms).toBeLessThan(5000);
  });

  it('records mutations with their sanitized body', async () => {
    const entry = byRequest(await trailOf(user.tenantId), 'mutation');
    expect(entry).toMatchObject({
      event_type: 'mutation',
      method: 'PUT',
      status_code: 200,
      request_body: { first_name: 'Adah' },
    });
  });

  it('records each auth event in the user’s trail; of an anonymous call only the email it names, never a password or token', async () => {
    const trail = await trailOf(user.tenantId);
    expect(byRequest(trail, 'register')).toMatchObject({
      event_type: 'auth.register',
      user_id: user.userId,
      status_code: 201,
      endpoint: '/api/v5/auth/register',
      method: 'POST',
      request_body: { email: user.email },
    });
    expect(byRequest(trail, 'login_failed')).toMatchObject({
      event_type: 'auth.login_failed',
      user_id: user.userId,
      status_code: 401,
      error_code: 'INVALID_CREDENTIALS',
      request_body: { email: user.email },
    });
    expect(byRequest(trail, 'login')).toMatchObject({ event_type: 'auth.login', user_id: user.userId, status_code: 200 });
    expect(byRequest(trail, 'refresh')).toMatchObject({
      event_type: 'auth.refresh',
      request_body: null,
    });
    expect(byRequest(trail, 'token_reuse')).toMatchObject({
      event_type: 'auth.token_reuse',
      status_code: 401,
      error_code: 'TOKEN_REUSED',
    });
    expect(byRequest(trail, 'logout')).toMatchObject({ event_type: 'auth.logout', user_id: user.userId, status_code: 200 });
    expect(byRequest(trail, 'password_change_failed')).toMatchObject({
      event_type: 'auth.password_change_failed',
      error_code: 'INVALID_PASSWORD',
      request_body: { current_password: '[REDACTED]', new_password: '[REDACTED]' },
    });
    expect(byRequest(trail, 'password_change')).toMatchObject({ event_type: 'auth.password_change', status_code: 200 });
  });

  it('records an isolation violation with the foreign object’s id', async () => {
    expect(byRequest(await trailOf(user.tenantId), 'isolation')).toMatchObject({
      event_type: 'isolation.violation',
      status_code: 404,
      error_code: 'SESSION_NOT_FOUND',
      details: { object_id: FOREIGN_ID, kind: 'workspace_session' },
    });
  });

  it('records a rate-limit hit with the limit that was hit', async () => {
    expect(byRequest(await trailOf(limited.tenantId), 'rate_limit')).toMatchObject({
      event_type: 'rate_limit.exceeded',
      user_id: limited.userId,
      status_code: 429,
      error_code: 'RATE_LIMIT_EXCEEDED',
      details: { limit: 'login-15m', policy: 'login', retry_after: expect.any(Number) },
    });
  });

  it('puts events that belong to no tenant in the system trail', async () => {
    const system = await trailOf(SYSTEM_AUDIT_TENANT);
    expect(byRequest(system, 'login_failed_unknown')).toMatchObject({
      event_type: 'auth.login_failed',
      user_id: null,
      tenant_id: SYSTEM_AUDIT_TENANT,
    });
    expect(byRequest(system, 'register_failed')).toMatchObject({ event_type: 'auth.register_failed', error_code: 'EMAIL_TAKEN' });
    expect(byRequest(system, 'refresh_failed')).toMatchObject({ event_type: 'auth.refresh_failed', user_id: null });
  });

  it('does not audit anonymous calls that are not auth events', async () => {
    const health = await call('health', 'GET', '/health');
    const unauthorized = await call('unauthorized', 'GET', '/users/me', undefined, 'garbage');
    expect([health.status, unauthorized.status]).toEqual([200, 401]);
    await server.audit.flush();
    const ids = new Set((await readAllAuditEntries(server.store)).map((entry) => entry.request_id));
    expect(ids.has(requestIds.health!)).toBe(false);
    expect(ids.has(requestIds.unauthorized!)).toBe(false);
  });

  it('serves the user’s trail to its admin over REST, newest first', async () => {
    const listed = await api.get('/audit?limit=200', admin);
    expect(listed.status).toBe(200);
    const sequences = (listed.body.data.entries as TAuditEntry[]).map((entry) => entry.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect((listed.body.data.entries as TAuditEntry[]).every((entry) => entry.tenant_id === user.tenantId)).toBe(true);
  });
});
