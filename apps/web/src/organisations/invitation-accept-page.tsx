// Where an invitation's mailed link opens (PUBLIC_URL/invitations/accept?token=…), signed in or
// out: what the invitation offers; signed out, sign in or sign up as the invited address and come
// back here; signed in as that address, accept — the browser then acts in the organisation;
// signed in as someone else, say so and offer to sign out.
import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'wouter';
import type { TInvitationPreview } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { AuthLayout } from '../auth/auth-layout';
import { useAuth } from '../auth/auth-provider';
import { forgetReturnTo, rememberReturnTo } from '../auth/return-to';
import { FormAlert } from '../forms/form-alert';
import { useTenantSwitcher } from './tenant-switch-provider';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function InvitationAcceptPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const auth = useAuth();
  const preview = trpc.invitations.preview.useMutation();
  // Asked once per token, even when React runs the effect twice.
  const asked = useRef('');
  useEffect(() => {
    if (token === '' || asked.current === token) return;
    asked.current = token;
    preview.mutate({ token });
  }, [token, preview]);
  // Back here after signing in: the detour is over.
  useEffect(() => {
    if (auth.signedIn) forgetReturnTo();
  }, [auth.signedIn]);

  const failure =
    token === ''
      ? 'This link has no token. Open the link from the mail again.'
      : preview.error && describeApiError(preview.error).message;
  return (
    <AuthLayout title={preview.data ? `Join ${preview.data.organisation_name}` : 'Invitation'}>
      <div className="auth-form invitation" aria-live="polite">
        {failure ? (
          <FormAlert tone="error">{failure}</FormAlert>
        ) : preview.data ? (
          <>
            <InvitationSummary invitation={preview.data} />
            {auth.signedIn ? (
              <SignedInChoice invitation={preview.data} token={token} />
            ) : (
              <SignedOutChoice invitation={preview.data} token={token} />
            )}
          </>
        ) : (
          <p className="auth-note">Looking up the invitation…</p>
        )}
      </div>
      {failure && (
        <p className="auth-switch">
          {auth.signedIn ? <Link href="/">Open Coditect</Link> : <Link href="/sign-in">Sign in</Link>}
        </p>
      )}
    </AuthLayout>
  );
}

function InvitationSummary({ invitation }: { invitation: TInvitationPreview }) {
  return (
    <div className="invitation-summary">
      <p>
        <strong>{invitation.invited_by}</strong> invited <strong>{invitation.email}</strong> to work in{' '}
        <strong>{invitation.organisation_name}</strong> as a <strong>{invitation.role}</strong>.
      </p>
      <p className="auth-note">This link works once, until {dateFormat.format(new Date(invitation.expires_at))}.</p>
    </div>
  );
}

function SignedOutChoice({ invitation, token }: { invitation: TInvitationPreview; token: string }) {
  const query = new URLSearchParams({ email: invitation.email }).toString();
  // Signing in or up comes back here to accept.
  const comeBack = () => rememberReturnTo(`/invitations/accept?${new URLSearchParams({ token }).toString()}`);
  const signIn = (
    <Link href={`/sign-in?${query}`} className="button button-wide button-primary" onClick={comeBack}>
      Sign in to accept
    </Link>
  );
  const signUp = (
    <Link href={`/sign-up?${query}`} className="button button-wide button-primary" onClick={comeBack}>
      Create an account to accept
    </Link>
  );
  return invitation.account_exists ? (
    <>
      <p className="auth-note">Sign in as {invitation.email} to accept.</p>
      {signIn}
    </>
  ) : (
    <>
      <p className="auth-note">No account uses {invitation.email} yet: create one to accept.</p>
      {signUp}
      <p className="auth-switch">
        Already have an account under that address?{' '}
        <Link href={`/sign-in?${query}`} onClick={comeBack}>
          Sign in
        </Link>
      </p>
    </>
  );
}

function SignedInChoice({ invitation, token }: { invitation: TInvitationPreview; token: string }) {
  const auth = useAuth();
  const [, navigate] = useLocation();
  const me = trpc.users.me.useQuery(undefined, { staleTime: 60_000 });
  const switcher = useTenantSwitcher();
  const accept = useMutation({ mutationFn: () => switcher.acceptInvitation(token), onSuccess: () => navigate('/') });

  if (me.error) return <FormAlert tone="error">{describeApiError(me.error).message}</FormAlert>;
  if (!me.data) return <p className="auth-note">Checking who is signed in…</p>;
  if (me.data.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <>
        <FormAlert tone="info">
          You are signed in as {me.data.email}, but this invitation is for {invitation.email}. Sign out, then sign in (or sign up)
          as {invitation.email} to accept it.
        </FormAlert>
        <button type="button" className="button button-wide" onClick={() => void auth.signOut()}>
          Sign out
        </button>
        <p className="auth-switch">
          <Link href="/">Stay signed in and open Coditect</Link>
        </p>
      </>
    );
  }
  return (
    <>
      {accept.error && <FormAlert tone="error">{describeApiError(accept.error).message}</FormAlert>}
      <button
        type="button"
        className="button button-primary button-wide"
        disabled={accept.isPending}
        onClick={() => accept.mutate()}
      >
        {accept.isPending ? 'Joining…' : `Accept and join ${invitation.organisation_name}`}
      </button>
      <p className="auth-switch">
        <Link href="/">Not now</Link>
      </p>
    </>
  );
}
