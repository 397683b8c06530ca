// The writes of one embedded transaction attempt, buffered until commit: single-key sets and
// clears by key, plus cleared ranges. A later single-key write wins over an earlier clearRange.
import type { Database } from 'lmdb';

export interface PendingWrite {
  readonly key: Buffer;
  /** undefined: the key is cleared. */
  readonly value: Buffer | undefined;
}

export interface KeyRange {
  readonly begin: Buffer;
  readonly end: Buffer;
}

const NO_WRITES: readonly PendingWrite[] = [];
const NO_RANGES: readonly KeyRange[] = [];

export function keyInRange(key: Buffer, begin: Buffer, end: Buffer): boolean {
  return Buffer.compare(key, begin) >= 0 && Buffer.compare(key, end) < 0;
}

export function keyInAnyRange(key: Buffer, ranges: readonly KeyRange[]): boolean {
  for (const range of ranges) if (keyInRange(key, range.begin, range.end)) return true;
  return false;
}

function byKey(a: PendingWrite, b: PendingWrite): number {
  return Buffer.compare(a.key, b.key);
}

export class WriteBuffer {
  // latin1 maps each byte to one UTF-16 unit, so the string is a faithful, cheap map key.
  private readonly writes = new Map<string, PendingWrite>();
  private readonly clearedRanges: KeyRange[] = [];

  get isEmpty(): boolean {
    return this.writes.size === 0 && this.clearedRanges.length === 0;
  }

  set(key: Buffer, value: Buffer): void {
    this.writes.set(key.toString('latin1'), { key, value });
  }

  clear(key: Buffer): void {
    this.writes.set(key.toString('latin1'), { key, value: undefined });
  }

  clearRange(begin: Buffer, end: Buffer): void {
    for (const [id, write] of this.writes) {
      if (keyInRange(write.key, begin, end)) this.writes.delete(id);
    }
    this.clearedRanges.push({ begin, end });
  }

  /** The buffered write of exactly this key, if any. */
  get(key: Buffer): PendingWrite | undefined {
    return this.writes.size === 0 ? undefined : this.writes.get(key.toString('latin1'));
  }

  /** Whether a clearRange of this attempt removed the key (ignoring later single-key writes). */
  isRangeCleared(key: Buffer): boolean {
    return this.clearedRanges.length > 0 && keyInAnyRange(key, this.clearedRanges);
  }

  /** Buffered single-key writes with begin <= key < end, in ascending key order. */
  writesInRange(begin: Buffer, end: Buffer): readonly PendingWrite[] {
    if (this.writes.size === 0) return NO_WRITES;
    const found: PendingWrite[] = [];
    for (const write of this.writes.values()) {
      if (keyInRange(write.key, begin, end)) found.push(write);
    }
    return found.length > 1 ? found.sort(byKey) : found;
  }

  clearedRangesOverlapping(begin: Buffer, end: Buffer): readonly KeyRange[] {
    if (this.clearedRanges.length === 0) return NO_RANGES;
    return this.clearedRanges.filter((range) => Buffer.compare(range.begin, end) < 0 && Buffer.compare(range.end, begin) > 0);
  }

  /** Bytes this attempt would write: keys and values, plus both bounds of each cleared range. */
  byteSize(): number {
    let bytes = 0;
    for (const write of this.writes.values()) bytes += write.key.length + (write.value?.length ?? 0);
    for (const range of this.clearedRanges) bytes += range.begin.length + range.end.length;
    return bytes;
  }

  /** Applies the writes; must run inside an LMDB write transaction (a db.transaction callback). */
  applyTo(db: Database<Buffer, Buffer>): void {
    for (const range of this.clearedRanges) {
      // Collect first: deleting under an open cursor would move it.
      const doomed = [...db.getKeys({ start: range.begin, end: range.end })];
      for (const key of doomed) db.removeSync(key);
    }
    for (const write of this.writes.values()) {
      if (write.value === undefined) db.removeSync(write.key);
      else db.putSync(write.key, write.value);
    }
  }
}
