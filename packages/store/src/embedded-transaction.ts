// One attempt of an embedded-store transaction: reads come from an LMDB read snapshot merged with
// the attempt's own buffered writes, and every snapshot read is recorded for commit-time checks.
import type { Database, Transaction as LmdbReadTransaction } from 'lmdb';
import type { KeyValue, RangeOptions, Transaction } from './kv-store';
import { ReadSet } from './embedded-read-set';
import { keyInAnyRange, WriteBuffer, type KeyRange, type PendingWrite } from './embedded-write-buffer';
import { lmdbRangeOptions } from './lmdb-range';
import { TransactionTimeoutError } from './store-errors';
import { assertValidKey, assertValidRangeBound, assertValidValue, resolveRangeLimit } from './store-limit-checks';

/** Why an attempt cannot go on: `too_old` is retried, `timed_out` ends the whole call. */
export type AttemptFailure = 'too_old' | 'timed_out';

/** FoundationDB's transaction_too_old: the attempt outlived STORE_LIMITS.transactionMs. */
export class TransactionTooOldError extends Error {
  override readonly name = 'TransactionTooOldError';
  constructor(limitMs: number) {
    super(`transaction attempt ran longer than ${limitMs} ms; it will be retried`);
  }
}

export interface AttemptClock {
  /** performance.now() after which the attempt is too old. */
  readonly tooOldAt: number;
  readonly transactionMs: number;
  /** performance.now() after which the whole transact() call has timed out. */
  readonly deadline: number;
  readonly timeoutMs: number;
}

function clearedRangeCovers(ranges: readonly KeyRange[], begin: Buffer, end: Buffer): boolean {
  for (const range of ranges) {
    if (Buffer.compare(range.begin, begin) <= 0 && Buffer.compare(range.end, end) >= 0) return true;
  }
  return false;
}

export class EmbeddedTransaction implements Transaction {
  readonly writes = new WriteBuffer();
  readonly reads = new ReadSet();
  failure: AttemptFailure | undefined;
  private snapshot: { transaction: LmdbReadTransaction } | undefined;
  private ended = false;

  constructor(
    private readonly db: Database<Buffer, Buffer>,
    private readonly clock: AttemptClock,
  ) {}

  async get(key: Buffer): Promise<Buffer | undefined> {
    this.assertReadable();
    assertValidKey(key);
    const pending = this.writes.get(key);
    if (pending !== undefined) return pending.value;
    if (this.writes.isRangeCleared(key)) return undefined;
    const value = this.db.get(key, this.snapshotOptions());
    this.reads.recordKey(key, value);
    return value;
  }

  async getRange(begin: Buffer, end: Buffer, options?: RangeOptions): Promise<KeyValue[]> {
    this.assertReadable();
    assertValidRangeBound(begin);
    assertValidRangeBound(end);
    const limit = resolveRangeLimit(options?.limit);
    if (limit === 0 || Buffer.compare(begin, end) >= 0) return [];
    return this.readRange(begin, end, limit, options?.reverse === true);
  }

  set(key: Buffer, value: Buffer): void {
    this.assertActive();
    assertValidKey(key);
    assertValidValue(value);
    this.writes.set(key, value);
  }

  clear(key: Buffer): void {
    this.assertActive();
    assertValidKey(key);
    this.writes.clear(key);
  }

  clearRange(begin: Buffer, end: Buffer): void {
    this.assertActive();
    assertValidRangeBound(begin);
    assertValidRangeBound(end);
    if (Buffer.compare(begin, end) < 0) this.writes.clearRange(begin, end);
  }

  /** Ends the attempt: later calls on this object throw, and the read snapshot is released. */
  end(): void {
    this.ended = true;
    if (this.snapshot !== undefined) {
      this.snapshot.transaction.done();
      this.snapshot = undefined;
    }
  }

  /** Marks the attempt too old or timed out if its time is up; returns the failure if any. */
  checkClock(): AttemptFailure | undefined {
    const now = performance.now();
    if (now > this.clock.deadline) this.failure = 'timed_out';
    else if (now > this.clock.tooOldAt) this.failure = 'too_old';
    return this.failure;
  }

  /** Runs inside the LMDB write transaction: validates the reads, then applies the writes. */
  commitInto(db: Database<Buffer, Buffer>): boolean {
    if (!this.reads.isStillValid(db)) return false;
    this.writes.applyTo(db);
    return true;
  }

  private assertActive(): void {
    if (this.ended) throw new Error('transaction used after its attempt ended (keep it inside the transact body)');
  }

  private assertReadable(): void {
    this.assertActive();
    const failure = this.checkClock();
    if (failure === 'timed_out') throw new TransactionTimeoutError(this.clock.timeoutMs);
    if (failure === 'too_old') throw new TransactionTooOldError(this.clock.transactionMs);
  }

  private snapshotOptions(): { transaction: LmdbReadTransaction } {
    // Taken at the first read, as FoundationDB takes its read version; lmdb-js shares one read
    // transaction per event turn, renewed after every local commit.
    this.snapshot ??= { transaction: this.db.useReadTransaction() };
    return this.snapshot;
  }

  /**
   * Merges the snapshot's entries in [begin, end) with this attempt's buffered writes, pulling
   * snapshot entries lazily so a limited read touches at most one entry more than it returns.
   */
  private readRange(begin: Buffer, end: Buffer, limit: number, reverse: boolean): KeyValue[] {
    const pending = this.writes.writesInRange(begin, end);
    const cleared = this.writes.clearedRangesOverlapping(begin, end);
    const result: KeyValue[] = [];
    const step = reverse ? -1 : 1;
    let pendingIndex = reverse ? pending.length - 1 : 0;

    // A range wholly cleared by this attempt shows no snapshot entry, so it reads (and records) nothing.
    const snapshotHidden = cleared.length > 0 && clearedRangeCovers(cleared, begin, end);
    const snapshotEntries = snapshotHidden
      ? undefined
      : this.db.getRange(lmdbRangeOptions(begin, end, reverse, this.snapshotOptions().transaction))[Symbol.iterator]();
    const pulled: KeyValue[] = [];
    let exhausted = snapshotEntries === undefined;
    let unplaced: KeyValue | undefined;

    try {
      while (result.length < limit) {
        if (unplaced === undefined && snapshotEntries !== undefined && !exhausted) {
          const next = snapshotEntries.next();
          if (next.done) exhausted = true;
          else pulled.push((unplaced = next.value));
        }
        const write: PendingWrite | undefined = pending[pendingIndex];
        if (unplaced !== undefined) {
          const order = write === undefined ? -1 : Buffer.compare(unplaced.key, write.key) * step;
          if (order < 0) {
            if (cleared.length === 0 || !keyInAnyRange(unplaced.key, cleared)) result.push(unplaced);
            unplaced = undefined;
            continue;
          }
          if (order === 0) unplaced = undefined; // this attempt's own write hides the snapshot entry
        }
        if (write === undefined) break;
        pendingIndex += step;
        if (write.value !== undefined) result.push({ key: write.key, value: write.value });
      }
    } finally {
      if (!exhausted) snapshotEntries?.return?.();
    }
    if (snapshotEntries !== undefined) this.reads.recordRange({ begin, end, reverse, entries: pulled, exhausted });
    return result;
  }
}
