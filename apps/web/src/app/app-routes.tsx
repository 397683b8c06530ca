import { Redirect, Route, Switch } from 'wouter';
import { ZSettingCategory } from '@coditect/api/contract';
import { AuditPage } from '../audit/audit-page';
import { useAuth } from '../auth/auth-provider';
import { SignInPage } from '../auth/sign-in-page';
import { SignUpPage } from '../auth/sign-up-page';
import { ProfilePage } from '../profile/profile-page';
import { SessionPage } from '../sessions/session-page';
import { SettingsPage } from '../settings/settings-page';
import { DefaultAppearance, SettingsProvider } from '../settings/settings-provider';
import { IdeShell } from '../shell/ide-shell';
import { WelcomePage } from '../workspace/welcome-page';

export function AppRoutes() {
  const auth = useAuth();
  if (!auth.signedIn || !auth.userId) {
    // Signed out, the sign-in page shows at whatever address was asked for, so signing in
    // lands there (a reload of /profile after the session ended comes back to /profile).
    return (
      <>
        <DefaultAppearance />
        <Switch>
          <Route path="/sign-up" component={SignUpPage} />
          <Route component={SignInPage} />
        </Switch>
      </>
    );
  }
  return (
    <SettingsProvider key={auth.userId} userId={auth.userId}>
      <IdeShell>
        <Switch>
          <Route path="/" component={WelcomePage} />
          <Route path="/profile" component={ProfilePage} />
          <Route path="/audit" component={AuditPage} />
          <Route path="/sessions/:id">{(params) => <SessionPage sessionId={params.id} />}</Route>
          <Route path="/settings/:category?">
            {(params) => {
              const category = ZSettingCategory.safeParse(params.category);
              return category.success ? <SettingsPage category={category.data} /> : <Redirect to="/settings/editor" replace />;
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
