// Fuzzy matching as quick-open lists do it: the query's characters in order, anywhere in the text,
// ranked so that matches at word starts, in the file name and in runs score higher.

export interface FuzzyMatch {
  score: number;
  /** Indices in the text of the characters that matched, for highlighting. */
  positions: number[];
}

const WORD_START = /[/\\_\-. ]/;

/** The match of `query` in `text` (case-insensitive), or null when its characters are not all there in order. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.replaceAll(' ', '').toLowerCase();
  if (q === '') return { score: 0, positions: [] };
  const lower = text.toLowerCase();
  const nameStart = text.lastIndexOf('/') + 1;
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of q) {
    const index = lower.indexOf(char, from);
    if (index < 0) return null;
    positions.push(index);
    let gain = 1;
    if (index === previous + 1) gain += 4;
    if (index === 0 || WORD_START.test(text[index - 1] ?? '')) gain += 6;
    if (text[index] !== lower[index] && index > 0 && text[index - 1] === lower[index - 1]) gain += 2; // camelCase hump
    if (index >= nameStart) gain += 1;
    score += gain;
    previous = index;
    from = index + 1;
  }
  // Shorter texts rank above longer ones with the same matches.
  return { score: score * 100 - text.length, positions };
}

/** `items` matching `query`, best first (stable for equal scores). */
export function rankByFuzzyMatch<T>(
  query: string,
  items: readonly T[],
  textOf: (item: T) => string,
): { item: T; match: FuzzyMatch }[] {
  const ranked: { item: T; match: FuzzyMatch; index: number }[] = [];
  items.forEach((item, index) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match) ranked.push({ item, match, index });
  });
  if (query.trim() !== '') ranked.sort((a, b) => b.match.score - a.match.score || a.index - b.index);
  return ranked.map(({ item, match }) => ({ item, match }));
}
