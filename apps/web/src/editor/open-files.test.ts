import { describe, expect, it } from 'vitest';
import { SESSION_LIMITS } from '@coditect/api/contract';
import {
  NO_OPEN_FILES,
  activateFile,
  closeFile,
  closeFilesWithin,
  moveFile,
  neighbourFile,
  openFile,
  renameOpenFiles,
  setCursor,
} from './open-files';

const three = ['a.ts', 'b.ts', 'c.ts'].reduce((state, path) => openFile(state, path), NO_OPEN_FILES);

describe('open files (editor_state)', () => {
  it('opens right of the active tab and activates; an open file is only activated', () => {
    expect(three).toEqual({ open_files: ['a.ts', 'b.ts', 'c.ts'], active_file: 'c.ts', cursor_position: null });
    const inserted = openFile(activateFile(three, 'a.ts'), 'd.ts', { line: 3, column: 1 });
    expect(inserted).toEqual({
      open_files: ['a.ts', 'd.ts', 'b.ts', 'c.ts'],
      active_file: 'd.ts',
      cursor_position: { line: 3, column: 1 },
    });
    expect(openFile(inserted, 'b.ts').open_files).toEqual(inserted.open_files);
  });

  it('closing the active tab activates the right neighbour, or the left one at the end', () => {
    expect(closeFile(activateFile(three, 'b.ts'), 'b.ts').active_file).toBe('c.ts');
    expect(closeFile(three, 'c.ts').active_file).toBe('b.ts');
    expect(closeFile(three, 'a.ts').active_file).toBe('c.ts');
    expect(['a.ts', 'b.ts', 'c.ts'].reduce(closeFile, three)).toEqual(NO_OPEN_FILES);
  });

  it('reorders by drag (to an index) and by keyboard (one step), clamped', () => {
    expect(moveFile(three, 'c.ts', 0).open_files).toEqual(['c.ts', 'a.ts', 'b.ts']);
    expect(moveFile(three, 'a.ts', 99).open_files).toEqual(['b.ts', 'c.ts', 'a.ts']);
    expect(moveFile(three, 'a.ts', -1)).toBe(three);
  });

  it('cycles through tabs', () => {
    expect(neighbourFile(three, 1)).toBe('a.ts');
    expect(neighbourFile(three, -1)).toBe('b.ts');
    expect(neighbourFile(NO_OPEN_FILES, 1)).toBeNull();
  });

  it('keeps the cursor of the active file, unchanged when it did not move', () => {
    const moved = setCursor(three, { line: 4, column: 2 });
    expect(moved.cursor_position).toEqual({ line: 4, column: 2 });
    expect(setCursor(moved, { line: 4, column: 2 })).toBe(moved);
  });

  it('follows renames and closes what was deleted', () => {
    const state = ['src/a.ts', 'src/lib/b.ts', 'c.ts'].reduce((each, path) => openFile(each, path), NO_OPEN_FILES);
    const renamed = renameOpenFiles(activateFile(state, 'src/lib/b.ts'), 'src', 'app');
    expect(renamed.open_files).toEqual(['app/a.ts', 'app/lib/b.ts', 'c.ts']);
    expect(renamed.active_file).toBe('app/lib/b.ts');
    expect(closeFilesWithin(renamed, 'app').open_files).toEqual(['c.ts']);
  });

  it('stays within the contract’s limit of open files', () => {
    let state = NO_OPEN_FILES;
    for (let index = 0; index <= SESSION_LIMITS.openFiles; index += 1) state = openFile(state, `f${index}.ts`);
    expect(state.open_files).toHaveLength(SESSION_LIMITS.openFiles);
    expect(state.active_file).toBe(`f${SESSION_LIMITS.openFiles}.ts`);
  });
});
