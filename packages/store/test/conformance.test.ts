// The KvStore contract, run against every backend this machine has: FoundationDB semantics for
// reads, ranges, atomicity, isolation, limits and lifecycle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  STORE_LIMITS,
  StoreLimitError,
  StoreUnavailableError,
  TransactionConflictError,
  type KeyValue,
  type KvStore,
} from '../src/index';
import { embeddedHarness, fdbHarness, type HarnessFactory, type StoreHarness } from './store-harness';

const FDB_CLUSTER_FILE = process.env.FDB_CLUSTER_FILE;

defineConformanceSuite('embedded backend', embeddedHarness);

describe.skipIf(!FDB_CLUSTER_FILE)('fdb backend (skipped: FDB_CLUSTER_FILE is not set, no FoundationDB cluster here)', () =>
  defineConformanceSuite('fdb backend', fdbHarness(FDB_CLUSTER_FILE ?? '')),
);

/** A small deterministic PRNG (mulberry32), so a failing random case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byLatin1Bytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));

/** A promise plus the function that resolves it, to line transactions up against each other. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function defineConformanceSuite(title: string, makeHarness: HarnessFactory): void {
  describe(title, () => {
    let harness: StoreHarness;
    let store: KvStore;
    /** A key under the test's prefix whose suffix is the given raw bytes (latin1). */
    const key = (suffix: string): Buffer => Buffer.concat([harness.space.prefix, Buffer.from(suffix, 'latin1')]);
    const text = (value: string): Buffer => Buffer.from(value);
    /** Entries as [suffix, value] pairs, readable in assertion failures. */
    const labelled = (entries: KeyValue[]): [string, string][] =>
      entries.map(({ key: k, value }) => [k.subarray(harness.space.prefix.length).toString('latin1'), value.toString()]);
    const seed = (pairs: Record<string, string>): Promise<void> =>
      store.transact(async (tx) => {
        for (const [suffix, value] of Object.entries(pairs)) tx.set(key(suffix), text(value));
      });
    const readAll = async (target: KvStore = store): Promise<[string, string][]> => {
      const { begin, end } = { begin: harness.space.prefix, end: key('\xff') };
      return labelled(await target.transact((tx) => tx.getRange(begin, end)));
    };
    const readValue = async (suffix: string): Promise<string | undefined> =>
      (await store.transact((tx) => tx.get(key(suffix))))?.toString();

    beforeEach(async () => {
      harness = await makeHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it('get reads its own writes and clears, and no one else sees them before commit', async () => {
      await seed({ a: 'committed' });
      await store.transact(async (tx) => {
        expect((await tx.get(key('a')))?.toString()).toBe('committed');
        tx.set(key('a'), text('mine'));
        expect((await tx.get(key('a')))?.toString()).toBe('mine');
        tx.clear(key('a'));
        expect(await tx.get(key('a'))).toBeUndefined();
        tx.set(key('b'), text('new'));
        expect((await tx.get(key('b')))?.toString()).toBe('new');
        // Another transaction still sees the committed state.
        expect(await readValue('b')).toBeUndefined();
        expect(await readValue('a')).toBe('committed');
      });
      expect(await readAll()).toEqual([['b', 'new']]);
    });

    it('getRange merges its own sets, clears and clearRanges, then applies limit and reverse', async () => {
      await seed({ a: 'A', c: 'C', e: 'E', g: 'G' });
      const { begin, end } = { begin: key('a'), end: key('z') };
      await store.transact(async (tx) => {
        tx.set(key('b'), text('B'));
        tx.clear(key('c'));
        tx.set(key('e'), text('E2'));
        expect(labelled(await tx.getRange(begin, end))).toEqual([
          ['a', 'A'],
          ['b', 'B'],
          ['e', 'E2'],
          ['g', 'G'],
        ]);
        expect(labelled(await tx.getRange(begin, end, { reverse: true }))).toEqual([
          ['g', 'G'],
          ['e', 'E2'],
          ['b', 'B'],
          ['a', 'A'],
        ]);
        expect(labelled(await tx.getRange(begin, end, { limit: 2 }))).toEqual([
          ['a', 'A'],
          ['b', 'B'],
        ]);
        expect(labelled(await tx.getRange(begin, end, { limit: 2, reverse: true }))).toEqual([
          ['g', 'G'],
          ['e', 'E2'],
        ]);

        tx.clearRange(key('a'), key('f')); // removes a, b (buffered) and e
        tx.set(key('d'), text('D')); // a set after the clearRange wins inside it
        expect(labelled(await tx.getRange(begin, end))).toEqual([
          ['d', 'D'],
          ['g', 'G'],
        ]);
        expect(labelled(await tx.getRange(begin, end, { limit: 1, reverse: true }))).toEqual([['g', 'G']]);
        expect(labelled(await tx.getRange(key('a'), key('d')))).toEqual([]);
        expect(await tx.get(key('a'))).toBeUndefined();
        expect((await tx.get(key('d')))?.toString()).toBe('D');
      });
      expect(await readAll()).toEqual([
        ['d', 'D'],
        ['g', 'G'],
      ]);
    });

    it('getRange orders by key bytes and keeps [begin, end) half-open in both directions', async () => {
      await seed({ a: '1', b: '2', 'b\x00': '3', c: '4', d: '5' });
      const range = async (from: string, to: string, options?: { limit?: number; reverse?: boolean }) =>
        labelled(await store.transact((tx) => tx.getRange(key(from), key(to), options))).map(([k]) => k);

      expect(await range('b', 'd')).toEqual(['b', 'b\x00', 'c']);
      expect(await range('b', 'd', { reverse: true })).toEqual(['c', 'b\x00', 'b']);
      expect(await range('b\x00', 'c')).toEqual(['b\x00']);
      expect(await range('b\x00', 'c', { reverse: true })).toEqual(['b\x00']);
      // Bounds that are not keys themselves.
      expect(await range('a\x00', 'cc')).toEqual(['b', 'b\x00', 'c']);
      expect(await range('a\x00', 'cc', { reverse: true })).toEqual(['c', 'b\x00', 'b']);
      expect(await range('b', 'd', { limit: 2 })).toEqual(['b', 'b\x00']);
      expect(await range('b', 'd', { limit: 2, reverse: true })).toEqual(['c', 'b\x00']);
      expect(await range('a', 'e', { limit: 10 })).toEqual(['a', 'b', 'b\x00', 'c', 'd']);
      expect(await range('b', 'b')).toEqual([]);
      expect(await range('d', 'b')).toEqual([]);
      expect(await range('a', 'e', { limit: 0 })).toEqual([]);
    });

    it('agrees with a sorted-map model under random sets, clears, clearRanges and reads', async () => {
      const random = seededRandom(20261121);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const randomSuffix = () =>
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(['a', 'b', 'c', '\x00', 'd'])).join('');
      const modelRange = (model: Map<string, string>, from: string, to: string, limit: number | undefined, reverse: boolean) => {
        const inRange = [...model.entries()]
          .filter(([k]) => byLatin1Bytes(k, from) >= 0 && byLatin1Bytes(k, to) < 0)
          .sort(([a], [b]) => byLatin1Bytes(a, b));
        if (reverse) inRange.reverse();
        return inRange.slice(0, limit ?? Infinity);
      };

      let expected = new Map<string, string>();
      for (let round = 0; round < 8; round++) {
        const committed = new Map(expected);
        await store.transact(async (tx) => {
          const local = new Map(committed);
          for (let step = 0; step < 60; step++) {
            const op = random();
            const [a, b] = [randomSuffix(), randomSuffix()];
            const context = `round ${round} step ${step}`;
            if (op < 0.3) {
              const value = `${round}.${step}`;
              tx.set(key(a), text(value));
              local.set(a, value);
            } else if (op < 0.4) {
              tx.clear(key(a));
              local.delete(a);
            } else if (op < 0.47) {
              tx.clearRange(key(a), key(b));
              for (const k of [...local.keys()]) {
                if (byLatin1Bytes(k, a) >= 0 && byLatin1Bytes(k, b) < 0) local.delete(k);
              }
            } else if (op < 0.8) {
              const limit = random() < 0.5 ? undefined : Math.floor(random() * 5);
              const reverse = random() < 0.5;
              const got = labelled(await tx.getRange(key(a), key(b), { limit, reverse }));
              expect(got, `${context}: getRange(${JSON.stringify([a, b])}, ${limit}, ${reverse})`).toEqual(
                modelRange(local, a, b, limit, reverse),
              );
            } else {
              expect((await tx.get(key(a)))?.toString(), `${context}: get(${JSON.stringify(a)})`).toBe(local.get(a));
            }
          }
          expected = local;
        });
        expect(await readAll()).toEqual(modelRange(expected, '', '\xff', undefined, false));
      }
    });

    it('clearRange removes exactly the keys in [begin, end)', async () => {
      await seed({ a: '1', b: '2', 'b\x00': '3', c: '4', d: '5' });
      await store.transact(async (tx) => {
        tx.clearRange(key('b'), key('d'));
        tx.clearRange(key('d'), key('a')); // inverted: empty
      });
      expect(await readAll()).toEqual([
        ['a', '1'],
        ['d', '5'],
      ]);
    });

    it('clear removes one key and tolerates a missing one', async () => {
      await seed({ a: '1', b: '2' });
      await store.transact(async (tx) => {
        tx.clear(key('a'));
        tx.clear(key('missing'));
      });
      expect(await readAll()).toEqual([['b', '2']]);
    });

    it('a throwing body commits nothing and its error propagates unchanged, without retry', async () => {
      await seed({ a: 'before' });
      const failure = new Error('body failed');
      let runs = 0;
      const outcome = store.transact(async (tx) => {
        runs++;
        tx.set(key('a'), text('after'));
        tx.set(key('b'), text('new'));
        tx.clearRange(key('a'), key('z'));
        throw failure;
      });
      await expect(outcome).rejects.toBe(failure);
      expect(runs).toBe(1);
      expect(await readAll()).toEqual([['a', 'before']]);
    });

    it('loses no update under 100 concurrent read-modify-write increments', async () => {
      const counter = key('counter');
      await Promise.all(
        Array.from({ length: 100 }, () =>
          store.transact(async (tx) => {
            const current = Number((await tx.get(counter))?.toString() ?? '0');
            tx.set(counter, text(String(current + 1)));
          }),
        ),
      );
      expect(await readValue('counter')).toBe('100');
    });

    it('is serializable: write skew over two keys cannot happen', async () => {
      // Invariant: at least one of x, y stays 1. Each transaction reads both and, seeing both on
      // duty, takes its own key off duty. Snapshot isolation would let both commit.
      await seed({ x: '1', y: '1' });
      const bothRead = gate();
      let reads = 0;
      let runs = 0;
      const goOffDuty = (mine: string) =>
        store.transact(async (tx) => {
          runs++;
          const onDuty = Number((await tx.get(key('x')))!.toString()) + Number((await tx.get(key('y')))!.toString());
          if (++reads === 2) bothRead.open();
          await bothRead.opened; // both first attempts have read before either commits
          if (onDuty === 2) tx.set(key(mine), text('0'));
        });
      await Promise.all([goOffDuty('x'), goOffDuty('y')]);
      const final = Object.fromEntries(await readAll());
      expect(Number(final.x) + Number(final.y)).toBe(1);
      expect(runs).toBe(3); // the loser re-ran once and saw the winner's write
    });

    it('is serializable across range reads: no phantom inserts', async () => {
      // Each transaction inserts a key only if the range is empty; only one may succeed.
      const bothRead = gate();
      let reads = 0;
      const claim = (name: string) =>
        store.transact(async (tx) => {
          const claims = await tx.getRange(key('claim/'), key('claim0'));
          if (++reads === 2) bothRead.open();
          await bothRead.opened;
          if (claims.length === 0) tx.set(key(`claim/${name}`), text(name));
        });
      await Promise.all([claim('first'), claim('second')]);
      expect((await readAll()).filter(([k]) => k.startsWith('claim/'))).toHaveLength(1);
    });

    it('rejects an empty key, an oversize key and an oversize value with StoreLimitError and writes nothing', async () => {
      const cases: [string, Buffer, Buffer, string][] = [
        ['empty key', Buffer.alloc(0), text('v'), 'empty_key'],
        ['oversize key', Buffer.alloc(STORE_LIMITS.keyBytes + 1, 0x61), text('v'), 'key_too_large'],
        ['oversize value', key('v'), Buffer.alloc(STORE_LIMITS.valueBytes + 1), 'value_too_large'],
      ];
      for (const [label, badKey, badValue, kind] of cases) {
        let runs = 0;
        let thrownSynchronously = false;
        const outcome = store.transact(async (tx) => {
          runs++;
          tx.set(key('ok'), text('fine'));
          try {
            tx.set(badKey, badValue);
          } catch (error) {
            thrownSynchronously = true;
            throw error;
          }
        });
        await expect(outcome, label).rejects.toBeInstanceOf(StoreLimitError);
        await expect(outcome, label).rejects.toMatchObject({ kind });
        expect(thrownSynchronously, label).toBe(true);
        expect(runs, label).toBe(1);
      }
      await expect(store.transact((tx) => tx.get(Buffer.alloc(0)))).rejects.toBeInstanceOf(StoreLimitError);
      expect(await readAll()).toEqual([]);

      // Exactly at the limits is allowed.
      const maxKey = Buffer.concat([key(''), Buffer.alloc(STORE_LIMITS.keyBytes - key('').length, 0x62)]);
      await store.transact(async (tx) => tx.set(maxKey, Buffer.alloc(STORE_LIMITS.valueBytes, 1)));
      expect((await store.transact((tx) => tx.get(maxKey)))?.length).toBe(STORE_LIMITS.valueBytes);
    });

    it('rejects a transaction over the size limit at commit, without retry, writing nothing', async () => {
      const value = Buffer.alloc(STORE_LIMITS.valueBytes, 7);
      const count = Math.ceil(STORE_LIMITS.transactionBytes / STORE_LIMITS.valueBytes) + 1;
      let runs = 0;
      const outcome = store.transact(async (tx) => {
        runs++;
        for (let i = 0; i < count; i++) tx.set(key(`big/${String(i).padStart(4, '0')}`), value);
      });
      await expect(outcome).rejects.toMatchObject({ name: 'StoreLimitError', kind: 'transaction_too_large' });
      expect(runs).toBe(1);
      expect(await readAll()).toEqual([]);
    });

    it('surfaces TransactionConflictError once the retry limit is spent', async () => {
      await seed({ hot: '0' });
      let runs = 0;
      const outcome = store.transact(
        async (tx) => {
          runs++;
          const seen = await tx.get(key('hot'));
          // Someone else changes what this attempt read before it can commit.
          await store.transact(async (other) => other.set(key('hot'), text(String(runs))));
          tx.set(key('derived'), seen!);
        },
        { retryLimit: 3 },
      );
      await expect(outcome).rejects.toBeInstanceOf(TransactionConflictError);
      await expect(outcome).rejects.toMatchObject({ attempts: 4 });
      expect(runs).toBe(4);
      expect(await readValue('derived')).toBeUndefined();
    });

    it('keeps committed data across close and reopen', async () => {
      await seed({ a: '1', b: '2' });
      await store.transact(async (tx) => tx.clear(key('b')));
      await store.close();
      const reopened = await harness.open();
      expect(await readAll(reopened)).toEqual([['a', '1']]);
    });

    it('refuses use after close with StoreUnavailableError', async () => {
      await store.close();
      await expect(store.transact(async (tx) => tx.get(key('a')))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('close waits for a transaction in flight to commit', async () => {
      const release = gate();
      const bodyStarted = gate();
      const inFlight = store.transact(async (tx) => {
        bodyStarted.open();
        await release.opened;
        tx.set(key('late'), text('made it'));
        return 'done';
      });
      await bodyStarted.opened;
      let closed = false;
      const closing = store.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).toBe(false);
      release.open();
      await expect(inFlight).resolves.toBe('done');
      await closing;
      const reopened = await harness.open();
      expect(await readAll(reopened)).toEqual([['late', 'made it']]);
    });

    it('ping answers while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
