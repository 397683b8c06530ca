// Which language a file is, from its name: what the status bar shows and which language pack the
// editor loads. Kept apart from the packs themselves so choosing one costs nothing.
import { baseName } from '../workspace/workspace-files';

export type LanguageId =
  | 'typescript'
  | 'tsx'
  | 'javascript'
  | 'jsx'
  | 'json'
  | 'markdown'
  | 'css'
  | 'html'
  | 'python'
  | 'rust'
  | 'go'
  | 'yaml'
  | 'shell'
  | 'sql'
  | 'plaintext';

export const LANGUAGE_NAMES: Record<LanguageId, string> = {
  typescript: 'TypeScript',
  tsx: 'TypeScript JSX',
  javascript: 'JavaScript',
  jsx: 'JavaScript JSX',
  json: 'JSON',
  markdown: 'Markdown',
  css: 'CSS',
  html: 'HTML',
  python: 'Python',
  rust: 'Rust',
  go: 'Go',
  yaml: 'YAML',
  shell: 'Shell',
  sql: 'SQL',
  plaintext: 'Plain text',
};

const BY_EXTENSION: Record<string, LanguageId> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
  json: 'json',
  jsonc: 'json',
  md: 'markdown',
  markdown: 'markdown',
  css: 'css',
  html: 'html',
  htm: 'html',
  py: 'python',
  pyi: 'python',
  rs: 'rust',
  go: 'go',
  yaml: 'yaml',
  yml: 'yaml',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  sql: 'sql',
};

const BY_NAME: Record<string, LanguageId> = {
  Dockerfile: 'shell',
  Makefile: 'shell',
  '.bashrc': 'shell',
  '.profile': 'shell',
  '.env': 'shell',
};

export function languageOfFile(path: string): LanguageId {
  const name = baseName(path);
  if (BY_NAME[name]) return BY_NAME[name];
  const dot = name.lastIndexOf('.');
  if (dot < 0) return 'plaintext';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'plaintext';
}
