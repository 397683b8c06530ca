// Checks keys, values, range bounds and limits against STORE_LIMITS before they reach a backend.
import { STORE_LIMITS, type Bytes } from './kv-store';
import { StoreLimitError } from './store-errors';

export function assertValidKey(key: Bytes): void {
  if (!Buffer.isBuffer(key)) throw new TypeError('store keys must be Buffers');
  if (key.length === 0) throw new StoreLimitError('empty_key', 0, STORE_LIMITS.keyBytes);
  if (key.length > STORE_LIMITS.keyBytes) {
    throw new StoreLimitError('key_too_large', key.length, STORE_LIMITS.keyBytes);
  }
}

export function assertValidValue(value: Bytes): void {
  if (!Buffer.isBuffer(value)) throw new TypeError('store values must be Buffers');
  if (value.length > STORE_LIMITS.valueBytes) {
    throw new StoreLimitError('value_too_large', value.length, STORE_LIMITS.valueBytes);
  }
}

/** Range bounds may be empty (the start of the key space) and one byte longer than a key, so
 * that `Subspace.range()` of a maximal key (its key plus 0x00 / 0xff) is still accepted. */
export function assertValidRangeBound(bound: Bytes): void {
  if (!Buffer.isBuffer(bound)) throw new TypeError('store range bounds must be Buffers');
  if (bound.length > STORE_LIMITS.keyBytes + 1) {
    throw new StoreLimitError('key_too_large', bound.length, STORE_LIMITS.keyBytes + 1);
  }
}

/** Returns the range limit as a number (Infinity when absent); 0 is a valid, empty limit. */
export function resolveRangeLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`range limit must be a non-negative integer, got ${limit}`);
  }
  return limit;
}
