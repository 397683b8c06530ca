// The IDE frame: title bar, activity bar, sidebar, main area, status bar. Every region has a fixed
// track in one CSS grid, so loading content never moves the others.
import type { ReactNode } from 'react';
import { trpc } from '../api/trpc';
import { SessionsPanel } from '../sessions/sessions-panel';
import { ActivityBar } from './activity-bar';
import { CoditectLogo } from './icons';
import { StatusBar } from './status-bar';
import { useShortcuts } from './use-shortcuts';

export function IdeShell({ children }: { children: ReactNode }) {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  useShortcuts();
  return (
    <div className="ide">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="title-bar">
        <span className="brand">
          <CoditectLogo />
          Coditect
        </span>
        <span className="title-bar-user" data-testid="signed-in-user">
          {me.data ? me.data.full_name : <span className="skeleton skeleton-text skeleton-short" />}
        </span>
      </header>
      <ActivityBar />
      <aside className="side-bar" aria-label="Explorer">
        <SessionsPanel />
      </aside>
      <main id="main" className="main-area" tabIndex={-1}>
        {children}
      </main>
      <StatusBar profile={me.data} />
    </div>
  );
}
