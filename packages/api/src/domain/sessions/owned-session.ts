// The caller's own session — or one a member of their organisation shared with it, for what the
// sharing allows — or the 404 any other id gets, flagged as an isolation violation when the id is
// someone else's (another user's or tenant's), for the audit trail.
import { AppError } from '../../errors/app-error';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { AuthIdentity } from '../identity/identity-context';
import { sessionRepository, type SessionRecord } from './session-repository';
import { sessionSharingRepository } from './session-sharing-repository';

export async function requireOwned(tx: TenantTransaction, auth: AuthIdentity, sessionId: string): Promise<SessionRecord> {
  const session = await sessionRepository.getOwned(tx, auth.userId, sessionId);
  if (session) return session;
  return notFound(tx, auth, sessionId);
}

/**
 * The caller's own session, or a session shared in their tenant: for reading whatever its sharing,
 * for writing (its files) when shared read-write. Anything else answers like a missing id.
 */
export async function requireAccessible(
  tx: TenantTransaction,
  auth: AuthIdentity,
  sessionId: string,
  need: 'read' | 'write',
): Promise<SessionRecord> {
  const [session, sharing] = await Promise.all([
    tx.get<SessionRecord>(['ws_session', sessionId]),
    sessionSharingRepository.get(tx, sessionId),
  ]);
  if (session && (session.user_id === auth.userId || (sharing && (need === 'read' || sharing.sharing === 'write')))) {
    return session;
  }
  return notFound(tx, auth, sessionId);
}

async function notFound(tx: TenantTransaction, auth: AuthIdentity, sessionId: string): Promise<never> {
  const error = new AppError('SESSION_NOT_FOUND', `Session not found: ${sessionId}`);
  const owner = await tx.owners.find(sessionId);
  if (owner && (owner.tenant_id !== auth.tenantId || owner.user_id !== auth.userId)) {
    error.isolationViolation = { objectId: sessionId, kind: 'workspace_session' };
  }
  throw error;
}
