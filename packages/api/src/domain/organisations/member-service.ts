// The members of the tenant a call acts in: listed by anyone there; managed by Managers (members
// below Admin, roles up to Manager) and Admins (everyone). Nobody changes their own role or access,
// so an organisation cannot lose its last Admin that way. Changes apply at the member's next
// request: authentication reads the membership on every call.
import { AppError } from '../../errors/app-error';
import type { TMember, TUpdateMemberRequest } from '../../contract/organisations';
import { ROLE_RANK } from '../../contract/roles';
import type { CallerContext } from '../identity/identity-context';
import { membershipRepository, type MembershipRecord } from '../identity/membership-repository';
import { fullName, userRepository, type UserRecord } from '../identity/user-repository';
import { listApiKeys, revokeAllApiKeys, revokeApiKey } from '../api-keys/api-key-service';
import type { TListApiKeysResponse } from '../../contract/api-keys';
import { currentOrganisation } from './tenant-service';
import type { TenantTransaction } from '../../storage/tenant-scope';

function memberOf(membership: MembershipRecord, user: UserRecord, callerId: string): TMember {
  return {
    user_id: membership.user_id,
    email: user.email,
    full_name: fullName(user),
    role: membership.role,
    status: membership.disabled ? 'disabled' : 'active',
    joined_at: membership.joined_at,
    last_active_at: membership.last_active_at,
    you: membership.user_id === callerId,
  };
}

export async function listMembers(ctx: CallerContext): Promise<{ members: TMember[]; count: number }> {
  const members = await ctx.tenant.transact(async (tx) => {
    const memberships = await membershipRepository.listForTenant(tx.identity, ctx.auth.tenantId);
    const users = await Promise.all(memberships.map((membership) => userRepository.get(tx.identity, membership.user_id)));
    return memberships.flatMap((membership, index) => {
      const user = users[index];
      return user ? [memberOf(membership, user, ctx.auth.userId)] : [];
    });
  });
  members.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.full_name.localeCompare(b.full_name));
  return { members, count: members.length };
}

/**
 * The member the caller may manage in this organisation, or the reason not: their own membership,
 * a personal tenant, someone who is not a member, an Admin (for a Manager).
 */
async function manageableMember(ctx: CallerContext, tx: TenantTransaction, userId: string): Promise<MembershipRecord> {
  const { auth } = ctx;
  if (userId === auth.userId) {
    throw new AppError(
      'CONFLICT',
      'You cannot change your own role or access, or remove yourself (leave the organisation instead)',
    );
  }
  const target = await membershipRepository.get(tx.identity, userId, auth.tenantId);
  // Someone of another tenant answers like an id that names nobody, wherever the call acts.
  if (!target) throw new AppError('NOT_FOUND', 'No member with this id here');
  await currentOrganisation(tx.identity, auth.tenantId);
  if (target.role === 'Admin' && auth.role !== 'Admin') throw new AppError('FORBIDDEN', 'Only an Admin can manage an Admin');
  return target;
}

export async function updateMember(ctx: CallerContext, input: TUpdateMemberRequest): Promise<TMember> {
  if (input.role === 'Admin' && ctx.auth.role !== 'Admin') {
    throw new AppError('FORBIDDEN', 'Only an Admin can make someone an Admin');
  }
  const now = ctx.deps.now().toISOString();
  return ctx.tenant.transact(async (tx) => {
    const target = await manageableMember(ctx, tx, input.user_id);
    const user = await userRepository.get(tx.identity, target.user_id);
    if (!user) throw new AppError('NOT_FOUND', 'No member with this id here');
    const updated: MembershipRecord = {
      ...target,
      role: input.role ?? target.role,
      disabled: input.disabled ?? target.disabled,
      updated_at: now,
    };
    membershipRepository.put(tx.identity, updated);
    return memberOf(updated, user, ctx.auth.userId);
  });
}

/** Ends the member's access here at their next request and revokes their API keys here. */
export async function removeMember(ctx: CallerContext, userId: string): Promise<void> {
  await ctx.tenant.transact(async (tx) => {
    await manageableMember(ctx, tx, userId);
    membershipRepository.remove(tx.identity, userId, ctx.auth.tenantId);
    await revokeAllApiKeys(tx, userId);
  });
}

/** Answers the member `userId` of the caller's tenant, or NOT_FOUND (someone elsewhere answers the same). */
async function existingMember(ctx: CallerContext, userId: string): Promise<void> {
  const membership = await ctx.tenant.transact((tx) => membershipRepository.get(tx.identity, userId, ctx.auth.tenantId));
  if (!membership) throw new AppError('NOT_FOUND', 'No member with this id here');
}

/** A member's API keys in this tenant (an Admin's view: names and prefixes, never secrets). */
export async function listMemberApiKeys(ctx: CallerContext, userId: string): Promise<TListApiKeysResponse> {
  await existingMember(ctx, userId);
  return listApiKeys(ctx, userId);
}

export async function revokeMemberApiKey(ctx: CallerContext, userId: string, keyId: string): Promise<void> {
  await existingMember(ctx, userId);
  await revokeApiKey(ctx, keyId, userId);
}
