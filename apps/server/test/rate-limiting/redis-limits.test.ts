// Limits in a real Redis: two server processes' worth of servers share one count; a Redis that
// dies mid-test leaves every request answered (no 5xx) and still limited; /ready reports Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, useRedis, type RedisProcess } from '../support/redis-server';
import { testServer, useTestServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, uniqueEmail, type RestClient } from '../support/rest-client';

describe('two servers on one Redis', () => {
  let redis: RedisProcess;
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_LOGIN: '5/15m' };
    [first, second] = await Promise.all([testServer({ env: env }), testServer({ env: env })]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await redis?.kill();
  });

  it('report Redis as ok in /ready', async () => {
    const ready = await restClient(first.url).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.data.checks).toEqual({ store: 'ok', redis: 'ok' });
  });

  it('share the login counter: attempts spread over both count together', async () => {
    const email = uniqueEmail('shared');
    const apis = [restClient(first.url), restClient(second.url)];
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await apis[attempt % 2]!.post('/auth/login', { email, password: 'wrong password' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The first server (which saw only three attempts itself) refuses as well.
    expect((await apis[0]!.post('/auth/login', { email, password: 'wrong password' })).status).toBe(429);
  });
});

describe('Redis killed mid-test', () => {
  const redis = useRedis();
  const server = useTestServer(() => ({
    env: { REDIS_URL: redis.url, RATE_LIMIT_LOGIN: '5/15m', RATE_LIMIT_USER: '5/1m', RATE_LIMIT_TENANT: '1000/1m' },
  }));
  let api: RestClient;
  beforeAll(() => {
    api = server.api;
  });

  it('keeps answering without a 5xx and keeps limiting, on the in-memory insurance limiters', async () => {
    const user = await registerUser(api);
    const email = uniqueEmail('outage');
    expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
    expect((await api.post('/auth/login', { email, password: 'wrong password' })).status).toBe(401);

    await redis.kill();

    const ready = await api.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.details.checks).toEqual({ store: 'ok', redis: 'unavailable' });

    // Per user: within 5 more calls the insurance limiter (counting from zero) refuses.
    const userStatuses: number[] = [];
    for (let call = 0; call < 7; call += 1) userStatuses.push((await api.get('/users/me', user.accessToken)).status);
    expect(userStatuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(userStatuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(userStatuses.slice(5)).toEqual([429, 429]);

    // Login: the same, and the refusal still comes before any password check.
    const loginStatuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      loginStatuses.push((await api.post('/auth/login', { email, password: 'wrong password' })).status);
    }
    expect(loginStatuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const refused = await api.post('/auth/login', { email, password: 'wrong password' });
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
