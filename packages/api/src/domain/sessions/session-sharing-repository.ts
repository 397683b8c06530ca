// Which sessions their owners shared with the rest of their organisation, and how:
//   tenant: ['ws_session_sharing', session_id] → SharingRecord   (absent: private)
import type { ScopedTransaction } from '@coditect/store';
import type { TSessionSharing } from '../../contract/sessions';

export interface SharingRecord {
  session_id: string;
  user_id: string;
  sharing: Exclude<TSessionSharing, 'private'>;
  shared_at: string;
}

export const sessionSharingRepository = {
  get(tenant: ScopedTransaction, sessionId: string): Promise<SharingRecord | undefined> {
    return tenant.get<SharingRecord>(['ws_session_sharing', sessionId]);
  },

  put(tenant: ScopedTransaction, record: SharingRecord): void {
    tenant.set(['ws_session_sharing', record.session_id], record);
  },

  remove(tenant: ScopedTransaction, sessionId: string): void {
    tenant.clear(['ws_session_sharing', sessionId]);
  },

  /** The tenant's shared sessions (at most `limit`), by session id. */
  async list(tenant: ScopedTransaction, limit: number): Promise<SharingRecord[]> {
    return (await tenant.getRange<SharingRecord>(['ws_session_sharing'], { limit })).map((entry) => entry.value);
  },
};
