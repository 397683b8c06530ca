// Open files as tabs with the active one, and the cursor position in it.
import { SESSION_LIMITS, ZCursorPosition, ZPath, type TEditorState } from '@coditect/api/contract';
import { StringListEditor } from './string-list-editor';

export function EditorStateCard({ state, onChange }: { state: TEditorState; onChange(state: TEditorState): void }) {
  const cursor = state.cursor_position;
  const setCursor = (field: 'line' | 'column', text: string) => {
    const next = { line: cursor?.line ?? 0, column: cursor?.column ?? 0, [field]: Number(text) };
    if (text !== '' && ZCursorPosition.safeParse(next).success) onChange({ ...state, cursor_position: next });
  };
  return (
    <section className="card" aria-labelledby="open-files-heading">
      <h2 id="open-files-heading">Open files</h2>
      <StringListEditor
        label="Open files"
        items={state.open_files}
        schema={ZPath}
        maxItems={SESSION_LIMITS.openFiles}
        placeholder="src/index.ts"
        active={state.active_file}
        onActivate={(file) => onChange({ ...state, active_file: file })}
        onChange={(open_files) =>
          onChange({
            ...state,
            open_files,
            // Closing the active tab leaves the last remaining one active.
            active_file:
              state.active_file && open_files.includes(state.active_file) ? state.active_file : (open_files.at(-1) ?? null),
          })
        }
      />
      <div className="cursor-fields" role="group" aria-label="Cursor position">
        <label>
          Line
          <input type="number" min={0} value={cursor?.line ?? 0} onChange={(event) => setCursor('line', event.target.value)} />
        </label>
        <label>
          Column
          <input
            type="number"
            min={0}
            value={cursor?.column ?? 0}
            onChange={(event) => setCursor('column', event.target.value)}
          />
        </label>
      </div>
    </section>
  );
}
