// Code holding tenant A's handle cannot address tenant B's keys, whatever tuple it builds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, packTuple, type KvStore, type Tuple } from '@coditect/store';
import { createTenantScope } from '../src/storage/tenant-scope';
import { tenantSpace } from '../src/storage/keyspace';

const A = '0c0f6f4e-6f38-5a36-9d6a-1f1b1ef0a001';
const B = '0c0f6f4e-6f38-5a36-9d6a-1f1b1ef0a002';

const tupleElement = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.constant(null),
  fc.boolean(),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
);
const tuple = fc.array(fc.oneof(tupleElement, fc.array(tupleElement, { maxLength: 3 })), {
  minLength: 1,
  maxLength: 5,
}) as fc.Arbitrary<Tuple>;

describe('tenant-scoped handle', () => {
  let dir: string;
  let store: KvStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tenant-scope-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every key it can produce lies under its tenant prefix, never under another tenant', () => {
    const a = tenantSpace(A);
    const b = tenantSpace(B);
    fc.assert(
      fc.property(tuple, (key) => {
        const packed = a.pack(key);
        expect(a.contains(packed)).toBe(true);
        expect(b.contains(packed)).toBe(false);
        const { begin, end } = a.range(key);
        expect(a.contains(begin) && a.contains(end)).toBe(true);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('a tuple that spells out another tenant’s prefix stays inside its own tenant', async () => {
    const scopeA = createTenantScope(store, A);
    const scopeB = createTenantScope(store, B);
    await scopeB.transact(async (tx) => tx.set(['secret'], 'b-only'));
    await scopeA.transact(async (tx) => {
      expect(await tx.get(['secret'])).toBeUndefined();
      // Even the raw layout of B's key, passed as a tuple, is packed under A.
      expect(await tx.get(['tenant', B, 'secret'])).toBeUndefined();
      expect(await tx.get([packTuple(['tenant', B, 'secret'])])).toBeUndefined();
      tx.clearPrefix([]);
      expect(await tx.getRange([])).toEqual([]);
    });
    expect(await scopeB.transact((tx) => tx.get(['secret']))).toBe('b-only');
  });
});
