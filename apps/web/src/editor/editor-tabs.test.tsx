// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { TEditorState } from '@coditect/api/contract';
import { EditorTabs } from './editor-tabs';
import { NO_OPEN_FILES, activateFile, closeFile, moveFile, openFile } from './open-files';

function Harness({ dirty = [] as string[], onState }: { dirty?: string[]; onState(state: TEditorState): void }) {
  const [state, setState] = useState(
    ['src/a.ts', 'lib/a.ts', 'b.ts'].reduce((each, path) => openFile(each, path), NO_OPEN_FILES),
  );
  const update = (next: TEditorState) => {
    setState(next);
    onState(next);
  };
  return (
    <EditorTabs
      state={state}
      isDirty={(path) => dirty.includes(path)}
      onActivate={(path) => update(activateFile(state, path))}
      onClose={(path) => update(closeFile(state, path))}
      onMove={(path, index) => update(moveFile(state, path, index))}
    />
  );
}

function setup(dirty?: string[]) {
  const states: TEditorState[] = [];
  render(<Harness dirty={dirty} onState={(state) => states.push(state)} />);
  const last = () => states.at(-1)!;
  return { last };
}

describe('EditorTabs', () => {
  afterEach(cleanup);

  it('shows one tab per open file, the active one selected, same names told apart, unsaved ones marked', () => {
    setup(['b.ts']);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['a.tssrc', 'a.tslib', 'b.ts●']);
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual(['false', 'false', 'true']);
    expect(screen.getByRole('tab', { name: 'b.ts, unsaved changes' })).toBeTruthy();
    // One tab stop: the active tab.
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([-1, -1, 0]);
  });

  it('switches with the arrow keys, reorders with Ctrl+Shift+arrows, closes with Delete', () => {
    const { last } = setup();
    const tab = (name: string) => screen.getByRole('tab', { name });
    fireEvent.keyDown(tab('b.ts'), { key: 'ArrowRight' });
    expect(last().active_file).toBe('src/a.ts');
    fireEvent.keyDown(tab('src/a.ts'), { key: 'ArrowRight', ctrlKey: true, shiftKey: true });
    expect(last().open_files).toEqual(['lib/a.ts', 'src/a.ts', 'b.ts']);
    fireEvent.keyDown(tab('src/a.ts'), { key: 'End' });
    expect(last().active_file).toBe('b.ts');
    fireEvent.keyDown(tab('b.ts'), { key: 'Delete' });
    expect(last()).toMatchObject({ open_files: ['lib/a.ts', 'src/a.ts'], active_file: 'src/a.ts' });
  });

  it('closes with × and with a middle click', () => {
    const { last } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close lib/a.ts' }));
    expect(last().open_files).toEqual(['src/a.ts', 'b.ts']);
    fireEvent(screen.getByRole('tab', { name: 'src/a.ts' }), new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    expect(last().open_files).toEqual(['b.ts']);
  });
});
