// The title bar: on a phone the side panel's button; the session and file being worked on (also
// the page title); the organisation worked in (its switcher); the AI chat's button; who is signed in. Every part has a fixed place, so
// nothing here moves when a save starts or ends.
import { useEffect } from 'react';
import { trpc } from '../api/trpc';
import { OrganisationSwitcher } from '../organisations/organisation-switcher';
import { useOpenSession } from '../sessions/open-session';
import { baseName } from '../workspace/workspace-files';
import { ChatIcon, CoditectLogo, MenuIcon, PanelIcon } from './icons';
import { useShellLayout } from './shell-layout';

/** "app.ts — kernel work — Coditect": the file, the session, the app. */
export function windowTitle(sessionName: string | null, activeFile: string | null): string {
  return [activeFile && baseName(activeFile), sessionName, 'Coditect'].filter(Boolean).join(' — ');
}

export function TitleBar() {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  const layout = useShellLayout();
  const open = useOpenSession();
  const session = open.state === 'ready' ? open.session : null;
  const activeFile = session?.editor_state.active_file ?? null;
  const title = windowTitle(session?.name ?? null, activeFile);
  useEffect(() => {
    document.title = title;
  }, [title]);
  const chatShown = layout.chatDocked ? layout.chatVisible : layout.drawer === 'chat';
  // Someone else's shared session has no chat or terminals here.
  const ownSession = open.state !== 'none' && !(open.state === 'ready' && !open.access.owned);

  return (
    <header className="title-bar">
      <button
        type="button"
        className="title-bar-button title-bar-menu"
        aria-label="Side panel"
        aria-expanded={layout.drawer === 'side'}
        onClick={layout.toggleSide}
      >
        <MenuIcon />
      </button>
      <span className="brand">
        <CoditectLogo />
        <span className="brand-name">Coditect</span>
      </span>
      <span className="title-bar-title" data-testid="window-title" title={activeFile ?? undefined}>
        {session && <span className="title-bar-session">{session.name}</span>}
        {session && activeFile && (
          <span className="title-bar-separator title-bar-session" aria-hidden="true">
            ›
          </span>
        )}
        {activeFile && <span className="title-bar-file">{activeFile}</span>}
      </span>
      <OrganisationSwitcher />
      <span className="title-bar-user" data-testid="signed-in-user">
        {me.data ? me.data.full_name : <span className="skeleton skeleton-text skeleton-short" />}
      </span>
      {ownSession && (
        <button
          type="button"
          className="title-bar-button title-bar-terminal"
          aria-label="Terminal"
          aria-pressed={layout.bottomVisible}
          title="Terminal (Ctrl+`)"
          onClick={layout.toggleBottom}
        >
          <PanelIcon />
        </button>
      )}
      {ownSession && (
        <button
          type="button"
          className="title-bar-button title-bar-chat"
          aria-label="AI chat"
          aria-pressed={chatShown}
          title="AI chat (Ctrl+Alt+I)"
          onClick={layout.toggleChat}
        >
          <ChatIcon />
        </button>
      )}
    </header>
  );
}
