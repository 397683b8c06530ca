// Which provider accounts sign in as which user: (provider, subject) → user, and the user's links.
import type { ScopedTransaction } from '@coditect/store';

export interface ExternalIdentityRecord {
  user_id: string;
  provider: string;
  subject: string;
  /** The address the provider gave when it was linked. */
  email: string | null;
  linked_at: string;
}

export const externalIdentities = {
  async userOf(identity: ScopedTransaction, provider: string, subject: string): Promise<string | undefined> {
    return (await identity.get<ExternalIdentityRecord>(['external_identity', provider, subject]))?.user_id;
  },

  async listForUser(identity: ScopedTransaction, userId: string): Promise<ExternalIdentityRecord[]> {
    const rows = await identity.getRange<string>(['external_identity_of', userId]);
    const records = await Promise.all(
      rows.map((row) => identity.get<ExternalIdentityRecord>(['external_identity', String(row.key.at(-1)), row.value])),
    );
    return records.filter((record): record is ExternalIdentityRecord => record !== undefined);
  },

  link(identity: ScopedTransaction, record: ExternalIdentityRecord): void {
    identity.set(['external_identity', record.provider, record.subject], record);
    identity.set(['external_identity_of', record.user_id, record.provider], record.subject);
  },

  unlink(identity: ScopedTransaction, record: ExternalIdentityRecord): void {
    identity.clear(['external_identity', record.provider, record.subject]);
    identity.clear(['external_identity_of', record.user_id, record.provider]);
  },
};
