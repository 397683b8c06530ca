// An Admin's view of a member's API keys in this organisation (names, scopes, last use — never a
// secret), each revocable: its next request gets 401.
import { useState } from 'react';
import type { TMember } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { formatRelativeTime } from '../format/relative-time';
import { ConfirmAction } from '../shell/confirm-action';

export function MemberKeysCard({ members }: { members: readonly TMember[] }) {
  const [userId, setUserId] = useState<string>('');
  const chosen = members.find((member) => member.user_id === userId);
  return (
    <section className="card" aria-labelledby="member-keys-heading">
      <h2 id="member-keys-heading">Members' API keys</h2>
      <p className="card-note">Keys act as their owner in this organisation. Revoking one stops it at its next request.</p>
      <div className="field">
        <label htmlFor="member-keys-member">Member</label>
        <select id="member-keys-member" value={userId} onChange={(event) => setUserId(event.target.value)}>
          <option value="">Choose a member…</option>
          {members.map((member) => (
            <option key={member.user_id} value={member.user_id}>
              {member.full_name} ({member.email})
            </option>
          ))}
        </select>
      </div>
      {chosen && <KeysOf member={chosen} />}
    </section>
  );
}

function KeysOf({ member }: { member: TMember }) {
  const utils = trpc.useUtils();
  const keys = trpc.members.apiKeys.useQuery({ user_id: member.user_id });
  const revoke = trpc.members.revokeApiKey.useMutation({
    onSuccess: () => void utils.members.apiKeys.invalidate({ user_id: member.user_id }),
  });
  if (keys.error) return <FormAlert tone="error">{describeApiError(keys.error).message}</FormAlert>;
  if (!keys.data)
    return (
      <p className="list-empty" aria-busy="true">
        Loading keys…
      </p>
    );
  if (keys.data.api_keys.length === 0) return <p className="list-empty">{member.full_name} has no API keys here.</p>;
  return (
    <ul className="invitation-list" aria-label={`API keys of ${member.full_name}`}>
      {keys.data.api_keys.map((key) => (
        <li key={key.key_id} className="invitation-row">
          <div className="invitation-main">
            <span className="invitation-email">{key.name}</span>
            <span className="badge">{key.scope}</span>
            <code className="muted">{key.prefix}…</code>
          </div>
          <div className="invitation-meta muted">
            Made {formatRelativeTime(key.created_at)} ·{' '}
            {key.last_used_at ? `used ${formatRelativeTime(key.last_used_at)}` : 'never used'}
          </div>
          <div className="invitation-actions">
            <ConfirmAction
              trigger="Revoke…"
              triggerLabel={`Revoke the key ${key.name} of ${member.full_name}…`}
              triggerClassName="button button-small"
              groupLabel={`Confirm revoking the key ${key.name}`}
              action="Revoke"
              busyAction="Revoking…"
              busy={revoke.isPending}
              onConfirm={() => revoke.mutate({ user_id: member.user_id, key_id: key.key_id })}
            />
          </div>
        </li>
      ))}
      {revoke.error && <FormAlert tone="error">{describeApiError(revoke.error).message}</FormAlert>}
    </ul>
  );
}
