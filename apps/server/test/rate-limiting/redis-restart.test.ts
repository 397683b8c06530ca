// Redis killed and restarted under load: no request fails with a 5xx while it is gone, and once it
// is back the limits are shared through it again (a second server sees the first one's counts).
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../support/redis-server';
import { testServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, uniqueEmail } from '../support/rest-client';

describe('Redis restarted under load', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('answers every request without a 5xx through the outage, then shares limits again', async () => {
    let redis: RedisProcess = await startRedis();
    cleanup.push(() => redis.kill());
    const env = { REDIS_URL: redis.url, RATE_LIMIT_LOGIN: '5/15m' };
    const first: TestServer = await testServer({ env: env });
    const second: TestServer = await testServer({ env: env });
    cleanup.push(
      () => first.close(),
      () => second.close(),
    );
    const api = restClient(first.url);
    const user = await registerUser(api);

    const statuses: number[] = [];
    let running = true;
    const load = Array.from({ length: 8 }, async (_, index) => {
      while (running) {
        const response =
          index % 2 === 0
            ? await api.get('/users/me', user.accessToken)
            : await api.post('/auth/login', { email: uniqueEmail(), password: 'nope nope' });
        statuses.push(response.status);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 800));
    redis = await startRedis(redis.port);
    await new Promise((resolve) => setTimeout(resolve, 800));
    running = false;
    await Promise.all(load);

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);

    // Back on Redis: /ready recovers and the two servers share one login count again.
    const deadline = Date.now() + 10_000;
    while ((await api.get('/ready')).status !== 200) {
      if (Date.now() > deadline) throw new Error('Redis never reported ready again');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const email = uniqueEmail('resumed');
    const attempts: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const target = restClient(attempt % 2 === 0 ? first.url : second.url);
      attempts.push((await target.post('/auth/login', { email, password: 'wrong password' })).status);
    }
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
