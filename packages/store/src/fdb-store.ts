// The FoundationDB backend: the KvStore contract over the `foundationdb` binding. The binding is
// an optional dependency whose native part needs libfdb_c, so it is imported only when this
// backend is opened, and its absence becomes a StoreUnavailableError.
import { randomBytes } from 'node:crypto';
import type { Database, Transaction as FdbTransaction } from 'foundationdb';
import { STORE_LIMITS, type KeyValue, type KvStore, type RangeOptions, type TransactOptions, type Transaction } from './kv-store';
import { StoreLimitError, StoreUnavailableError, TransactionConflictError, TransactionTimeoutError } from './store-errors';
import { StoreStats } from './store-stats';
import { StoreLifecycle } from './store-lifecycle';
import { assertValidKey, assertValidRangeBound, assertValidValue, resolveRangeLimit } from './store-limit-checks';
import { resolveTransactOptions } from './transact-options';

type FoundationDbModule = typeof import('foundationdb');

/** 7.1's API: served by FoundationDB 7.1 and newer clients (the binding supports up to 720). */
export const FDB_API_VERSION = 710;

/** FoundationDB error codes this adapter translates. */
const FDB_ERROR = {
  transactionTooOld: 1007,
  notCommitted: 1020,
  transactionTimedOut: 1031,
  transactionTooLarge: 2101,
} as const;

const PING_OPTIONS = { timeout: 3_000, retry_limit: 5 } as const;

/**
 * Commit marks: `\xfe idem <8-byte ms timestamp> <16 random bytes>`, below FoundationDB's system
 * keys and outside every tuple-encoded subspace this product writes.
 */
export const COMMIT_MARK_PREFIX = Buffer.from([0xfe, ...Buffer.from('idem')]);
/** A mark is needed only while its call may still retry; older ones are swept. */
export const COMMIT_MARK_TTL_MS = 60 * 60 * 1000;
/** One writing call in this many also clears the expired marks (a single range clear). */
export const COMMIT_MARK_SWEEP_EVERY = 64;
const EMPTY = Buffer.alloc(0);

function commitMarkKey(atMs: number): Buffer {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(atMs));
  return Buffer.concat([COMMIT_MARK_PREFIX, time, randomBytes(16)]);
}

async function loadBinding(): Promise<FoundationDbModule> {
  let loaded: FoundationDbModule | { default: FoundationDbModule };
  try {
    loaded = await import('foundationdb');
  } catch (cause) {
    throw new StoreUnavailableError(
      'STORE=fdb needs the FoundationDB client library (libfdb_c), which could not be loaded: ' +
        `${(cause as Error).message}. Install the FoundationDB client package, or use STORE=embedded.`,
      { cause },
    );
  }
  // A CommonJS module imported from ESM may arrive with its exports under `default` only.
  return 'open' in loaded ? loaded : loaded.default;
}

export async function openFdbStore(clusterFile?: string): Promise<KvStore> {
  const fdb = await loadBinding();
  try {
    fdb.setAPIVersion(FDB_API_VERSION);
    return new FdbStore(fdb, fdb.open(clusterFile));
  } catch (cause) {
    throw new StoreUnavailableError(`cannot open FoundationDB: ${(cause as Error).message}`, { cause });
  }
}

class FdbStore implements KvStore {
  readonly backend = 'fdb';
  private readonly lifecycle = new StoreLifecycle('FoundationDB store');

  readonly stats = new StoreStats();
  private writingCalls = 0;

  constructor(
    private readonly fdb: FoundationDbModule,
    private readonly db: Database,
  ) {}

