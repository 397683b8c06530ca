// One lazily loaded chunk per language pack: opening a Python file fetches only the Python parser.
import { StreamLanguage } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import type { LanguageId } from '../language-of-file';

const LOADERS: Record<LanguageId, () => Promise<Extension>> = {
  typescript: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  tsx: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: true }),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  jsx: async () => (await import('@codemirror/lang-javascript')).javascript({ jsx: true }),
  json: async () => (await import('@codemirror/lang-json')).json(),
  markdown: async () => (await import('@codemirror/lang-markdown')).markdown(),
  css: async () => (await import('@codemirror/lang-css')).css(),
  html: async () => (await import('@codemirror/lang-html')).html(),
  python: async () => (await import('@codemirror/lang-python')).python(),
  rust: async () => (await import('@codemirror/lang-rust')).rust(),
  go: async () => (await import('@codemirror/lang-go')).go(),
  yaml: async () => (await import('@codemirror/lang-yaml')).yaml(),
  sql: async () => (await import('@codemirror/lang-sql')).sql(),
  shell: async () => StreamLanguage.define((await import('@codemirror/legacy-modes/mode/shell')).shell),
  plaintext: async () => [],
};

const loaded = new Map<LanguageId, Promise<Extension>>();

export function loadLanguage(language: LanguageId): Promise<Extension> {
  let pack = loaded.get(language);
  if (!pack) {
    pack = LOADERS[language]().catch((error: unknown) => {
      loaded.delete(language);
      throw error;
    });
    loaded.set(language, pack);
  }
  return pack;
}
