// Token counts from a real BPE tokenizer (o200k_base, the encoding of current OpenAI models; its
// ranks ship inside the package, so nothing is downloaded at run time).
//
// BPE cost grows faster than linearly with the length of one pre-tokenized piece: 100,000 '€' in
// a row take minutes in every JS/WASM tokenizer tried. Text is therefore counted in segments cut
// where o200k's pre-tokenizer always cuts — before a space that precedes a non-space, and after a
// line break that whitespace-then-text or text other than "/" follows — which leaves the count
// exact; a segment still longer than MAX_SEGMENT_UNITS (a run with no such cut:
// long URLs, base64, CJK without spaces) is counted in slices of that size — off by at most a token
// or so per slice — so a maximum-size message costs milliseconds, not minutes.
import { countTokens as countO200kTokens } from 'gpt-tokenizer/encoding/o200k_base';

// Text that looks like a special token (e.g. "<|endoftext|>") is counted as ordinary text rather
// than rejected: it is content, not a control sequence.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const MAX_SEGMENT_UNITS = 128;
/** Exact segments are joined back into calls of about this size (fewer calls, same count). */
const BATCH_UNITS = 4096;
const EXACT_CUT = /(?= \S)|(?<=[\r\n])(?=[^\S\r\n]+\S|[^\s/])/u;

export function countTokens(text: string): number {
  if (text.length <= MAX_SEGMENT_UNITS) return countO200kTokens(text, PLAIN_TEXT);
  let total = 0;
  let batch = '';
  const flush = () => {
    if (batch.length > 0) total += countO200kTokens(batch, PLAIN_TEXT);
    batch = '';
  };
  for (const segment of text.split(EXACT_CUT)) {
    if (segment.length > MAX_SEGMENT_UNITS) {
      flush();
      for (const slice of slices(segment)) total += countO200kTokens(slice, PLAIN_TEXT);
    } else {
      if (batch.length + segment.length > BATCH_UNITS) flush();
      batch += segment;
    }
  }
  flush();
  return total;
}

/** MAX_SEGMENT_UNITS-sized slices that never split a surrogate pair. */
function* slices(segment: string): Generator<string> {
  let start = 0;
  while (start < segment.length) {
    let end = Math.min(start + MAX_SEGMENT_UNITS, segment.length);
    const last = segment.charCodeAt(end - 1);
    if (end < segment.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield segment.slice(start, end);
    start = end;
  }
}
