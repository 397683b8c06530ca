// Adds a new user to an existing tenant (tests use it to put two users in one tenant without the
// invitation round trip), and changes a member's access directly.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TRole } from '../../contract/auth';
import type { AnonymousContext } from './identity-context';
import { membershipRepository, newMembership } from './membership-repository';
import { writeNewAccount } from './registration-service';
import { organisationRepository } from '../organisations/organisation-repository';
import { selfTenantId } from './tenant-id';
import { newUserRecord, userRepository } from './user-repository';

export interface NewMember {
  tenant_id: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  role: TRole;
}

/**
 * A new account (with its own self-tenant, like any) that is also a member of `tenant_id` with
 * `role`, and lands there when it signs in (as after accepting an invitation).
 */
export async function addTenantMember(
  ctx: Pick<AnonymousContext, 'deps' | 'identity'>,
  member: NewMember,
): Promise<{ user_id: string }> {
  const { deps } = ctx;
  const tenantId = member.tenant_id;
  const passwordHash = await deps.passwords.hash(member.password);
  const now = deps.now();
  const userId = randomUUID();
  await ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    const exists =
      (await tx.tenant(tenantId).get(['tenant'])) !== undefined ||
      (await organisationRepository.get(identity, tenantId)) !== undefined;
    if (!exists) throw new AppError('NOT_FOUND', `No tenant ${tenantId}`);
    if (await userRepository.emailTaken(identity, member.email)) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    const user = newUserRecord({
      user_id: userId,
      tenant_id: selfTenantId(userId),
      email: member.email,
      first_name: member.first_name,
      last_name: member.last_name,
      company: null,
      password_hash: passwordHash,
      now,
    });
    writeNewAccount(tx, { ...user, last_tenant_id: tenantId }, now);
    membershipRepository.put(identity, newMembership({ user_id: userId, tenant_id: tenantId, role: member.role, now }));
  });
  return { user_id: userId };
}

/**
 * Disables or re-enables an account, or changes a member's role in a tenant (by default the one
 * they land in): either applies at the user's next request, whatever their tokens say.
 */
export async function updateMemberAccess(
  ctx: Pick<AnonymousContext, 'deps' | 'identity'>,
  change: { user_id: string; tenant_id?: string; is_active?: boolean; role?: TRole },
): Promise<void> {
  const now = ctx.deps.now().toISOString();
  await ctx.identity.transact(async (tx) => {
    const user = await userRepository.get(tx.identity, change.user_id);
    if (!user) throw new AppError('NOT_FOUND', `No user ${change.user_id}`);
    if (change.is_active !== undefined) {
      userRepository.put(tx.identity, { ...user, is_active: change.is_active, updated_at: now });
    }
    if (change.role !== undefined) {
      const tenantId = change.tenant_id ?? user.last_tenant_id ?? user.tenant_id;
      const membership = await membershipRepository.get(tx.identity, user.user_id, tenantId);
      if (!membership) throw new AppError('NOT_FOUND', `${change.user_id} is not a member of ${tenantId}`);
      membershipRepository.put(tx.identity, { ...membership, role: change.role, updated_at: now });
    }
  });
}
