// The session's tabs as stored in its `editor_state` (open_files in tab order, active_file,
// cursor_position of the active file, 0-based line and column): every change a person makes to the
// tabs is one of these pure functions, so a reload or another device reopens the same tabs.
import { SESSION_LIMITS, type TEditorState } from '@coditect/api/contract';
import { isWithin } from '../workspace/workspace-files';

type CursorPosition = NonNullable<TEditorState['cursor_position']>;

export const NO_OPEN_FILES: TEditorState = { open_files: [], active_file: null, cursor_position: null };

/** Opens `path` (right of the active tab) and makes it active; an open one is only activated. */
export function openFile(state: TEditorState, path: string, cursor: CursorPosition | null = null): TEditorState {
  if (state.open_files.includes(path)) return activateFile(state, path, cursor);
  let open_files = [...state.open_files];
  // At the limit the oldest tab that is not active makes room.
  if (open_files.length >= SESSION_LIMITS.openFiles) {
    const oldest = open_files.find((each) => each !== state.active_file);
    open_files = open_files.filter((each) => each !== oldest);
  }
  const activeIndex = state.active_file ? open_files.indexOf(state.active_file) : -1;
  open_files.splice(activeIndex < 0 ? open_files.length : activeIndex + 1, 0, path);
  return { open_files, active_file: path, cursor_position: cursor };
}

export function activateFile(state: TEditorState, path: string, cursor: CursorPosition | null = null): TEditorState {
  if (!state.open_files.includes(path)) return state;
  if (state.active_file === path && cursor === null) return state;
  return { ...state, active_file: path, cursor_position: cursor };
}

/** Closes `path`; closing the active tab activates its right neighbour, or the left one at the end. */
export function closeFile(state: TEditorState, path: string): TEditorState {
  const index = state.open_files.indexOf(path);
  if (index < 0) return state;
  const open_files = state.open_files.filter((each) => each !== path);
  if (state.active_file !== path) return { ...state, open_files };
  const next = open_files[Math.min(index, open_files.length - 1)] ?? null;
  return { open_files, active_file: next, cursor_position: null };
}

export function closeOtherFiles(state: TEditorState, keep: string): TEditorState {
  if (!state.open_files.includes(keep)) return state;
  return {
    open_files: [keep],
    active_file: keep,
    cursor_position: state.active_file === keep ? state.cursor_position : null,
  };
}

/** Moves a tab to `toIndex` (clamped), as a drag or Ctrl+Shift+PageUp/PageDown does. */
export function moveFile(state: TEditorState, path: string, toIndex: number): TEditorState {
  const from = state.open_files.indexOf(path);
  if (from < 0) return state;
  const target = Math.max(0, Math.min(state.open_files.length - 1, toIndex));
  if (target === from) return state;
  const open_files = [...state.open_files];
  open_files.splice(from, 1);
  open_files.splice(target, 0, path);
  return { ...state, open_files };
}

/** The tab `step` places after (or before, when negative) the active one, wrapping around. */
export function neighbourFile(state: TEditorState, step: number): string | null {
  const count = state.open_files.length;
  if (count === 0) return null;
  const index = state.active_file ? state.open_files.indexOf(state.active_file) : 0;
  return state.open_files[(((index + step) % count) + count) % count] ?? null;
}

export function setCursor(state: TEditorState, cursor: CursorPosition): TEditorState {
  const current = state.cursor_position;
  if (current && current.line === cursor.line && current.column === cursor.column) return state;
  return { ...state, cursor_position: cursor };
}

/** After a rename or move in the Explorer: open tabs under `from` follow to `to`. */
export function renameOpenFiles(state: TEditorState, from: string, to: string): TEditorState {
  if (!state.open_files.some((path) => isWithin(path, from))) return state;
  const rename = (path: string) => (isWithin(path, from) ? to + path.slice(from.length) : path);
  return {
    ...state,
    open_files: state.open_files.map(rename),
    active_file: state.active_file === null ? null : rename(state.active_file),
  };
}

/** After a delete in the Explorer: tabs of what is gone close. */
export function closeFilesWithin(state: TEditorState, dir: string): TEditorState {
  return state.open_files.filter((path) => isWithin(path, dir)).reduce(closeFile, state);
}
