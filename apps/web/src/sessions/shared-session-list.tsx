// The Sessions panel's "Shared with the organisation": the sessions members shared (sessions.shared),
// others' with their owner's name and the access they give; the caller's own are marked.
import { Link } from 'wouter';
import type { TSharedSession } from '@coditect/api/contract';
import { formatRelativeTime } from '../format/relative-time';
import { sessionPath } from './session-list';

export interface SharedSessionListProps {
  /** undefined while loading. */
  sessions: readonly TSharedSession[] | undefined;
  activeSessionId?: string | null;
  now?: number;
}

export function SharedSessionList({ sessions, activeSessionId, now }: SharedSessionListProps) {
  return (
    <section className="shared-sessions" aria-labelledby="shared-sessions-heading">
      <h3 id="shared-sessions-heading" className="panel-subheading">
        Shared with the organisation
      </h3>
      {sessions === undefined ? (
        <ul className="session-list" aria-busy="true" aria-label="Loading shared sessions">
          <li className="session-row session-row-skeleton">
            <span className="skeleton skeleton-text" />
            <span className="skeleton skeleton-text skeleton-short" />
          </li>
        </ul>
      ) : sessions.length === 0 ? (
        <p className="panel-note muted">Nobody has shared a session yet.</p>
      ) : (
        <ul className="session-list" aria-label="Shared sessions">
          {sessions.map((session) => (
            <li key={session.session_id}>
              <Link
                href={sessionPath(session.session_id)}
                className="session-row"
                aria-current={session.session_id === activeSessionId ? 'page' : undefined}
              >
                <span className="session-name">
                  {session.name}
                  <span className="session-badge">{session.sharing === 'write' ? 'read & write' : 'read'}</span>
                </span>
                <span className="session-meta">
                  <span className="session-owner">{session.owner.you ? 'You' : session.owner.full_name}</span>
                  <time dateTime={session.updated_at}>{formatRelativeTime(session.updated_at, now)}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
