// The tamper-evident chain: the verifier names the first altered, removed or reordered entry,
// whether or not the tamperer recomputed the hash of what they changed.
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash, verifyAuditChain, createTenantScope, type TAuditEntry } from '@coditect/api';
import { overwriteEntry, readTrail } from '../support/audit-trail';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RestClient } from '../support/rest-client';

describe('audit hash chain', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  /** A fresh tenant whose trail holds 7 entries: register, then six reads. */
  async function tenantWithTrail() {
    const user = await registerUser(api);
    for (let call = 0; call < 6; call += 1) await api.get('/users/me', user.accessToken);
    await server.audit.flush();
    const trail = await readTrail(server.store, user.tenantId);
    expect(trail.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    return { user, trail };
  }

  const verify = (tenantId: string) => verifyAuditChain(createTenantScope(server.store, tenantId));
  const rehashed = (entry: TAuditEntry): TAuditEntry => ({ ...entry, hash: entryHash(entry) });

  it('accepts an intact chain linked from the genesis hash', async () => {
    const { user, trail } = await tenantWithTrail();
    expect(trail[0]!.prev_hash).toBe('0'.repeat(64));
    trail.slice(1).forEach((entry, index) => expect(entry.prev_hash).toBe(trail[index]!.hash));
    expect(await verify(user.tenantId)).toEqual({ ok: true, head_sequence: 7, entries_checked: 7, problem: null });
  });

  it('catches an altered field', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 3, { ...trail[2]!, status_code: 500 });
    expect(await verify(user.tenantId)).toMatchObject({
      ok: false,
      entries_checked: 2,
      problem: { sequence: 3, kind: 'altered' },
    });
  });

  it('catches an altered entry whose hash was recomputed, at the link it breaks', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 3, rehashed({ ...trail[2]!, endpoint: '/api/v5/elsewhere' }));
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 4, kind: 'broken_link' } });
  });

  it('catches the last entry altered and re-hashed (the head remembers it)', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 7, rehashed({ ...trail[6]!, user_agent: 'someone else' }));
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 7, kind: 'altered' } });
  });

  it('catches a removed entry', async () => {
    const { user } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 3, undefined);
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 3, kind: 'removed' } });
  });

  it('catches removed tail entries', async () => {
    const { user } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 6, undefined);
    await overwriteEntry(server.store, user.tenantId, 7, undefined);
    expect(await verify(user.tenantId)).toMatchObject({
      ok: false,
      entries_checked: 5,
      problem: { sequence: 6, kind: 'removed' },
    });
  });

  it('catches a removal hidden by moving the later entries down', async () => {
    const { user, trail } = await tenantWithTrail();
    for (let sequence = 3; sequence <= 6; sequence += 1)
      await overwriteEntry(server.store, user.tenantId, sequence, trail[sequence]!);
    await overwriteEntry(server.store, user.tenantId, 7, undefined);
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 3, kind: 'removed' } });
  });

  it('catches reordered entries', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 3, trail[3]!);
    await overwriteEntry(server.store, user.tenantId, 4, trail[2]!);
    expect(await verify(user.tenantId)).toMatchObject({
      ok: false,
      entries_checked: 2,
      problem: { sequence: 3, kind: 'reordered' },
    });
  });

  it('reports tampering to the tenant’s admin through GET /api/v5/audit/verify', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 2, { ...trail[1]!, ip_address: '10.0.0.1' });
    const { status, body } = await api.get('/audit/verify', user.accessToken);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      ok: false,
      problem: { sequence: 2, kind: 'altered', message: expect.stringContaining('altered') },
    });
  });

  it('keeps chains per tenant: one tenant’s tampering leaves another’s intact', async () => {
    const first = await tenantWithTrail();
    const second = await tenantWithTrail();
    await overwriteEntry(server.store, first.user.tenantId, 5, undefined);
    expect((await verify(first.user.tenantId)).ok).toBe(false);
    expect((await verify(second.user.tenantId)).ok).toBe(true);
  });
});
