// The ordered, transactional key-value contract every backend implements, with FoundationDB's
// semantics: serializable transactions run by a retry loop, byte-ordered keys, range reads.
import type { StoreStats } from './store-stats';

export type Bytes = Buffer;

export interface KeyValue {
  key: Bytes;
  value: Bytes;
}

export interface RangeOptions {
  /** At most this many entries (default: all). */
  limit?: number;
  /** Walk from `end` down to `begin` instead of upwards. */
  reverse?: boolean;
}

/**
 * One attempt of a transaction. Reads see a consistent snapshot plus this transaction's own
 * writes; writes are buffered and become visible to others only when the attempt commits.
 */
export interface Transaction {
  get(key: Bytes): Promise<Bytes | undefined>;
  /** Entries with begin <= key < end, in key order (or reverse order). */
  getRange(begin: Bytes, end: Bytes, options?: RangeOptions): Promise<KeyValue[]>;
  set(key: Bytes, value: Bytes): void;
  clear(key: Bytes): void;
  /** Removes every key with begin <= key < end. */
  clearRange(begin: Bytes, end: Bytes): void;
}

export interface TransactOptions {
  /** Attempts after the first before giving up with TransactionConflictError. */
  retryLimit?: number;
  /** Whole-call deadline in milliseconds, retries included. */
  timeoutMs?: number;
}

export type StoreBackend = 'embedded' | 'fdb';

export interface KvStore {
  readonly backend: StoreBackend;
  /** Transaction counters (commits, retries, conflicts) since the store was opened. */
  readonly stats: StoreStats;
  /**
   * Runs `body` in a serializable transaction and commits it. A conflicting attempt is retried
   * (the body runs again from scratch, so it must keep side effects out); a body that throws
   * commits nothing and the error propagates.
   */
  transact<T>(body: (tx: Transaction) => Promise<T>, options?: TransactOptions): Promise<T>;
  /** Resolves when the store answers a read; rejects otherwise. Used by readiness checks. */
  ping(): Promise<void>;
  /** Waits for commits in flight, then releases the store. */
  close(): Promise<void>;
  /**
   * Writes a consistent point-in-time copy of the whole store into `directory` while it stays in
   * use (the embedded store; FoundationDB has its own backup tools, so it has none).
   */
  backupTo?(directory: string): Promise<void>;
}

/** Limits shared by every backend (FoundationDB's value and transaction limits; keys stay
 * well under LMDB's maximum). */
export const STORE_LIMITS = {
  keyBytes: 1024,
  valueBytes: 100_000,
  transactionBytes: 10_000_000,
  transactionMs: 5_000,
} as const;

export const DEFAULT_TRANSACT_OPTIONS: Required<TransactOptions> = {
  retryLimit: 100,
  timeoutMs: 10_000,
};
