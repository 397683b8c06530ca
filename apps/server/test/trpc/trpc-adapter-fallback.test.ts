// When tRPC's internals are not what the direct dispatch relies on (after an upgrade), the server
// says so once and serves through tRPC's own adapter and createCaller — with the same answers.
import { describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import { appRouter, type AppRouter } from '@coditect/api';
import { checkTrpcInternals } from '../../src/trpc/trpc-internals';
import { readTrail } from '../support/audit-trail';
import { registerUser } from '../support/rest-client';
import { useTestServer, type TestServer } from '../support/test-server';

describe('the tRPC internals check', () => {
  it('passes on the tRPC version installed', async () => {
    expect(await checkTrpcInternals(appRouter)).toBeUndefined();
  });

  it('names what changed when a procedure record no longer has the shape relied on', async () => {
    const changed = {
      _def: { ...appRouter._def, procedures: { 'sessions.get': { _def: { type: 'query' } } } },
    } as unknown as AnyTRPCRouter;
    expect(await checkTrpcInternals(changed)).toMatch(/sessions\.get has no middleware chain/);
    const flat = { _def: { ...appRouter._def, procedures: undefined } } as unknown as AnyTRPCRouter;
    expect(await checkTrpcInternals(flat)).toMatch(/not a record/);
  });
});

/** One scripted session of REST and tRPC calls; answers reduced to what a client sees. */
async function script(server: TestServer) {
  const { api } = server;
  const user = await registerUser(api);
  const stranger = await registerUser(api);
  const created = await api.post('/sessions', { name: 'Fallback', tags: ['a'] }, user.accessToken);
  const id = created.body.data.session_id as string;
  const steps: unknown[] = [created.status, created.headers.get('etag')];
  const updated = await api.call('PUT', `/sessions/${id}`, {
    body: { name: 'Renamed' },
    token: user.accessToken,
    headers: { 'if-match': '"1"' },
  });
  const stale = await api.call('PUT', `/sessions/${id}`, {
    body: { name: 'Stale' },
    token: user.accessToken,
    headers: { 'if-match': '"1"' },
  });
  const foreign = await api.get(`/sessions/${id}`, stranger.accessToken);
  const invalid = await api.post('/sessions', { name: '' }, user.accessToken);
  steps.push(
    updated.status,
    updated.body.data.version,
    stale.status,
    stale.body.error,
    foreign.status,
    foreign.body.error.code,
    invalid.body.error,
  );

  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${user.accessToken}` } })],
  });
  const [session, me, missing] = await Promise.all([
    client.sessions.get.query({ session_id: id }),
    client.users.me.query(),
    client.sessions.get.query({ session_id: '00000000-0000-4000-8000-000000000000' }).catch((error: unknown) => error),
  ]);
  steps.push(session.name, session.version, me.email === user.email);
  expect(missing).toBeInstanceOf(TRPCClientError);
  const data = (missing as TRPCClientError<AppRouter>).data as Record<string, unknown>;
  steps.push(data.appCode, data.httpStatus);
  const unauthenticated = await fetch(`${server.url}/trpc/users.me`);
  steps.push(
    unauthenticated.status,
    ((await unauthenticated.json()) as { error: { data: { appCode: string } } }).error.data.appCode,
  );
  return steps;
}

describe("serving through tRPC's own adapter", () => {
  const direct = useTestServer();
  const fallback = useTestServer({ forceTrpcAdapter: true });

  it('answers a scripted session exactly as the direct dispatch does', async () => {
    expect(await script(fallback)).toEqual(await script(direct));
  });

  it('says so once at start-up, and not when the direct dispatch serves', () => {
    const warnings = (server: TestServer) =>
      server.secrets.lines.filter((line) => line.includes("tRPC's internals are not what"));
    expect(warnings(fallback)).toHaveLength(1);
    expect(warnings(direct)).toHaveLength(0);
  });

  it('still audits every authenticated call', async () => {
    const user = await registerUser(fallback.api);
    await fallback.api.get('/users/me', user.accessToken);
    await fallback.audit.flush();
    const trail = await readTrail(fallback.store, user.tenantId);
    expect(trail.map((entry) => entry.procedure)).toContain('users.me');
  });
});
