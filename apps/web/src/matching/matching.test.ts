import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rankByFuzzyMatch } from './fuzzy-match';
import { matchesGlob } from './glob-pattern';

describe('fuzzyMatch', () => {
  it('finds the characters in order and ranks name and word-start matches first', () => {
    expect(fuzzyMatch('xyz', 'src/app.ts')).toBeNull();
    expect(fuzzyMatch('sat', 'src/app.ts')?.positions).toEqual([0, 4, 8]);
    const ranked = rankByFuzzyMatch('app', ['src/mapper.ts', 'src/app.ts', 'apps/web/x.ts'], (path) => path);
    expect(ranked.map(({ item }) => item)).toEqual(['src/app.ts', 'apps/web/x.ts', 'src/mapper.ts']);
  });
});

describe('matchesGlob', () => {
  it.each([
    ['src/app.ts', '*.ts', true],
    ['src/app.tsx', '*.ts', false],
    ['src/lib/a.ts', 'src/**', true],
    ['lib/a.ts', 'src/**', false],
    ['a.css', '*.{css,scss}', true],
    ['anything', '', true],
  ])('%s against %s → %s', (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });
});
