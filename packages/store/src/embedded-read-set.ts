// What one embedded transaction attempt read from its snapshot, and the commit-time check that
// every one of those reads would still give the same answer (optimistic concurrency control).
import type { Database } from 'lmdb';
import type { KeyValue } from './kv-store';
import { lmdbRangeOptions } from './lmdb-range';

interface KeyRead {
  readonly key: Buffer;
  readonly value: Buffer | undefined;
}

interface RangeRead {
  readonly begin: Buffer;
  readonly end: Buffer;
  readonly reverse: boolean;
  /** Every snapshot entry the read pulled, in walk order (including ones its own writes hid). */
  readonly entries: readonly KeyValue[];
  /** The walk reached the end of the range; otherwise it stopped at the last entry pulled. */
  readonly exhausted: boolean;
}

function sameBytes(seen: Buffer | undefined, current: Buffer | undefined): boolean {
  return seen === undefined ? current === undefined : current !== undefined && seen.equals(current);
}

export class ReadSet {
  private readonly keys: KeyRead[] = [];
  private readonly ranges: RangeRead[] = [];

  get isEmpty(): boolean {
    return this.keys.length === 0 && this.ranges.length === 0;
  }

  recordKey(key: Buffer, value: Buffer | undefined): void {
    this.keys.push({ key, value });
  }

  recordRange(range: RangeRead): void {
    this.ranges.push(range);
  }

  /**
   * Re-reads everything against the current state. Must run inside the LMDB write transaction
   * that would commit the attempt, so nothing can change between this check and the writes.
   */
  isStillValid(db: Database<Buffer, Buffer>): boolean {
    for (const { key, value } of this.keys) {
      if (!sameBytes(value, db.get(key))) return false;
    }
    for (const range of this.ranges) {
      if (!this.rangeUnchanged(db, range)) return false;
    }
    return true;
  }

  private rangeUnchanged(db: Database<Buffer, Buffer>, range: RangeRead): boolean {
    const { entries } = range;
    const stopAt = range.exhausted ? undefined : entries[entries.length - 1]?.key;
    let index = 0;
    for (const current of db.getRange(lmdbRangeOptions(range.begin, range.end, range.reverse, undefined, stopAt))) {
      const seen = entries[index++];
      if (seen === undefined || !seen.key.equals(current.key) || !seen.value.equals(current.value)) return false;
    }
    return index === entries.length;
  }
}
