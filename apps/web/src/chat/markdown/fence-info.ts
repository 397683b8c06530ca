// What a code fence says about its code: the language (its info string's first word, as a name
// or a file extension) and the workspace file it is meant for, from the info string
// ("```ts src/app.ts") or a first line naming it ("// file: src/app.ts", "# file: app.py").
import { languageOfFile, type LanguageId } from '../../editor/language-of-file';

const LANGUAGE_NAMES: Record<string, LanguageId> = {
  typescript: 'typescript',
  javascript: 'javascript',
  python: 'python',
  rust: 'rust',
  golang: 'go',
  shell: 'shell',
  console: 'shell',
  html: 'html',
  text: 'plaintext',
  plaintext: 'plaintext',
};

const FILE_LINE = /^\s*(?:\/\/|#|--|<!--|\/\*)\s*file:\s*([^\s*>]+)/i;

export interface FenceInfo {
  language: LanguageId;
  /** The workspace path the block names, if it names one. */
  path: string | null;
  /** The path comes from a "// file: path" first line (not part of the file's content). */
  namedByFirstLine: boolean;
}

export function readFenceInfo(info: string, code: string): FenceInfo {
  const [word = '', ...rest] = info.trim().split(/\s+/);
  const fromInfo = rest.find(looksLikePath) ?? (word.includes('/') && looksLikePath(word) ? word : null);
  const fromLine = FILE_LINE.exec(code.split('\n', 1)[0] ?? '')?.[1] ?? null;
  const path = normalisePath(fromInfo ?? fromLine);
  const namedByFirstLine = !fromInfo && path !== null;
  let language = LANGUAGE_NAMES[word.toLowerCase()] ?? (word ? languageOfFile(`x.${word}`) : 'plaintext');
  if (language === 'plaintext' && path) language = languageOfFile(path);
  return { language, path, namedByFirstLine };
}

function looksLikePath(word: string): boolean {
  return /^[\w./@+-]+$/.test(word) && /\.\w+$/.test(word) && !word.includes('..');
}

function normalisePath(path: string | null): string | null {
  if (!path) return null;
  const trimmed = path.replace(/^\.?\//, '');
  return trimmed.split('/').some((segment) => segment === '' || segment === '..' || segment === '.') ? null : trimmed;
}
