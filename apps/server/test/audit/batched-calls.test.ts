// A tRPC batch is one request carrying several calls: each call's audit entry names that call's
// own caller, never one a sibling call authenticated.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry } from '@coditect/api';
import { readAllAuditEntries, readTrail } from '../support/audit-trail';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser } from '../support/rest-client';

const NEW_SESSION = { workspace_path: '/projects/batch', name: 'Batch Session' };

describe('audit entries of batched tRPC calls', () => {
  const server = useTestServer();
  let attacker: RegisteredUser;
  let victim: RegisteredUser;

  beforeAll(async () => {
    const api = restClient(server.url);
    [attacker, victim] = await Promise.all([registerUser(api), registerUser(api)]);
  });

  async function batch(paths: string[], inputs: Record<number, unknown>, headers: Record<string, string>, method = 'POST') {
    const url = `${server.url}/trpc/${paths.join(',')}?batch=1`;
    const response =
      method === 'GET'
        ? await fetch(`${url}&input=${encodeURIComponent(JSON.stringify(inputs))}`, { headers })
        : await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(inputs) });
    await response.text();
    await server.audit.flush();
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toBeTruthy();
    const ofRequest = (entries: TAuditEntry[]) => entries.filter((entry) => entry.request_id === requestId);
    return {
      status: response.status,
      all: async () => ofRequest(await readAllAuditEntries(server.store)),
      trail: async (tenantId: string) => ofRequest(await readTrail(server.store, tenantId)),
    };
  }

  // Direct dispatch (plain JSON) and tRPC's own adapter (httpBatchStreamLink's JSONL) both share
  // one context among a batch's calls.
  const transports: Array<[string, Record<string, string>]> = [
    ['JSON batch', {}],
    ['streaming batch', { 'trpc-accept': 'application/jsonl' }],
  ];

  it.each(transports)(
    '%s: a failed login beside a protected call lands in the trail of the user it named',
    async (_name, headers) => {
      const sent = await batch(
        ['auth.login', 'sessions.create'],
        { 0: { email: victim.email, password: 'not the password' }, 1: NEW_SESSION },
        { authorization: `Bearer ${attacker.accessToken}`, ...headers },
      );
      expect(sent.status).toBeLessThan(500);

      // As the same failed login alone (audit-events.test.ts): the victim's trail, the victim's id.
      const victimEntries = await sent.trail(victim.tenantId);
      expect(victimEntries).toHaveLength(1);
      expect(victimEntries[0]).toMatchObject({
        event_type: 'auth.login_failed',
        tenant_id: victim.tenantId,
        user_id: victim.userId,
        procedure: 'auth.login',
        status_code: 401,
        error_code: 'INVALID_CREDENTIALS',
      });

      // The attacker's trail holds only the attacker's own call.
      const attackerEntries = await sent.trail(attacker.tenantId);
      expect(attackerEntries.map((entry) => [entry.procedure, entry.event_type, entry.user_id])).toEqual([
        ['sessions.create', 'mutation', attacker.userId],
      ]);
      expect((await sent.all()).map((entry) => entry.procedure).sort()).toEqual(['auth.login', 'sessions.create']);
    },
  );

  it.each(transports)('%s: two protected calls are both audited under their caller', async (_name, headers) => {
    const sent = await batch(
      ['sessions.create', 'users.updateMe'],
      { 0: NEW_SESSION, 1: { last_name: 'Batched' } },
      {
        authorization: `Bearer ${attacker.accessToken}`,
        ...headers,
      },
    );
    expect(sent.status).toBe(200);
    const entries = await sent.trail(attacker.tenantId);
    expect(entries.map((entry) => [entry.procedure, entry.event_type, entry.user_id, entry.status_code]).sort()).toEqual([
      ['sessions.create', 'mutation', attacker.userId, 200],
      ['users.updateMe', 'mutation', attacker.userId, 200],
    ]);
    expect(await sent.all()).toHaveLength(2);
  });

  it.each(transports)('%s: an anonymous query beside a protected one is not audited as that caller', async (_name, headers) => {
    const sent = await batch(
      ['users.me', 'health.check'],
      {},
      { authorization: `Bearer ${attacker.accessToken}`, ...headers },
      'GET',
    );
    expect(sent.status).toBe(200);
    expect((await sent.all()).map((entry) => entry.procedure)).toEqual(['users.me']);
  });
});
