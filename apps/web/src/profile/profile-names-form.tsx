import { useState } from 'react';
import { ZUpdateMeRequest, type TUserProfile } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';

export function ProfileNamesForm({ profile }: { profile: TUserProfile }) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZUpdateMeRequest, { first_name: profile.first_name, last_name: profile.last_name });
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const updateMe = trpc.users.updateMe.useMutation({
    onSuccess: (updated) => {
      utils.users.me.setData(undefined, (previous) => (previous ? { ...previous, ...updated } : previous));
      void utils.users.me.invalidate();
      setSavedAt(updated.updated_at);
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const unchanged = form.values.first_name === profile.first_name && form.values.last_name === profile.last_name;
  const failure = updateMe.error ? describeApiError(updateMe.error) : null;

  return (
    <form
      className="card"
      aria-labelledby="names-heading"
      noValidate
      onSubmit={form.onSubmit((data) => {
        setSavedAt(null);
        updateMe.mutate(data);
      })}
    >
      <h2 id="names-heading">Name</h2>
      <div className="field-row">
        <TextField label="First name" autoComplete="given-name" {...form.input('first_name')} error={form.errors.first_name} />
        <TextField label="Last name" autoComplete="family-name" {...form.input('last_name')} error={form.errors.last_name} />
      </div>
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={updateMe.isPending || unchanged}>
          {updateMe.isPending ? 'Saving…' : 'Save name'}
        </button>
        <div className="form-alert-slot form-alert-inline">
          {failure ? (
            <FormAlert tone="error">{failure.message}</FormAlert>
          ) : (
            savedAt && unchanged && <FormAlert tone="success">Saved</FormAlert>
          )}
        </div>
      </div>
    </form>
  );
}
