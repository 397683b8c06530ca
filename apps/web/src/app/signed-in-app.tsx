// Everything a signed-in person gets, loaded after signing in (a chunk of its own: the sign-in
// page does not carry the IDE): settings, the files source, the live channel, the open session, the
// frame, the pages.
import { Redirect, Route, Switch } from 'wouter';
import { ZSettingCategory } from '@coditect/api/contract';
import { AuditPage } from '../audit/audit-page';
import { CommandsProvider } from '../commands/command-registry';
import { EditorArea } from '../editor/editor-area';
import { LiveChannelProvider } from '../live/live-channel-provider';
import { ProfilePage } from '../profile/profile-page';
import { OpenSessionProvider } from '../sessions/open-session';
import { SettingsPage } from '../settings/settings-page';
import { SettingsProvider } from '../settings/settings-provider';
import { IdeShell } from '../shell/ide-shell';
import { ShellLayoutProvider } from '../shell/shell-layout';
import { WelcomePage } from '../workspace/welcome-page';
import { FilesSourceProvider } from '../workspace/workspace-files-source';

export default function SignedInApp({ userId }: { userId: string }) {
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
                      <Redirect to="/" replace />
                    </Route>
                    <Route path="/sign-up">
                      <Redirect to="/" replace />
                    </Route>
                    <Route>
                      <NotFound />
                    </Route>
                  </Switch>
                </IdeShell>
              </OpenSessionProvider>
            </LiveChannelProvider>
          </ShellLayoutProvider>
        </CommandsProvider>
      </FilesSourceProvider>
    </SettingsProvider>
  );
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
