// Per-user and per-tenant limits on every authenticated call, over REST and tRPC, with the 429
// body and the rate-limit headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, type RestClient } from '../support/rest-client';

async function callUntilRefused(api: RestClient, token: string, max: number) {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < max; attempt += 1) {
    const response = await api.get('/users/me', token);
    statuses.push(response.status);
    if (response.status === 429) return { statuses, refusal: response };
  }
  return { statuses, refusal: undefined };
}

describe('per-user limits with the default windows (100/min, 1000/h, 10000/day)', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    // An empty value means "unset": the server's own defaults apply.
    server = await testServer({ env: { RATE_LIMIT_USER: '', RATE_LIMIT_TENANT: '' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('announces the window closest to refusing and counts it down', async () => {
    const user = await registerUser(api);
    const first = await api.get('/users/me', user.accessToken);
    expect(first.status).toBe(200);
    // 99 left of 100 per minute is tighter than 999 of 1000 per hour or 499 of 500 per tenant.
    expect(first.headers.get('ratelimit-policy')).toBe('"user-1m";q=100;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"user-1m";r=99;t=(59|60)$/);
    const second = await api.get('/users/me', user.accessToken);
    expect(second.headers.get('ratelimit')).toMatch(/^"user-1m";r=98;t=(5\d|60)$/);
  });

  it('refuses the 101st call in a minute with 429, retry_after, Retry-After and the limit named', async () => {
    const user = await registerUser(api);
    const { statuses, refusal } = await callUntilRefused(api, user.accessToken, 110);
    expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true);
    expect(statuses).toHaveLength(101);
    expect(refusal!.body).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: expect.stringMatching(
          /^Rate limit exceeded \(100 requests per user per minute\)\. Try again in \d+ seconds?\.$/,
        ),
        retry_after: expect.any(Number),
      },
    });
    const retryAfter = refusal!.body.error.retry_after as number;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refusal!.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refusal!.body.error.message).toContain(`Try again in ${retryAfter} second`);
    expect(refusal!.headers.get('ratelimit')).toMatch(/^"user-1m";r=0;t=\d+$/);
    expect(refusal!.headers.get('ratelimit-policy')).toBe('"user-1m";q=100;w=60');

    // Another user is unaffected.
    const other = await registerUser(api);
    expect((await api.get('/users/me', other.accessToken)).status).toBe(200);
  });

  it('does not put rate-limit headers on routes that are not limited', async () => {
    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('ratelimit')).toBeNull();
    expect(health.headers.get('ratelimit-policy')).toBeNull();
  });
});

describe('per-tenant limit', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer({ env: { RATE_LIMIT_USER: '50/1m', RATE_LIMIT_TENANT: '3/1m,20/1h' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('refuses once the tenant’s window is spent, naming the tenant limit', async () => {
    const user = await registerUser(api);
    const { statuses, refusal } = await callUntilRefused(api, user.accessToken, 10);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refusal!.body.error.message).toMatch(/\(3 requests per tenant per minute\)/);
    expect(refusal!.headers.get('ratelimit')).toMatch(/^"tenant-1m";r=0;t=\d+$/);
    expect(refusal!.headers.get('ratelimit-policy')).toBe('"tenant-1m";q=3;w=60');
    expect(Number(refusal!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('counts mutations and failing calls too (every authenticated call)', async () => {
    const user = await registerUser(api);
    expect((await api.put('/users/me', { first_name: 'A' }, user.accessToken)).status).toBe(200);
    expect((await api.put('/users/me', { email: 'no@example.com' }, user.accessToken)).status).toBe(400);
    expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
    const refused = await api.put('/users/me', { first_name: 'B' }, user.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});

describe('over tRPC', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer({ env: { RATE_LIMIT_USER: '3/1m', RATE_LIMIT_TENANT: '1000/1m' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  const trpc = (path: string, token: string) =>
    fetch(`${server.url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers 429 with the same code and retryAfter in the error data, plus the headers', async () => {
    const user = await registerUser(api);
    for (let call = 0; call < 3; call += 1) {
      const ok = await trpc('users.me', user.accessToken);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit')).toMatch(new RegExp(`^"user-1m";r=${2 - call};t=\\d+$`));
    }
    const refused = await trpc('users.me', user.accessToken);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { message: string; data: Record<string, unknown> } };
    expect(body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'RATE_LIMIT_EXCEEDED' });
    const retryAfter = body.error.data.retryAfter as number;
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(body.error.message).toMatch(/3 requests per user per minute/);
  });

  it('counts every call a batch carries', async () => {
    const user = await registerUser(api);
    const batch = await fetch(`${server.url}/trpc/users.me,users.me,users.me,users.me,users.me?batch=1`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    const results = (await batch.json()) as Array<{
      result?: unknown;
      error?: { data: { appCode: string; retryAfter: number } };
    }>;
    // The calls run concurrently, so which two are refused is not fixed; how many is.
    const outcomes = results.map((result) => (result.error ? result.error.data.appCode : 'ok')).sort();
    expect(outcomes).toEqual(['RATE_LIMIT_EXCEEDED', 'RATE_LIMIT_EXCEEDED', 'ok', 'ok', 'ok']);
    expect(batch.status).toBe(207);
    const refused = results.find((result) => result.error)!;
    expect(batch.headers.get('retry-after')).toBe(String(refused.error!.data.retryAfter));
    expect(batch.headers.get('ratelimit')).toMatch(/^"user-1m";r=0;t=\d+$/);
    // The window is spent: the next single call is refused too.
    expect((await trpc('users.me', user.accessToken)).status).toBe(429);
  });
});
