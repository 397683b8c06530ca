// The embedded backend: FoundationDB-style optimistic transactions on LMDB (lmdb-js). Each
// attempt reads a snapshot and buffers its writes; the commit re-validates its reads inside an
// LMDB write transaction, which lmdb-js shares among the commits of one event turn (group commit),
// and is acknowledged only once that write transaction is flushed to disk.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { open, type RootDatabase } from 'lmdb';
import { STORE_LIMITS, type KvStore, type TransactOptions, type Transaction } from './kv-store';
import { conflictBackoffMs } from './conflict-backoff';
import { StoreStats } from './store-stats';
import { EmbeddedTransaction, type AttemptFailure } from './embedded-transaction';
import { StoreLimitError, StoreUnavailableError, TransactionConflictError, TransactionTimeoutError } from './store-errors';
import { StoreLifecycle } from './store-lifecycle';
import { resolveTransactOptions } from './transact-options';

export interface EmbeddedStoreTuning {
  /** Longest a single attempt may run (default STORE_LIMITS.transactionMs); lowered by tests. */
  transactionMs?: number;
}

const PING_KEY = Buffer.from([0x00]);

// Concurrent attempts that span event turns each pin their own LMDB snapshot (reader slot).
const MAX_READERS = 1024;

type AttemptOutcome = 'committed' | 'conflict' | AttemptFailure;

export async function openEmbeddedStore(dataDir: string, tuning: EmbeddedStoreTuning = {}): Promise<KvStore> {
  if (!dataDir) throw new StoreUnavailableError('the embedded store needs a data directory');
  const path = join(dataDir, 'kv');
  try {
    await mkdir(path, { recursive: true });
    const db = open<Buffer, Buffer>({
      path,
      keyEncoding: 'binary',
      encoding: 'binary',
      maxReaders: MAX_READERS,
      // lmdb-js's overlapping sync (its default on Linux) loses commits when several processes
      // share the store: two acknowledged increments of one counter write the same value
      // (test/embedded-store.test.ts). Each batch is flushed before the write lock is released
      // instead; the commits of a batch still share one flush.
      overlappingSync: false,
    });
    return new EmbeddedStore(db, tuning.transactionMs ?? STORE_LIMITS.transactionMs);
  } catch (cause) {
    throw new StoreUnavailableError(`cannot open the embedded store at ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

class EmbeddedStore implements KvStore {
  readonly backend = 'embedded';
  readonly stats = new StoreStats();
  private readonly lifecycle = new StoreLifecycle('embedded store');

  constructor(
    private readonly db: RootDatabase<Buffer, Buffer>,
    private readonly transactionMs: number,
  ) {}

  async transact<T>(body: (tx: Transaction) => Promise<T>, options?: TransactOptions): Promise<T> {
    const { retryLimit, timeoutMs } = resolveTransactOptions(options);
    this.lifecycle.enter();
    // The retry loop inline (one async frame per transaction, not two: every request runs several).
    try {
      const start = performance.now();
      const deadline = start + timeoutMs;
      for (let attempt = 1; ; attempt++) {
        const attemptStart = attempt === 1 ? start : performance.now();
        const tx = new EmbeddedTransaction(this.db, {
          tooOldAt: attemptStart + this.transactionMs,
          transactionMs: this.transactionMs,
          deadline,
          timeoutMs,
        });
        let result: T | undefined;
        try {
          result = await body(tx);
        } catch (error) {
          // A failure the attempt's own clock recorded decides, whatever the body made of it.
          if (tx.failure === undefined) throw error;
        } finally {
          tx.end();
        }
        // Read-only (the common case: every authenticated request reads its session this way): every
        // read came from one consistent snapshot, so only the clock is left to check, without the
        // commit's promise.
        const outcome = tx.failure ?? (tx.writes.isEmpty ? readOnlyOutcome(tx) : await this.commit(tx));
        if (outcome === 'committed') {
          this.stats.committed++;
          return result as T;
        }
        if (outcome === 'conflict') this.stats.conflicts++;
        if (outcome === 'timed_out') throw new TransactionTimeoutError(timeoutMs);

        const delay = conflictBackoffMs(attempt);
        const outOfTime = performance.now() + delay >= deadline;
        if (attempt > retryLimit || outOfTime) {
          if (outcome === 'conflict') throw new TransactionConflictError(attempt);
          throw new TransactionTimeoutError(outOfTime ? timeoutMs : this.transactionMs);
        }
        this.stats.retries++;
        await sleep(delay);
      }
    } finally {
      this.lifecycle.leave();
    }
  }

  async ping(): Promise<void> {
    this.lifecycle.assertOpen();
    try {
      this.db.get(PING_KEY);
    } catch (cause) {
      throw new StoreUnavailableError(`embedded store read failed: ${(cause as Error).message}`, { cause });
    }
  }

  close(): Promise<void> {
    return this.lifecycle.close(() => this.db.close());
  }

  /** LMDB's own copy (mdb_env_copy2, compacting): one read transaction, so one point in time. */
  async backupTo(directory: string): Promise<void> {
    this.lifecycle.assertOpen();
    await mkdir(directory, { recursive: true });
    await this.db.backup(directory, true);
  }

  private async commit(tx: EmbeddedTransaction): Promise<AttemptOutcome> {
    const failure = tx.checkClock();
    if (failure !== undefined) return failure;
    const bytes = tx.writes.byteSize();
    if (bytes > STORE_LIMITS.transactionBytes) {
      throw new StoreLimitError('transaction_too_large', bytes, STORE_LIMITS.transactionBytes);
    }
    let committed: boolean;
    try {
      committed = await this.db.transaction(() => tx.commitInto(this.db));
    } catch (cause) {
      throw new StoreUnavailableError(`embedded store commit failed: ${(cause as Error).message}`, { cause });
    }
    if (!committed) return 'conflict';
    // Flushes complete in commit order, so the flush pending now covers this commit.
    await this.db.flushed;
    return 'committed';
  }
}

/** A read-only attempt commits unless the whole call ran out of time (too old does not matter: nothing is written). */
function readOnlyOutcome(tx: EmbeddedTransaction): AttemptOutcome {
  return tx.checkClock() === 'timed_out' ? 'timed_out' : 'committed';
}
