// Proving an address: a link mailed at sign-up (and on request) whose token marks it verified.
import type { ScopedTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import { appLink, type AccountMail } from './account-mail';
import { verificationMail } from './account-mails';
import { EMAIL_LINK_TTL_SECONDS, emailLinkTokens } from './email-link-tokens';
import type { AnonymousContext, CallerContext } from './identity-context';
import { userRepository, type UserRecord } from './user-repository';

export const VERIFY_EMAIL_PAGE = '/verify-email';

function invalidLink(): AppError {
  return new AppError('INVALID_TOKEN', 'This verification link is invalid, used or expired; ask for a new one');
}

/** Issues `user`'s verification token in `identity` (the caller's transaction); mail it once that commits. */
export async function verificationMailFor(
  identity: ScopedTransaction,
  mail: AccountMail,
  user: UserRecord,
  now: Date,
): Promise<ReturnType<typeof verificationMail>> {
  const token = await emailLinkTokens.issue(identity, 'verify_email', user, now);
  const url = appLink(mail, VERIFY_EMAIL_PAGE, { token });
  return verificationMail(user.email, user.first_name, url, EMAIL_LINK_TTL_SECONDS.verify_email / 3600);
}

export async function verifyEmail(ctx: AnonymousContext, token: string): Promise<{ email: string }> {
  const now = ctx.deps.now();
  return ctx.identity.transact(async (tx) => {
    const { identity } = tx;
    const user = await emailLinkTokens.redeem(identity, 'verify_email', token, now, (userId) =>
      userRepository.get(identity, userId),
    );
    if (!user) throw invalidLink();
    if (!user.email_verified) userRepository.put(identity, { ...user, email_verified: true, updated_at: now.toISOString() });
    return { email: user.email };
  });
}

/** A new link for the signed-in caller (the previous one stops working). */
export async function resendVerification(ctx: CallerContext & { deps: { accountMail: AccountMail } }): Promise<void> {
  const { deps } = ctx;
  const now = deps.now();
  const message = await ctx.tenant.transact(async (tx) => {
    const user = await userRepository.get(tx.identity, ctx.auth.userId);
    if (!user) throw new AppError('UNAUTHORIZED', 'The account no longer exists');
    if (user.email_verified) throw new AppError('CONFLICT', 'This email address is already verified');
    return verificationMailFor(tx.identity, deps.accountMail, user, now);
  });
  deps.accountMail.send(message);
}
