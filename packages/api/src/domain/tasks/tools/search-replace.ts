// apply_diff's blocks, as Roo Code writes them: each SEARCH part must occur exactly once in the
// file, and is replaced by its REPLACE part. A block that does not match fails the whole diff with
// a reason the model can act on; nothing is half applied.
const BLOCK = /<<<<<<< SEARCH\r?\n([\s\S]*?)\r?\n?=======\r?\n([\s\S]*?)\r?\n?>>>>>>> REPLACE/g;

export type SearchReplaceResult = { ok: true; content: string; blocks: number } | { ok: false; reason: string };

function occurrences(text: string, part: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(part); at !== -1 && found.length < 2; at = text.indexOf(part, at + 1)) found.push(at);
  return found;
}

export function applySearchReplace(original: string, diff: string): SearchReplaceResult {
  const blocks = [...diff.matchAll(BLOCK)].map((match) => ({ search: match[1] ?? '', replace: match[2] ?? '' }));
  if (blocks.length === 0) {
    return {
      ok: false,
      reason:
        'No SEARCH/REPLACE block found: write "<<<<<<< SEARCH", the exact lines, "=======", the new lines, ">>>>>>> REPLACE"',
    };
  }
  let content = original;
  for (const [index, block] of blocks.entries()) {
    const label = `Block ${index + 1} of ${blocks.length}`;
    if (block.search === '') return { ok: false, reason: `${label}: the SEARCH part is empty` };
    const found = occurrences(content, block.search);
    if (found.length === 0) {
      return {
        ok: false,
        reason: `${label}: the SEARCH text does not occur in the file; read the file again and copy the lines exactly`,
      };
    }
    if (found.length > 1) {
      return { ok: false, reason: `${label}: the SEARCH text occurs more than once; include more surrounding lines` };
    }
    const at = found[0]!;
    content = content.slice(0, at) + block.replace + content.slice(at + block.search.length);
  }
  return { ok: true, content, blocks: blocks.length };
}
