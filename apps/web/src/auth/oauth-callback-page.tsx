// Where a provider sends the browser back (PUBLIC_URL/sign-in/callback): the server finishes the
// sign-in from this URL and the flow this tab kept; then it is signed in, or asks for a second
// factor, or — an account already uses the provider's email — for that account's password.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ZOAuthLinkRequest, type TOAuthOutcome } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { AuthLayout } from './auth-layout';
import { useAuth } from './auth-provider';
import { forgetOAuthFlow, readOAuthFlow } from './oauth-flow-storage';
import { TwoFactorStep } from './two-factor-step';

export function OAuthCallbackPage() {
  const auth = useAuth();
  const [, navigate] = useLocation();
  const [outcome, setOutcome] = useState<TOAuthOutcome>();
  const [started] = useState(readOAuthFlow);
  const returnTo = started?.returnTo ?? '/';
  const onOutcome = (result: TOAuthOutcome) => {
    if (result.status === 'signed_in') {
      auth.acceptTokens(result.tokens);
      navigate(returnTo, { replace: true });
    } else if (result.status === 'linked') navigate(returnTo, { replace: true });
    else setOutcome(result);
  };
  const callback = trpc.auth.oauthCallback.useMutation({ onSuccess: onOutcome });
  // The callback works once: it is sent once, even when React runs the effect twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !started) return;
    sent.current = true;
    forgetOAuthFlow();
    callback.mutate({ callback_url: window.location.href, flow: started.flow });
  }, [callback, started]);
  const failure = !started
    ? 'This sign-in was not started in this tab (or was already used). Start again from the sign-in page.'
    : callback.error
      ? describeApiError(callback.error, { rateLimited: 'attempts' }).message
      : undefined;

  // A second factor given here signs in: go on to where the sign-in started.
  useEffect(() => {
    if (auth.signedIn && outcome) navigate(returnTo, { replace: true });
  }, [auth.signedIn, outcome, navigate, returnTo]);

  if (outcome?.status === 'two_factor_required') {
    return (
      <AuthLayout title="Two-factor authentication">
        <TwoFactorStep challenge={outcome.challenge} onExpired={() => navigate('/sign-in', { replace: true })} />
      </AuthLayout>
    );
  }
  if (outcome?.status === 'link_required') {
    return (
      <AuthLayout title={`Link ${outcome.provider_name}`}>
        <LinkWithPassword outcome={outcome} onOutcome={onOutcome} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Signing in">
      <div className="auth-form" aria-live="polite">
        {failure ? <FormAlert tone="error">{failure}</FormAlert> : <p className="auth-note">Finishing the sign-in…</p>}
      </div>
      {failure && (
        <p className="auth-switch">
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      )}
    </AuthLayout>
  );
}

const ZPasswordOnly = ZOAuthLinkRequest.pick({ password: true });

function LinkWithPassword({
  outcome,
  onOutcome,
}: {
  outcome: Extract<TOAuthOutcome, { status: 'link_required' }>;
  onOutcome: (result: TOAuthOutcome) => void;
}) {
  const form = useSchemaForm(ZPasswordOnly, { password: '' });
  const link = trpc.auth.oauthLink.useMutation({
    onSuccess: onOutcome,
    onError: (error) => {
      const failure = describeApiError(error, { rateLimited: 'attempts' });
      form.setServerErrors(failure.code === 'INVALID_CREDENTIALS' ? { password: 'Wrong password' } : failure.fieldErrors);
    },
  });
  const failure = link.error ? describeApiError(link.error, { rateLimited: 'attempts' }) : null;
  return (
    <>
      <form
        className="auth-form"
        noValidate
        onSubmit={form.onSubmit(({ password }) => link.mutate({ link_token: outcome.link_token, password }))}
      >
        <div className="form-alert-slot">
          {failure && failure.code !== 'INVALID_CREDENTIALS' && failure.code !== 'VALIDATION_ERROR' && (
            <FormAlert tone="error">{failure.message}</FormAlert>
          )}
        </div>
        <p className="auth-note">
          An account already uses {outcome.email}. Enter its password once to sign in and link {outcome.provider_name}; next time,{' '}
          {outcome.provider_name} alone signs you in.
        </p>
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          {...form.input('password')}
          error={form.errors.password}
        />
        <button type="submit" className="button button-primary button-wide" disabled={link.isPending}>
          {link.isPending ? 'Linking…' : `Link ${outcome.provider_name} and sign in`}
        </button>
      </form>
      <p className="auth-switch">
        <Link href="/sign-in">Cancel</Link>
      </p>
    </>
  );
}
