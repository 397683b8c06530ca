import { useState } from 'react';
import { z } from 'zod';
import { PASSWORD_MIN_CHARS, ZChangePasswordRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useAuth } from '../auth/auth-provider';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';

const ZPasswordChangeForm = ZChangePasswordRequest.extend({ confirm_password: z.string() }).refine(
  (form) => form.new_password === form.confirm_password,
  { path: ['confirm_password'], message: 'Does not match the new password' },
);

export function PasswordForm() {
  const auth = useAuth();
  const form = useSchemaForm(ZPasswordChangeForm, { current_password: '', new_password: '', confirm_password: '' });
  const [keepApiKeys, setKeepApiKeys] = useState(false);
  const changePassword = trpc.users.changePassword.useMutation({
    // The server has ended every session of this user, this one included.
    onSuccess: () => void auth.signOut('password-changed'),
    onError: (error) => {
      const failure = describeApiError(error);
      form.setServerErrors(failure.code === 'INVALID_PASSWORD' ? { current_password: failure.message } : failure.fieldErrors);
    },
  });
  const failure = changePassword.error ? describeApiError(changePassword.error) : null;

  return (
    <form
      className="card"
      aria-labelledby="password-heading"
      noValidate
      onSubmit={form.onSubmit(({ current_password, new_password }) =>
        changePassword.mutate({ current_password, new_password, keep_api_keys: keepApiKeys }),
      )}
    >
      <h2 id="password-heading">Password</h2>
      <p className="card-note">Changing your password signs you out everywhere, including here, and revokes your API keys.</p>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        {...form.input('current_password')}
        error={form.errors.current_password}
      />
      <div className="field-row">
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_CHARS} characters`}
          {...form.input('new_password')}
          error={form.errors.new_password}
        />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          {...form.input('confirm_password')}
          error={form.errors.confirm_password}
        />
      </div>
      <label className="checkbox-field">
        <input type="checkbox" checked={keepApiKeys} onChange={(event) => setKeepApiKeys(event.target.checked)} />
        Keep my API keys working
      </label>
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={changePassword.isPending}>
          {changePassword.isPending ? 'Changing…' : 'Change password'}
        </button>
        <div className="form-alert-slot form-alert-inline">
          {failure && failure.code !== 'INVALID_PASSWORD' && <FormAlert tone="error">{failure.message}</FormAlert>}
        </div>
      </div>
    </form>
  );
}
