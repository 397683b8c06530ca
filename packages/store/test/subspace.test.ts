// Tuple-encoded keys and subspaces: round trips, containment and the tuple layer's ordering.
import * as tupleLayer from 'fdb-tuple';
import { describe, expect, it } from 'vitest';
import { packTuple, Subspace, unpackTuple, type Tuple, type TupleElement } from '../src/index';

const compareTuples = (a: Tuple, b: Tuple): number => Buffer.compare(packTuple(a), packTuple(b));

describe('Subspace', () => {
  const tenant = new Subspace(['tenant', 't-42']);

  it('round-trips tuples through pack and unpack', () => {
    const tuples: Tuple[] = [
      ['user', 'u-1'],
      [0, -1, 255, 256, -65536, 2 ** 40],
      ['', 'é', 'with\x00nul'],
      [null, true, false, Buffer.from([0, 1, 0xff])],
      [['nested', 1], 2n ** 60n],
    ];
    for (const tuple of tuples) {
      expect(tenant.unpack(tenant.pack(tuple))).toEqual(tuple);
      expect(unpackTuple(packTuple(tuple))).toEqual(tuple);
    }
    // The tuple layer decodes integers that fit a JS number as numbers, whatever went in.
    expect(unpackTuple(packTuple([3n]))).toEqual([3]);
  });

  it('nests: at() is the same as packing the longer tuple', () => {
    expect(tenant.at(['session']).pack(['s-1'])).toEqual(tenant.pack(['session', 's-1']));
    expect(new Subspace(tenant.prefix).pack(['x'])).toEqual(tenant.pack(['x']));
    expect(tenant.pack([])).toEqual(tenant.prefix);
  });

  it("range() holds the tuple's children, but neither the tuple itself nor its siblings", () => {
    const { begin, end } = tenant.range(['session']);
    const inRange = (key: Buffer) => Buffer.compare(key, begin) >= 0 && Buffer.compare(key, end) < 0;

    expect(inRange(tenant.pack(['session', 's-1']))).toBe(true);
    expect(inRange(tenant.pack(['session', 0]))).toBe(true);
    expect(inRange(tenant.pack(['session', null]))).toBe(true);
    expect(inRange(tenant.pack(['session', 's-1', 'deeper']))).toBe(true);

    expect(inRange(tenant.pack(['session']))).toBe(false);
    expect(inRange(tenant.pack(['sessions', 's-1']))).toBe(false); // longer string sibling
    expect(inRange(tenant.pack(['sessio']))).toBe(false);
    expect(inRange(tenant.pack(['settings']))).toBe(false);
    expect(inRange(new Subspace(['tenant', 't-43']).pack(['session', 's-1']))).toBe(false);

    const numbered = new Subspace(['conversation', 1]);
    expect(numbered.contains(new Subspace(['conversation', 256]).pack(['m']))).toBe(false);
    expect(numbered.contains(numbered.pack([7]))).toBe(true);
  });

  it('unpack refuses a key from another subspace', () => {
    expect(() => tenant.unpack(new Subspace(['tenant', 't-7']).pack(['x']))).toThrow(RangeError);
  });

  it('orders keys as the tuple layer orders their elements', () => {
    const integers = [-(2 ** 40), -65536, -256, -255, -1, 0, 1, 9, 10, 255, 256, 65535, 65536, 2 ** 40];
    const shuffledInts = [...integers].reverse();
    expect(shuffledInts.sort((a, b) => compareTuples([a], [b]))).toEqual(integers);

    const strings = ['', 'a', 'a\x00', 'aa', 'ab', 'b', 'z', 'é'];
    const shuffledStrings = [...strings].reverse();
    expect(shuffledStrings.sort((a, b) => compareTuples([a], [b]))).toEqual(strings);

    // Element by element, then shorter first; strings sort before numbers (type codes 0x02 < 0x14).
    expect(compareTuples(['m', 1], ['m', 2])).toBeLessThan(0);
    expect(compareTuples(['m', 2], ['n', 1])).toBeLessThan(0);
    expect(compareTuples(['m'], ['m', 0])).toBeLessThan(0);
    expect(compareTuples(['zzz'], [0])).toBeLessThan(0);
    expect(compareTuples([null], [''])).toBeLessThan(0);
  });

  it('packs byte for byte as fdb-tuple does (the fast encoder and its fallbacks)', () => {
    const reference = (prefix: Buffer, tuple: Tuple) => Buffer.concat([prefix, tupleLayer.pack(tuple as tupleLayer.TupleItem[])]);
    const edgeCases: Tuple[] = [
      [],
      [''],
      ['with\x00nul', 'after'],
      ['é', '日本語', '\u{1f600}', 'lone \ud800 surrogate'],
      [0, 1, -1, 255, 256, -255, -256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), 2 ** 40 + 3, -(2 ** 40) - 3],
      [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, -0, 0.5, -1.25, 2 ** 60, Number.NaN, Infinity],
      [null, true, false],
      [Buffer.from([0, 1, 0xff]), 'x'],
      [['nested', null, 1], 'x'],
      [2n ** 60n, -(2n ** 70n), 5n],
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const element = (): TupleElement => {
      const pick = random();
      if (pick < 0.4)
        return Array.from({ length: Math.floor(random() * 12) }, () =>
          String.fromCharCode(Math.floor(random() ** 3 * 0x3000)),
        ).join('');
      if (pick < 0.7) return Math.round((random() - 0.5) * 2 ** Math.floor(random() * 54));
      if (pick < 0.8) return random() < 0.5;
      if (pick < 0.85) return null;
      if (pick < 0.9) return (random() - 0.5) * 1000;
      return Buffer.from([Math.floor(random() * 256), 0]);
    };
    const randomTuples = Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(random() * 5) }, element));
    for (const tuple of [...edgeCases, ...randomTuples]) {
      expect(packTuple(tuple)).toEqual(reference(Buffer.alloc(0), tuple));
      expect(tenant.pack(tuple)).toEqual(tuple.length === 0 ? tenant.prefix : reference(tenant.prefix, tuple));
      expect(tenant.at(tuple).prefix).toEqual(reference(tenant.prefix, tuple));
      const { begin, end } = tenant.range(tuple);
      expect(begin).toEqual(Buffer.concat([reference(tenant.prefix, tuple), Buffer.from([0x00])]));
      expect(end).toEqual(Buffer.concat([reference(tenant.prefix, tuple), Buffer.from([0xff])]));
    }
  });
});
