// Auth sessions (token families) in the tenant's space, with an index by user so that a password
// change can end all of a user's sessions in one transaction.
import type { ScopedTransaction } from '@coditect/store';
import type { ClientInfo } from './identity-context';

export type RevocationReason = 'logout' | 'password_change' | 'password_reset' | 'token_reuse' | 'signed_out_remotely';

export interface AuthSessionRecord {
  sid: string;
  user_id: string;
  /** The one refresh token of this family that may still be used. */
  refresh_jti: string;
  generation: number;
  created_at: string;
  last_refreshed_at: string | null;
  /** When the current refresh token expires; the session ends then. */
  expires_at: string;
  /** The most the session lasts, however often it is refreshed (absent on sessions from before). */
  absolute_expires_at?: string;
  revoked_at: string | null;
  revoked_reason: RevocationReason | null;
  ip: string;
  user_agent: string | null;
}

export function isSessionActive(session: AuthSessionRecord | undefined, userId: string, now: Date): boolean {
  return (
    session !== undefined &&
    session.user_id === userId &&
    session.revoked_at === null &&
    Date.parse(session.expires_at) > now.getTime() &&
    (session.absolute_expires_at === undefined || Date.parse(session.absolute_expires_at) > now.getTime())
  );
}

/** A new auth session (token family) whose first refresh token is `refreshJti`. */
export function newAuthSession(fields: {
  sid: string;
  userId: string;
  refreshJti: string;
  now: Date;
  lifetime: { absoluteEnd: Date; refreshExpiresAt: Date };
  client: ClientInfo;
}): AuthSessionRecord {
  return {
    sid: fields.sid,
    user_id: fields.userId,
    refresh_jti: fields.refreshJti,
    generation: 1,
    created_at: fields.now.toISOString(),
    last_refreshed_at: null,
    expires_at: fields.lifetime.refreshExpiresAt.toISOString(),
    absolute_expires_at: fields.lifetime.absoluteEnd.toISOString(),
    revoked_at: null,
    revoked_reason: null,
    ip: fields.client.ip,
    user_agent: fields.client.userAgent ?? null,
  };
}

export const authSessionRepository = {
  get(tenant: ScopedTransaction, sid: string): Promise<AuthSessionRecord | undefined> {
    return tenant.get<AuthSessionRecord>(['auth_session', sid]);
  },

  put(tenant: ScopedTransaction, session: AuthSessionRecord): void {
    tenant.set(['auth_session', session.sid], session);
    tenant.set(['auth_session_by_user', session.user_id, session.sid], session.created_at);
  },

  revoke(tenant: ScopedTransaction, session: AuthSessionRecord, reason: RevocationReason, at: Date): void {
    if (session.revoked_at !== null) return;
    tenant.set(['auth_session', session.sid], { ...session, revoked_at: at.toISOString(), revoked_reason: reason });
  },

  /** The user's sessions (the newest `limit` by id order is enough for what it is used for). */
  async listForUser(tenant: ScopedTransaction, userId: string, limit = 500): Promise<AuthSessionRecord[]> {
    const index = await tenant.getRange<string>(['auth_session_by_user', userId], { limit });
    const sessions = await Promise.all(index.map((entry) => this.get(tenant, String(entry.key[2]))));
    return sessions.filter((session): session is AuthSessionRecord => session !== undefined);
  },

  /** Ends every still-open session of the user; returns how many. */
  async revokeAllForUser(tenant: ScopedTransaction, userId: string, reason: RevocationReason, at: Date): Promise<number> {
    const index = await tenant.getRange<string>(['auth_session_by_user', userId]);
    let revoked = 0;
    for (const entry of index) {
      const session = await this.get(tenant, String(entry.key[2]));
      if (session && session.revoked_at === null) {
        this.revoke(tenant, session, reason, at);
        revoked += 1;
      }
    }
    return revoked;
  },
};
