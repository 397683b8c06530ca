// The side panel: the chosen view, named after it.
import { ExplorerView } from '../explorer/explorer-view';
import { SearchView } from '../search/search-view';
import { useOpenSession } from '../sessions/open-session';
import { SessionView } from '../sessions/session-view';
import { SessionsPanel } from '../sessions/sessions-panel';
import { SIDE_VIEW_LABELS, useShellLayout } from './shell-layout';

export function SidePanel({ searchFocus, newSessionRequests }: { searchFocus: number; newSessionRequests: number }) {
  const layout = useShellLayout();
  const open = useOpenSession();
  const view = layout.view;
  let body;
  if (view === 'sessions') body = <SessionsPanel newSessionRequests={newSessionRequests} />;
  else if (open.state === 'ready') {
    if (view === 'explorer') body = <ExplorerView open={open} />;
    else if (view === 'search') body = <SearchView open={open} focusRequest={searchFocus} />;
    else body = <SessionView open={open} />;
  } else if (open.state === 'none') {
    body = <p className="panel-note">Open a session to see its files: they live with the session.</p>;
  } else {
    body = (
      <p className="panel-note" aria-busy={open.state === 'loading'}>
        {open.state === 'loading' ? 'Opening the session…' : 'This session could not be opened.'}
      </p>
    );
  }
  return (
    <aside className="side-panel" aria-label={SIDE_VIEW_LABELS[view]}>
      {view !== 'sessions' && (
        <header className="panel-header">
          <h2>{SIDE_VIEW_LABELS[view]}</h2>
        </header>
      )}
      <div className="side-panel-body">{body}</div>
    </aside>
  );
}
