// The activity bar: the side panel's views (Explorer, Search, Sessions, the open Session), the AI
// chat, then the pages (Settings, Profile, an organisation's Members, Audit trail) and signing out.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { apiContract, roleMayCall } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { useTenants } from '../organisations/use-tenants';
import { useOpenSession } from '../sessions/open-session';
import {
  AuditIcon,
  ChatIcon,
  FilesIcon,
  MembersIcon,
  ProfileIcon,
  SearchIcon,
  SessionIcon,
  SessionsIcon,
  SettingsIcon,
  SignOutIcon,
} from './icons';
import { SIDE_VIEW_LABELS, useShellLayout, type SideView } from './shell-layout';

const VIEW_ICONS: Record<SideView, () => ReactNode> = {
  explorer: FilesIcon,
  search: SearchIcon,
  sessions: SessionsIcon,
  session: SessionIcon,
};
const VIEW_SHORTCUTS: Partial<Record<SideView, string>> = { explorer: 'Ctrl+Shift+E', search: 'Ctrl+Shift+F' };

function PageLink({ href, label, active, children }: { href: string; label: string; active: boolean; children: ReactNode }) {
  const layout = useShellLayout();
  return (
    <Link
      href={href}
      className="activity-item"
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      onClick={layout.closeDrawer}
    >
      {children}
    </Link>
  );
}

export function ActivityBar() {
  const [location] = useLocation();
  const auth = useAuth();
  const layout = useShellLayout();
  const open = useOpenSession();
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  const { active } = useTenants();
  const mayAudit = me.data !== undefined && roleMayCall(me.data.role, apiContract.audit.list);
  const sideShown = layout.narrow ? layout.drawer === 'side' : layout.sideVisible;
  const views: SideView[] =
    open.state === 'none' ? ['explorer', 'search', 'sessions'] : ['explorer', 'search', 'sessions', 'session'];
  const chatShown = layout.chatDocked ? layout.chatVisible : layout.drawer === 'chat';
  // Someone else's shared session has no chat or terminals here.
  const ownSession = open.state !== 'none' && !(open.state === 'ready' && !open.access.owned);

  return (
    <nav className="activity-bar" aria-label="Views">
      {views.map((view) => {
        const ViewIcon = VIEW_ICONS[view];
        const shortcut = VIEW_SHORTCUTS[view];
        return (
          <button
            key={view}
            type="button"
            className="activity-item"
            aria-label={SIDE_VIEW_LABELS[view]}
            title={shortcut ? `${SIDE_VIEW_LABELS[view]} (${shortcut})` : SIDE_VIEW_LABELS[view]}
            aria-pressed={sideShown && layout.view === view}
            onClick={() => layout.showView(view, { toggle: true })}
          >
            <ViewIcon />
          </button>
        );
      })}
      {/* On a phone the title bar carries the chat's button. */}
      {ownSession && !layout.narrow && (
        <button
          type="button"
          className="activity-item"
          aria-label="AI chat"
          title="AI chat (Ctrl+Alt+I)"
          aria-pressed={chatShown}
          onClick={layout.toggleChat}
        >
          <ChatIcon />
        </button>
      )}
      <span className="activity-spacer" />
      <PageLink href="/settings" label="Settings (Ctrl+,)" active={location.startsWith('/settings')}>
        <SettingsIcon />
      </PageLink>
      <PageLink href="/profile" label="Profile" active={location === '/profile'}>
        <ProfileIcon />
      </PageLink>
      {active?.kind === 'organisation' && (
        <PageLink href="/members" label="Members" active={location === '/members'}>
          <MembersIcon />
        </PageLink>
      )}
      {mayAudit && (
        <PageLink href="/audit" label="Audit trail" active={location === '/audit'}>
          <AuditIcon />
        </PageLink>
      )}
      <button type="button" className="activity-item" aria-label="Sign out" title="Sign out" onClick={() => void auth.signOut()}>
        <SignOutIcon />
      </button>
    </nav>
  );
}
