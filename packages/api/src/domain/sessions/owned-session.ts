// The caller's own session, or the 404 any other id gets — flagged as an isolation violation when
// the id is someone else's (another user's or tenant's), for the audit trail.
import { AppError } from '../../errors/app-error';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { AuthIdentity } from '../identity/identity-context';
import { sessionRepository, type SessionRecord } from './session-repository';

export async function requireOwned(tx: TenantTransaction, auth: AuthIdentity, sessionId: string): Promise<SessionRecord> {
  const session = await sessionRepository.getOwned(tx, auth.userId, sessionId);
  if (session) return session;
  const error = new AppError('SESSION_NOT_FOUND', `Session not found: ${sessionId}`);
  const owner = await tx.owners.find(sessionId);
  if (owner && (owner.tenant_id !== auth.tenantId || owner.user_id !== auth.userId)) {
    error.isolationViolation = { objectId: sessionId, kind: 'workspace_session' };
  }
  throw error;
}
