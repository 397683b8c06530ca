// Tuple-encoded keys (FoundationDB's tuple layer) and subspaces: a key prefix plus the tuples
// under it. Tuple encoding preserves order element by element, so ranges over a prefix are
// exactly "everything under this tuple".
import * as tupleLayer from 'fdb-tuple';

export type TupleElement = string | number | bigint | boolean | null | Buffer | TupleElement[];
export type Tuple = TupleElement[];

export function packTuple(tuple: Tuple): Buffer {
  return packAfter(EMPTY, tuple);
}

export function unpackTuple(key: Buffer): Tuple {
  return tupleLayer.unpack(key) as Tuple;
}

export class Subspace {
  readonly prefix: Buffer;

  constructor(prefix: Tuple | Buffer = []) {
    this.prefix = Buffer.isBuffer(prefix) ? prefix : packTuple(prefix);
  }

  /** The subspace under `tuple` inside this one. */
  at(tuple: Tuple): Subspace {
    return new Subspace(packAfter(this.prefix, tuple));
  }

  pack(tuple: Tuple): Buffer {
    return tuple.length === 0 ? this.prefix : packAfter(this.prefix, tuple);
  }

  unpack(key: Buffer): Tuple {
    if (!this.contains(key)) throw new RangeError('key is outside this subspace');
    return unpackTuple(key.subarray(this.prefix.length));
  }

  contains(key: Buffer): boolean {
    return key.length >= this.prefix.length && key.subarray(0, this.prefix.length).equals(this.prefix);
  }

  /** Every key strictly under `tuple` (the tuple's own key excluded), as [begin, end). */
  range(tuple: Tuple = []): { begin: Buffer; end: Buffer } {
    return { begin: packAfter(this.prefix, tuple, 0x00), end: packAfter(this.prefix, tuple, 0xff) };
  }
}

const EMPTY = Buffer.alloc(0);

// Type codes of the tuple layer (FoundationDB's tuple spec) for the elements encoded here.
const NULL_CODE = 0x00;
const STRING_CODE = 0x02;
const INT_ZERO_CODE = 0x14;
const FALSE_CODE = 0x26;
const TRUE_CODE = 0x27;

/**
 * `prefix`, then `tuple` packed, then `suffix` (one byte) if given, in one allocation. Every key a
 * request reads is built here: fdb-tuple's own pack copies each string into a temporary buffer
 * and appends byte by byte, then the prefix was concatenated (~1 µs a key, 4x this). Tuples of
 * plain strings (no NUL), safe integers, booleans and null are encoded here, byte for byte as
 * fdb-tuple does (test/subspace.test.ts compares them); anything else goes through fdb-tuple.
 */
function packAfter(prefix: Buffer, tuple: Tuple, suffix?: number): Buffer {
  let size = prefix.length + (suffix === undefined ? 0 : 1);
  for (let i = 0; i < tuple.length; i++) {
    const item = tuple[i];
    if (typeof item === 'string') {
      // A NUL is escaped in the encoding; such strings are rare enough to leave to fdb-tuple.
      if (item.indexOf('\0') !== -1) return packSlowly(prefix, tuple, suffix);
      size += 2 + Buffer.byteLength(item);
    } else if (typeof item === 'number') {
      if (!Number.isSafeInteger(item) || Object.is(item, -0)) return packSlowly(prefix, tuple, suffix);
      size += 1 + intByteLength(Math.abs(item));
    } else if (item === null || typeof item === 'boolean') {
      size += 1;
    } else {
      return packSlowly(prefix, tuple, suffix);
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = prefix.copy(out, 0);
  for (let i = 0; i < tuple.length; i++) {
    const item = tuple[i];
    if (typeof item === 'string') {
      out[at++] = STRING_CODE;
      at += out.write(item, at);
      out[at++] = 0x00;
    } else if (typeof item === 'number') {
      at = writeInt(out, at, item);
    } else {
      out[at++] = item === null ? NULL_CODE : item ? TRUE_CODE : FALSE_CODE;
    }
  }
  if (suffix !== undefined) out[at] = suffix;
  return out;
}

function packSlowly(prefix: Buffer, tuple: Tuple, suffix: number | undefined): Buffer {
  const packed = tuple.length === 0 ? EMPTY : tupleLayer.pack(tuple as tupleLayer.TupleItem[]);
  return Buffer.concat(suffix === undefined ? [prefix, packed] : [prefix, packed, suffix === 0 ? ZERO : FF]);
}

/** Bytes of the big-endian magnitude (0 for 0), as the tuple layer counts them. */
function intByteLength(magnitude: number): number {
  let length = 0;
  for (let limit = 1; magnitude >= limit; limit *= 256) length++;
  return length;
}

/** A safe integer: its type code carries the length (below 0x14 for negatives, in ones' complement). */
function writeInt(out: Buffer, at: number, value: number): number {
  const magnitude = Math.abs(value);
  let length = intByteLength(magnitude);
  out[at++] = INT_ZERO_CODE + (value < 0 ? -length : length);
  let low = (magnitude & 0xffffffff) >>> 0;
  let high = ((magnitude - low) / 0x100000000) >>> 0;
  if (value < 0) {
    low = ~low >>> 0;
    high = ~high >>> 0;
  }
  for (; length > 4; length--) out[at++] = (high >>> (8 * (length - 5))) & 0xff;
  for (; length > 0; length--) out[at++] = (low >>> (8 * (length - 1))) & 0xff;
  return at;
}

const ZERO = Buffer.from([0x00]);
const FF = Buffer.from([0xff]);
