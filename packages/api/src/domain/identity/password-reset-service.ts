// A forgotten password: a short-lived single-use link by mail, then a new password that ends every
// session of the account. Asking never tells whether the address has an account.
import { AppError } from '../../errors/app-error';
import type { TResetPasswordRequest } from '../../contract/auth';
import { appLink } from './account-mail';
import { passwordResetMail } from './account-mails';
import { authSessionRepository } from './auth-session-repository';
import { EMAIL_LINK_TTL_SECONDS, emailLinkTokens } from './email-link-tokens';
import type { AnonymousContext } from './identity-context';
import { assertStrongPassword } from './password-strength';
import { userRepository } from './user-repository';

export const RESET_PASSWORD_PAGE = '/reset-password';

function invalidLink(): AppError {
  return new AppError('INVALID_TOKEN', 'This reset link is invalid, used or expired; ask for a new one');
}

/**
 * Answers at once, the same for every address: looking the account up, issuing its token and
 * mailing it happen after the answer, so neither the reply nor its timing says whether it exists.
 */
export function requestPasswordReset(ctx: AnonymousContext, email: string): void {
  const { deps } = ctx;
  const now = deps.now();
  deps.accountMail.send(
    ctx.identity.transact(async (tx) => {
      const user = await userRepository.getByEmail(tx.identity, email);
      if (!user || !user.is_active) return undefined;
      const token = await emailLinkTokens.issue(tx.identity, 'reset_password', user, now);
      const url = appLink(deps.accountMail, RESET_PASSWORD_PAGE, { token });
      return passwordResetMail(user.email, user.first_name, url, EMAIL_LINK_TTL_SECONDS.reset_password / 60);
    }),
  );
}

/**
 * Sets the new password (held to the usual strength rules, which leave the token unused when they
 * refuse) and ends every session; the address counts as verified, since its mail was read.
 */
export async function resetPassword(
  ctx: AnonymousContext,
  input: TResetPasswordRequest,
): Promise<{ userId: string; tenantId: string }> {
  const { deps } = ctx;
  const now = deps.now();
  const holder = await ctx.identity.transact((tx) =>
    emailLinkTokens.find(tx.identity, 'reset_password', input.token, now, (userId) => userRepository.get(tx.identity, userId)),
  );
  if (!holder) throw invalidLink();
  await assertStrongPassword(deps.passwordStrength, input.password, 'password', [
    holder.email,
    holder.first_name,
    holder.last_name,
  ]);
  const passwordHash = await deps.passwords.hash(input.password);
  return ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    const user = await emailLinkTokens.redeem(identity, 'reset_password', input.token, now, (userId) =>
      userRepository.get(identity, userId),
    );
    if (!user) throw invalidLink();
    userRepository.put(identity, {
      ...user,
      password_hash: passwordHash,
      password_changed_at: now.toISOString(),
      email_verified: true,
      updated_at: now.toISOString(),
    });
    await authSessionRepository.revokeAllForUser(tx.tenant(user.tenant_id), user.user_id, 'password_reset', now);
    return { userId: user.user_id, tenantId: user.tenant_id };
  });
}
