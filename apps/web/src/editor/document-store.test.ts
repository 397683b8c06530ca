import { describe, expect, it } from 'vitest';
import { MemoryWorkspaceFiles } from '../workspace/memory-workspace-files';
import { DocumentStore, type OpenDocument } from './document-store';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const files = new MemoryWorkspaceFiles({ files: { 'a.ts': 'one\n', 'b.bin': 'x' } });
  const store = new DocumentStore(files);
  const ready = (path: string) => {
    const document = store.get(path);
    if (document?.status !== 'ready') throw new Error(`${path} is ${document?.status}`);
    return document;
  };
  return { files, store, ready };
}

describe('DocumentStore', () => {
  it('loads a file, tracks unsaved edits and saves with the etag it read', async () => {
    const { files, store, ready } = setup();
    store.open('a.ts');
    expect(store.get('a.ts')).toEqual({ status: 'loading' });
    await settle();
    expect(ready('a.ts')).toMatchObject({ text: 'one\n', dirty: false });
    store.edit('a.ts', 'two\n');
    expect(store.dirtyPaths()).toEqual(['a.ts']);
    const etag = ready('a.ts').etag;
    expect(await store.save('a.ts')).toBe('saved');
    expect(files.calls.filter((call) => call.method === 'write').map((call) => call.args)).toEqual([['a.ts', 'two\n', etag]]);
    expect(ready('a.ts')).toMatchObject({ saved: 'two\n', dirty: false, saving: false });
    await settle();
    // Its own write, reported by watch, is not mistaken for a change elsewhere.
    expect(ready('a.ts').revision).toBe(0);
    expect(await store.save('a.ts')).toBe('nothing');
  });

  it('never overwrites a change made elsewhere: the save holds a conflict with their text', async () => {
    const { files, store, ready } = setup();
    store.open('a.ts');
    await settle();
    store.edit('a.ts', 'mine\n');
    await files.write('a.ts', 'theirs\n', null);
    await settle();
    expect(ready('a.ts').changedElsewhere).toBe('changed');
    expect(await store.save('a.ts')).toBe('conflict');
    expect(ready('a.ts').conflict?.theirs).toBe('theirs\n');
    expect((await files.read('a.ts')).content).toBe('theirs\n');

    expect(await store.saveMerged('a.ts', 'theirs\nmine\n')).toBe('saved');
    expect((await files.read('a.ts')).content).toBe('theirs\nmine\n');
    expect(ready('a.ts')).toMatchObject({ conflict: null, dirty: false });
  });

  it('takes theirs when asked, dropping the unsaved edits', async () => {
    const { files, store, ready } = setup();
    store.open('a.ts');
    await settle();
    store.edit('a.ts', 'mine\n');
    const etag = ready('a.ts').etag;
    await files.write('a.ts', 'theirs\n', etag);
    await settle();
    await store.save('a.ts');
    store.takeTheirs('a.ts');
    expect(ready('a.ts')).toMatchObject({ text: 'theirs\n', dirty: false, conflict: null, revision: 1 });
  });

  it('reloads a file nobody is editing when it changes elsewhere, and marks a deleted one', async () => {
    const { files, store, ready } = setup();
    store.open('a.ts');
    await settle();
    await files.write('a.ts', 'new\n', null);
    await settle();
    expect(ready('a.ts')).toMatchObject({ text: 'new\n', revision: 1, dirty: false });
    await files.delete('a.ts');
    expect(ready('a.ts').changedElsewhere).toBe('deleted');
    // Saving puts it back.
    expect(await store.save('a.ts')).toBe('saved');
    expect((await files.read('a.ts')).content).toBe('new\n');
  });

  it('says why a file cannot be opened, and follows renames', async () => {
    const { store } = setup();
    store.open('missing.ts');
    await settle();
    expect(store.get('missing.ts')).toEqual<OpenDocument>({
      status: 'failed',
      message: 'missing.ts does not exist. It may have been deleted or moved elsewhere.',
    });
    store.open('a.ts');
    await settle();
    store.renamed('a.ts', 'src/a.ts');
    expect(store.get('src/a.ts')?.status).toBe('ready');
    expect(store.get('a.ts')).toBeUndefined();
  });
});
