// A search snippet cut into plain and matched pieces from the server's {start, end} ranges, so the
// matches can be rendered as <mark> elements around text (never as HTML). Ranges may come unsorted,
// overlapping or past the end of the snippet; each character is in at most one piece.
import type { TMessageSearchResult } from '@coditect/api/contract';

export interface TextPiece {
  text: string;
  matched: boolean;
}

export function highlightedPieces(snippet: string, ranges: TMessageSearchResult['highlights']): TextPiece[] {
  const clamped = ranges
    .map(({ start, end }) => ({ start: Math.max(0, start), end: Math.min(snippet.length, end) }))
    .filter(({ start, end }) => start < end)
    .sort((a, b) => a.start - b.start);
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const { start, end } of clamped) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) pieces.push({ text: snippet.slice(at, from), matched: false });
    const last = pieces[pieces.length - 1];
    // Touching ranges become one mark.
    if (last?.matched && from === at) last.text += snippet.slice(from, end);
    else pieces.push({ text: snippet.slice(from, end), matched: true });
    at = end;
  }
  if (at < snippet.length) pieces.push({ text: snippet.slice(at), matched: false });
  return pieces;
}
