// Whether the settings on screen are the ones kept on the server.
import type { SettingsSyncStatus } from './server-settings-store';

export function SettingsSyncIndicator({ status, onRetry }: { status: SettingsSyncStatus; onRetry(): void }) {
  switch (status.state) {
    case 'loading':
      return (
        <span className="autosave" role="status">
          Loading your settings…
        </span>
      );
    case 'saving':
      return (
        <span className="autosave" role="status">
          Saving…
        </span>
      );
    case 'saved':
      return (
        <span className="autosave autosave-saved" role="status">
          Saved to your account
        </span>
      );
    case 'failed':
      return (
        <span className="autosave autosave-failed" role="alert">
          {status.during === 'save' ? 'Not saved' : 'Showing the settings last seen in this browser'}: {status.message}
          <button type="button" className="button button-quiet" onClick={onRetry}>
            Retry
          </button>
        </span>
      );
  }
}
