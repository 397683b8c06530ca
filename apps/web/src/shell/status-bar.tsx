// The status bar: the server's health (health.check, polled), the live channel's state, whether the
// open session is saved (or whose it is), who else follows it, where the cursor is and in which language, the files source, and who is
// signed in. Each item keeps its place whatever it says.
import type { TUserProfile } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { LANGUAGE_NAMES, languageOfFile } from '../editor/language-of-file';
import { LiveStatus } from '../live/live-status';
import { AutosaveIndicator } from '../sessions/autosave-indicator';
import { useReadySession } from '../sessions/open-session';
import { SessionPresence } from '../sessions/session-presence';

const HEALTH_POLL_MS = 30_000;

export function StatusBar({ profile }: { profile: TUserProfile | undefined }) {
  const health = trpc.health.check.useQuery(undefined, { refetchInterval: HEALTH_POLL_MS, retry: false });
  const connection = health.isPending ? 'checking' : health.isError ? 'offline' : 'online';
  const open = useReadySession();
  const editor = open?.session.editor_state;
  const cursor = editor?.cursor_position;
  return (
    <footer className="status-bar">
      <span className={`status-item status-${connection}`} role="status">
        <span className="status-dot" aria-hidden="true" />
        <span className="status-connection-text">
          {connection === 'checking' && 'Connecting…'}
          {connection === 'offline' && 'Server unreachable'}
          {connection === 'online' && `Connected · API ${health.data?.version ?? ''}`}
        </span>
      </span>
      <LiveStatus />
      {open && !open.access.owned && (
        <span className="status-item status-save" data-testid="session-save-status">
          <span className="status-label">Session:</span>
          <span className="autosave">{open.access.mayWriteFiles ? 'Shared · files editable' : 'Shared · read only'}</span>
        </span>
      )}
      {open?.access.owned && (
        <span className="status-item status-save" data-testid="session-save-status">
          <span className="status-label">Session:</span>
          {open.autosaveStatus.state === 'conflict' ? (
            <span className="autosave autosave-failed">Changed elsewhere</span>
          ) : (
            <AutosaveIndicator
              status={open.autosaveStatus}
              onReload={() => {}}
              onOverwrite={() => {}}
              onRetry={() => open.autosave.retry()}
            />
          )}
        </span>
      )}
      {open && <SessionPresence users={open.presence} meId={profile?.user_id} />}
      <span className="status-spacer" />
      {editor?.active_file && (
        <>
          <span className="status-item status-cursor">{`Ln ${(cursor?.line ?? 0) + 1}, Col ${(cursor?.column ?? 0) + 1}`}</span>
          <span className="status-item status-language">{LANGUAGE_NAMES[languageOfFile(editor.active_file)]}</span>
        </>
      )}
      <span className="status-item status-user">{profile ? `${profile.email} · ${profile.role}` : ''}</span>
    </footer>
  );
}
