// Everything a signed-in person gets, loaded after signing in (a chunk of its own: the sign-in
// page does not carry the IDE): settings, the files source, the live channel, the open session, the
// frame, the pages.
import { useEffect, useRef, useState } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { ZSettingCategory } from '@coditect/api/contract';
import { AuditPage } from '../audit/audit-page';
import { CommandsProvider } from '../commands/command-registry';
import { EditorArea } from '../editor/editor-area';
import { forgetReturnTo, readReturnTo } from '../auth/return-to';
import { LiveChannelProvider } from '../live/live-channel-provider';
import { MembersPage } from '../organisations/members-page';
import { ProfilePage } from '../profile/profile-page';
import { OpenSessionProvider } from '../sessions/open-session';
import { SettingsPage } from '../settings/settings-page';
import { SettingsProvider } from '../settings/settings-provider';
import { IdeShell } from '../shell/ide-shell';
import { ShellLayoutProvider, useShellLayout } from '../shell/shell-layout';
import { WelcomePage } from '../workspace/welcome-page';
import { FilesSourceProvider } from '../workspace/workspace-files-source';

/** `showSessions`: the IDE starts after a switch to another tenant, at its list of sessions. */
export default function SignedInApp({ userId, showSessions = false }: { userId: string; showSessions?: boolean }) {
  return (
    <SettingsProvider key={userId} userId={userId}>
      <FilesSourceProvider>
        <CommandsProvider>
          <ShellLayoutProvider>
            <LiveChannelProvider>
              <OpenSessionProvider>
                <IdeShell>
                  <Switch>
                    <Route path="/" component={WelcomePage} />
                    <Route path="/profile" component={ProfilePage} />
                    <Route path="/audit" component={AuditPage} />
                    <Route path="/members" component={MembersPage} />
                    <Route path="/sessions/:id" component={EditorArea} />
                    <Route path="/settings/:category?">
                      {(params) => {
                        const category = ZSettingCategory.safeParse(params.category);
                        return category.success ? (
                          <SettingsPage category={category.data} />
                        ) : (
                          <Redirect to="/settings/editor" replace />
                        );
                      }}
                    </Route>
                    <Route path="/sign-in">
                      <AfterSignIn />
                    </Route>
                    <Route path="/sign-up">
                      <AfterSignIn />
                    </Route>
                    <Route>
                      <NotFound />
                    </Route>
                  </Switch>
                </IdeShell>
                {showSessions && <ShowSessionsView />}
              </OpenSessionProvider>
            </LiveChannelProvider>
          </ShellLayoutProvider>
        </CommandsProvider>
      </FilesSourceProvider>
    </SettingsProvider>
  );
}

/** Shows the Sessions view once (after the shell's own first effects, which close a phone's drawer). */
function ShowSessionsView() {
  const { showView } = useShellLayout();
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current) return;
    shown.current = true;
    showView('sessions');
  }, [showView]);
  return null;
}

/** Signed in at the sign-in or sign-up page: on to where the sign-in was asked for (an invitation), else the start. */
function AfterSignIn() {
  const [to] = useState(() => readReturnTo() ?? '/');
  useEffect(() => forgetReturnTo(), []);
  return <Redirect to={to} replace />;
}

function NotFound() {
  return (
    <div className="page">
      <header className="page-header">
        <h1>Nothing here</h1>
        <p className="page-lede">This address does not match a page of the IDE.</p>
      </header>
    </div>
  );
}
