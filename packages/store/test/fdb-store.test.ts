// The FoundationDB adapter against a stand-in for the `foundationdb` binding (no cluster can run
// here): when the binding is loaded, what it is asked to do, and how its errors are translated.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  openStore,
  STORE_LIMITS,
  StoreLimitError,
  TransactionConflictError,
  TransactionTimeoutError,
  type KvStore,
} from '../src/index';
import { FDB_API_VERSION } from '../src/fdb-store';

const fake = vi.hoisted(() => {
  class FDBError extends Error {
    constructor(
      description: string,
      readonly code: number,
    ) {
      super(description);
    }
  }
  const state = {
    loads: 0,
    apiVersion: undefined as number | undefined,
    clusterFiles: [] as (string | undefined)[],
    transactionOptions: [] as unknown[],
    rangeCalls: [] as unknown[],
    /**
     * Error codes the next commits fail with, in order. 1021 (commit_unknown_result) is a commit
     * that applied but whose answer was lost; -1021 the same error for one that did not apply.
     */
    commitFailures: [] as number[],
    data: new Map<string, Buffer>(),
  };
  const sortedEntries = (data: Map<string, Buffer>) =>
    [...data.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1')));

  // Just enough of the binding's Database and Transaction: each attempt works on a copy of the
  // data, and the retry loop follows doTransaction + onError (retry_limit, no retry on timeout).
  const database = {
    async doTransaction<T>(body: (tn: unknown) => Promise<T>, options: { retry_limit: number }): Promise<T> {
      state.transactionOptions.push(options);
      for (let retries = 0; ; retries++) {
        const staged = new Map(state.data);
        const tn = {
          get: async (key: Buffer) => staged.get(key.toString('latin1')),
          set: (key: Buffer, value: Buffer) => void staged.set(key.toString('latin1'), value),
          clear: (key: Buffer) => void staged.delete(key.toString('latin1')),
          clearRange: (begin: Buffer, end: Buffer) => {
            for (const [key] of staged) {
              const bytes = Buffer.from(key, 'latin1');
              if (Buffer.compare(bytes, begin) >= 0 && Buffer.compare(bytes, end) < 0) staged.delete(key);
            }
          },
          getRangeAll: async (begin: Buffer, end: Buffer, options: { limit?: number; reverse?: boolean }) => {
            state.rangeCalls.push(options);
            const inRange = sortedEntries(staged)
              .map(([key, value]): [Buffer, Buffer] => [Buffer.from(key, 'latin1'), value])
              .filter(([key]) => Buffer.compare(key, begin) >= 0 && Buffer.compare(key, end) < 0);
            if (options.reverse) inRange.reverse();
            return options.limit ? inRange.slice(0, options.limit) : inRange;
          },
          getReadVersion: async () => Buffer.alloc(8),
        };
        const result = await body(tn);
        const failure = state.commitFailures.shift();
        if (failure === undefined) {
          state.data = staged;
          return result;
        }
        if (failure === 1021) state.data = staged;
        const code = Math.abs(failure);
        if (code === 1031 || retries >= options.retry_limit) throw new FDBError(`fake error ${code}`, code);
      }
    },
    close() {},
  };
  const binding = {
    FDBError,
    setAPIVersion(version: number) {
      state.apiVersion = version;
    },
    open(clusterFile?: string) {
      state.clusterFiles.push(clusterFile);
      return database;
    },
  };
  return { state, binding, FDBError };
});

vi.mock('foundationdb', () => {
  fake.state.loads++;
  return fake.binding;
});

const key = (text: string) => Buffer.from(text);

describe('fdb backend adapter (against a stand-in binding)', () => {
  let store: KvStore;

  beforeEach(async () => {
    fake.state.transactionOptions.length = 0;
    fake.state.rangeCalls.length = 0;
    fake.state.commitFailures.length = 0;
    fake.state.data = new Map();
  });
  afterEach(async () => {
    await store?.close();
  });

  it('loads the binding only when the fdb backend is opened', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'store-lazy-fdb-'));
    try {
      const embedded = await openStore({ backend: 'embedded', dataDir });
      await embedded.transact(async (tx) => tx.set(key('a'), key('b')));
      await embedded.close();
      expect(fake.state.loads).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    store = await openStore({ backend: 'fdb', clusterFile: '/etc/foundationdb/fdb.cluster' });
    expect(fake.state.loads).toBe(1);
    expect(fake.state.apiVersion).toBe(FDB_API_VERSION);
    expect(fake.state.clusterFiles).toEqual(['/etc/foundationdb/fdb.cluster']);
    expect(store.backend).toBe('fdb');
  });

  it('runs transact through doTransaction with the retry limit, timeout and size limit set', async () => {
    store = await openStore({ backend: 'fdb' });
    await store.transact(
      async (tx) => {
        for (const name of ['a', 'b', 'c', 'd']) tx.set(key(name), key(name.toUpperCase()));
      },
      { retryLimit: 7, timeoutMs: 1234 },
    );
    await store.transact(async () => undefined);
    expect(fake.state.transactionOptions).toEqual([
      { retry_limit: 7, timeout: 1234, size_limit: STORE_LIMITS.transactionBytes },
      { retry_limit: 100, timeout: 10_000, size_limit: STORE_LIMITS.transactionBytes },
    ]);

    const read = await store.transact(async (tx) => ({
      reversed: await tx.getRange(key('a'), key('d'), { limit: 2, reverse: true }),
      none: await tx.getRange(key('a'), key('d'), { limit: 0 }),
      inverted: await tx.getRange(key('d'), key('a')),
    }));
    expect(read.reversed.map(({ key: k, value }) => `${k}=${value}`)).toEqual(['c=C', 'b=B']);
    expect(read.none).toEqual([]);
    expect(read.inverted).toEqual([]);
    // Only the first read reached FoundationDB, whose limit 0 would mean "everything".
    expect(fake.state.rangeCalls).toEqual([{ limit: 2, reverse: true }]);
  });

  it('translates FoundationDB errors into the store errors', async () => {
    store = await openStore({ backend: 'fdb' });
    let runs = 0;
    fake.state.commitFailures.push(1020, 1020, 1020);
    const conflicted = store.transact(async (tx) => void (runs++, tx.set(key('x'), key('1'))), { retryLimit: 2 });
    await expect(conflicted).rejects.toBeInstanceOf(TransactionConflictError);
    await expect(conflicted).rejects.toMatchObject({ attempts: 3 });
    expect(runs).toBe(3);

    fake.state.commitFailures.splice(0, Infinity, 1031);
    await expect(store.transact(async () => 1, { timeoutMs: 50 })).rejects.toMatchObject({
      name: 'TransactionTimeoutError',
      timeoutMs: 50,
    });
    fake.state.commitFailures.splice(0, Infinity, 1007);
    await expect(store.transact(async () => 1, { retryLimit: 0 })).rejects.toBeInstanceOf(TransactionTimeoutError);

    fake.state.commitFailures.splice(0, Infinity, 1038);
    await expect(store.transact(async () => 1, { retryLimit: 0 })).rejects.toMatchObject({ code: 1038 });

    const own = new Error('from the body');
    await expect(store.transact(async () => Promise.reject(own))).rejects.toBe(own);
    expect(fake.state.data.size).toBe(0);
  });

  it('enforces STORE_LIMITS before anything reaches FoundationDB', async () => {
    store = await openStore({ backend: 'fdb' });
    await expect(store.transact(async (tx) => tx.set(Buffer.alloc(0), key('v')))).rejects.toMatchObject({
      kind: 'empty_key',
    });
    await expect(store.transact(async (tx) => tx.get(Buffer.alloc(STORE_LIMITS.keyBytes + 1)))).rejects.toBeInstanceOf(
      StoreLimitError,
    );
    const value = Buffer.alloc(STORE_LIMITS.valueBytes);
    const tooLarge = store.transact(async (tx) => {
      for (let i = 0; i <= STORE_LIMITS.transactionBytes / STORE_LIMITS.valueBytes; i++) tx.set(key(`k${i}`), value);
    });
    await expect(tooLarge).rejects.toMatchObject({ kind: 'transaction_too_large' });
    expect(fake.state.data.size).toBe(0);
  });

  describe('commit_unknown_result (1021)', () => {
    /** A non-idempotent body: appends entry n+1 to a log and bumps the counter. */
    const append = (runs: { count: number }) => async (tx: Parameters<Parameters<KvStore['transact']>[0]>[0]) => {
      runs.count++;
      const next = Number((await tx.get(key('n')))?.toString() ?? '0') + 1;
      tx.set(key('n'), key(String(next)));
      tx.set(key(`log/${next}`), key('entry'));
      return next;
    };
    const userKeys = () => [...fake.state.data.keys()].filter((name) => !name.startsWith('\xfeidem')).sort();

    it('a commit that applied is not applied again: the retry answers what it returned', async () => {
      store = await openStore({ backend: 'fdb' });
      const runs = { count: 0 };
      fake.state.commitFailures.push(1021);
      expect(await store.transact(append(runs))).toBe(1);
      expect(runs.count).toBe(1);
      expect(userKeys()).toEqual(['log/1', 'n']);
      expect(await store.transact(append(runs))).toBe(2);
      expect(userKeys()).toEqual(['log/1', 'log/2', 'n']);
    });

    it('a commit that did not apply runs again, once', async () => {
      store = await openStore({ backend: 'fdb' });
      const runs = { count: 0 };
      fake.state.commitFailures.push(-1021, 1020);
      expect(await store.transact(append(runs))).toBe(1);
      expect(runs.count).toBe(3);
      expect(userKeys()).toEqual(['log/1', 'n']);
    });

    it('reads leave no mark; expired marks are swept by a later writing call', async () => {
      store = await openStore({ backend: 'fdb' });
      await store.transact(async (tx) => tx.get(key('n')));
      expect(fake.state.data.size).toBe(0);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
        await store.transact(async (tx) => tx.set(key('old'), key('1')));
        const marks = () => [...fake.state.data.keys()].filter((name) => name.startsWith('\xfeidem')).length;
        expect(marks()).toBe(1);
        vi.setSystemTime(new Date('2026-01-01T02:00:00Z'));
        for (let call = 1; call < 64; call++) await store.transact(async (tx) => tx.set(key(`k${call}`), key('1')));
        // The 64th writing call cleared the mark older than an hour; the 63 recent ones stay.
        expect(marks()).toBe(63);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
