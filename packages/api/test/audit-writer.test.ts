// The audit writer: asynchronous and batched, in order per tenant, and a failing store is
// reported without ever reaching the caller.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, scopeTransaction, type KvStore } from '@coditect/store';
import { AuditWriter } from '../src/domain/audit/audit-writer';
import { verifyAuditChain } from '../src/domain/audit/audit-chain-verifier';
import type { CallObservation } from '../src/domain/audit/audit-observation';
import { TokenService } from '../src/domain/identity/tokens';
import { signingKeys } from '../src/domain/identity/signing-keys';
import { tenantSpace } from '../src/storage/keyspace';
import { createTenantScope } from '../src/storage/tenant-scope';
import type { TAuditEntry } from '../src/contract/audit';

const TENANT = 'a1b2c3d4-0000-5000-8000-000000000001';
const USER = 'a1b2c3d4-0000-4000-8000-000000000002';

function observation(label: string, tenantId = TENANT): CallObservation {
  return {
    requestId: label,
    ip: '127.0.0.1',
    userAgent: 'test',
    method: 'GET',
    path: '/api/v5/users/me',
    procedure: 'users.me',
    type: 'query',
    meta: { access: 'user', summary: 'me' },
    tenantId,
    userId: USER,
    input: Promise.resolve(undefined),
    output: undefined,
    error: undefined,
    atMs: Date.now(),
    responseTimeMs: 1,
  };
}

describe('AuditWriter', () => {
  let dir: string;
  let store: KvStore;
  const tokens = new TokenService({
    keys: signingKeys(new Uint8Array(32).fill(1)),
    accessTtlSeconds: 60,
    refreshTtlSeconds: 600,
    now: () => new Date(),
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-writer-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const trail = (tenantId: string) =>
    store.transact(async (tx) =>
      (await scopeTransaction(tx, tenantSpace(tenantId)).getRange<TAuditEntry>(['audit', 'entry'])).map((row) => row.value),
    );

  it('returns at once, then writes in batches, in order, one chain per tenant', async () => {
    let transactions = 0;
    const counting: KvStore = {
      backend: store.backend,
      stats: store.stats,
      transact: (body, options) => ((transactions += 1), store.transact(body, options)),
      ping: () => store.ping(),
      close: () => store.close(),
    };
    const writer = new AuditWriter({ store: counting, tokens, reportFailure: () => undefined, batchSize: 100, flushDelayMs: 5 });
    const other = 'a1b2c3d4-0000-5000-8000-000000000003';
    for (let index = 0; index < 250; index += 1) writer.record(observation(`r${index}`, index % 2 === 0 ? TENANT : other));
    expect(transactions).toBe(0);
    await writer.flush();
    expect(transactions).toBe(3);
    const mine = await trail(TENANT);
    expect(mine.map((entry) => entry.request_id)).toEqual(Array.from({ length: 125 }, (_, index) => `r${index * 2}`));
    expect(mine.map((entry) => entry.sequence)).toEqual(Array.from({ length: 125 }, (_, index) => index + 1));
    expect((await verifyAuditChain(createTenantScope(store, TENANT))).ok).toBe(true);
    expect((await verifyAuditChain(createTenantScope(store, other))).ok).toBe(true);
  });

  it('under steady traffic commits about once per delay, not once per disk flush', async () => {
    let transactions = 0;
    const counting: KvStore = {
      backend: store.backend,
      stats: store.stats,
      transact: (body, options) => ((transactions += 1), store.transact(body, options)),
      ping: () => store.ping(),
      close: () => store.close(),
    };
    const writer = new AuditWriter({ store: counting, tokens, reportFailure: () => undefined, flushDelayMs: 50 });
    const tenant = 'a1b2c3d4-0000-5000-8000-000000000007';
    const until = Date.now() + 400;
    let recorded = 0;
    while (Date.now() < until) {
      writer.record(observation(`s${recorded}`, tenant));
      recorded += 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await writer.flush();
    expect(recorded).toBeGreaterThan(100);
    expect(transactions).toBeLessThanOrEqual(12);
    expect(await trail(tenant)).toHaveLength(recorded);
  });

  it('writes a lone entry after a short delay without being asked', async () => {
    const writer = new AuditWriter({ store, tokens, reportFailure: () => undefined, flushDelayMs: 5 });
    const tenant = 'a1b2c3d4-0000-5000-8000-000000000004';
    writer.record(observation('alone', tenant));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await trail(tenant)).map((entry) => entry.request_id)).toEqual(['alone']);
  });

  it('reports a failing write (with how many entries were lost), never throws, and recovers', async () => {
    const failures: Array<{ message: string; lost: number }> = [];
    let broken = true;
    const flaky: KvStore = {
      backend: store.backend,
      stats: store.stats,
      transact: (body, options) => (broken ? Promise.reject(new Error('disk full')) : store.transact(body, options)),
      ping: () => store.ping(),
      close: () => store.close(),
    };
    const writer = new AuditWriter({
      store: flaky,
      tokens,
      reportFailure: (error, lost) => failures.push({ message: (error as Error).message, lost }),
      flushDelayMs: 1,
    });
    const tenant = 'a1b2c3d4-0000-5000-8000-000000000005';
    expect(() => writer.record(observation('lost-1', tenant))).not.toThrow();
    writer.record(observation('lost-2', tenant));
    await writer.flush();
    expect(failures).toEqual([{ message: 'disk full', lost: 2 }]);
    broken = false;
    writer.record(observation('kept', tenant));
    await writer.flush();
    expect((await trail(tenant)).map((entry) => entry.request_id)).toEqual(['kept']);
  });

  it('drops (and reports) entries past its queue bound instead of growing without end', async () => {
    const failures: number[] = [];
    const writer = new AuditWriter({
      store,
      tokens,
      reportFailure: (_error, lost) => failures.push(lost),
      maxPending: 10,
      batchSize: 1000,
      flushDelayMs: 1000,
    });
    const tenant = 'a1b2c3d4-0000-5000-8000-000000000006';
    for (let index = 0; index < 15; index += 1) writer.record(observation(`q${index}`, tenant));
    await writer.flush();
    expect(failures).toEqual([5]);
    // Never silently: the tenant's trail says how many of its entries were lost.
    const kept = await trail(tenant);
    expect(kept).toHaveLength(11);
    expect(kept.at(-1)).toMatchObject({ event_type: 'audit.entries_dropped', details: { count: 5 } });
  });
});
