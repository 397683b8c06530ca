// What the session view shows about its autosave: saved / saving / unsaved, and when the session
// changed elsewhere, the choice between the other version and this one.
import type { AutosaveStatus } from './session-autosave';

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  workspace_path: 'workspace path',
  editor_state: 'open files',
  terminal_state: 'terminals',
  breakpoints: 'breakpoints',
  conversation_id: 'conversation',
  context_files: 'context files',
  memory: 'memory',
  tags: 'tags',
};

interface AutosaveIndicatorProps {
  status: AutosaveStatus;
  onReload(): void;
  onOverwrite(): void;
  onRetry(): void;
}

export function AutosaveIndicator({ status, onReload, onOverwrite, onRetry }: AutosaveIndicatorProps) {
  switch (status.state) {
    case 'saved':
      return (
        <span className="autosave autosave-saved" role="status">
          Saved
        </span>
      );
    case 'pending':
      return (
        <span className="autosave" role="status">
          Unsaved changes
        </span>
      );
    case 'saving':
      return (
        <span className="autosave" role="status">
          Saving…
        </span>
      );
    case 'failed':
      return (
        <span className="autosave autosave-failed" role="alert">
          Not saved: {status.message}
          {!status.retrying && (
            <button type="button" className="button button-quiet" onClick={onRetry}>
              Retry
            </button>
          )}
        </span>
      );
    case 'conflict':
      return (
        <div className="autosave-conflict" role="alert">
          <p>
            <strong>This session changed elsewhere.</strong> Your unsaved{' '}
            {status.fields.map((field) => FIELD_LABELS[field] ?? field).join(', ')} would replace those changes.
          </p>
          <button type="button" className="button" onClick={onReload}>
            Reload theirs
          </button>
          <button type="button" className="button button-danger" onClick={onOverwrite}>
            Overwrite with mine
          </button>
        </div>
      );
  }
}
