// The caller's own profile and password.
import { AppError } from '../../errors/app-error';
import type { TChangePasswordRequest, TUpdateMeRequest, TUpdateMeResponse, TUserProfile } from '../../contract/users';
import { authSessionRepository } from './auth-session-repository';
import { assertStrongPassword } from './password-strength';
import { revokeAllApiKeys } from '../api-keys/api-key-service';
import { membershipRepository } from './membership-repository';
import type { CallerContext, IdentityDeps } from './identity-context';
import { fullName, userRepository, type UserRecord } from './user-repository';

/** The user as the caller sees them in the tenant they act in (its id and their role there). */
function toProfile(user: UserRecord, auth: CallerContext['auth']): TUserProfile {
  return {
    user_id: user.user_id,
    tenant_id: auth.tenantId,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    full_name: fullName(user),
    company: user.company,
    role: auth.role,
    is_active: user.is_active,
    email_verified: user.email_verified,
    provider: user.provider ?? 'local',
    last_login_at: user.last_login_at,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

function userGone(): AppError {
  return new AppError('UNAUTHORIZED', 'The account no longer exists');
}

export async function getProfile(ctx: CallerContext): Promise<TUserProfile> {
  const user = await ctx.tenant.transact((tx) => userRepository.get(tx.identity, ctx.auth.userId));
  if (!user) throw userGone();
  return toProfile(user, ctx.auth);
}

export async function updateProfile(ctx: CallerContext, input: TUpdateMeRequest): Promise<TUpdateMeResponse> {
  const now = ctx.deps.now().toISOString();
  const user = await ctx.tenant.transact(async (tx) => {
    const { identity } = tx;
    const current = await userRepository.get(identity, ctx.auth.userId);
    if (!current) throw userGone();
    const updated: UserRecord = {
      ...current,
      first_name: input.first_name ?? current.first_name,
      last_name: input.last_name ?? current.last_name,
      updated_at: now,
    };
    userRepository.put(identity, updated);
    return updated;
  });
  return {
    user_id: user.user_id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    full_name: fullName(user),
    updated_at: user.updated_at,
  };
}

/** Requires the current password; then every auth session of the user ends. */
export async function changePassword(
  ctx: CallerContext & { deps: Pick<IdentityDeps, 'passwords' | 'passwordStrength' | 'now'> },
  input: TChangePasswordRequest,
): Promise<void> {
  const { deps, auth } = ctx;
  const user = await ctx.tenant.transact((tx) => userRepository.get(tx.identity, auth.userId));
  if (!user) throw userGone();
  if (!(await deps.passwords.verify(user.password_hash, input.current_password))) {
    throw new AppError('INVALID_PASSWORD', 'Current password is incorrect');
  }
  await assertStrongPassword(deps.passwordStrength, input.new_password, 'new_password', [
    user.email,
    user.first_name,
    user.last_name,
  ]);
  const newHash = await deps.passwords.hash(input.new_password);
  const now = deps.now();
  await ctx.home.transact(async (tx) => {
    const { identity } = tx;
    const current = await userRepository.get(identity, auth.userId);
    if (!current) throw userGone();
    if (current.password_hash !== user.password_hash) {
      throw new AppError('CONFLICT', 'The password was changed meanwhile; sign in again');
    }
    userRepository.put(identity, {
      ...current,
      password_hash: newHash,
      password_changed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await authSessionRepository.revokeAllForUser(tx, current.user_id, 'password_change', now);
  });
  // Whoever learned the old password may have made keys with it, in any of the user's tenants:
  // they go too, unless kept.
  if (!input.keep_api_keys) await revokeKeysEverywhere(ctx);
}

/** Revokes the caller's API keys in every tenant they belong to. */
export async function revokeKeysEverywhere(ctx: CallerContext): Promise<void> {
  const memberships = await ctx.home.transact((tx) => membershipRepository.listForUser(tx.identity, ctx.auth.userId));
  for (const { tenant_id } of memberships) {
    await ctx.tenantOf(tenant_id).transact((tx) => revokeAllApiKeys(tx, ctx.auth.userId));
  }
}
