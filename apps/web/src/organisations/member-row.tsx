// One member of the Members table, with the controls the caller may use on them.
import type { TMember, TRole } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { formatRelativeTime } from '../format/relative-time';
import { ConfirmAction } from '../shell/confirm-action';
import { memberControls } from './member-permissions';

export function MemberRow({ member, caller }: { member: TMember; caller: TRole }) {
  const utils = trpc.useUtils();
  const refresh = () => void utils.members.list.invalidate();
  const update = trpc.members.update.useMutation({ onSuccess: refresh });
  const remove = trpc.members.remove.useMutation({ onSuccess: refresh });
  const controls = memberControls(caller, member);
  const busy = update.isPending || remove.isPending;
  const failure = update.error ?? remove.error;
  const disabled = member.status === 'disabled';
  // Someone who manages members sees their own row's controls, turned off, saying why.
  const ownLocked = member.you && controls.lockedBecause !== null;

  return (
    <tr className={member.you ? 'member-row member-you' : 'member-row'} aria-label={member.full_name}>
      <td className="member-name" data-label="Name">
        <span>{member.full_name}</span>
        {member.you && <span className="badge">you</span>}
      </td>
      <td className="member-email" data-label="Email">
        {member.email}
      </td>
      <td className="member-role" data-label="Role">
        {controls.roles.length > 0 ? (
          <select
            aria-label={`Role of ${member.full_name}`}
            value={update.isPending && update.variables.role ? update.variables.role : member.role}
            disabled={busy}
            onChange={(event) => update.mutate({ user_id: member.user_id, role: event.target.value as TRole })}
          >
            {controls.roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        ) : ownLocked ? (
          <select
            aria-label={`Role of ${member.full_name}`}
            value={member.role}
            disabled
            title={controls.lockedBecause ?? undefined}
          >
            <option value={member.role}>{member.role}</option>
          </select>
        ) : (
          <span title={controls.lockedBecause ?? undefined}>{member.role}</span>
        )}
      </td>
      <td className="member-status" data-label="Access">
        <span className={disabled ? 'badge badge-danger' : 'badge badge-success'}>{disabled ? 'disabled' : 'active'}</span>
      </td>
      <td className="member-active muted" data-label="Last active">
        {member.last_active_at ? formatRelativeTime(member.last_active_at) : 'never'}
      </td>
      <td className="member-actions">
        {controls.mayDisable && (
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            aria-label={`${disabled ? 'Enable' : 'Disable'} ${member.full_name}`}
            onClick={() => update.mutate({ user_id: member.user_id, disabled: !disabled })}
          >
            {disabled ? 'Enable' : 'Disable'}
          </button>
        )}
        {controls.mayRemove && (
          <ConfirmAction
            trigger="Remove…"
            triggerLabel={`Remove ${member.full_name}…`}
            triggerClassName="button button-small button-danger"
            question={`Remove ${member.full_name}?`}
            groupLabel={`Confirm removing ${member.full_name}`}
            action="Remove"
            busyAction="Removing…"
            busy={remove.isPending}
            onConfirm={() => remove.mutate({ user_id: member.user_id })}
          />
        )}
        {ownLocked && (
          <button type="button" className="button button-small" disabled title={controls.lockedBecause ?? undefined}>
            Disable
          </button>
        )}
        {failure && (
          <span className="field-error" role="alert">
            {describeApiError(failure).message}
          </span>
        )}
      </td>
    </tr>
  );
}
