import { describe, expect, it } from 'vitest';
import { highlightedPieces } from './highlighted-text';

describe('highlightedPieces', () => {
  it('marks each range and keeps the text between', () => {
    expect(
      highlightedPieces('the cobol picture clause', [
        { start: 4, end: 9 },
        { start: 18, end: 24 },
      ]),
    ).toEqual([
      { text: 'the ', matched: false },
      { text: 'cobol', matched: true },
      { text: ' picture ', matched: false },
      { text: 'clause', matched: true },
    ]);
  });

  it('sorts ranges, merges overlapping and touching ones, and clamps them to the snippet', () => {
    expect(
      highlightedPieces('abcdefgh', [
        { start: 6, end: 99 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 4, end: 5 },
      ]),
    ).toEqual([
      { text: 'a', matched: false },
      { text: 'bcde', matched: true },
      { text: 'f', matched: false },
      { text: 'gh', matched: true },
    ]);
  });

  it('ignores empty and out-of-range ranges, leaving the snippet whole', () => {
    expect(
      highlightedPieces('plain', [
        { start: 3, end: 3 },
        { start: 9, end: 12 },
      ]),
    ).toEqual([{ text: 'plain', matched: false }]);
    expect(highlightedPieces('', [{ start: 0, end: 2 }])).toEqual([]);
  });

  it('keeps markup in the snippet as text', () => {
    expect(
      highlightedPieces('<b>x</b>', [{ start: 3, end: 4 }])
        .map((piece) => piece.text)
        .join(''),
    ).toBe('<b>x</b>');
  });
});
