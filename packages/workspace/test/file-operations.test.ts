// Every file operation on a real temp directory: results, the canonical paths and audit fields
// they return, and their refusals.
import { chmod, lstat, mkdir, readdir, readFile, readlink, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceError } from '../src/index';
import { createHarness, outcome, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('write and read', () => {
  it("names the tree's directory the same from the root as from the workspace's files", () => {
    expect(h.root.treePath(h.ref)).toBe(h.files.treePath);
    expect(h.root.treePath(h.ref)).toBe(h.tree);
  });

  it('creates a file with its parents and reads it back with the same etag', async () => {
    const written = await h.files.write('src/lib/app.ts', 'export const a = 1;\n');
    expect(written).toMatchObject({ path: 'src/lib/app.ts', size: 20, created: true, previous_size: null });
    const read = await h.files.read('src/lib/app.ts');
    expect(read.content.toString()).toBe('export const a = 1;\n');
    expect(read.etag).toBe(written.etag);
    expect(read.size).toBe(20);
    expect(Date.parse(read.modified_at)).not.toBeNaN();
  });

  it('replaces a file, reporting the previous size, and keeps its mode', async () => {
    await h.files.write('run.sh', '#!/bin/sh\n');
    await chmod(join(h.tree, 'run.sh'), 0o755);
    const second = await h.files.write('run.sh', '#!/bin/sh\necho hi\n');
    expect(second).toMatchObject({ created: false, previous_size: 10 });
    expect((await lstat(join(h.tree, 'run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('changes the etag when a terminal edits the file, and not when only the mtime moves', async () => {
    const first = await h.files.write('notes.md', 'one');
    await utimes(join(h.tree, 'notes.md'), new Date(), new Date(Date.now() + 5000));
    expect((await h.files.read('notes.md')).etag).toBe(first.etag);
    await writeFile(join(h.tree, 'notes.md'), 'two');
    expect((await h.files.read('notes.md')).etag).not.toBe(first.etag);
  });

  it('refuses a write whose expectedEtag is stale, naming the current etag', async () => {
    const first = await h.files.write('a.txt', 'v1');
    const second = await h.files.write('a.txt', 'v2', { expectedEtag: first.etag });
    const error = await h.files.write('a.txt', 'v3', { expectedEtag: first.etag }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceError);
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, details: { path: 'a.txt', current_etag: second.etag } });
    expect((await h.files.read('a.txt')).content.toString()).toBe('v2');
  });

  it('treats expectedEtag null as create-only', async () => {
    await h.files.write('new.txt', 'x', { expectedEtag: null });
    expect(await outcome(h.files.write('new.txt', 'y', { expectedEtag: null }))).toBe('CONFLICT');
    const missing = await h.files.write('gone.txt', 'y', { expectedEtag: 'abc' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'CONFLICT', details: { current_etag: null } });
  });

  it('refuses directories and oversized reads', async () => {
    await h.files.mkdir('dir');
    expect(await outcome(h.files.read('dir'))).toBe('IS_A_DIRECTORY');
    expect(await outcome(h.files.read(''))).toBe('IS_A_DIRECTORY');
    expect(await outcome(h.files.write('dir', 'x'))).toBe('IS_A_DIRECTORY');
    expect(await outcome(h.files.write('', 'x'))).toBe('IS_A_DIRECTORY');
    await h.files.write('big.bin', Buffer.alloc(2000));
    expect(await outcome(h.files.read('big.bin', { maxBytes: 1999 }))).toBe('PAYLOAD_TOO_LARGE');
    expect((await h.files.read('big.bin', { maxBytes: 2000 })).size).toBe(2000);
    expect(await outcome(h.files.read('missing.txt'))).toBe('NOT_FOUND');
    expect(await outcome(h.files.write('big.bin/child', 'x'))).toBe('NOT_A_DIRECTORY');
  });

  it('streams a file with a content type guessed from its extension', async () => {
    await h.files.write('web/index.html', '<p>hi</p>');
    const download = await h.files.readStream('web/index.html');
    expect(download).toMatchObject({ path: 'web/index.html', size: 9, content_type: 'text/html; charset=utf-8' });
    expect(await text(download.stream)).toBe('<p>hi</p>');
    await h.files.write('blob', 'x');
    const blob = await h.files.readStream('blob');
    blob.stream.destroy();
    expect(blob.content_type).toBe('application/octet-stream');
  });

  it('follows a symlink that stays inside the tree, for reading and writing', async () => {
    await h.files.write('real/target.txt', 'inside');
    await symlink('real/target.txt', join(h.tree, 'alias.txt'));
    await symlink('real', join(h.tree, 'alias-dir'));
    expect((await h.files.read('alias.txt')).content.toString()).toBe('inside');
    expect((await h.files.read('alias-dir/target.txt')).content.toString()).toBe('inside');
    await h.files.write('alias.txt', 'changed through the link');
    expect(await readlink(join(h.tree, 'alias.txt'))).toBe('real/target.txt');
    expect(await readFile(join(h.tree, 'real/target.txt'), 'utf8')).toBe('changed through the link');
  });

  it('leaves no temporary file in the tree or in meta/tmp after writes', async () => {
    for (let i = 0; i < 5; i++) await h.files.write(`f${i}.txt`, `${i}`);
    expect((await readdir(h.tree)).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
    expect(await readdir(join(h.meta, 'tmp'))).toEqual([]);
  });
});

describe('list', () => {
  it('lists directories first, then files, by name, with types, sizes and times', async () => {
    await h.files.write('b.txt', '12345');
    await h.files.write('A.txt', '1');
    await h.files.mkdir('zdir');
    await h.files.mkdir('adir');
    await symlink('b.txt', join(h.tree, 'c-link'));
    const page = await h.files.list('');
    expect(page.entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['adir', 'directory'],
      ['zdir', 'directory'],
      ['A.txt', 'file'],
      ['b.txt', 'file'],
      ['c-link', 'symlink'],
    ]);
    expect(page.entries.find((entry) => entry.name === 'b.txt')).toMatchObject({ path: 'b.txt', size: 5 });
    expect(page).toMatchObject({ path: '', total: 5, next_cursor: null });
    expect(Date.parse(page.entries[0]!.modified_at)).not.toBeNaN();
  });

  it('pages through a large directory without repeating or skipping, even when entries are added between pages', async () => {
    await mkdir(join(h.tree, 'many'));
    const names = Array.from({ length: 1200 }, (_, i) => `file-${String(i).padStart(4, '0')}`);
    await Promise.all(names.map((name) => writeFile(join(h.tree, 'many', name), '')));
    await mkdir(join(h.tree, 'many', 'subdir'));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await h.files.list('many', { limit: 500, cursor });
      seen.push(...page.entries.map((entry) => entry.name));
      cursor = page.next_cursor;
      if (pages++ === 0) await writeFile(join(h.tree, 'many', 'file-0000a'), ''); // sorts before the cursor
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['subdir', ...names]);
  });

  it('reuses a settled directory’s sorted names, and never misses a change made after (by the API or a terminal)', async () => {
    for (const name of ['b', 'a', 'c']) await h.files.write(`settled/${name}.txt`, name);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // only a directory unchanged for a second is kept
    const names = async () => (await h.files.list('settled')).entries.map((entry) => entry.name);
    expect(await names()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(await names()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    // Changes right after the kept listing, in the same millisecond tick as each other.
    await writeFile(join(h.tree, 'settled', 'd.txt'), 'd');
    expect(await names()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    await mkdir(join(h.tree, 'settled', 'z-dir'));
    await h.files.delete('settled/a.txt');
    expect(await names()).toEqual(['z-dir', 'b.txt', 'c.txt', 'd.txt']);
  });

  it('lists through a symlinked directory inside the tree and refuses bad arguments', async () => {
    await h.files.write('real/x.txt', 'x');
    await symlink('real', join(h.tree, 'link'));
    expect((await h.files.list('link')).entries.map((entry) => entry.path)).toEqual(['link/x.txt']);
    expect(await outcome(h.files.list('real/x.txt'))).toBe('NOT_A_DIRECTORY');
    expect(await outcome(h.files.list('nope'))).toBe('NOT_FOUND');
    expect(await outcome(h.files.list('', { limit: 0 }))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.list('', { cursor: 'not-a-cursor' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('mkdir, move, copy, delete', () => {
  it('mkdir creates parents, is idempotent for directories, refuses over a file', async () => {
    expect(await h.files.mkdir('a/b/c')).toEqual({ path: 'a/b/c', created: 3 });
    expect(await h.files.mkdir('a/b/c')).toEqual({ path: 'a/b/c', created: 0 });
    await h.files.write('a/file', 'x');
    expect(await outcome(h.files.mkdir('a/file'))).toBe('ALREADY_EXISTS');
    expect(await outcome(h.files.mkdir('a/file/d'))).toBe('NOT_A_DIRECTORY');
  });

  it('moves files and directories, creating target parents, refusing an existing target unless overwrite', async () => {
    await h.files.write('src/a.ts', 'a');
    await h.files.write('src/b.ts', 'b');
    expect(await h.files.move('src/a.ts', 'lib/deep/a.ts')).toEqual({
      from: 'src/a.ts',
      to: 'lib/deep/a.ts',
      type: 'file',
      overwritten: false,
    });
    expect(await outcome(h.files.move('src/b.ts', 'lib/deep/a.ts'))).toBe('ALREADY_EXISTS');
    expect(await h.files.move('src/b.ts', 'lib/deep/a.ts', { overwrite: true })).toMatchObject({ overwritten: true });
    expect((await h.files.read('lib/deep/a.ts')).content.toString()).toBe('b');
    await h.files.move('lib', 'renamed');
    expect((await h.files.read('renamed/deep/a.ts')).content.toString()).toBe('b');
    expect(await outcome(h.files.move('missing', 'x'))).toBe('NOT_FOUND');
  });

  it('refuses moving a directory into itself, and moving the root', async () => {
    await h.files.mkdir('a/b');
    expect(await outcome(h.files.move('a', 'a/b/a'))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.move('a', 'a/x'))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.move('', 'x'))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.move('a', ''))).toBe('INVALID_ARGUMENT');
    // Through a symlink that leads back into the source.
    await symlink('a/b', join(h.tree, 'b-link'));
    expect(await outcome(h.files.move('a', 'b-link/inside'))).toBe('INVALID_ARGUMENT');
    expect((await lstat(join(h.tree, 'a/b'))).isDirectory()).toBe(true);
  });

  it('overwrites a directory with a file when asked', async () => {
    await h.files.write('dir/x.txt', 'x');
    await h.files.write('file.txt', 'f');
    expect(await h.files.move('file.txt', 'dir', { overwrite: true })).toMatchObject({ overwritten: true });
    expect((await h.files.read('dir')).content.toString()).toBe('f');
  });

  it('copies files and directories, preserving symlinks as links', async () => {
    await h.files.write('src/a.ts', 'a');
    await h.files.write('src/nested/b.ts', 'bb');
    await symlink('a.ts', join(h.tree, 'src/link.ts'));
    const copied = await h.files.copy('src', 'copy/of/src');
    expect(copied).toMatchObject({ type: 'directory', bytes: 3, entries: 5, overwritten: false });
    expect((await h.files.read('copy/of/src/nested/b.ts')).content.toString()).toBe('bb');
    expect(await readlink(join(h.tree, 'copy/of/src/link.ts'))).toBe('a.ts');
    expect(await outcome(h.files.copy('src', 'copy/of/src'))).toBe('ALREADY_EXISTS');
    expect(await outcome(h.files.copy('src', 'src/inner'))).toBe('INVALID_ARGUMENT');
    expect(await outcome(h.files.copy('src/a.ts', 'src/a.ts'))).toBe('INVALID_ARGUMENT');
    await h.files.copy('src/a.ts', 'copy/of/src/nested/b.ts', { overwrite: true });
    expect((await h.files.read('copy/of/src/nested/b.ts')).content.toString()).toBe('a');
    expect(await readdir(join(h.meta, 'tmp'))).toEqual([]);
  });

  it('deletes files, links and directories (recursive only when asked)', async () => {
    await h.files.write('d/e/f.txt', 'abc');
    await h.files.write('d/g.txt', 'de');
    await symlink('d', join(h.tree, 'd-link'));
    expect(await h.files.delete('d-link')).toEqual({ path: 'd-link', type: 'symlink', bytes: 0, entries: 1 });
    expect(await outcome(h.files.delete('d'))).toBe('DIRECTORY_NOT_EMPTY');
    expect(await h.files.delete('d', { recursive: true })).toEqual({ path: 'd', type: 'directory', bytes: 5, entries: 4 });
    expect(await outcome(h.files.delete('d'))).toBe('NOT_FOUND');
    expect(await outcome(h.files.delete(''))).toBe('INVALID_ARGUMENT');
    await h.files.mkdir('empty');
    expect(await h.files.delete('empty')).toMatchObject({ type: 'directory', entries: 1 });
  });
});

describe('lifecycle', () => {
  it('removes a workspace whose tree links outside without touching what the links lead to', async () => {
    await h.files.write('keep/a.txt', 'a');
    await symlink('../../../../outside', join(h.tree, 'out'));
    await symlink('../../../../../outside/sub', join(h.tree, 'keep/sub-link'));
    await symlink(join(h.outside, 'secret.txt'), join(h.tree, 'abs-link'));
    const outsideBefore = [await readFile(join(h.outside, 'secret.txt'), 'utf8'), await readdir(join(h.outside, 'sub'))];
    expect(await h.root.remove(h.ref)).toMatchObject({ bytes: 1, entries: 5 });
    expect([await readFile(join(h.outside, 'secret.txt'), 'utf8'), await readdir(join(h.outside, 'sub'))]).toEqual(outsideBefore);
    expect(await readdir(join(h.rootDir, '.trash'))).toEqual([]);
  });

  it('lists the workspaces on disk, skipping staging, trash and other names that are not ids', async () => {
    await mkdir(join(h.rootDir, 't1', '.staging-x'), { recursive: true });
    await mkdir(join(h.rootDir, '.trash'), { recursive: true });
    await writeFile(join(h.rootDir, 't1', 'stray-file'), '');
    const listed = [];
    for await (const workspace of h.root.list()) listed.push(workspace);
    expect(listed.map((w) => `${w.ref.tenantId}/${w.ref.workspaceId}`).sort()).toEqual(['t1/neighbour', 't1/w1']);
    for (const workspace of listed) expect(Date.now() - workspace.changedAtMs).toBeLessThan(60_000);
  });

  it('creates, refuses a duplicate, forks with links kept as links, and removes', async () => {
    const other = { tenantId: 't1', workspaceId: 'w2' };
    expect(await h.root.exists(other)).toBe(false);
    expect(await h.root.create(other)).toMatchObject({ workspace_id: 'w2', bytes: 0, entries: 0 });
    expect(await outcome(h.root.create(other))).toBe('ALREADY_EXISTS');
    await h.files.write('src/a.txt', 'hello');
    await symlink('a.txt', join(h.tree, 'src/link'));
    await symlink('../../../../outside/secret.txt', join(h.tree, 'src/escape'));
    const fork = { tenantId: 't1', workspaceId: 'fork' };
    expect(await h.root.fork(h.ref, fork)).toMatchObject({ bytes: 5, entries: 4 });
    const forked = h.root.files(fork);
    expect((await forked.read('src/link')).content.toString()).toBe('hello');
    expect(await outcome(forked.read('src/escape'))).toBe('INVALID_PATH');
    expect(await readlink(join(h.rootDir, 't1/fork/tree/src/escape'))).toBe('../../../../outside/secret.txt');
    await forked.write('src/a.txt', 'changed in the fork');
    expect((await h.files.read('src/a.txt')).content.toString()).toBe('hello');
    expect(await h.root.remove(fork)).toMatchObject({ bytes: 19, entries: 4 });
    expect(await h.root.exists(fork)).toBe(false);
    expect(await outcome(forked.read('src/a.txt'))).toBe('NOT_FOUND');
    expect(await outcome(h.root.remove(fork))).toBe('NOT_FOUND');
    expect(await outcome(h.root.fork({ tenantId: 't1', workspaceId: 'nope' }, { tenantId: 't1', workspaceId: 'x' }))).toBe(
      'NOT_FOUND',
    );
    expect(await outcome(h.root.create({ tenantId: '..', workspaceId: 'x' }))).toBe('INVALID_ARGUMENT');
    expect((await readdir(join(h.rootDir, 't1'))).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(() => h.root.files({ tenantId: 't1', workspaceId: '../w1' })).toThrow(WorkspaceError);
  });
});
