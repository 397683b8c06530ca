// @vitest-environment happy-dom
// The Explorer's tree against the in-memory files: folders load when opened, keys move and act,
// the context menu, rename, delete after asking, and files dropped on a folder.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryWorkspaceFiles } from '../workspace/memory-workspace-files';
import { FileTree } from './file-tree';

function setup() {
  const files = new MemoryWorkspaceFiles({
    files: { 'src/app.ts': 'app', 'src/lib/util.ts': 'util', 'README.md': '# readme' },
  });
  const opened: string[] = [];
  const renamed: [string, string][] = [];
  const deleted: string[] = [];
  render(
    <FileTree
      files={files}
      activePath={null}
      onOpenFile={(path) => opened.push(path)}
      onRenamed={(from, to) => renamed.push([from, to])}
      onDeleted={(path) => deleted.push(path)}
    />,
  );
  return { files, opened, renamed, deleted };
}

const item = (name: string) => screen.getByRole('treeitem', { name });
const key = (target: Element, init: KeyboardEventInit) => fireEvent.keyDown(target, init);
const listed = (files: MemoryWorkspaceFiles) => files.calls.filter((call) => call.method === 'list').map((call) => call.args[0]);

describe('FileTree', () => {
  afterEach(cleanup);

  it('lists the root, and a folder only when it is opened', async () => {
    const { files } = setup();
    await screen.findByRole('treeitem', { name: 'README.md' });
    expect(screen.getAllByRole('treeitem').map((each) => each.getAttribute('aria-label'))).toEqual(['src', 'README.md']);
    expect(listed(files)).toEqual(['']);
    key(item('src'), { key: 'ArrowRight' });
    await screen.findByRole('treeitem', { name: 'app.ts' });
    expect(listed(files)).toEqual(['', 'src']);
    expect(item('src').getAttribute('aria-expanded')).toBe('true');
    expect(item('lib').getAttribute('aria-level')).toBe('2');
  });

  it('moves with the arrows, opens a file with Enter, closes a folder with ←', async () => {
    const { opened } = setup();
    await screen.findByRole('treeitem', { name: 'src' });
    key(item('src'), { key: 'Enter' });
    await screen.findByRole('treeitem', { name: 'app.ts' });
    key(item('src'), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(item('lib')));
    key(item('lib'), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(item('app.ts')));
    key(item('app.ts'), { key: 'Enter' });
    expect(opened).toEqual(['src/app.ts']);
    key(item('app.ts'), { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).toBe(item('src')));
    key(item('src'), { key: 'ArrowLeft' });
    await waitFor(() => expect(screen.queryByRole('treeitem', { name: 'app.ts' })).toBeNull());
  });

  it('renames with F2 and deletes with Delete after asking', async () => {
    const { files, renamed, deleted } = setup();
    await screen.findByRole('treeitem', { name: 'README.md' });
    key(item('README.md'), { key: 'F2' });
    const input = screen.getByRole('textbox', { name: 'Rename README.md' });
    fireEvent.change(input, { target: { value: 'a/b' } });
    key(input, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toBe('A name cannot contain / or \\');
    fireEvent.change(input, { target: { value: 'NOTES.md' } });
    key(input, { key: 'Enter' });
    await screen.findByRole('treeitem', { name: 'NOTES.md' });
    expect(renamed).toEqual([['README.md', 'NOTES.md']]);

    key(item('NOTES.md'), { key: 'Delete' });
    const dialog = screen.getByRole('dialog', { name: 'Delete NOTES.md?' });
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('treeitem', { name: 'NOTES.md' })).toBeNull());
    expect(dialog.isConnected).toBe(false);
    expect(deleted).toEqual(['NOTES.md']);
    expect(files.filePaths().sort()).toEqual(['src/app.ts', 'src/lib/util.ts']);
  });

  it('offers new file, new folder, rename, delete and download in the context menu (Shift+F10)', async () => {
    const { files, opened } = setup();
    await screen.findByRole('treeitem', { name: 'src' });
    key(item('src'), { key: 'F10', shiftKey: true });
    const menu = screen.getByRole('menu', { name: 'src' });
    expect([...menu.querySelectorAll('[role="menuitem"]')].map((each) => each.textContent)).toEqual([
      'New file',
      'New folder',
      'Rename',
      'Delete',
    ]);
    fireEvent.click(screen.getByRole('menuitem', { name: 'New file' }));
    const name = await screen.findByRole('textbox', { name: 'New file name' });
    fireEvent.change(name, { target: { value: 'main.ts' } });
    key(name, { key: 'Enter' });
    await waitFor(() => expect(opened).toEqual(['src/main.ts']));
    expect(files.filePaths()).toContain('src/main.ts');

    key(item('README.md'), { key: 'ContextMenu' });
    expect(screen.getByRole('menuitem', { name: 'Download' })).toBeTruthy();
    key(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('uploads files dropped on a folder into it', async () => {
    const { files } = setup();
    await screen.findByRole('treeitem', { name: 'src' });
    const dropped = [new File(['hello'], 'notes.txt')];
    const dataTransfer = { types: ['Files'], files: dropped, dropEffect: 'none' };
    fireEvent.dragOver(item('src'), { dataTransfer });
    expect(item('src').className).toContain('tree-drop');
    await act(async () => {
      fireEvent.drop(item('src'), { dataTransfer });
    });
    await screen.findByRole('treeitem', { name: 'notes.txt' });
    expect(files.calls.find((call) => call.method === 'upload')?.args).toEqual(['src', ['notes.txt']]);
  });

  it('shows changes made elsewhere (the watch)', async () => {
    const { files } = setup();
    await screen.findByRole('treeitem', { name: 'README.md' });
    await act(() => files.write('CHANGELOG.md', '', null));
    await screen.findByRole('treeitem', { name: 'CHANGELOG.md' });
  });
});
