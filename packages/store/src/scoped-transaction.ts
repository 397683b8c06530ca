// A transaction seen through one subspace: keys are tuples relative to the subspace and values
// are JSON. Code holding a ScopedTransaction cannot name a key outside its subspace.
import type { RangeOptions, Transaction } from './kv-store';
import type { Subspace, Tuple } from './subspace';

export interface ScopedEntry<T> {
  key: Tuple;
  value: T;
}

export interface ScopedRangeOptions extends RangeOptions {
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
  return {
    subspace,
    async get<T>(key: Tuple) {
      const value = await tx.get(subspace.pack(key));
      return value === undefined ? undefined : (decodeJson(value) as T);
    },
    set(key, value) {
      tx.set(subspace.pack(key), encodeJson(value));
    },
    clear(key) {
      tx.clear(subspace.pack(key));
    },
    clearPrefix(prefix) {
      const { begin, end } = subspace.range(prefix);
      if (prefix.length > 0) tx.clear(subspace.pack(prefix));
      tx.clearRange(begin, end);
    },
    async getRange<T>(prefix: Tuple, options: ScopedRangeOptions = {}) {
      let { begin, end } = subspace.range(prefix);
      if (options.after) begin = keyAfter(subspace.pack(options.after));
      if (options.before) end = subspace.pack(options.before);
      if (Buffer.compare(begin, end) >= 0) return [];
      const entries = await tx.getRange(begin, end, { limit: options.limit, reverse: options.reverse });
      return entries.map((entry) => ({ key: subspace.unpack(entry.key), value: decodeJson(entry.value) as T }));
    },
  };
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
