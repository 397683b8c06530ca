// Single-use tokens carried by mailed links (verify an address, reset a password). Only their
// SHA-256 is stored, beside the user's index of them: a new link of a purpose voids the user's
// older one, so at most one per purpose is ever live and nothing piles up.
import { createHash, randomBytes } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import type { UserRecord } from './user-repository';

export type EmailLinkPurpose = 'verify_email' | 'reset_password';

/** How long a link works: a verification waits a day for its mail to be read, a reset half an hour. */
export const EMAIL_LINK_TTL_SECONDS: Record<EmailLinkPurpose, number> = {
  verify_email: 24 * 3600,
  reset_password: 30 * 60,
};

interface EmailLinkRecord {
  purpose: EmailLinkPurpose;
  user_id: string;
  /** The address the link was mailed to (a verification proves that one). */
  email: string;
  /** The password the user had: a reset link dies with it (a change or another reset). */
  password_changed_at: string;
  expires_at: string;
}

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export const emailLinkTokens = {
  /** A new token for `user`; their previous one of the same purpose stops working. */
  async issue(identity: ScopedTransaction, purpose: EmailLinkPurpose, user: UserRecord, now: Date): Promise<string> {
    const previous = await identity.get<string>(['email_link_of', user.user_id, purpose]);
    if (previous !== undefined) identity.clear(['email_link', previous]);
    const token = randomBytes(32).toString('base64url');
    const digest = digestOf(token);
    const record: EmailLinkRecord = {
      purpose,
      user_id: user.user_id,
      email: user.email,
      password_changed_at: user.password_changed_at,
      expires_at: new Date(now.getTime() + EMAIL_LINK_TTL_SECONDS[purpose] * 1000).toISOString(),
    };
    identity.set(['email_link', digest], record);
    identity.set(['email_link_of', user.user_id, purpose], digest);
    return token;
  },

  /** The user a live token of `purpose` was issued to, as they are now; the token stays. */
  async find(
    identity: ScopedTransaction,
    purpose: EmailLinkPurpose,
    token: string,
    now: Date,
    loadUser: (userId: string) => Promise<UserRecord | undefined>,
  ): Promise<UserRecord | undefined> {
    const record = await identity.get<EmailLinkRecord>(['email_link', digestOf(token)]);
    if (!record || record.purpose !== purpose || Date.parse(record.expires_at) <= now.getTime()) return undefined;
    const user = await loadUser(record.user_id);
    if (!user || user.email !== record.email || !user.is_active) return undefined;
    if (purpose === 'reset_password' && user.password_changed_at !== record.password_changed_at) return undefined;
    return user;
  },

  /** Like `find`, and uses the token up when it is live: a second use finds nothing. */
  async redeem(
    identity: ScopedTransaction,
    purpose: EmailLinkPurpose,
    token: string,
    now: Date,
    loadUser: (userId: string) => Promise<UserRecord | undefined>,
  ): Promise<UserRecord | undefined> {
    const user = await this.find(identity, purpose, token, now, loadUser);
    if (user) {
      identity.clear(['email_link', digestOf(token)]);
      identity.clear(['email_link_of', user.user_id, purpose]);
    }
    return user;
  },
};
