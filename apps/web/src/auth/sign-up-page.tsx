import { Link, useSearchParams } from 'wouter';
import { PASSWORD_MIN_CHARS, ZRegisterRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { AuthLayout } from './auth-layout';
import { useAuth } from './auth-provider';

type SignUpField = 'first_name' | 'last_name' | 'email' | 'password' | 'company';

const EMPTY: Record<SignUpField, string> = { first_name: '', last_name: '', email: '', password: '', company: '' };

/** Company is optional: an empty box means "none", not an empty name. */
function toRegisterInput({ company, ...rest }: Record<SignUpField, string>) {
  return company.trim() === '' ? rest : { ...rest, company };
}

export function SignUpPage() {
  const auth = useAuth();
  // A page that sent the visitor here may name the address (an invitation's).
  const [params] = useSearchParams();
  const form = useSchemaForm(ZRegisterRequest, { ...EMPTY, email: params.get('email') ?? '' }, toRegisterInput);
  const register = trpc.auth.register.useMutation({
    onSuccess: (result) => auth.acceptTokens(result.tokens),
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = register.error ? describeApiError(register.error, { rateLimited: 'attempts' }) : null;

  return (
    <AuthLayout title="Create your account">
      <form className="auth-form" noValidate onSubmit={form.onSubmit((data) => register.mutate(data))}>
        <div className="form-alert-slot">{failure && <FormAlert tone="error">{failure.message}</FormAlert>}</div>
        <div className="field-row">
          <TextField
            label="First name"
            autoComplete="given-name"
            autoFocus
            {...form.input('first_name')}
            error={form.errors.first_name}
          />
          <TextField label="Last name" autoComplete="family-name" {...form.input('last_name')} error={form.errors.last_name} />
        </div>
        <TextField label="Email" type="email" autoComplete="email" {...form.input('email')} error={form.errors.email} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_CHARS} characters`}
          {...form.input('password')}
          error={form.errors.password}
        />
        <TextField
          label="Company (optional)"
          autoComplete="organization"
          {...form.input('company')}
          error={form.errors.company}
        />
        <button type="submit" className="button button-primary button-wide" disabled={register.isPending}>
          {register.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link href={params.has('email') ? `/sign-in?${params.toString()}` : '/sign-in'}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}
