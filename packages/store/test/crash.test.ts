// SIGKILLs a child process that is committing on the embedded store at random moments, dozens of
// times, and after each kill checks that every acknowledged commit survived and every invariant
// holds: money is conserved and matches its log, logs are contiguous, counters match their logs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Transaction } from '../src/index';
import { killAllFixtures, onStdoutLine, spawnFixture, type Fixture } from './child-process';
import { CRASH_LAYOUT, decodeNumber } from './fixtures/crash-layout';

const KILLS = 30;
const TIME_BUDGET_MS = 40_000;
const MIN_KILLS = 20;

interface Transfer {
  from: number;
  to: number;
  amount: number;
}

/** Everything the children acknowledged, over all runs: each must be in the store for good. */
interface Acknowledged {
  transfers: Map<number, Transfer>;
  /** Highest acknowledged value per counter worker. */
  counters: Map<number, number>;
}

function record(acked: Acknowledged, line: string): void {
  const [kind, ...fields] = line.split(' ');
  const numbers = fields.map(Number);
  if (kind === 'transfer') {
    const [seq, from, to, amount] = numbers as [number, number, number, number];
    acked.transfers.set(seq, { from, to, amount });
  } else if (kind === 'counter') {
    const [worker, n] = numbers as [number, number];
    acked.counters.set(worker, Math.max(n, acked.counters.get(worker) ?? 0));
  } else if (kind !== 'ready') {
    throw new Error(`unexpected child output: ${line}`);
  }
}

function whenReady(fixture: Fixture, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child not ready after ${timeoutMs} ms: ${fixture.stderr()}`)), timeoutMs);
    onStdoutLine(fixture, (line) => {
      if (line === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    void fixture.closed.then(() => {
      clearTimeout(timer);
      reject(new Error(`child exited before it was ready: ${fixture.stderr()}`));
    });
  });
}

async function checkTransfers(tx: Transaction, acked: Acknowledged): Promise<number> {
  const { accounts, accountCount, initialBalance, transferLog, transferSeq } = CRASH_LAYOUT;
  const balances: number[] = [];
  for (let account = 0; account < accountCount; account++) {
    balances.push(decodeNumber(await tx.get(accounts.pack([account]))));
  }
  expect(
    balances.every((balance) => balance >= 0),
    `balances ${balances}`,
  ).toBe(true);
  expect(balances.reduce((sum, balance) => sum + balance, 0)).toBe(accountCount * initialBalance);

  const seq = decodeNumber(await tx.get(transferSeq));
  const { begin, end } = transferLog.range();
  const log = await tx.getRange(begin, end);
  expect(log.map((entry) => transferLog.unpack(entry.key)[0])).toEqual(Array.from({ length: seq }, (_, i) => i + 1));

  const replayed: number[] = Array.from({ length: accountCount }, () => initialBalance);
  const bySeq = new Map<number, Transfer>();
  for (const entry of log) {
    const transfer = JSON.parse(entry.value.toString()) as Transfer;
    bySeq.set(transferLog.unpack(entry.key)[0] as number, transfer);
    replayed[transfer.from]! -= transfer.amount;
    replayed[transfer.to]! += transfer.amount;
  }
  expect(replayed, 'balances are the replay of the transfer log').toEqual(balances);
  for (const [ackedSeq, transfer] of acked.transfers) {
    expect(bySeq.get(ackedSeq), `acknowledged transfer ${ackedSeq}`).toEqual(transfer);
  }
  return seq;
}

async function checkCounters(tx: Transaction, acked: Acknowledged): Promise<void> {
  const { counters, counterLog, counterWorkers } = CRASH_LAYOUT;
  for (let worker = 0; worker < counterWorkers; worker++) {
    const count = decodeNumber(await tx.get(counters.pack([worker])));
    const { begin, end } = counterLog.range([worker]);
    const log = await tx.getRange(begin, end);
    const expected = Array.from({ length: count }, (_, i) => i + 1);
    expect(
      log.map((entry) => counterLog.unpack(entry.key)[1]),
      `counter ${worker} log`,
    ).toEqual(expected);
    expect(log.map((entry) => decodeNumber(entry.value))).toEqual(expected);
    expect(count, `counter ${worker} keeps its acknowledged value`).toBeGreaterThanOrEqual(acked.counters.get(worker) ?? 0);
  }
}

async function checkStore(dataDir: string, acked: Acknowledged): Promise<number> {
  const store = await openStore({ backend: 'embedded', dataDir });
  try {
    return await store.transact(async (tx) => {
      const seq = await checkTransfers(tx, acked);
      await checkCounters(tx, acked);
      return seq;
    });
  } finally {
    await store.close();
  }
}

describe('embedded store under SIGKILL', () => {
  afterEach(killAllFixtures);

  it(
    'keeps every acknowledged commit and every invariant across dozens of kills',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'store-crash-'));
      const acked: Acknowledged = { transfers: new Map(), counters: new Map() };
      const started = performance.now();
      let kills = 0;
      try {
        while (kills < KILLS && performance.now() - started < TIME_BUDGET_MS) {
          const fixture = spawnFixture('crash-child.ts', [dataDir]);
          onStdoutLine(fixture, (line) => record(acked, line));
          await whenReady(fixture, 15_000);
          await sleep(5 + Math.random() * 150);
          fixture.child.kill('SIGKILL');
          expect((await fixture.closed).signal, fixture.stderr()).toBe('SIGKILL');
          kills++;
          await checkStore(dataDir, acked);
        }
      } finally {
        killAllFixtures();
        await rm(dataDir, { recursive: true, force: true });
      }
      const acknowledgedCounters = [...acked.counters.values()].reduce((sum, n) => sum + n, 0);
      console.log(
        `crash test: ${kills} SIGKILLs in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `${acked.transfers.size} acknowledged transfers and ${acknowledgedCounters} counter commits all survived`,
      );
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(acked.transfers.size).toBeGreaterThan(100);
    },
    TIME_BUDGET_MS + 15_000,
  );
});
