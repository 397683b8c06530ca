// Translates a half-open key range [begin, end) into lmdb-js getRange options.
//
// lmdb-js walks from `start` towards `end`, `start` included and `end` excluded by default. Walking
// in reverse, `start` is therefore the upper bound and must be made exclusive, while `end` (our
// begin) must be made inclusive; test/lmdb-range.test.ts pins these edges.
import type { RangeOptions as LmdbRangeOptions, Transaction as LmdbReadTransaction } from 'lmdb';

/**
 * Options for reading [begin, end) in the given direction. With `stopAt`, the walk stops at that
 * key, included (the last entry an earlier, limited read consumed).
 */
export function lmdbRangeOptions(
  begin: Buffer,
  end: Buffer,
  reverse: boolean,
  transaction?: LmdbReadTransaction,
  stopAt?: Buffer,
): LmdbRangeOptions {
  if (reverse) {
    return { start: end, exclusiveStart: true, end: stopAt ?? begin, inclusiveEnd: true, reverse: true, transaction };
  }
  return stopAt === undefined
    ? { start: begin, end, transaction }
    : { start: begin, end: stopAt, inclusiveEnd: true, transaction };
}
