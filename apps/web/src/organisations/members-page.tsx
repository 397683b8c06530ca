// The Members page of the organisation acted in: its members (role, access, last activity), the
// invitations out, renaming and leaving it. Each control shows only when the caller's role may use
// it (member-permissions.ts); the caller's own row has none.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ORGANISATION_LIMITS, ZRenameOrganisationRequest, type TRole, type TTenantSummary } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { TextField } from '../forms/text-field';
import { useSchemaForm } from '../forms/use-schema-form';
import { ConfirmAction } from '../shell/confirm-action';
import { InvitationsCard } from './invitations-card';
import { MemberRow } from './member-row';
import { MemberKeysCard } from './member-keys-card';
import { OutboxCard } from './outbox-card';
import { organisationControls } from './member-permissions';
import { useTenantSwitcher } from './tenant-switch-provider';
import { useRole, useTenants } from './use-tenants';

export function MembersPage() {
  const { tenants, active } = useTenants();
  const role = useRole();
  if (tenants.error) {
    return (
      <div className="page">
        <FormAlert tone="error">{describeApiError(tenants.error).message}</FormAlert>
      </div>
    );
  }
  if (!active || !role) {
    return (
      <div className="page page-wide" aria-busy="true">
        <header className="page-header">
          <h1>
            <span className="skeleton skeleton-heading" />
          </h1>
        </header>
        <div className="card card-placeholder" />
      </div>
    );
  }
  if (active.kind === 'personal') {
    return (
      <div className="page">
        <header className="page-header">
          <h1>Members</h1>
          <p className="page-lede">
            This is your personal workspace: only you work here. Create an organisation from the switcher in the title bar to work
            with others, then invite them from its Members page.
          </p>
        </header>
      </div>
    );
  }
  return <OrganisationMembers organisation={active} role={role} />;
}

function OrganisationMembers({ organisation, role }: { organisation: TTenantSummary; role: TRole }) {
  const members = trpc.members.list.useQuery();
  const controls = organisationControls(role);
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1>{organisation.name}</h1>
        <p className="page-lede">
          Members of this organisation and what each may do. You are {role === 'Admin' ? 'an' : 'a'} {role}.
        </p>
      </header>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members{members.data && <span className="heading-count"> · {members.data.count}</span>}</h2>
        {members.error ? (
          <FormAlert tone="error">{describeApiError(members.error).message}</FormAlert>
        ) : (
          <table className="members-table" aria-busy={members.isPending}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Access</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data
                ? members.data.members.map((member) => <MemberRow key={member.user_id} member={member} caller={role} />)
                : [0, 1].map((row) => (
                    <tr key={row} aria-hidden="true">
                      <td colSpan={6}>
                        <span className="skeleton skeleton-text" />
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
        )}
      </section>
      {controls.seeInvitations && (
        <InvitationsCard caller={role} mayInvite={controls.invite} mayRevoke={controls.revokeInvitations} />
      )}
      {controls.outbox && <OutboxCard />}
      {controls.memberKeys && members.data && <MemberKeysCard members={members.data.members} />}
      {(controls.rename || controls.leave || controls.delete) && (
        <section className="card" aria-labelledby="organisation-heading">
          <h2 id="organisation-heading">Organisation</h2>
          {controls.rename && <RenameForm organisation={organisation} />}
          {controls.leave && <LeaveOrganisation organisation={organisation} />}
          {controls.delete && <DeleteOrganisation organisation={organisation} />}
        </section>
      )}
    </div>
  );
}

function RenameForm({ organisation }: { organisation: TTenantSummary }) {
  const utils = trpc.useUtils();
  const form = useSchemaForm(ZRenameOrganisationRequest, { name: organisation.name });
  const rename = trpc.tenants.rename.useMutation({
    onSuccess: () => void utils.tenants.list.invalidate(),
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const failure = rename.error ? describeApiError(rename.error) : null;
  return (
    <form className="inline-form" noValidate onSubmit={form.onSubmit((data) => rename.mutate(data))}>
      <TextField
        label="Name"
        maxLength={ORGANISATION_LIMITS.nameChars}
        {...form.input('name')}
        error={form.errors.name ?? (failure && failure.code !== 'VALIDATION_ERROR' ? failure.message : undefined)}
        hint={rename.isSuccess && form.values.name === rename.variables.name ? 'Renamed' : undefined}
      />
      <button type="submit" className="button" disabled={rename.isPending || form.values.name.trim() === organisation.name}>
        {rename.isPending ? 'Renaming…' : 'Rename'}
      </button>
    </form>
  );
}

function LeaveOrganisation({ organisation }: { organisation: TTenantSummary }) {
  const switcher = useTenantSwitcher();
  const leave = useMutation({ mutationFn: () => switcher.leave() });
  return (
    <div className="leave-organisation">
      <p className="card-note">Leaving ends your access here; you go back to your personal workspace.</p>
      <div className="card-actions">
        <ConfirmAction
          trigger="Leave organisation…"
          triggerClassName="button button-danger"
          question={`Leave ${organisation.name}?`}
          groupLabel={`Confirm leaving ${organisation.name}`}
          action="Leave"
          busyAction="Leaving…"
          busy={leave.isPending}
          onConfirm={() => leave.mutate()}
        />
      </div>
      {leave.error && <FormAlert tone="error">{describeApiError(leave.error).message}</FormAlert>}
    </div>
  );
}

/** Deleting asks for the organisation's name, typed: everything of it goes, for every member. */
function DeleteOrganisation({ organisation }: { organisation: TTenantSummary }) {
  const switcher = useTenantSwitcher();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation({ mutationFn: (confirm: string) => switcher.deleteOrganisation(confirm) });
  return (
    <div className="delete-organisation">
      <p className="card-note">
        Deleting removes the organisation with its sessions, files, conversations and invitations, for every member.
      </p>
      {asking ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate(typed);
          }}
        >
          <TextField
            label={`Type “${organisation.name}” to confirm`}
            autoFocus
            autoComplete="off"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            error={remove.error ? describeApiError(remove.error).message : undefined}
          />
          <button type="submit" className="button button-danger" disabled={remove.isPending || typed !== organisation.name}>
            {remove.isPending ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="card-actions">
          <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
            Delete organisation…
          </button>
        </div>
      )}
    </div>
  );
}
