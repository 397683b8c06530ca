// A signed-in mutation's audit entry commits with the mutation: its outbox record is written in
// the same transaction as the change and cleared when the entry is chained; one whose entry never
// came (the queue was full, or the server stopped) is chained from the outbox by the sweep.
import { describe, expect, it } from 'vitest';
import { scopeTransaction } from '@coditect/store';
import { tenantSpace } from '@coditect/api';
import { readTrail } from '../support/audit-trail';
import { registerUser } from '../support/rest-client';
import { useTestServer, type TestServer } from '../support/test-server';

const outboxOf = (server: TestServer, tenantId: string) =>
  server.store.transact((tx) => scopeTransaction(tx, tenantSpace(tenantId)).getRange(['audit_outbox']));

describe('audit outbox, as it runs', () => {
  const server = useTestServer();

  it('leaves no record once the entries are written; a refused mutation that changed nothing writes none', async () => {
    const user = await registerUser(server.api);
    const created = await server.api.post('/sessions', { name: 'outbox' }, user.accessToken);
    await server.api.put(`/sessions/${created.body.data.session_id}`, { name: 'renamed' }, user.accessToken);
    expect((await server.api.put('/sessions/00000000-0000-4000-8000-000000000000', { name: 'x' }, user.accessToken)).status).toBe(
      404,
    );
    await server.audit.flush();
    expect(await outboxOf(server, user.tenantId)).toEqual([]);
    const mutations = (await readTrail(server.store, user.tenantId)).filter((entry) => entry.event_type === 'mutation');
    expect(mutations.map((entry) => [entry.procedure, entry.status_code])).toEqual([
      ['sessions.create', 201],
      ['sessions.update', 200],
      ['sessions.update', 404],
    ]);
  });
});

describe('audit outbox, when entries never come', () => {
  // A queue of 2 never written on its own: observations past it are dropped, as in a crash.
  const server = useTestServer({ auditMaxPending: 2, auditFlushDelayMs: 600_000 });

  it('keeps each committed change’s record, and the sweep chains it; nothing is counted as lost', async () => {
    const user = await registerUser(server.api);
    const names = ['one', 'two', 'three', 'four', 'five'];
    for (const name of names) expect((await server.api.post('/sessions', { name }, user.accessToken)).status).toBe(201);
    expect((await outboxOf(server, user.tenantId)).length).toBeGreaterThanOrEqual(names.length - 2);
    await server.audit.flush();
    const recovered = await server.audit.recoverOutbox(0);
    expect(recovered).toBeGreaterThanOrEqual(names.length - 2);
    expect(await outboxOf(server, user.tenantId)).toEqual([]);
    const trail = await readTrail(server.store, user.tenantId);
    const creates = trail.filter((entry) => entry.procedure === 'sessions.create');
    expect(creates).toHaveLength(names.length);
    expect(creates.filter((entry) => entry.details?.recovered === true)).toHaveLength(recovered);
    expect(creates.map((entry) => (entry.request_body as { name: string }).name).sort()).toEqual([...names].sort());
    expect(trail.some((entry) => entry.event_type === 'audit.entries_dropped')).toBe(false);
    expect((await server.api.get('/audit/verify', user.accessToken)).body.data.ok).toBe(true);
    // A second sweep finds nothing left to chain.
    expect(await server.audit.recoverOutbox(0)).toBe(0);
  });
});
