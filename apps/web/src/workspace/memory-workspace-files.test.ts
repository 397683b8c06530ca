import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test-support/memory-storage';
import { MemoryWorkspaceFiles } from './memory-workspace-files';
import { FilesError, checkEntryName, type WatchEvent } from './workspace-files';

function workspace(pageSize?: number) {
  return new MemoryWorkspaceFiles({
    files: {
      'src/app.ts': 'const a = 1;\nexport default a;\n',
      'src/lib/util.ts': 'export const TODO = 1;\n',
      'README.md': '# Todo\n',
    },
    pageSize,
  });
}

describe('MemoryWorkspaceFiles', () => {
  it('lists folders first, then files by name, a page at a time', async () => {
    const files = workspace(2);
    const root = await files.list('');
    expect(root.entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['src', 'directory'],
      ['README.md', 'file'],
    ]);
    const first = await files.list('src');
    expect(first.entries.map((entry) => entry.name)).toEqual(['lib', 'app.ts']);
    expect(first.next_cursor).toBeNull();
    await files.write('src/b.ts', '', null);
    const paged = await files.list('src');
    expect(paged.next_cursor).not.toBeNull();
    const rest = await files.list('src', paged.next_cursor);
    expect(rest.entries.map((entry) => entry.name)).toEqual(['b.ts']);
  });

  it('writes with the expected etag, and reports a conflict with the current one otherwise', async () => {
    const files = workspace();
    const read = await files.read('src/app.ts');
    expect(read).toMatchObject({ content: 'const a = 1;\nexport default a;\n', encoding: 'utf-8', size: 31 });
    const written = await files.write('src/app.ts', 'mine', read.etag);
    expect(written.status).toBe('written');
    const stale = await files.write('src/app.ts', 'stale', read.etag);
    expect(stale).toEqual({ status: 'conflict', current_etag: written.status === 'written' ? written.etag : '' });
    expect((await files.read('src/app.ts')).content).toBe('mine');
  });

  it('moves, copies and deletes whole folders, telling watchers', async () => {
    const files = workspace();
    const events: WatchEvent[] = [];
    const stop = files.watch((event) => events.push(event));
    await files.move('src/lib', 'lib');
    await files.copy('lib', 'lib2');
    await files.delete('lib2');
    stop();
    await files.mkdir('later');
    expect(files.filePaths().sort()).toEqual(['README.md', 'lib/util.ts', 'src/app.ts']);
    expect(events).toContainEqual({ kind: 'deleted', path: 'src/lib/util.ts' });
    expect(events).toContainEqual({ kind: 'created', path: 'lib2/util.ts' });
    expect(events).toContainEqual({ kind: 'deleted', path: 'lib2' });
    expect(events.some((event) => event.path === 'later')).toBe(false);
    await expect(files.move('lib', 'lib/inner')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(files.read('nope')).rejects.toBeInstanceOf(FilesError);
  });

  it('searches contents (literal, case, regex, glob) and finds paths fuzzily', async () => {
    const files = workspace();
    expect((await files.search({ q: 'todo' })).matches.map((match) => [match.path, match.line, match.column])).toEqual([
      ['README.md', 1, 3],
      ['src/lib/util.ts', 1, 14],
    ]);
    expect((await files.search({ q: 'todo', case: true })).matches).toEqual([]);
    expect((await files.search({ q: 'const \\w+ =', regex: true, glob: '*.ts' })).matches).toHaveLength(2);
    expect((await files.search({ q: 'todo', glob: 'src/**' })).matches.map((match) => match.path)).toEqual(['src/lib/util.ts']);
    await expect(files.search({ q: '(', regex: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await files.find('util')).toEqual(['src/lib/util.ts']);
    expect((await files.find('sa'))[0]).toBe('src/app.ts');
  });

  it('uploads into a folder and offers a download address', async () => {
    const files = workspace();
    expect(await files.upload('src', [new File(['hello'], 'notes.txt')])).toEqual(['src/notes.txt']);
    expect(await files.downloadUrl('src/notes.txt')).toBe('data:application/octet-stream;charset=utf-8,hello');
  });

  it('keeps its tree in storage when asked (the demo workspace survives a reload)', async () => {
    const storage = memoryStorage();
    const first = new MemoryWorkspaceFiles({ files: { 'a.txt': 'one' }, persist: { storage, key: 'k' } });
    await first.write('a.txt', 'two', null);
    const again = new MemoryWorkspaceFiles({ files: { 'a.txt': 'one' }, persist: { storage, key: 'k' } });
    expect((await again.read('a.txt')).content).toBe('two');
  });
});

describe('checkEntryName', () => {
  it('takes one path segment', () => {
    expect(checkEntryName('app.ts')).toBeNull();
    expect(checkEntryName(' ')).toBe('Enter a name');
    expect(checkEntryName('a/b')).toBe('A name cannot contain / or \\');
    expect(checkEntryName('..')).toBe('Not a usable name');
  });
});

describe('MemoryWorkspaceFiles shared by tabs through storage', () => {
  it('takes in what another tab wrote and reports it', async () => {
    const storage = memoryStorage();
    const target = new EventTarget();
    const window = target as unknown as Window;
    const mine = new MemoryWorkspaceFiles({ files: { 'a.txt': 'one' }, persist: { storage, key: 'k', window } });
    const theirs = new MemoryWorkspaceFiles({ files: { 'a.txt': 'one' }, persist: { storage, key: 'k' } });
    const events: WatchEvent[] = [];
    mine.watch((event) => events.push(event));
    const etag = (await mine.read('a.txt')).etag;
    await theirs.write('a.txt', 'two', etag);
    await theirs.write('b.txt', 'new', null);
    const storageEvent = Object.assign(new Event('storage'), { key: 'k', storageArea: storage });
    target.dispatchEvent(storageEvent);
    expect(events).toEqual([
      { kind: 'changed', path: 'a.txt' },
      { kind: 'created', path: 'b.txt' },
    ]);
    expect(await mine.write('a.txt', 'stale', etag)).toMatchObject({ status: 'conflict' });
  });
});
