// The tenant's model providers, for its Admin (llm.providers / createProvider / deleteProvider): the
// server's providers, read-only, and the tenant's own with their address, models and whether a key
// is stored — the key itself is written once and never shown again.
import { PROVIDER_LIMITS, ZCreateProviderRequest, type TLlmProvider } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { ConfirmAction } from '../shell/confirm-action';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';

type Field = 'name' | 'base_url' | 'api_key' | 'models';

function toCreateInput({ name, base_url, api_key, models }: Record<Field, string>) {
  const list = models
    .split(/[\s,]+/)
    .map((model) => model.trim())
    .filter(Boolean);
  return { name, base_url, ...(api_key === '' ? {} : { api_key }), ...(list.length > 0 ? { models: list } : {}) };
}

export function ModelProvidersCard() {
  const providers = trpc.llm.providers.useQuery();
  let list;
  if (providers.error) list = <FormAlert tone="error">{describeApiError(providers.error).message}</FormAlert>;
  else if (!providers.data)
    list = (
      <ul className="api-key-list" aria-busy="true" aria-label="Loading model providers">
        <li className="api-key-row">
          <span className="skeleton skeleton-text" />
        </li>
      </ul>
    );
  else
    list = (
      <ul className="api-key-list" aria-label="Model providers">
        {providers.data.providers.map((provider) => (
          <ProviderRow key={`${provider.source}:${provider.name}`} provider={provider} />
        ))}
      </ul>
    );
  return (
    <section className="card" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Model providers</h2>
      <p className="card-note">
        OpenAI-compatible services your organisation’s conversations and agent tasks may use. A key is stored encrypted and never
        shown again.
      </p>
      {list}
      <h3 className="card-subheading">Add a provider</h3>
      <NewProviderForm />
    </section>
  );
}

function ProviderRow({ provider }: { provider: TLlmProvider }) {
  const utils = trpc.useUtils();
  const remove = trpc.llm.deleteProvider.useMutation({ onSuccess: () => void utils.llm.providers.invalidate() });
  return (
    <li className="api-key-row">
      <div className="api-key-main">
        <span className="api-key-name">{provider.name}</span>
        <span className="badge">{provider.source === 'operator' ? 'server' : 'organisation'}</span>
        {provider.is_default && <span className="badge">default</span>}
        {provider.source === 'tenant' && <span className="badge">{provider.has_api_key ? 'key stored' : 'no key'}</span>}
      </div>
      <div className="api-key-meta muted">
        {provider.base_url ? <code>{provider.base_url}</code> : 'Configured on the server'}
        {' · '}
        {provider.models ? `models: ${provider.models.join(', ')}` : 'models as the provider lists them'}
      </div>
      {provider.source === 'tenant' && (
        <div className="api-key-actions">
          <ConfirmAction
            trigger="Remove…"
            triggerLabel={`Remove ${provider.name}…`}
            groupLabel={`Confirm removing ${provider.name}`}
            action="Remove"
            busyAction="Removing…"
            busy={remove.isPending}
            onConfirm={() => remove.mutate({ name: provider.name })}
          />
          {remove.error && (
            <span className="field-error" role="alert">
              {describeApiError(remove.error).message}
            </span>
          )}
        </div>
      )}
    </li>
  );
}

function NewProviderForm() {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZCreateProviderRequest, { name: '', base_url: '', api_key: '', models: '' }, toCreateInput);
  const create = trpc.llm.createProvider.useMutation({
    onSuccess: () => {
      form.reset();
      void utils.llm.providers.invalidate();
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = create.error ? describeApiError(create.error) : null;
  return (
    <form
      className="api-key-form"
      aria-label="New model provider"
      noValidate
      onSubmit={form.onSubmit((data) => create.mutate(data))}
    >
      <div className="field-row provider-fields">
        <TextField
          label="Provider name"
          placeholder="team-openai"
          maxLength={PROVIDER_LIMITS.nameChars}
          {...form.input('name')}
          error={form.errors.name}
        />
        <TextField
          label="Base URL"
          placeholder="https://api.openai.com/v1"
          maxLength={PROVIDER_LIMITS.urlChars}
          {...form.input('base_url')}
          error={form.errors.base_url}
        />
      </div>
      <div className="field-row provider-fields">
        <TextField
          label="API key"
          type="password"
          autoComplete="off"
          hint="Optional; stored encrypted"
          maxLength={PROVIDER_LIMITS.keyChars}
          {...form.input('api_key')}
          error={form.errors.api_key}
        />
        <TextField
          label="Models"
          placeholder="gpt-4o-mini, gpt-4o"
          hint="Optional: only these may be asked for"
          {...form.input('models')}
          error={form.errors.models}
        />
      </div>
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add provider'}
        </button>
        <div className="form-alert-slot form-alert-inline">
          {failure && Object.keys(failure.fieldErrors).length === 0 && <FormAlert tone="error">{failure.message}</FormAlert>}
        </div>
      </div>
    </form>
  );
}
