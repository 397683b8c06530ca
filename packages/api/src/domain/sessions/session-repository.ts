// Workspace session records in the tenant's space. Every read is scoped to the owning user:
// another user's session (same tenant or not) is indistinguishable from a missing one.
import type { ScopedTransaction } from '@coditect/store';
import type { TWorkspaceSession } from '../../router/sessions/sessions.types';

export type SessionRecord = TWorkspaceSession;

export const sessionRepository = {
  /** The session if it exists and belongs to `userId`; otherwise undefined. */
  async getOwned(tenant: ScopedTransaction, userId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const session = await tenant.get<SessionRecord>(['ws_session', sessionId]);
    return session && session.user_id === userId ? session : undefined;
  },
};
