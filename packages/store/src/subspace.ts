// Tuple-encoded keys (FoundationDB's tuple layer) and subspaces: a key prefix plus the tuples
// under it. Tuple encoding preserves order element by element, so ranges over a prefix are
// exactly "everything under this tuple".
import * as tupleLayer from 'fdb-tuple';

export type TupleElement = string | number | bigint | boolean | null | Buffer | TupleElement[];
export type Tuple = TupleElement[];

export function packTuple(tuple: Tuple): Buffer {
  return tupleLayer.pack(tuple as tupleLayer.TupleItem[]);
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
    return new Subspace(Buffer.concat([this.prefix, packTuple(tuple)]));
  }

  pack(tuple: Tuple): Buffer {
    return tuple.length === 0 ? this.prefix : Buffer.concat([this.prefix, packTuple(tuple)]);
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
    const base = this.pack(tuple);
    return { begin: Buffer.concat([base, ZERO]), end: Buffer.concat([base, FF]) };
  }
}

const ZERO = Buffer.from([0x00]);
const FF = Buffer.from([0xff]);
