// Content search with the real ripgrep, and fuzzy file finding for quick open.
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectRipgrep, fuzzyMatch, openWorkspaceRoot } from '../src/index';
import { createHarness, outcome, SECRET, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('detectRipgrep', () => {
  it('reports the installed rg with its version, and a clear message for a missing one', async () => {
    const status = await detectRipgrep();
    expect(status).toMatchObject({ available: true, path: 'rg' });
    expect(status.version).toMatch(/^\d+\.\d+/);
    const missing = await detectRipgrep('/nonexistent/rg');
    expect(missing).toMatchObject({ available: false, version: null });
    expect(missing.message).toContain('apt-get install -y ripgrep');
  });
});

describe('search', () => {
  beforeEach(async () => {
    await h.files.write(
      'src/app.ts',
      'const greeting = "Hello";\nexport function hello() {\n  return greeting; // hello again\n}\n',
    );
    await h.files.write('src/util/strings.ts', 'export const é = "café Hello";\n');
    await h.files.write('docs/readme.md', 'Say hello.\n');
    await h.files.write('.gitignore', 'dist/\n');
    await h.files.write('dist/bundle.js', 'hello from the build\n');
  });

  it('finds a literal case-insensitively with paths, 1-based lines and UTF-16 columns, honouring .gitignore', async () => {
    const result = await h.files.search({ query: 'hello' });
    const found = result.matches.map((m) => `${m.path}:${m.line}:${m.column}`).sort();
    expect(found).toEqual([
      'docs/readme.md:1:5',
      'src/app.ts:1:19',
      'src/app.ts:2:17',
      'src/app.ts:3:23',
      'src/util/strings.ts:1:24',
    ]);
    expect(result).toMatchObject({ truncated: false, timed_out: false });
    expect(result.matches.find((m) => m.path === 'src/app.ts' && m.line === 2)?.preview).toBe('export function hello() {');
    const ignoredToo = await h.files.search({ query: 'hello', includeIgnored: true });
    expect(ignoredToo.matches.some((m) => m.path === 'dist/bundle.js')).toBe(true);
  });

  it('supports case sensitivity, regexes, whole words, globs and a subdirectory', async () => {
    expect((await h.files.search({ query: 'Hello', caseSensitive: true })).matches).toHaveLength(2);
    expect((await h.files.search({ query: 'hel+o\\(\\)', regex: true })).matches.map((m) => m.path)).toEqual(['src/app.ts']);
    expect((await h.files.search({ query: 'hello(', regex: false })).matches).toHaveLength(1);
    expect((await h.files.search({ query: 'greet', wholeWord: true })).matches).toHaveLength(0);
    expect((await h.files.search({ query: 'hello', include: ['*.md'] })).matches.map((m) => m.path)).toEqual(['docs/readme.md']);
    expect((await h.files.search({ query: 'hello', exclude: ['src/**'] })).matches.map((m) => m.path)).toEqual([
      'docs/readme.md',
    ]);
    expect((await h.files.search({ query: 'hello', path: 'src/util' })).matches.map((m) => m.path)).toEqual([
      'src/util/strings.ts',
    ]);
  });

  it('caps results and says so', async () => {
    await h.files.write('many.txt', 'needle\n'.repeat(100));
    const result = await h.files.search({ query: 'needle', maxResults: 10 });
    expect(result.matches).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });

  it('times out on a slow search and returns what it has', async () => {
    // A regex over a large file, with a timeout too short to finish.
    await h.files.write('big.txt', 'abcdefghij '.repeat(2_000_000));
    const result = await h.files.search({ query: '[a-z]+j', regex: true, timeoutMs: 1, maxResults: 10_000 });
    expect(result.timed_out).toBe(true);
  });

  it('refuses empty queries, bad regexes and bad globs with INVALID_ARGUMENT', async () => {
    expect(await outcome(h.files.search({ query: '' }))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.search({ query: '(unclosed', regex: true }))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.search({ query: 'x', include: ['{unclosed'] }))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.search({ query: 'x', path: '../outside' }))).toBe('INVALID_PATH');
  });

  it('treats a query that looks like an option as text', async () => {
    await h.files.write('flags.txt', 'run with --files please\n');
    const result = await h.files.search({ query: '--files' });
    expect(result.matches.map((m) => m.path)).toEqual(['flags.txt']);
  });

  it('never follows a symlink out of the tree, and does not hang on a FIFO', async () => {
    await symlink('../../../../outside', join(h.tree, 'out'));
    await symlink('../../../../outside/secret.txt', join(h.tree, 'secret-link.txt'));
    spawnSync('mkfifo', [join(h.tree, 'pipe')]);
    const before = await h.snapshot();
    const result = await h.files.search({ query: SECRET, timeoutMs: 10_000 });
    expect(result).toMatchObject({ matches: [], timed_out: false });
    expect(await h.snapshot()).toEqual(before);
  });

  it('fails with SEARCH_UNAVAILABLE when rg is missing', async () => {
    const root = await openWorkspaceRoot({ root: h.rootDir, ripgrepPath: '/nonexistent/rg' });
    expect(await outcome(root.files(h.ref).search({ query: 'x' }))).toBe('SEARCH_UNAVAILABLE');
  });
});

