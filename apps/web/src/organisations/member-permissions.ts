// Which of the Members page's controls the caller gets: the contract's rule says whether their role
// may manage members or invitations at all; the organisation's rule (the server's member service)
// narrows it — nobody acts on a member who outranks them nor grants a role above their own (a
// Manager manages members below Admin and grants up to Manager), and nobody changes their own row.
import { apiContract, ROLES_BY_RANK, roleAtLeast, roleMayCall, type TMember, type TRole } from '@coditect/api/contract';

export interface MemberControls {
  /** The roles the caller may give this member; empty when the role cannot be changed here. */
  roles: readonly TRole[];
  mayDisable: boolean;
  mayRemove: boolean;
  /** Why the caller, who manages members, cannot act on this one (their own row, an outranking member). */
  lockedBecause: string | null;
}

const NONE: MemberControls = { roles: [], mayDisable: false, mayRemove: false, lockedBecause: null };

/** The roles `caller` may grant (to members and in invitations): up to their own. */
export function grantableRoles(caller: TRole): TRole[] {
  return ROLES_BY_RANK.filter((role) => roleAtLeast(caller, role));
}

export function memberControls(caller: TRole, member: TMember): MemberControls {
  const mayUpdate = roleMayCall(caller, apiContract.members.update);
  const mayRemove = roleMayCall(caller, apiContract.members.remove);
  if (!mayUpdate && !mayRemove) return NONE;
  if (member.you) return { ...NONE, lockedBecause: 'You cannot change your own role or access' };
  if (!roleAtLeast(caller, member.role)) return { ...NONE, lockedBecause: `Only an ${member.role} can manage an ${member.role}` };
  return { roles: mayUpdate ? grantableRoles(caller) : [], mayDisable: mayUpdate, mayRemove, lockedBecause: null };
}

/** What the Members page offers beyond the list. */
export function organisationControls(caller: TRole) {
  return {
    invite: roleMayCall(caller, apiContract.invitations.create),
    seeInvitations: roleMayCall(caller, apiContract.invitations.list),
    revokeInvitations: roleMayCall(caller, apiContract.invitations.revoke),
    rename: roleMayCall(caller, apiContract.tenants.rename),
    leave: roleMayCall(caller, apiContract.tenants.leave),
    delete: roleMayCall(caller, apiContract.tenants.delete),
    memberKeys: roleMayCall(caller, apiContract.members.apiKeys),
    outbox: roleMayCall(caller, apiContract.invitations.outbox),
  };
}
