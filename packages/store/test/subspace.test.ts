// Tuple-encoded keys and subspaces: round trips, containment and the tuple layer's ordering.
import { describe, expect, it } from 'vitest';
import { packTuple, Subspace, unpackTuple, type Tuple } from '../src/index';

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
});
