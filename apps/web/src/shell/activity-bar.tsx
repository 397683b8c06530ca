import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { AuditIcon, ProfileIcon, SettingsIcon, SignOutIcon, WorkspaceIcon } from './icons';

function ActivityLink({ href, label, active, children }: { href: string; label: string; active: boolean; children: ReactNode }) {
  return (
    <Link href={href} className="activity-item" aria-label={label} title={label} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

export function ActivityBar() {
  const [location] = useLocation();
  const auth = useAuth();
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  return (
    <nav className="activity-bar" aria-label="Sections">
      <ActivityLink href="/" label="Workspace" active={location === '/' || location.startsWith('/sessions')}>
        <WorkspaceIcon />
      </ActivityLink>
      <ActivityLink href="/settings" label="Settings (Ctrl+,)" active={location.startsWith('/settings')}>
        <SettingsIcon />
      </ActivityLink>
      <ActivityLink href="/profile" label="Profile" active={location === '/profile'}>
        <ProfileIcon />
      </ActivityLink>
      {me.data?.role === 'Admin' && (
        <ActivityLink href="/audit" label="Audit trail" active={location === '/audit'}>
          <AuditIcon />
        </ActivityLink>
      )}
      <button
        type="button"
        className="activity-item activity-bottom"
        aria-label="Sign out"
        title="Sign out"
        onClick={() => void auth.signOut()}
      >
        <SignOutIcon />
      </button>
    </nav>
  );
}
