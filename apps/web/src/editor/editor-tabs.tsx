// The open files as tabs, in the session's order: click or arrow keys to switch, × or a middle
// click (or Delete on the focused tab) to close, drag or Ctrl+Shift+←/→ to reorder. An unsaved
// file's tab shows a dot; closing it asks first (the caller decides how).
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { TEditorState } from '@coditect/api/contract';
import { baseName, parentOf } from '../workspace/workspace-files';

export interface EditorTabsProps {
  state: TEditorState;
  isDirty(path: string): boolean;
  onActivate(path: string): void;
  onClose(path: string): void;
  onMove(path: string, toIndex: number): void;
}

const TAB_TYPE = 'application/x-coditect-tab';

/** Two open files with one name are told apart by their folder. */
function tabLabels(paths: readonly string[]): Map<string, { name: string; hint: string | null }> {
  const counts = new Map<string, number>();
  for (const path of paths) counts.set(baseName(path), (counts.get(baseName(path)) ?? 0) + 1);
  return new Map(
    paths.map((path) => [path, { name: baseName(path), hint: (counts.get(baseName(path)) ?? 0) > 1 ? parentOf(path) : null }]),
  );
}

export function EditorTabs({ state, isDirty, onActivate, onClose, onMove }: EditorTabsProps) {
  const list = useRef<HTMLDivElement>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const labels = tabLabels(state.open_files);

  const focusTab = (path: string) =>
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLElement>(`[role="tab"][data-path="${CSS.escape(path)}"]`)?.focus(),
    );

  const onKeyDown = (event: KeyboardEvent, path: string, index: number) => {
    const count = state.open_files.length;
    const reorder = (event.ctrlKey || event.metaKey) && event.shiftKey;
    let target: string | undefined;
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const step = event.key === 'ArrowLeft' ? -1 : 1;
        if (reorder) {
          onMove(path, index + step);
          focusTab(path);
        } else target = state.open_files[(index + step + count) % count];
        break;
      }
      case 'Home':
        target = state.open_files[0];
        break;
      case 'End':
        target = state.open_files[count - 1];
        break;
      case 'Delete':
        onClose(path);
        target = undefined;
        break;
      default:
        return;
    }
    event.preventDefault();
    if (target) {
      onActivate(target);
      focusTab(target);
    }
  };

  const dropAt = (event: DragEvent, index: number) => {
    const path = event.dataTransfer.getData(TAB_TYPE);
    setDropIndex(null);
    if (!path) return;
    event.preventDefault();
    const from = state.open_files.indexOf(path);
    onMove(path, from < index ? index - 1 : index);
  };

  return (
    <div ref={list} className="editor-tabs" role="tablist" aria-label="Open files" onDragLeave={() => setDropIndex(null)}>
      {state.open_files.map((path, index) => {
        const active = path === state.active_file;
        const dirty = isDirty(path);
        const label = labels.get(path)!;
        return (
          <div
            key={path}
            className={`editor-tab${active ? ' editor-tab-active' : ''}${dropIndex === index ? ' editor-tab-drop' : ''}`}
            role="presentation"
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(TAB_TYPE, path);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes(TAB_TYPE)) return;
              event.preventDefault();
              const box = event.currentTarget.getBoundingClientRect();
              setDropIndex(event.clientX < box.left + box.width / 2 ? index : index + 1);
            }}
            onDrop={(event) => dropAt(event, dropIndex ?? index)}
            onAuxClick={(event) => {
              if (event.button === 1) {
                event.preventDefault();
                onClose(path);
              }
            }}
            onMouseDown={(event) => {
              // A middle click would otherwise start autoscrolling.
              if (event.button === 1) event.preventDefault();
            }}
          >
            <button
              type="button"
              role="tab"
              data-path={path}
              className="editor-tab-label"
              aria-selected={active}
              aria-label={dirty ? `${path}, unsaved changes` : path}
              title={path}
              tabIndex={active || (state.active_file === null && index === 0) ? 0 : -1}
              onClick={() => onActivate(path)}
              onKeyDown={(event) => onKeyDown(event, path, index)}
            >
              <span className="editor-tab-name">{label.name}</span>
              {label.hint && <span className="editor-tab-hint">{label.hint}</span>}
              {dirty && (
                <span className="editor-tab-dirty" aria-hidden="true">
                  ●
                </span>
              )}
            </button>
            <button
              type="button"
              className="editor-tab-close"
              aria-label={`Close ${path}`}
              title="Close (Alt+W)"
              tabIndex={-1}
              onClick={() => onClose(path)}
            >
              ×
            </button>
          </div>
        );
      })}
      <div
        className={`editor-tabs-end${dropIndex === state.open_files.length ? ' editor-tab-drop' : ''}`}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes(TAB_TYPE)) return;
          event.preventDefault();
          setDropIndex(state.open_files.length);
        }}
        onDrop={(event) => dropAt(event, state.open_files.length)}
      />
    </div>
  );
}
