import type { TUserProfile } from '@coditect/api/contract';
import { trpc } from '../api/trpc';

const HEALTH_POLL_MS = 30_000;

/** The server's health (health.check, polled) and who is signed in. */
export function StatusBar({ profile }: { profile: TUserProfile | undefined }) {
  const health = trpc.health.check.useQuery(undefined, { refetchInterval: HEALTH_POLL_MS, retry: false });
  const connection = health.isPending ? 'checking' : health.isError ? 'offline' : 'online';
  return (
    <footer className="status-bar">
      <span className={`status-item status-${connection}`} role="status">
        <span className="status-dot" aria-hidden="true" />
        {connection === 'checking' && 'Connecting…'}
        {connection === 'offline' && 'Server unreachable'}
        {connection === 'online' && `Connected · API ${health.data?.version ?? ''}`}
      </span>
      <span className="status-item status-user">{profile ? `${profile.email} · ${profile.role}` : ''}</span>
    </footer>
  );
}
