// The sidebar's list of workspace sessions (sessions.list pages, newest first), ready for the
// infinite query: loading rows of the final height, an empty state, "Load more".
import { Link } from 'wouter';
import type { TSessionSummary } from '@coditect/api/contract';
import { formatRelativeTime } from '../format/relative-time';

export interface SessionListProps {
  /** undefined while the first page loads. */
  sessions: readonly TSessionSummary[] | undefined;
  activeSessionId?: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  now?: number;
}

export const SESSION_SKELETON_ROWS = 6;

export function sessionPath(sessionId: string): string {
  return `/sessions/${sessionId}`;
}

export function SessionList({ sessions, activeSessionId, hasMore, loadingMore, onLoadMore, now }: SessionListProps) {
  if (sessions === undefined) {
    return (
      <ul className="session-list" aria-busy="true" aria-label="Loading sessions">
        {Array.from({ length: SESSION_SKELETON_ROWS }, (_, index) => (
          <li key={index} className="session-row session-row-skeleton">
            <span className="skeleton skeleton-text" />
            <span className="skeleton skeleton-text skeleton-short" />
          </li>
        ))}
      </ul>
    );
  }
  if (sessions.length === 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">No sessions yet</p>
        <p>A session keeps your open files, terminals, breakpoints and notes together.</p>
      </div>
    );
  }
  return (
    <>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.session_id}>
            <Link
              href={sessionPath(session.session_id)}
              className="session-row"
              aria-current={session.session_id === activeSessionId ? 'page' : undefined}
            >
              <span className="session-name">
                {session.name}
                {session.parent_session_id && <span className="session-badge">fork</span>}
              </span>
              <span className="session-meta">
                {session.tags.length > 0 && <span className="session-tags">{session.tags.join(' · ')}</span>}
                <time dateTime={session.updated_at}>{formatRelativeTime(session.updated_at, now)}</time>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {hasMore && (
        <button type="button" className="button button-quiet button-wide" onClick={onLoadMore} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
