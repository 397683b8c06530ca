import { lazy, Suspense, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useAuth } from '../auth/auth-provider';
import { SignInPage } from '../auth/sign-in-page';
import { SignUpPage } from '../auth/sign-up-page';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from '../auth/email-link-pages';
import { OAuthCallbackPage } from '../auth/oauth-callback-page';
import { InvitationAcceptPage } from '../organisations/invitation-accept-page';
import { DefaultAppearance } from '../settings/default-appearance';

// The IDE is a chunk of its own, fetched once someone is signed in: the sign-in page stays small.
const SignedInApp = lazy(() => import('./signed-in-app'));

/**
 * Pages that work signed in or out: those mailed links open (a mail is often read in another
 * browser), and where sign-in providers send the browser back.
 */
const PUBLIC_PAGES = [
  ['/sign-in/callback', OAuthCallbackPage],
  ['/verify-email', VerifyEmailPage],
  ['/reset-password', ResetPasswordPage],
  ['/forgot-password', ForgotPasswordPage],
  ['/invitations/accept', InvitationAcceptPage],
] as const;

export function AppRoutes() {
  return (
    <Switch>
      {PUBLIC_PAGES.map(([path, Page]) => (
        <Route key={path} path={path}>
          <DefaultAppearance />
          <Page />
        </Route>
      ))}
      <Route>
        <SignedInOrOut />
      </Route>
    </Switch>
  );
}

function SignedInOrOut() {
  const auth = useAuth();
  const [location] = useLocation();
  // A switch to another tenant (here, in another tab, or after a membership ended) starts the IDE
  // afresh at its start page: nothing of the tenant left — its open session, its live channel —
  // may show or keep running, nor a page of the old tenant's address load in the new one.
  const [shownTenant, setShownTenant] = useState(auth.tenantId);
  const [goingHome, setGoingHome] = useState(false);
  const [switched, setSwitched] = useState(false);
  if (auth.tenantId !== shownTenant) {
    setShownTenant(auth.tenantId);
    if (shownTenant !== null && auth.tenantId !== null) {
      setSwitched(true);
      if (location !== '/') setGoingHome(true);
    }
  }
  if (goingHome && location === '/') setGoingHome(false);

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
  if (goingHome) return <Redirect to="/" />;
  return (
    <Suspense fallback={<div className="ide ide-loading" aria-busy="true" />}>
      <SignedInApp key={`${auth.userId} ${auth.tenantId ?? ''}`} userId={auth.userId} showSessions={switched} />
    </Suspense>
  );
}
