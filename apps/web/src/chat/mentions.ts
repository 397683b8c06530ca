// @file mentions in the chat composer: the word being typed after an @ (what the completion looks
// up), putting a chosen path in its place, and which chosen paths the sent text still names.

/** The mention being typed: its text after the @, and where the @ is. */
export interface MentionQuery {
  query: string;
  /** Index of the @ in the text. */
  start: number;
}

/** The @word ending at the caret, when the caret is in one (an @ at the start or after a space). */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return null;
  const query = match[2]!;
  return { query, start: caret - query.length - 1 };
}

/** The text with the mention replaced by `@path ` and the caret after it. */
export function insertMention(text: string, mention: MentionQuery, caret: number, path: string): { text: string; caret: number } {
  const inserted = `@${path} `;
  const after = text.slice(caret).replace(/^\S*/, '');
  const next = text.slice(0, mention.start) + inserted + after.replace(/^ /, '');
  return { text: next, caret: mention.start + inserted.length };
}

/** The chosen paths the text still mentions (as `@path` followed by a space, punctuation or the end), each once. */
export function mentionedPaths(text: string, chosen: Iterable<string>): string[] {
  const found: string[] = [];
  for (const path of new Set(chosen)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(`@${path}`, from);
      if (at < 0) break;
      const next = text.charAt(at + path.length + 1);
      const startsWord = at === 0 || /\s/.test(text.charAt(at - 1));
      if (startsWord && (next === '' || /[\s,.;:!?)]/.test(next))) {
        found.push(path);
        break;
      }
      from = at + 1;
    }
  }
  return found;
}
