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

/** fzy's dynamic programme over (query, candidate); both lower-cased except `original` for bonuses. */
function align(query: string, lower: string, original: string, withPositions: boolean): FuzzyMatch {
  const n = query.length;
  const m = lower.length;
  if (n === m) return { score: Number.MAX_SAFE_INTEGER, positions: withPositions ? [...Array(n).keys()] : [] };
  const bonus = new Float64Array(m);
  for (let j = 0; j < m; j++) bonus[j] = bonusAt(original, j);
  const D = Array.from({ length: n }, () => new Float64Array(m));
  const M = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = 0; i < n; i++) {
    let previous = -Infinity;
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER;
    const Di = D[i]!;
    const Mi = M[i]!;
    for (let j = 0; j < m; j++) {
      if (query[i] === lower[j]) {
        let score = -Infinity;
        if (i === 0) score = j * GAP_LEADING + bonus[j]!;
        else if (j > 0) score = Math.max(M[i - 1]![j - 1]! + bonus[j]!, D[i - 1]![j - 1]! + CONSECUTIVE);
        Di[j] = score;
        Mi[j] = previous = Math.max(score, previous + gap);
      } else {
        Di[j] = -Infinity;
        Mi[j] = previous = previous + gap;
      }
    }
  }
  const score = M[n - 1]![m - 1]!;
  if (!withPositions) return { score, positions: [] };
  const positions = new Array<number>(n);
  let matchRequired = false;
  for (let i = n - 1, j = m - 1; i >= 0; i--) {
    for (; j >= 0; j--) {
      if (D[i]![j]! !== -Infinity && (matchRequired || D[i]![j] === M[i]![j])) {
        matchRequired = i > 0 && j > 0 && M[i]![j] === D[i - 1]![j - 1]! + CONSECUTIVE;
        positions[i] = j--;
        break;
      }
    }
  }
  return { score, positions };
}

/**
 * The score of `path` for `query` (spaces ignored), or null when it does not match. Queries with
 * a "/" match against the whole path; others prefer a match within the file name.
 */
export function fuzzyMatch(query: string, path: string, withPositions = false): FuzzyMatch | null {
  const needle = query.replace(/\s+/g, '').toLowerCase();
  if (needle === '') return { score: 0, positions: [] };
  if (path.length > MAX_CANDIDATE) return null;
  const lower = path.toLowerCase();
  if (!isSubsequence(needle, lower)) return null;
  const whole = align(needle, lower, path, withPositions);
  if (needle.includes('/')) return whole;
  const nameStart = path.lastIndexOf('/') + 1;
  const lowerName = lower.slice(nameStart);
  if (!isSubsequence(needle, lowerName)) return whole;
  const inName = align(needle, lowerName, path.slice(nameStart), withPositions);
  if (inName.score + BASENAME_BONUS < whole.score) return whole;
  return { score: inName.score + BASENAME_BONUS, positions: inName.positions.map((position) => position + nameStart) };
}
