// examples/load-test.ts, as a user would run it: type-checked, then a short run against a real
// server with a real API key. Bounded here (2 s); its figures belong to the user's machine, so only
// what must hold anywhere is checked: every answer counted, none failed, rate limits told apart.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { typeCheck } from '../support/type-check';
import { examplesDir as examples } from './example-types';

type RunLoadTest = (options: {
  baseUrl: string;
  apiKey: string;
  paths: string[];
  durationSeconds: number;
  concurrency: number;
}) => Promise<{
  requests: number;
  ok: number;
  rateLimited: number;
  failed: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
}>;

describe('examples/load-test.ts', () => {
  const server = useTestServer({ env: { RATE_LIMIT_USER: '100000/1m', RATE_LIMIT_TENANT: '100000/1m' } });
  const tight = useTestServer({ env: { RATE_LIMIT_USER: '20/1m' } });

  const load = async () =>
    ((await import(/* @vite-ignore */ join(examples, 'load-test.ts'))) as { runLoadTest: RunLoadTest }).runLoadTest;
  const keyOf = async (target: typeof server) => {
    const user = await registerUser(target.api);
    return (await target.api.post('/api-keys', { name: 'load', scope: 'read' }, user.accessToken)).body.data.secret as string;
  };

  it('runs with a read API key and counts every answer', async () => {
    const runLoadTest = await load();
    const report = await runLoadTest({
      baseUrl: server.url,
      apiKey: await keyOf(server),
      paths: ['/users/me', '/sessions'],
      durationSeconds: 2,
      concurrency: 4,
    });
    expect(report.requests).toBeGreaterThan(20);
    expect(report).toMatchObject({ ok: report.requests, rateLimited: 0, failed: 0, statuses: { '200': report.requests } });
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p99);
    expect(report.latencyMs.p99).toBeLessThanOrEqual(report.latencyMs.max);
  });

  it('tells rate-limited answers apart from failures', async () => {
    const runLoadTest = await load();
    const report = await runLoadTest({
      baseUrl: tight.url,
      apiKey: await keyOf(tight),
      paths: ['/users/me'],
      durationSeconds: 1,
      concurrency: 2,
    });
    expect(report.ok).toBeGreaterThan(0);
    expect(report.rateLimited).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
  });

  it('type-checks with the repository settings', () => {
    expect(typeCheck(join(examples, 'load-test.ts'))).toEqual([]);
  }, 60_000);
});
