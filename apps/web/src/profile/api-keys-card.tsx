// The user's API keys (apiKeys.list/create/revoke): for scripts and services calling the API as them.
import { useState } from 'react';
import type { TApiKey, TCreatedApiKey } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { ConfirmAction } from '../shell/confirm-action';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';
import { CreatedApiKey } from './created-api-key';
import { NewApiKeyForm } from './new-api-key-form';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function ApiKeysCard() {
  const keys = trpc.apiKeys.list.useQuery();
  const [created, setCreated] = useState<TCreatedApiKey | null>(null);

  let list;
  if (keys.error) list = <FormAlert tone="error">{describeApiError(keys.error).message}</FormAlert>;
  else if (!keys.data)
    list = (
      <ul className="api-key-list" aria-busy="true" aria-label="Loading API keys">
        <li className="api-key-row">
          <span className="skeleton skeleton-text" />
        </li>
      </ul>
    );
  else if (keys.data.api_keys.length === 0) list = <p className="list-empty">No API keys yet.</p>;
  else
    list = (
      <ul className="api-key-list" aria-label="API keys">
        {keys.data.api_keys.map((key) => (
          <ApiKeyRow key={key.key_id} apiKey={key} />
        ))}
      </ul>
    );

  return (
    <section className="card" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="card-note">
        Scripts and services use a key to call the API as you (header <code>X-API-Key</code>). A read-only key can only read.
      </p>
      {created && <CreatedApiKey apiKey={created} onDone={() => setCreated(null)} />}
      {list}
      <h3 className="card-subheading">New key</h3>
      <NewApiKeyForm onCreated={setCreated} />
    </section>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: TApiKey }) {
  const utils = trpc.useUtils();
  const revoke = trpc.apiKeys.revoke.useMutation({ onSuccess: () => void utils.apiKeys.list.invalidate() });

  return (
    <li className="api-key-row">
      <div className="api-key-main">
        <span className="api-key-name">{apiKey.name}</span>
        <code className="api-key-prefix">{apiKey.prefix}…</code>
        <span className="badge">{apiKey.scope === 'write' ? 'read & write' : 'read only'}</span>
        {apiKey.status === 'expired' && <span className="badge badge-danger">expired</span>}
      </div>
      <div className="api-key-meta muted">
        Created {formatRelativeTime(apiKey.created_at)}
        {' · '}
        {apiKey.expires_at
          ? `${apiKey.status === 'expired' ? 'expired' : 'expires'} ${dateFormat.format(new Date(apiKey.expires_at))}`
          : 'never expires'}
        {' · '}
        {apiKey.last_used_at ? `last used ${formatRelativeTime(apiKey.last_used_at)}` : 'never used'}
      </div>
      <div className="api-key-actions">
        <ConfirmAction
          trigger="Revoke…"
          triggerLabel={`Revoke ${apiKey.name}…`}
          groupLabel={`Confirm revoking ${apiKey.name}`}
          action="Revoke"
          busyAction="Revoking…"
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate({ key_id: apiKey.key_id })}
        />
        {revoke.error && (
          <span className="field-error" role="alert">
            {describeApiError(revoke.error).message}
          </span>
        )}
      </div>
    </li>
  );
}
