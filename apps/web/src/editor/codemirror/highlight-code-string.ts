// Highlights a code string with a language's parser and the editor's tag rules, without an
// editor: the pieces of text with the class names of their syntax roles (syntax-keyword, …),
// which the page's stylesheet colours from the syntax palette.
import { language as languageFacet, type Language } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { highlightCode, tagHighlighter } from '@lezer/highlight';
import type { LanguageId } from '../language-of-file';
import { loadLanguage } from './language-packs';
import { SYNTAX_TAG_RULES } from './syntax-tags';

export interface CodePiece {
  text: string;
  /** Space-separated class names; empty for text no rule matches. */
  className: string;
}

const highlighter = tagHighlighter(
  SYNTAX_TAG_RULES.map(({ tag, role, fontStyle, fontWeight, textDecoration }) => ({
    tag,
    class: [
      role && `syntax-${role}`,
      fontStyle && 'syntax-italic',
      fontWeight && 'syntax-bold',
      textDecoration && 'syntax-underline',
    ]
      .filter(Boolean)
      .join(' '),
  })),
);

const ready = new Map<LanguageId, Language | null>();

/** The language's parser if its pack has loaded (undefined while it has not). */
export function loadedLanguage(id: LanguageId): Language | null | undefined {
  return ready.get(id);
}

export async function loadCodeLanguage(id: LanguageId): Promise<Language | null> {
  const known = ready.get(id);
  if (known !== undefined) return known;
  const extension = await loadLanguage(id);
  const language = EditorState.create({ extensions: extension }).facet(languageFacet);
  ready.set(id, language);
  return language;
}

export function highlightCodeString(code: string, language: Language | null): CodePiece[] {
  if (!language) return [{ text: code, className: '' }];
  const pieces: CodePiece[] = [];
  const push = (text: string, className: string) => {
    const last = pieces.at(-1);
    if (last && last.className === className) last.text += text;
    else pieces.push({ text, className });
  };
  highlightCode(code, language.parser.parse(code), highlighter, push, () => push('\n', ''));
  return pieces;
}
