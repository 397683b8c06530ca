// Register: the user, its self-tenant, the email index and a first auth session, atomically.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TRegisterRequest, TRegisterResponse } from '../../contract/auth';
import { authSessionRepository, newAuthSession } from './auth-session-repository';
import type { AnonymousContext } from './identity-context';
import { assertStrongPassword } from './password-strength';
import { selfTenantId } from './tenant-id';
import { verificationMailFor } from './email-verification-service';
import { newMembership, membershipRepository } from './membership-repository';
import { fullName, newUserRecord, userRepository, type UserRecord } from './user-repository';
import type { ScopedTransaction } from '@coditect/store';
import type { IdentityTransaction } from '../../storage/identity-scope';

/** A personal tenant's own record (organisations are recorded in the identity space instead). */
export interface TenantRecord {
  tenant_id: string;
  name: string;
  owner_user_id: string;
  kind: 'personal';
  created_at: string;
}

/**
 * Writes a new user, its self-tenant and its membership there as the Admin (the caller has checked
 * the email is free, in `tx`); answers the tenant's handle.
 */
export function writeNewAccount(tx: IdentityTransaction, user: UserRecord, now: Date): ScopedTransaction {
  userRepository.put(tx.identity, user);
  membershipRepository.put(tx.identity, {
    ...newMembership({ user_id: user.user_id, tenant_id: user.tenant_id, role: 'Admin', now }),
    last_active_at: now.toISOString(),
  });
  const tenant = tx.tenant(user.tenant_id);
  const tenantRecord: TenantRecord = {
    tenant_id: user.tenant_id,
    name: fullName(user),
    owner_user_id: user.user_id,
    kind: 'personal',
    created_at: now.toISOString(),
  };
  tenant.set(['tenant'], tenantRecord);
  return tenant;
}

export interface RegistrationOptions {
  /** The address is known to be the user's (the demo account): no verification mail. */
  emailVerified?: boolean;
}

/** The new account gets a verification link by mail unless its address is already trusted. */
export async function registerUser(
  ctx: AnonymousContext,
  input: TRegisterRequest,
  options: RegistrationOptions = {},
): Promise<TRegisterResponse> {
  const { deps } = ctx;
  await assertStrongPassword(deps.passwordStrength, input.password, 'password', [
    input.email,
    input.first_name,
    input.last_name,
    input.company,
  ]);
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.now();
  const userId = randomUUID();
  const tenantId = selfTenantId(userId);
  const sid = randomUUID();
  const refreshJti = randomUUID();
  const lifetime = deps.tokens.sessionLifetime(now);
  const user = newUserRecord({
    user_id: userId,
    tenant_id: tenantId,
    email: input.email,
    first_name: input.first_name,
    last_name: input.last_name,
    company: input.company ?? null,
    password_hash: passwordHash,
    now,
  });
  if (options.emailVerified) user.email_verified = true;

  const verification = await ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    if (await userRepository.emailTaken(identity, input.email)) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    const tenant = writeNewAccount(tx, user, now);
    authSessionRepository.put(tenant, newAuthSession({ sid, userId, refreshJti, now, lifetime, client: ctx.request }));
    return options.emailVerified ? undefined : verificationMailFor(identity, deps.accountMail, user, now);
  });
  if (verification) deps.accountMail.send(verification);

  const { tokens } = await deps.tokens.issuePair(
    { userId, tenantId, homeTenantId: tenantId, email: user.email, role: 'Admin', sid },
    refreshJti,
    lifetime.refreshExpiresAt,
  );
  return {
    user: {
      user_id: userId,
      tenant_id: tenantId,
      email: user.email,
      first_name: user.first_name,
      last_name: user.last_name,
      role: 'Admin',
      created_at: user.created_at,
    },
    tokens,
  };
}
