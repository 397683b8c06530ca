import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, mentionedPaths } from './mentions';

describe('@file mentions', () => {
  it('finds the @word at the caret, only at the start or after a space', () => {
    expect(mentionAt('@', 1)).toEqual({ query: '', start: 0 });
    expect(mentionAt('look at @src/ap', 15)).toEqual({ query: 'src/ap', start: 8 });
    expect(mentionAt('look at @src/ap and more', 15)).toEqual({ query: 'src/ap', start: 8 });
    expect(mentionAt('mail me@example.com', 19)).toBeNull();
    expect(mentionAt('@a.ts done', 10)).toBeNull();
    expect(mentionAt('line one\n@doc', 13)).toEqual({ query: 'doc', start: 9 });
  });

  it('puts the chosen path in place of the word, with one space after it', () => {
    const text = 'why @ap fails';
    const mention = mentionAt(text, 7)!;
    expect(insertMention(text, mention, 7, 'src/app.ts')).toEqual({ text: 'why @src/app.ts fails', caret: 16 });
    expect(insertMention('@', mentionAt('@', 1)!, 1, 'a.ts')).toEqual({ text: '@a.ts ', caret: 6 });
    // The caret inside the word: the rest of the word goes too.
    expect(insertMention('see @srcxyz now', { query: 'src', start: 4 }, 8, 'src/a.ts').text).toBe('see @src/a.ts now');
  });

  it('sends only the chosen paths the text still names', () => {
    const chosen = ['src/app.ts', 'README.md', 'gone.ts'];
    expect(mentionedPaths('compare @src/app.ts with @README.md.', chosen)).toEqual(['src/app.ts', 'README.md']);
    expect(mentionedPaths('x@src/app.ts', chosen)).toEqual([]);
    expect(mentionedPaths('@src/app.tsx', chosen)).toEqual([]);
    expect(mentionedPaths('@src/app.tsx and @src/app.ts', chosen)).toEqual(['src/app.ts']);
  });
});
