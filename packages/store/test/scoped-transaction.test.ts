// Range bounds of the tuple/JSON view: from (inclusive), after and before (exclusive), with a
// record's sub-keys travelling with it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, scopeTransaction, Subspace, type KvStore, type Tuple } from '../src/index';

describe('scoped range bounds', () => {
  let dir: string;
  let store: KvStore;
  const space = new Subspace(['scoped-range-test']);
  const read = (prefix: Tuple, options: Parameters<ReturnType<typeof scopeTransaction>['getRange']>[1]) =>
    store.transact(async (tx) => (await scopeTransaction(tx, space).getRange<string>(prefix, options)).map((entry) => entry.key));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scoped-range-'));
    store = await openStore({ backend: 'embedded', dataDir: dir });
    await store.transact(async (tx) => {
      const scoped = scopeTransaction(tx, space);
      for (let seq = 0; seq < 5; seq++) {
        scoped.set(['m', seq], 'head');
        scoped.set(['m', seq, 1], 'part');
      }
    });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('from includes the key and its sub-keys; before excludes the key and its sub-keys', async () => {
    expect(await read(['m'], { from: ['m', 2], before: ['m', 4] })).toEqual([
      ['m', 2],
      ['m', 2, 1],
      ['m', 3],
      ['m', 3, 1],
    ]);
  });

  it('after skips the key itself but not its sub-keys', async () => {
    expect(await read(['m'], { after: ['m', 3] })).toEqual([
      ['m', 3, 1],
      ['m', 4],
      ['m', 4, 1],
    ]);
  });

  it('an empty or inverted window reads nothing', async () => {
    expect(await read(['m'], { from: ['m', 3], before: ['m', 3] })).toEqual([]);
    expect(await read(['m'], { from: ['m', 4], before: ['m', 1] })).toEqual([]);
  });
});
