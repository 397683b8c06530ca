// The IDE frame: title bar, activity bar, side panel, the main area with the bottom panel under
// it, the AI chat or the Agent panel, the status bar, and the palettes. Every region has a fixed track in one CSS
// grid, so loading content or a save starting never moves the others. On a phone the side panel
// (with the activity bar) and the chat are drawers over the main area.
import { useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../api/trpc';
import { PaletteHost } from '../palette/palette-host';
import { AutosaveIndicator } from '../sessions/autosave-indicator';
import { TenantNoticeBanner } from '../organisations/tenant-notice-banner';
import { VerifyEmailBanner } from '../profile/verify-email-banner';
import { useOpenSession } from '../sessions/open-session';
import { ActivityBar } from './activity-bar';
import { AssistantArea } from './assistant-area';
import { useAppCommands, type Palette } from './app-commands';
import { BottomPanel } from './bottom-panel';
import { useShellLayout } from './shell-layout';
import { SidePanel } from './side-panel';
import { StatusBar } from './status-bar';
import { TitleBar } from './title-bar';

export function IdeShell({ children }: { children: ReactNode }) {
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  const layout = useShellLayout();
  const open = useOpenSession();
  const [location] = useLocation();
  const [palette, setPalette] = useState<Palette>(null);
  const [searchFocus, setSearchFocus] = useState(0);
  const [newSessionRequests, setNewSessionRequests] = useState(0);
  useAppCommands({
    openPalette: setPalette,
    focusSearch: () => setSearchFocus((count) => count + 1),
    newSession: () => {
      layout.showView('sessions');
      setNewSessionRequests((count) => count + 1);
    },
  });

  // Following a link closes the drawer it was in.
  const { closeDrawer } = layout;
  useEffect(() => closeDrawer(), [location, closeDrawer]);

  const sessionId = open.state === 'none' ? null : open.sessionId;
  const sideShown = layout.narrow ? layout.drawer === 'side' : layout.sideVisible;
  const ready = open.state === 'ready' ? open : null;
  // Someone else's shared session has no chat, agent or terminals here: they stay its owner's.
  const othersSession = ready !== null && !ready.access.owned;
  const chatShown = sessionId !== null && !othersSession && (layout.chatDocked ? layout.chatVisible : layout.drawer === 'chat');

  return (
    <div
      className="ide"
      data-side={sideShown ? 'shown' : 'hidden'}
      data-chat={chatShown ? (layout.chatDocked ? 'docked' : 'drawer') : 'hidden'}
      data-drawer={layout.drawer ?? undefined}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && layout.drawer && !event.defaultPrevented) layout.closeDrawer();
      }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TitleBar />
      <div className="side-area" inert={layout.narrow && !sideShown}>
        <ActivityBar />
        {/* A phone's drawer keeps its view (the open folders) while closed. */}
        {(sideShown || layout.narrow) && <SidePanel searchFocus={searchFocus} newSessionRequests={newSessionRequests} />}
      </div>
      <div className="main-column">
        <TenantNoticeBanner />
        <VerifyEmailBanner profile={me.data} />
        <main id="main" className="main-area" tabIndex={-1}>
          {children}
        </main>
        {layout.bottomVisible && !othersSession && <BottomPanel onClose={layout.toggleBottom} />}
      </div>
      {sessionId && !othersSession && (
        <div className="chat-area" inert={!chatShown} data-testid="chat-area">
          <AssistantArea key={sessionId} sessionId={sessionId} />
        </div>
      )}
      {layout.drawer && <div className="drawer-backdrop" aria-hidden="true" onClick={layout.closeDrawer} />}
      <StatusBar profile={me.data} />
      {ready?.autosaveStatus.state === 'conflict' && (
        <div className="toast-area">
          <AutosaveIndicator
            status={ready.autosaveStatus}
            onReload={() => void ready.autosave.resolveConflict('reload')}
            onOverwrite={() => void ready.autosave.resolveConflict('overwrite')}
            onRetry={() => ready.autosave.retry()}
          />
        </div>
      )}
      <PaletteHost palette={palette} onClose={() => setPalette(null)} />
    </div>
  );
}
