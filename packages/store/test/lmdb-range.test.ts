// Pins lmdb-js's range-edge semantics that lmdbRangeOptions relies on, forwards and in reverse.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lmdbRangeOptions } from '../src/lmdb-range';

const k = (text: string) => Buffer.from(text, 'latin1');

describe('lmdb-js range edges', () => {
  let dir: string;
  let db: RootDatabase<Buffer, Buffer>;
  const keysOf = (options: Parameters<RootDatabase<Buffer, Buffer>['getRange']>[0]) =>
    [...db.getRange(options)].map((entry) => entry.key.toString('latin1'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lmdb-range-'));
    db = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary' });
    for (const key of ['\x00', 'a', 'b', 'b\x00', 'c', 'd']) await db.put(k(key), k(key));
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('walks start (included) to end (excluded), and in reverse start is the upper bound', () => {
    expect(keysOf({ start: k('b'), end: k('d') })).toEqual(['b', 'b\x00', 'c']);
    // The raw reverse walk includes the upper bound and excludes the lower one: the opposite of
    // [begin, end), which is why lmdbRangeOptions flips both edges.
    expect(keysOf({ start: k('d'), end: k('b'), reverse: true })).toEqual(['d', 'c', 'b\x00']);
  });

  it('lmdbRangeOptions reads exactly [begin, end) in both directions', () => {
    const read = (begin: string, end: string, reverse: boolean) => keysOf(lmdbRangeOptions(k(begin), k(end), reverse));
    expect(read('b', 'd', false)).toEqual(['b', 'b\x00', 'c']);
    expect(read('b', 'd', true)).toEqual(['c', 'b\x00', 'b']);
    expect(read('b\x00', 'c', true)).toEqual(['b\x00']);
    expect(read('a\x00', 'cc', true)).toEqual(['c', 'b\x00', 'b']); // bounds that are not keys
    expect(read('', 'b', false)).toEqual(['\x00', 'a']); // empty begin: the start of the key space
    expect(read('', 'b', true)).toEqual(['a', '\x00']);
    expect(read('c', '\xff', true)).toEqual(['d', 'c']);
  });

  it('lmdbRangeOptions stops at (and includes) stopAt', () => {
    expect(keysOf(lmdbRangeOptions(k('a'), k('z'), false, undefined, k('b\x00')))).toEqual(['a', 'b', 'b\x00']);
    expect(keysOf(lmdbRangeOptions(k('a'), k('z'), true, undefined, k('b\x00')))).toEqual(['d', 'c', 'b\x00']);
  });
});