describe('fuzzyMatch', () => {
  it('matches subsequences case-insensitively and refuses non-matches', () => {
    expect(fuzzyMatch('abc', 'a/b/c.ts')).not.toBeNull();
    expect(fuzzyMatch('ABC', 'xaxbxc')).not.toBeNull();
    expect(fuzzyMatch('cba', 'abc')).toBeNull();
  });

  it('prefers word starts, consecutive characters and the file name', () => {
    const score = (query: string, path: string) => fuzzyMatch(query, path)!.score;
    expect(score('app', 'src/app.ts')).toBeGreaterThan(score('app', 'src/aXpXp.ts'));
    expect(score('ws', 'src/workspace-store.ts')).toBeGreaterThan(score('ws', 'src/news.ts'));
    expect(score('fo', 'src/FileOpen.ts')).toBeGreaterThan(score('fo', 'src/info.ts'));
    expect(score('main', 'src/main.ts')).toBeGreaterThan(score('main', 'main/src/index.ts'));
    expect(fuzzyMatch('app', 'src/app.ts', true)!.positions).toEqual([4, 5, 6]);
  });
});

describe('find', () => {
  it('ranks quick-open candidates and skips excluded directories', async () => {
    for (const path of [
      'src/app.ts',
      'src/components/AppHeader.tsx',
      'src/apple/pie.ts',
      'test/app.test.ts',
      'node_modules/app/index.js',
      'docs/a-p-p.md',
    ]) {
      await h.files.write(path, '');
    }
    const result = await h.files.find('app');
    // Whole name, then name prefix, then word starts in the name, then a match in a directory name.
    expect(result.files.map((f) => f.path)).toEqual([
      'src/app.ts',
      'test/app.test.ts',
      'src/components/AppHeader.tsx',
      'docs/a-p-p.md',
      'src/apple/pie.ts',
    ]);
    expect(result.files[0]!.positions).toEqual([4, 5, 6]);
    expect(result.index_truncated).toBe(false);
    expect((await h.files.find('app', { limit: 2 })).files).toHaveLength(2);
    expect((await h.files.find('zzz')).files).toEqual([]);
  });

  it('sees the library’s own changes at once, and lists symlinks without following them', async () => {
    await symlink('../../../../outside', join(h.tree, 'out'));
    await h.files.write('one.ts', '');
    expect((await h.files.find('two')).files).toEqual([]);
    await h.files.write('two.ts', '');
    expect((await h.files.find('two')).files.map((f) => f.path)).toEqual(['two.ts']);
    expect((await h.files.find('secret')).files).toEqual([]);
    expect((await h.files.find('out')).files.map((f) => f.path)).toEqual(['out']);
  });

  it('sees a terminal’s changes once the cached list is older than findCacheMs', async () => {
    const root = await openWorkspaceRoot({ root: h.rootDir, find: { cacheMs: 0 } });
    const files = root.files(h.ref);
    expect((await files.find('made')).files).toEqual([]);
    await writeFile(join(h.tree, 'made-by-terminal.txt'), '');
    expect((await files.find('made')).files.map((f) => f.path)).toEqual(['made-by-terminal.txt']);
  });

  it('handles a 10,000-file workspace', async () => {
    for (let d = 0; d < 100; d++) {
      await mkdir(join(h.tree, `dir${d}`));
      await Promise.all(Array.from({ length: 100 }, (_, f) => writeFile(join(h.tree, `dir${d}`, `file${f}.ts`), '')));
    }
    const result = await h.files.find('dir42/file7.ts');
    expect(result.files[0]!.path).toBe('dir42/file7.ts');
    expect(result.files.length).toBeGreaterThan(1);
  });

  it('reports a truncated index past findMaxFiles', async () => {
    const root = await openWorkspaceRoot({ root: h.rootDir, find: { maxFiles: 3 } });
    for (let i = 0; i < 5; i++) await h.files.write(`f${i}.txt`, '');
    expect((await root.files(h.ref).find('f')).index_truncated).toBe(true);
  });
});
