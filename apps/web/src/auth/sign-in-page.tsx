import { Link, useSearchParams } from 'wouter';
import { ZLoginRequest } from '@coditect/api/contract';
import { useState } from 'react';
import { apiErrorCode, describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { AuthLayout } from './auth-layout';
import { useAuth } from './auth-provider';
import { SIGN_OUT_NOTICES } from './sign-out-notice';
import { TwoFactorStep } from './two-factor-step';
import { ProviderButtons } from './provider-buttons';

/** The challenge of a 401 TWO_FACTOR_REQUIRED (the password was right; a code must follow). */
function challengeOf(error: unknown): string | undefined {
  if (apiErrorCode(error) !== 'TWO_FACTOR_REQUIRED') return undefined;
  const details = (error as { data?: { details?: { challenge?: unknown } } }).data?.details;
  return typeof details?.challenge === 'string' ? details.challenge : undefined;
}

export function SignInPage() {
  const auth = useAuth();
  // A page that sent the visitor here may name the address (an invitation's).
  const [params] = useSearchParams();
  const form = useSchemaForm(ZLoginRequest, { email: params.get('email') ?? '', password: '' });
  const [challenge, setChallenge] = useState<string | undefined>();
  const [expired, setExpired] = useState('');
  const login = trpc.auth.login.useMutation({
    onSuccess: (result) => auth.acceptTokens(result.tokens),
    onError: (error) => {
      const asked = challengeOf(error);
      if (asked) setChallenge(asked);
      else form.setServerErrors(describeApiError(error).fieldErrors);
    },
  });
  const failure = login.error && !challengeOf(login.error) ? describeApiError(login.error, { rateLimited: 'attempts' }) : null;
  const options = trpc.auth.options.useQuery(undefined, { staleTime: Infinity });
  const notice = auth.lastSignOutReason ? SIGN_OUT_NOTICES[auth.lastSignOutReason] : null;

  if (challenge) {
    return (
      <AuthLayout title="Two-factor authentication">
        <TwoFactorStep
          challenge={challenge}
          onExpired={(reason) => {
            login.reset();
            setChallenge(undefined);
            setExpired(reason);
          }}
        />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Sign in">
      <ProviderButtons providers={options.data?.providers ?? []} />
      <form className="auth-form" noValidate onSubmit={form.onSubmit((data) => login.mutate(data))}>
        <div className="form-alert-slot">
          {failure ? (
            <FormAlert tone="error">{failure.message}</FormAlert>
          ) : expired ? (
            <FormAlert tone="error">{expired}</FormAlert>
          ) : (
            notice && <FormAlert tone="info">{notice}</FormAlert>
          )}
        </div>
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          autoFocus={!params.has('email')}
          {...form.input('email')}
          error={form.errors.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus={params.has('email')}
          {...form.input('password')}
          error={form.errors.password}
        />
        {options.data?.mail && (
          <Link href="/forgot-password" className="auth-forgot">
            Forgot your password?
          </Link>
        )}
        <button type="submit" className="button button-primary button-wide" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to Coditect? <Link href={params.has('email') ? `/sign-up?${params.toString()}` : '/sign-up'}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
