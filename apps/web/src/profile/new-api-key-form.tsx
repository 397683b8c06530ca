// Creating an API key: a name, what it may do, and how long it lives.
import { API_KEY_LIMITS, ZCreateApiKeyRequest, type TCreatedApiKey } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';

const LIFETIMES = [
  { value: 'never', label: 'Never', days: null },
  { value: '30', label: 'In 30 days', days: 30 },
  { value: '90', label: 'In 90 days', days: 90 },
  { value: '365', label: 'In a year', days: 365 },
] as const;

type Field = 'name' | 'scope' | 'lifetime';

function toCreateInput({ name, scope, lifetime }: Record<Field, string>) {
  const days = LIFETIMES.find((option) => option.value === lifetime)?.days ?? null;
  return days === null ? { name, scope } : { name, scope, expires_at: new Date(Date.now() + days * 86_400_000).toISOString() };
}

export function NewApiKeyForm({ onCreated }: { onCreated(key: TCreatedApiKey): void }) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZCreateApiKeyRequest, { name: '', scope: 'read', lifetime: 'never' }, toCreateInput);
  const create = trpc.apiKeys.create.useMutation({
    onSuccess: (key) => {
      form.reset();
      void utils.apiKeys.list.invalidate();
      onCreated(key);
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = create.error ? describeApiError(create.error) : null;

  return (
    <form className="api-key-form" aria-label="New API key" noValidate onSubmit={form.onSubmit((data) => create.mutate(data))}>
      <div className="field-row api-key-fields">
        <TextField
          label="Key name"
          placeholder="CI deploys"
          maxLength={API_KEY_LIMITS.nameChars}
          {...form.input('name')}
          error={form.errors.name}
        />
        <div className="field">
          <label htmlFor="api-key-scope">Access</label>
          <select id="api-key-scope" value={form.values.scope} onChange={(event) => form.setValue('scope', event.target.value)}>
            <option value="read">Read only</option>
            <option value="write">Read and write</option>
          </select>
          <p className="field-message" />
        </div>
        <div className="field">
          <label htmlFor="api-key-lifetime">Expires</label>
          <select
            id="api-key-lifetime"
            value={form.values.lifetime}
            onChange={(event) => form.setValue('lifetime', event.target.value)}
          >
            {LIFETIMES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p className="field-message" />
        </div>
      </div>
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
        <div className="form-alert-slot form-alert-inline">
          {failure && !failure.fieldErrors.name && <FormAlert tone="error">{failure.message}</FormAlert>}
        </div>
      </div>
    </form>
  );
}
