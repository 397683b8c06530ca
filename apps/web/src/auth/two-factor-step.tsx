// The sign-in's second step: the password was right and the account asks for a code from its
// authenticator app (or a recovery code). The challenge the sign-in answered stands in for the
// password for five minutes and five tries.
import { ZVerifyTwoFactorRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { useAuth } from './auth-provider';

const ZCodeForm = ZVerifyTwoFactorRequest.pick({ code: true });

/** `onExpired`: the challenge is used up or too old — back to the password. */
export function TwoFactorStep({ challenge, onExpired }: { challenge: string; onExpired: (reason: string) => void }) {
  const auth = useAuth();
  const form = useSchemaForm(ZCodeForm, { code: '' });
  const verify = trpc.auth.verifyTwoFactor.useMutation({
    onSuccess: (result) => auth.acceptTokens(result.tokens),
    onError: (error) => {
      const failure = describeApiError(error, { rateLimited: 'attempts' });
      if (failure.code === 'INVALID_TOKEN') onExpired('That sign-in expired or had too many wrong codes. Sign in again.');
      else if (failure.code === 'INVALID_TWO_FACTOR_CODE') form.setServerErrors({ code: failure.message });
      else form.setServerErrors(failure.fieldErrors);
    },
  });
  const failure = verify.error ? describeApiError(verify.error, { rateLimited: 'attempts' }) : null;

  return (
    <form className="auth-form" noValidate onSubmit={form.onSubmit(({ code }) => verify.mutate({ challenge, code }))}>
      <div className="form-alert-slot">
        {failure && failure.code !== 'INVALID_TWO_FACTOR_CODE' && failure.code !== 'VALIDATION_ERROR' && (
          <FormAlert tone="error">{failure.message}</FormAlert>
        )}
      </div>
      <p className="auth-note">Enter the 6-digit code your authenticator app shows for Coditect.</p>
      <TextField
        label="Authentication code"
        autoComplete="one-time-code"
        inputMode="text"
        autoFocus
        spellCheck={false}
        hint="Lost your phone? Enter one of your recovery codes."
        {...form.input('code')}
        error={form.errors.code}
      />
      <button type="submit" className="button button-primary button-wide" disabled={verify.isPending}>
        {verify.isPending ? 'Checking…' : 'Verify'}
      </button>
      <button type="button" className="button button-quiet button-wide" onClick={() => onExpired('')}>
        Use another account
      </button>
    </form>
  );
}
