// A transaction seen through one subspace: keys are tuples relative to the subspace and values
// are JSON. Code holding a ScopedTransaction cannot name a key outside its subspace.
import type { RangeOptions, Transaction } from './kv-store';
import type { Subspace, Tuple } from './subspace';

export interface ScopedEntry<T> {
  readonly key: Tuple;
  readonly value: T;
}

export interface ScopedRangeOptions extends RangeOptions {
  /** Start at this key, itself included (relative tuple) — e.g. the first sequence number of a page. */
  from?: Tuple;
  /** Start strictly after this key (relative tuple) — the cursor of a forward page. */
  after?: Tuple;
  /** Stop strictly before this key (relative tuple) — the cursor of a reverse page. */
  before?: Tuple;
}

export interface ScopedTransaction {
  readonly subspace: Subspace;
  get<T>(key: Tuple): Promise<T | undefined>;
  set(key: Tuple, value: unknown): void;
  clear(key: Tuple): void;
  /** Removes the key `prefix` itself and everything under it. */
  clearPrefix(prefix: Tuple): void;
  /** Entries strictly under `prefix`, in tuple order (or reverse). */
  getRange<T>(prefix: Tuple, options?: ScopedRangeOptions): Promise<Array<ScopedEntry<T>>>;
}

export function scopeTransaction(tx: Transaction, subspace: Subspace): ScopedTransaction {
  return new SubspaceTransaction(tx, subspace);
}

// A class rather than an object of closures: one of these is made per repository call.
class SubspaceTransaction implements ScopedTransaction {
  constructor(
    private readonly tx: Transaction,
    readonly subspace: Subspace,
  ) {}

  async get<T>(key: Tuple): Promise<T | undefined> {
    const value = await this.tx.get(this.subspace.pack(key));
    return value === undefined ? undefined : (decodeJson(value) as T);
  }

  set(key: Tuple, value: unknown): void {
    this.tx.set(this.subspace.pack(key), encodeJson(value));
  }

  clear(key: Tuple): void {
    this.tx.clear(this.subspace.pack(key));
  }

  clearPrefix(prefix: Tuple): void {
    const { begin, end } = this.subspace.range(prefix);
    if (prefix.length > 0) this.tx.clear(this.subspace.pack(prefix));
    this.tx.clearRange(begin, end);
  }

  async getRange<T>(prefix: Tuple, options: ScopedRangeOptions = {}): Promise<Array<ScopedEntry<T>>> {
    let { begin, end } = this.subspace.range(prefix);
    if (options.from) begin = this.subspace.pack(options.from);
    if (options.after) begin = keyAfter(this.subspace.pack(options.after));
    if (options.before) end = this.subspace.pack(options.before);
    if (Buffer.compare(begin, end) >= 0) return [];
    const entries = await this.tx.getRange(begin, end, { limit: options.limit, reverse: options.reverse });
    return entries.map((entry) => new LazyKeyEntry<T>(this.subspace, entry.key, decodeJson(entry.value) as T));
  }
}

/** Unpacking a tuple costs several microseconds per key; index scans that keep what they need in
 * the value never pay for it. */
class LazyKeyEntry<T> implements ScopedEntry<T> {
  private unpacked: Tuple | undefined;

  constructor(
    private readonly subspace: Subspace,
    private readonly rawKey: Buffer,
    readonly value: T,
  ) {}

  get key(): Tuple {
    this.unpacked ??= this.subspace.unpack(this.rawKey);
    return this.unpacked;
  }
}

/** The smallest key greater than `key` (FoundationDB's keyAfter). */
export function keyAfter(key: Buffer): Buffer {
  return Buffer.concat([key, ZERO]);
}

const ZERO = Buffer.from([0]);

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function decodeJson(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8'));
}
