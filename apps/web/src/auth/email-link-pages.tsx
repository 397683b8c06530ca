// The pages the links in mails open (verify an address, choose a new password) and the page that
// asks for a reset link. They work signed in or out: a mail is often opened in another browser.
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'wouter';
import { PASSWORD_MIN_CHARS, ZPasswordResetRequest, ZResetPasswordRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { AuthLayout } from './auth-layout';
import { useAuth } from './auth-provider';

function useLinkToken(): string {
  const [params] = useSearchParams();
  return params.get('token') ?? '';
}

/** Where to go on: into the IDE when signed in here, else the sign-in page. */
function ContinueLink() {
  const auth = useAuth();
  return (
    <p className="auth-switch">{auth.signedIn ? <Link href="/">Open Coditect</Link> : <Link href="/sign-in">Sign in</Link>}</p>
  );
}

export function VerifyEmailPage() {
  const token = useLinkToken();
  const auth = useAuth();
  const utils = trpc.useUtils();
  const verify = trpc.auth.verifyEmail.useMutation({ onSuccess: () => utils.users.me.invalidate() });
  const resend = trpc.auth.resendVerification.useMutation();
  // A token works once: the request goes once, even when React runs the effect twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || token === '') return;
    sent.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  const failure =
    token === ''
      ? 'This link has no token. Open the link from the mail again.'
      : verify.error && describeApiError(verify.error).message;
  return (
    <AuthLayout title="Confirm your email">
      <div className="auth-form" aria-live="polite">
        {verify.isSuccess ? (
          <FormAlert tone="success">{verify.data.email} is verified. Thank you!</FormAlert>
        ) : failure ? (
          <FormAlert tone="error">{failure}</FormAlert>
        ) : (
          <p className="auth-note">Confirming your address…</p>
        )}
        {failure && auth.signedIn && (
          <>
            {resend.isSuccess && <FormAlert tone="info">A new link is on its way. Check your inbox.</FormAlert>}
            {resend.error && <FormAlert tone="error">{describeApiError(resend.error).message}</FormAlert>}
            <button
              type="button"
              className="button button-wide"
              disabled={resend.isPending || resend.isSuccess}
              onClick={() => resend.mutate()}
            >
              Send me a new link
            </button>
          </>
        )}
      </div>
      <ContinueLink />
    </AuthLayout>
  );
}

export function ForgotPasswordPage() {
  const form = useSchemaForm(ZPasswordResetRequest, { email: '' });
  const request = trpc.auth.requestPasswordReset.useMutation({
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = request.error ? describeApiError(request.error, { rateLimited: 'attempts' }).message : null;
  return (
    <AuthLayout title="Reset your password">
      {request.isSuccess ? (
        <div className="auth-form" aria-live="polite">
          <FormAlert tone="success">
            If an account uses {request.variables.email}, a link to choose a new password is on its way. It works for 30 minutes.
          </FormAlert>
        </div>
      ) : (
        <form className="auth-form" noValidate onSubmit={form.onSubmit((data) => request.mutate(data))}>
          <div className="form-alert-slot">{failure && <FormAlert tone="error">{failure}</FormAlert>}</div>
          <p className="auth-note">Enter the email address of your account; we will mail you a link to choose a new password.</p>
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            autoFocus
            {...form.input('email')}
            error={form.errors.email}
          />
          <button type="submit" className="button button-primary button-wide" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send me a link'}
          </button>
        </form>
      )}
      <p className="auth-switch">
        Remembered it? <Link href="/sign-in">Sign in</Link>
      </p>
    </AuthLayout>
  );
}

export function ResetPasswordPage() {
  const token = useLinkToken();
  const auth = useAuth();
  const form = useSchemaForm(ZResetPasswordRequest.pick({ password: true }), { password: '' });
  const reset = trpc.auth.resetPassword.useMutation({
    // Every session of the account has ended, this browser's too if it was signed in as them.
    onSuccess: () => (auth.signedIn ? auth.signOut('password-changed') : undefined),
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = reset.error ? describeApiError(reset.error).message : null;
  const linkBroken = token === '' || reset.error?.data?.appCode === 'INVALID_TOKEN';
  return (
    <AuthLayout title="Choose a new password">
      {reset.isSuccess ? (
        <div className="auth-form" aria-live="polite">
          <FormAlert tone="success">Your password is changed, and every session was signed out. Sign in with it now.</FormAlert>
        </div>
      ) : (
        <form className="auth-form" noValidate onSubmit={form.onSubmit((data) => reset.mutate({ token, ...data }))}>
          <div className="form-alert-slot">
            {token === '' ? (
              <FormAlert tone="error">This link has no token. Open the link from the mail again.</FormAlert>
            ) : (
              failure && <FormAlert tone="error">{failure}</FormAlert>
            )}
          </div>
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            autoFocus
            hint={`At least ${PASSWORD_MIN_CHARS} characters`}
            {...form.input('password')}
            error={form.errors.password}
          />
          <button type="submit" className="button button-primary button-wide" disabled={reset.isPending || token === ''}>
            {reset.isPending ? 'Saving…' : 'Set new password'}
          </button>
        </form>
      )}
      <p className="auth-switch">
        {linkBroken && !reset.isSuccess ? (
          <Link href="/forgot-password">Ask for a new link</Link>
        ) : (
          <Link href="/sign-in">Sign in</Link>
        )}
      </p>
    </AuthLayout>
  );
}
