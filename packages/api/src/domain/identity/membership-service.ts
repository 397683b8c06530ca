// Adds a user to an existing tenant (the seam future invitations will use; tests use it to put
// two users in one tenant). Not exposed as an operation yet.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TRole } from '../../contract/auth';
import type { AnonymousContext } from './identity-context';
import { newUserRecord, userRepository } from './user-repository';

export interface NewMember {
  tenant_id: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  role: TRole;
}

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
    if ((await tx.tenant(tenantId).get(['tenant'])) === undefined) {
      throw new AppError('NOT_FOUND', `No tenant ${tenantId}`);
    }
    const { identity } = tx;
    if (await userRepository.emailTaken(identity, member.email)) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    userRepository.put(
      identity,
      newUserRecord({
        user_id: userId,
        tenant_id: tenantId,
        email: member.email,
        first_name: member.first_name,
        last_name: member.last_name,
        company: null,
        role: member.role,
        password_hash: passwordHash,
        now,
      }),
    );
  });
  return { user_id: userId };
}

/**
 * Disables or re-enables a user, or changes their role (the seam the teams operations will use):
 * either applies at the user's next request, whatever their tokens say.
 */
export async function updateMemberAccess(
  ctx: Pick<AnonymousContext, 'deps' | 'identity'>,
  change: { user_id: string; is_active?: boolean; role?: TRole },
): Promise<void> {
  const now = ctx.deps.now().toISOString();
  await ctx.identity.transact(async (tx) => {
    const user = await userRepository.get(tx.identity, change.user_id);
    if (!user) throw new AppError('NOT_FOUND', `No user ${change.user_id}`);
    userRepository.put(tx.identity, {
      ...user,
      is_active: change.is_active ?? user.is_active,
      role: change.role ?? user.role,
      updated_at: now,
    });
  });
}