  async transact<T>(body: (tx: Transaction) => Promise<T>, options?: TransactOptions): Promise<T> {
    const { retryLimit, timeoutMs } = resolveTransactOptions(options);
    this.lifecycle.enter();
    let attempts = 0;
    let lastAttempt: FdbTransactionAdapter | undefined;
    // commit_unknown_result (1021) is retryable, yet the commit may have applied: run again, a
    // non-idempotent body (append a message, create with a new id) would apply twice. So a call
    // that writes also writes a mark of its own in the same transaction; an attempt that finds the
    // mark knows an earlier one committed and answers what that one returned (FoundationDB's
    // documented idempotency pattern).
    const mark = commitMarkKey(Date.now());
    let written: { result: T } | undefined;
    try {
      // The binding's loop retries retryable FDBErrors until retry_limit / timeout (both apply to
      // the whole call) and rethrows anything else from the body unchanged, without committing.
      const result = await this.db.doTransaction(
        async (tn) => {
          attempts++;
          if (written !== undefined && (await tn.get(mark)) !== undefined) return written.result;
          const tx = (lastAttempt = new FdbTransactionAdapter(tn));
          const result = await body(tx);
          tx.assertWithinSizeLimit();
          if (tx.bytes > 0) {
            tn.set(mark, EMPTY);
            if (++this.writingCalls % COMMIT_MARK_SWEEP_EVERY === 0) {
              tn.clearRange(
                COMMIT_MARK_PREFIX,
                commitMarkKey(Date.now() - COMMIT_MARK_TTL_MS).subarray(0, COMMIT_MARK_PREFIX.length + 8),
              );
            }
            written = { result };
          }
          return result;
        },
        { retry_limit: retryLimit, timeout: timeoutMs, size_limit: STORE_LIMITS.transactionBytes },
      );
      this.stats.committed++;
      return result;
    } catch (error) {
      if (error instanceof this.fdb.FDBError && error.code === FDB_ERROR.notCommitted) this.stats.conflicts++;
      throw this.translateError(error, attempts, timeoutMs, lastAttempt?.bytes ?? 0);
    } finally {
      // The binding retries inside doTransaction: every attempt after the first was a retry.
      this.stats.retries += Math.max(attempts - 1, 0);
      this.lifecycle.leave();
    }
  }

  async ping(): Promise<void> {
    this.lifecycle.assertOpen();
    try {
      await this.db.doTransaction((tn) => tn.getReadVersion(), PING_OPTIONS);
    } catch (cause) {
      throw new StoreUnavailableError(`FoundationDB did not answer: ${(cause as Error).message}`, { cause });
    }
  }

  close(): Promise<void> {
    return this.lifecycle.close(async () => this.db.close());
  }

  private translateError(error: unknown, attempts: number, timeoutMs: number, bytes: number): unknown {
    if (!(error instanceof this.fdb.FDBError)) return error;
    switch (error.code) {
      case FDB_ERROR.notCommitted:
        return new TransactionConflictError(attempts);
      case FDB_ERROR.transactionTimedOut:
        return new TransactionTimeoutError(timeoutMs);
      case FDB_ERROR.transactionTooOld:
        return new TransactionTimeoutError(STORE_LIMITS.transactionMs);
      case FDB_ERROR.transactionTooLarge:
        return new StoreLimitError('transaction_too_large', bytes, STORE_LIMITS.transactionBytes);
      default:
        return error;
    }
  }
}

/** One attempt, as our Transaction over the binding's (whose buffered reads/writes FDB provides). */
class FdbTransactionAdapter implements Transaction {
  /** Mutation bytes, counted as FoundationDB counts them towards its transaction size limit. */
  bytes = 0;

  constructor(private readonly tn: FdbTransaction) {}

  async get(key: Buffer): Promise<Buffer | undefined> {
    assertValidKey(key);
    return this.tn.get(key);
  }

  async getRange(begin: Buffer, end: Buffer, options?: RangeOptions): Promise<KeyValue[]> {
    assertValidRangeBound(begin);
    assertValidRangeBound(end);
    const limit = resolveRangeLimit(options?.limit);
    // FoundationDB reads limit 0 as "no limit".
    if (limit === 0 || Buffer.compare(begin, end) >= 0) return [];
    const pairs = await this.tn.getRangeAll(begin, end, {
      limit: limit === Infinity ? undefined : limit,
      reverse: options?.reverse === true,
    });
    return pairs.map(([key, value]) => ({ key, value }));
  }

  set(key: Buffer, value: Buffer): void {
    assertValidKey(key);
    assertValidValue(value);
    this.tn.set(key, value);
    this.bytes += key.length + value.length;
  }

  clear(key: Buffer): void {
    assertValidKey(key);
    this.tn.clear(key);
    this.bytes += key.length;
  }

  clearRange(begin: Buffer, end: Buffer): void {
    assertValidRangeBound(begin);
    assertValidRangeBound(end);
    // FoundationDB rejects an inverted range; the contract treats it as empty, like getRange.
    if (Buffer.compare(begin, end) >= 0) return;
    this.tn.clearRange(begin, end);
    this.bytes += begin.length + end.length;
  }

  /** Fails before commit, like the embedded store, instead of leaving it to the cluster. */
  assertWithinSizeLimit(): void {
    if (this.bytes > STORE_LIMITS.transactionBytes) {
      throw new StoreLimitError('transaction_too_large', this.bytes, STORE_LIMITS.transactionBytes);
    }
  }
}
