// Embedded-backend behaviour beyond the shared contract: attempt and call time limits, group
// commit throughput, and validation across processes sharing one LMDB environment.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../src/embedded-store';
import { TransactionTimeoutError, type KvStore, type Transaction } from '../src/index';
import { killAllFixtures, spawnFixture } from './child-process';

const key = (text: string) => Buffer.from(text);

describe('embedded store', () => {
  let dataDir: string;
  let store: KvStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-store-'));
  });
  afterEach(async () => {
    killAllFixtures();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retries an attempt that outlives transactionMs, like transaction_too_old', async () => {
    store = await openEmbeddedStore(dataDir, { transactionMs: 40 });
    let runs = 0;
    const result = await store.transact(async (tx) => {
      runs++;
      tx.set(key('slow'), key(`run ${runs}`));
      if (runs === 1) await sleep(80);
      return runs;
    });
    expect(result).toBe(2);
    expect((await store.transact((tx) => tx.get(key('slow'))))?.toString()).toBe('run 2');
  });

  it('retries a too-old attempt even when the body swallowed the read error', async () => {
    store = await openEmbeddedStore(dataDir, { transactionMs: 40 });
    let runs = 0;
    await store.transact(async (tx) => {
      runs++;
      if (runs === 1) await sleep(80);
      await tx.get(key('anything')).catch(() => undefined);
      tx.set(key('done'), key(String(runs)));
    });
    expect(runs).toBe(2);
    expect((await store.transact((tx) => tx.get(key('done'))))?.toString()).toBe('2');
  });

  it('lets a read-only attempt finish after transactionMs when its reads were in time', async () => {
    store = await openEmbeddedStore(dataDir, { transactionMs: 30 });
    let runs = 0;
    const value = await store.transact(async (tx) => {
      runs++;
      const read = await tx.get(key('absent'));
      await sleep(60);
      return read ?? 'nothing';
    });
    expect([value, runs]).toEqual(['nothing', 1]);
  });

  it('gives up with TransactionTimeoutError when every attempt is too old', async () => {
    store = await openEmbeddedStore(dataDir, { transactionMs: 30 });
    let runs = 0;
    const outcome = store.transact(
      async (tx) => {
        runs++;
        await sleep(50);
        tx.set(key('never'), key('x'));
      },
      { retryLimit: 2 },
    );
    await expect(outcome).rejects.toBeInstanceOf(TransactionTimeoutError);
    expect(runs).toBe(3);
    expect(await store.transact((tx) => tx.get(key('never')))).toBeUndefined();
  });

  it('fails the call with TransactionTimeoutError at its deadline, writing nothing', async () => {
    store = await openEmbeddedStore(dataDir);
    const outcome = store.transact(
      async (tx) => {
        tx.set(key('late'), key('x'));
        await sleep(80);
        return tx.get(key('late'));
      },
      { timeoutMs: 40 },
    );
    await expect(outcome).rejects.toMatchObject({ name: 'TransactionTimeoutError', timeoutMs: 40 });
    expect(await store.transact((tx) => tx.get(key('late')))).toBeUndefined();
  });

  it('refuses a transaction object used after its attempt ended', async () => {
    store = await openEmbeddedStore(dataDir);
    let leaked: Transaction | undefined;
    await store.transact(async (tx) => {
      leaked = tx;
    });
    expect(() => leaked!.set(key('a'), key('b'))).toThrow(/after its attempt ended/);
    await expect(leaked!.get(key('a'))).rejects.toThrow(/after its attempt ended/);
  });

  it('shares disk flushes between concurrent commits (group commit)', async () => {
    store = await openEmbeddedStore(dataDir);
    const commit = (name: string) => store.transact(async (tx) => tx.set(key(name), key('v')));

    const sequentialCommits = 200;
    let started = performance.now();
    for (let i = 0; i < sequentialCommits; i++) await commit(`seq/${i}`);
    const sequentialPerSecond = (sequentialCommits / (performance.now() - started)) * 1000;

    let concurrentCommits = 0;
    started = performance.now();
    const until = started + 1_500;
    await Promise.all(
      Array.from({ length: 100 }, async (_, worker) => {
        while (performance.now() < until) await commit(`par/${worker}/${concurrentCommits++}`);
      }),
    );
    const concurrentPerSecond = (concurrentCommits / (performance.now() - started)) * 1000;

    console.log(
      `embedded single-key commits, each flushed to disk: sequential ${sequentialPerSecond.toFixed(0)}/s, ` +
        `100 concurrent ${concurrentPerSecond.toFixed(0)}/s (x${(concurrentPerSecond / sequentialPerSecond).toFixed(1)})`,
    );
    expect(concurrentPerSecond).toBeGreaterThan(sequentialPerSecond * 5);
  });

  it('validates commits across processes sharing the data directory', async () => {
    const times = 150;
    const children = [1, 2].map(() => spawnFixture('increment-child.ts', [dataDir, String(times)]));
    const results = await Promise.all(children.map((child) => child.closed));
    expect(results, children.map((child) => child.stderr()).join('')).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    store = await openEmbeddedStore(dataDir);
    expect((await store.transact((tx) => tx.get(key('shared-counter'))))?.toString()).toBe(String(2 * times));
  });
});
