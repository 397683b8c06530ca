// The tamper-evident chain: the verifier names the first altered, removed or reordered entry,
// whether or not the tamperer recomputed the hash of what they changed — with the key (an
// insider) or without it (anyone who can write the store) — and the checkpoints kept outside the
// store catch a chain cut short or rebuilt.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scopeTransaction } from '@coditect/store';
import { entryHash, verifyAuditChain, createTenantScope, tenantSpace, GENESIS_HASH, type TAuditEntry } from '@coditect/api';
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

  const verify = (tenantId: string) => verifyAuditChain(createTenantScope(server.store, tenantId), server.deps.auditSeal);
  /** Re-hashed with the server's key: what an insider holding the key could do. */
  const rehashed = (entry: TAuditEntry): TAuditEntry => ({ ...entry, hash: entryHash(entry, server.deps.auditSeal.keys)! });
  /** What someone without the key can make: the whole chain re-hashed with plain SHA-256. */
  async function rebuildWithoutKey(tenantId: string, trail: TAuditEntry[], upTo = trail.length) {
    let prev = GENESIS_HASH;
    for (const original of trail.slice(0, upTo)) {
      const entry: Omit<TAuditEntry, 'hash'> & { hash?: string } = { ...original, key_id: null, prev_hash: prev };
      const { key_id: _keyId, hash: _hash, ...fields } = entry;
      const hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
      await overwriteEntry(server.store, tenantId, original.sequence, { ...fields, hash });
      prev = hash;
    }
    await setHead(tenantId, upTo, prev, trail[upTo - 1]!.created_at);
  }
  const setHead = (tenantId: string, sequence: number, hash: string, createdAt: string) =>
    server.store.transact(async (tx) =>
      scopeTransaction(tx, tenantSpace(tenantId)).set(['audit', 'head'], { sequence, hash, created_at: createdAt }),
    );

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

  it('seals entries with a keyed hash that names its key', async () => {
    const { trail } = await tenantWithTrail();
    for (const entry of trail) expect(entry.key_id).toBe(server.deps.auditSeal.keys.current.id);
    expect(entryHash({ ...trail[0]!, key_id: null })).not.toBe(trail[0]!.hash);
  });

  it('catches a keyed entry replaced by one hashed without the key', async () => {
    const { user, trail } = await tenantWithTrail();
    const { key_id: _keyId, hash: _hash, ...fields } = { ...trail[3]!, endpoint: '/forged' };
    const hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    await overwriteEntry(server.store, user.tenantId, 4, { ...fields, hash });
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 4, kind: 'downgraded' } });
  });

  it('catches a chain rebuilt without the key, against the checkpoint kept outside the store', async () => {
    const { user, trail } = await tenantWithTrail();
    await rebuildWithoutKey(user.tenantId, trail);
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 7, kind: 'rewritten' } });
  });

  it('catches the newest entries removed with the head rewound to match', async () => {
    const { user, trail } = await tenantWithTrail();
    await overwriteEntry(server.store, user.tenantId, 7, undefined);
    await overwriteEntry(server.store, user.tenantId, 6, undefined);
    await setHead(user.tenantId, 5, trail[4]!.hash, trail[4]!.created_at);
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { sequence: 6, kind: 'truncated' } });
  });

  it('catches a forged checkpoint', async () => {
    const { user, trail } = await tenantWithTrail();
    const forged = {
      tenant_id: user.tenantId,
      sequence: 7,
      hash: trail[6]!.hash,
      at: new Date().toISOString(),
      key_id: 'x',
      signature: 'y',
    };
    await writeFile(join(server.dataDir, 'audit-checkpoints', `${user.tenantId}.json`), JSON.stringify(forged));
    expect(await verify(user.tenantId)).toMatchObject({ ok: false, problem: { kind: 'rewritten' } });
  });

  it('keeps chains per tenant: one tenant’s tampering leaves another’s intact', async () => {
    const first = await tenantWithTrail();
    const second = await tenantWithTrail();
    await overwriteEntry(server.store, first.user.tenantId, 5, undefined);
    expect((await verify(first.user.tenantId)).ok).toBe(false);
    expect((await verify(second.user.tenantId)).ok).toBe(true);
  });
});
