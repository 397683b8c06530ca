// User records in the global identity space: by id, plus a unique index by lower-cased email.
import type { ScopedTransaction } from '@coditect/store';
import type { TRole } from '../../contract/auth';

export interface UserRecord {
  user_id: string;
  tenant_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  role: TRole;
  password_hash: string;
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

/** A fresh, active user record (role and tenant chosen by the caller). */
export function newUserRecord(fields: {
  user_id: string;
  tenant_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string | null;
  role: TRole;
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

export const userRepository = {
  get(identity: ScopedTransaction, userId: string): Promise<UserRecord | undefined> {
    return identity.get<UserRecord>(['user', userId]);
  },

  async getByEmail(identity: ScopedTransaction, email: string): Promise<UserRecord | undefined> {
    const userId = await identity.get<string>(['user_by_email', emailKey(email)]);
    return userId === undefined ? undefined : identity.get<UserRecord>(['user', userId]);
  },

  emailTaken(identity: ScopedTransaction, email: string): Promise<boolean> {
    return identity.get(['user_by_email', emailKey(email)]).then((userId) => userId !== undefined);
  },

  /** Writes the record and its email index entry (the email itself never changes). */
  put(identity: ScopedTransaction, user: UserRecord): void {
    identity.set(['user', user.user_id], user);
    identity.set(['user_by_email', emailKey(user.email)], user.user_id);
  },
};
