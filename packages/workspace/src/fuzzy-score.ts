// Scores a quick-open query against a path the way fzy and VS Code do: the query's characters
// must appear in order (a subsequence, case-insensitively); a match scores higher at the start of
// a word (after "/", "-", "_", " ", ".", or at a lower→Upper step), for consecutive characters,
// and with fewer characters skipped. A match inside the file name beats one spread over the path.

const GAP_LEADING = -0.005;
const GAP_TRAILING = -0.005;
const GAP_INNER = -0.01;
const CONSECUTIVE = 1.0;
const AFTER_SLASH = 0.9;
const AFTER_SEPARATOR = 0.8;
const CAPITAL = 0.7;
const AFTER_DOT = 0.6;
const BASENAME_BONUS = 1.0;
const MAX_CANDIDATE = 512;
/** Longer queries are scored on their first characters (they must still match in full, in order). */
const MAX_QUERY = 64;

export interface FuzzyMatch {
  score: number;
  /** Indices in the candidate of the matched characters. */
  positions: number[];
}

function bonusAt(candidate: string, index: number): number {
  if (index === 0) return AFTER_SLASH;
  const previous = candidate[index - 1]!;
  if (previous === '/') return AFTER_SLASH;
  if (previous === '-' || previous === '_' || previous === ' ') return AFTER_SEPARATOR;
  if (previous === '.') return AFTER_DOT;
  const current = candidate[index]!;
  if (previous >= 'a' && previous <= 'z' && current >= 'A' && current <= 'Z') return CAPITAL;
  return 0;
}

function isSubsequence(query: string, candidate: string): boolean {
  let at = 0;
  for (const char of query) {
    at = candidate.indexOf(char, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

// Score matrices reused across calls (scoring runs synchronously, one candidate at a time):
// allocating two arrays per candidate made a one-letter query over 10,000 paths 10x slower.
let D = new Float64Array(0);
let M = new Float64Array(0);
let bonus = new Float64Array(0);

/** fzy's dynamic programme over (query, candidate); both lower-cased except `original` for bonuses. */
function align(query: string, lower: string, original: string, withPositions: boolean): FuzzyMatch {
  const n = query.length;
  const m = lower.length;
  if (n === m) return { score: Number.MAX_SAFE_INTEGER, positions: withPositions ? [...Array(n).keys()] : [] };
  if (D.length < n * m) {
    D = new Float64Array(n * m * 2);
    M = new Float64Array(n * m * 2);
  }
  if (bonus.length < m) bonus = new Float64Array(MAX_CANDIDATE);
  for (let j = 0; j < m; j++) bonus[j] = bonusAt(original, j);
  for (let i = 0; i < n; i++) {
    let previous = -Infinity;
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER;
    const row = i * m;
    const above = row - m;
    const q = query[i];
    for (let j = 0; j < m; j++) {
      if (q === lower[j]) {
        let score = -Infinity;
        if (i === 0) score = j * GAP_LEADING + bonus[j]!;
        else if (j > 0) score = Math.max(M[above + j - 1]! + bonus[j]!, D[above + j - 1]! + CONSECUTIVE);
        D[row + j] = score;
        M[row + j] = previous = Math.max(score, previous + gap);
      } else {
        D[row + j] = -Infinity;
        M[row + j] = previous = previous + gap;
      }
    }
  }
  const score = M[(n - 1) * m + m - 1]!;
  if (!withPositions) return { score, positions: [] };
  const positions = new Array<number>(n);
  let matchRequired = false;
  for (let i = n - 1, j = m - 1; i >= 0; i--) {
    for (; j >= 0; j--) {
      const here = i * m + j;
      if (D[here]! !== -Infinity && (matchRequired || D[here] === M[here])) {
        matchRequired = i > 0 && j > 0 && M[here] === D[here - m - 1]! + CONSECUTIVE;
        positions[i] = j--;
        break;
      }
    }
  }
  return { score, positions };
}

/**
 * A scorer for `query` (spaces ignored): the score of a path, or null when it does not match.
 * Queries with a "/" match against the whole path; others prefer a match within the file name.
 * Pass `lowerPath` when lower-cased paths are kept (find keeps them with its file list).
 */
export function createFuzzyMatcher(
  query: string,
): (path: string, withPositions?: boolean, lowerPath?: string) => FuzzyMatch | null {
  const full = query.replace(/\s+/g, '').toLowerCase();
  const needle = full.slice(0, MAX_QUERY);
  const wholePathOnly = full.includes('/');
  return (path, withPositions = false, lowerPath) => {
    if (full === '') return { score: 0, positions: [] };
    if (path.length > MAX_CANDIDATE) return null;
    const lower = lowerPath ?? path.toLowerCase();
    if (!isSubsequence(full, lower)) return null;
    const nameStart = path.lastIndexOf('/') + 1;
    if (!wholePathOnly && isSubsequence(full, lower.slice(nameStart))) {
      const inName = align(needle, lower.slice(nameStart), path.slice(nameStart), withPositions);
      return { score: inName.score + BASENAME_BONUS, positions: inName.positions.map((position) => position + nameStart) };
    }
    return align(needle, lower, path, withPositions);
  };
}

/** The score of `path` for `query`, or null when it does not match (see createFuzzyMatcher). */
export function fuzzyMatch(query: string, path: string, withPositions = false): FuzzyMatch | null {
  return createFuzzyMatcher(query)(path, withPositions);
}
