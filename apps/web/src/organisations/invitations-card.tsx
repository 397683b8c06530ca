// Inviting people to the organisation by email, and the invitations still out (revocable).
import { useState } from 'react';
import { ZCreateInvitationRequest, type TInvitation, type TRole } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { formatRelativeTime } from '../format/relative-time';
import { ConfirmAction } from '../shell/confirm-action';
import { grantableRoles } from './member-permissions';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function InvitationsCard({ caller, mayInvite, mayRevoke }: { caller: TRole; mayInvite: boolean; mayRevoke: boolean }) {
  const invitations = trpc.invitations.list.useQuery();
  let list;
  if (invitations.error) list = <FormAlert tone="error">{describeApiError(invitations.error).message}</FormAlert>;
  else if (!invitations.data)
    list = (
      <ul className="invitation-list" aria-busy="true" aria-label="Loading invitations">
        <li className="invitation-row">
          <span className="skeleton skeleton-text" />
        </li>
      </ul>
    );
  else if (invitations.data.invitations.length === 0) list = <p className="list-empty">No invitations waiting.</p>;
  else
    list = (
      <ul className="invitation-list" aria-label="Pending invitations">
        {invitations.data.invitations.map((invitation) => (
          <InvitationRow key={invitation.invitation_id} invitation={invitation} mayRevoke={mayRevoke} />
        ))}
      </ul>
    );
  return (
    <section className="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      {mayInvite && <InviteForm caller={caller} />}
      <h3 className="card-subheading">Pending</h3>
      {list}
    </section>
  );
}

function InviteForm({ caller }: { caller: TRole }) {
  const utils = trpc.useUtils();
  const roles = grantableRoles(caller);
  const initial = { email: '', role: roles.includes('Developer') ? 'Developer' : (roles[0] ?? 'Viewer') };
  const form = useSchemaForm(ZCreateInvitationRequest, initial);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const invite = trpc.invitations.create.useMutation({
    onSuccess: (invitation) => {
      setSentTo(invitation.email);
      form.reset({ ...initial, role: form.values.role });
      void utils.invitations.list.invalidate();
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = invite.error ? describeApiError(invite.error) : null;
  return (
    <form
      className="invite-form"
      noValidate
      onSubmit={form.onSubmit((data) => {
        setSentTo(null);
        invite.mutate(data);
      })}
    >
      <p className="card-note">They get a link by email that works once, for 7 days.</p>
      <div className="invite-fields">
        <TextField label="Email" type="email" autoComplete="off" {...form.input('email')} error={form.errors.email} />
        <div className="field invite-role">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={form.values.role} onChange={(event) => form.setValue('role', event.target.value)}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <p className="field-message" />
        </div>
        <button type="submit" className="button button-primary invite-submit" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      <div className="form-alert-slot">
        {failure && failure.code !== 'VALIDATION_ERROR' ? (
          <FormAlert tone="error">{failure.message}</FormAlert>
        ) : (
          sentTo && <FormAlert tone="success">Invitation sent to {sentTo}.</FormAlert>
        )}
      </div>
    </form>
  );
}

function InvitationRow({ invitation, mayRevoke }: { invitation: TInvitation; mayRevoke: boolean }) {
  const utils = trpc.useUtils();
  const revoke = trpc.invitations.revoke.useMutation({ onSuccess: () => void utils.invitations.list.invalidate() });
  return (
    <li className="invitation-row">
      <div className="invitation-main">
        <span className="invitation-email">{invitation.email}</span>
        <span className="badge">{invitation.role}</span>
      </div>
      <div className="invitation-meta muted">
        Invited by {invitation.invited_by} {formatRelativeTime(invitation.created_at)} · expires{' '}
        {dateFormat.format(new Date(invitation.expires_at))}
      </div>
      {mayRevoke && (
        <div className="invitation-actions">
          <ConfirmAction
            trigger="Revoke…"
            triggerLabel={`Revoke the invitation of ${invitation.email}…`}
            triggerClassName="button button-small"
            groupLabel={`Confirm revoking the invitation of ${invitation.email}`}
            action="Revoke"
            busyAction="Revoking…"
            busy={revoke.isPending}
            onConfirm={() => revoke.mutate({ invitation_id: invitation.invitation_id })}
          />
          {revoke.error && (
            <span className="field-error" role="alert">
              {describeApiError(revoke.error).message}
            </span>
          )}
        </div>
      )}
    </li>
  );
}
