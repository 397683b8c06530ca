// User records in the global identity space: by id, plus a unique index by lower-cased email.
import type { ScopedTransaction } from '@coditect/store';
import type { TRole } from '../../contract/auth';

export interface UserRecord {
  user_id: string;
  /** The user's self-tenant (their personal workspace): where their auth sessions live. */
  tenant_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  /**
   * Keyspace version 1 only: the role in the self-tenant. Roles are memberships now
   * (membership-repository.ts); the migration to version 2 turned this into one.
   */
  role?: TRole;
  /** The tenant the user last switched to: where the next sign-in lands while they still belong there. */
  last_tenant_id?: string;
  /** Empty for an account made by signing in with a provider (until a reset sets a password). */
  password_hash: string;
  /** How the account was made: `local` (a password) or a sign-in provider's id (`google`, `github`…). Absent: local. */
  provider?: string;
  is_active: boolean;
  email_verified: boolean;
  last_login_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

/** Emails are unique and compared case-insensitively. */
export function emailKey(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export function fullName(user: Pick<UserRecord, 'first_name' | 'last_name'>): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

/** A fresh, active user record (its self-tenant chosen by the caller). */
export function newUserRecord(fields: {
  user_id: string;
  tenant_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  password_hash: string;
  now: Date;
}): UserRecord {
  const { now, ...identity } = fields;
  const at = now.toISOString();
  return {
    ...identity,
    is_active: true,
    email_verified: false,
    last_login_at: null,
    password_changed_at: at,
    created_at: at,
    updated_at: at,
  };
}

/**
 * What every authenticated call checks about its user: a small record written with the user's, so
 * reading it beside the auth session costs little and a change (disabled, new role, moved tenant)
 * applies at the user's next request (the role is the membership's).
 */
export interface UserAccessState {
  tenant_id: string;
  email: string;
  is_active: boolean;
  /** Absent in states written before verification existed: read as false. */
  email_verified?: boolean;
}

function accessStateOf(user: UserRecord): UserAccessState {
  return {
    tenant_id: user.tenant_id,
    email: user.email,
    is_active: user.is_active,
    email_verified: user.email_verified,
  };
}

export const userRepository = {
  get(identity: ScopedTransaction, userId: string): Promise<UserRecord | undefined> {
    return identity.get<UserRecord>(['user', userId]);
  },

  /** The user's access state (from the user record itself for users written before it existed). */
  async accessState(identity: ScopedTransaction, userId: string): Promise<UserAccessState | undefined> {
    const state = await identity.get<UserAccessState>(['user_access', userId]);
    if (state) return state;
    const user = await this.get(identity, userId);
    return user && accessStateOf(user);
  },

  async getByEmail(identity: ScopedTransaction, email: string): Promise<UserRecord | undefined> {
    const userId = await identity.get<string>(['user_by_email', emailKey(email)]);
    return userId === undefined ? undefined : identity.get<UserRecord>(['user', userId]);
  },

  emailTaken(identity: ScopedTransaction, email: string): Promise<boolean> {
    return identity.get(['user_by_email', emailKey(email)]).then((userId) => userId !== undefined);
  },

  /** Removes the record, its access state and its email index entry. */
  remove(identity: ScopedTransaction, user: UserRecord): void {
    identity.clear(['user', user.user_id]);
    identity.clear(['user_access', user.user_id]);
    identity.clear(['user_by_email', emailKey(user.email)]);
  },

  /** Writes the record, its access state and its email index entry (the email itself never changes). */
  put(identity: ScopedTransaction, user: UserRecord): void {
    identity.set(['user', user.user_id], user);
    identity.set(['user_access', user.user_id], accessStateOf(user));
    identity.set(['user_by_email', emailKey(user.email)], user.user_id);
  },
};
