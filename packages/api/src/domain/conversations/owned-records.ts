// Owner-scoped lookups that answer "not found" identically for a missing id and for another
// user's or tenant's id — the latter flagged as an isolation violation for the audit trail.
import { AppError } from '../../errors/app-error';
import { throwNotFound } from '../ownership/isolation-violation';
import type { TenantTransaction } from '../../storage/tenant-scope';
import { sessionRepository, type SessionRecord } from '../sessions/session-repository';
import { conversationRepository, type ConversationRecord } from './conversation-repository';

export async function requireOwnedConversation(
  tx: TenantTransaction,
  userId: string,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await conversationRepository.get(tx, conversationId);
  if (conversation && conversation.user_id === userId) return conversation;
  const error = new AppError('CONVERSATION_NOT_FOUND', `Conversation not found: ${conversationId}`);
  return throwNotFound(tx, error, userId, conversationId, 'conversation');
}

export async function requireOwnedSession(tx: TenantTransaction, userId: string, sessionId: string): Promise<SessionRecord> {
  const session = await sessionRepository.getOwned(tx, userId, sessionId);
  if (session) return session;
  const error = new AppError('SESSION_NOT_FOUND', `Session not found: ${sessionId}`);
  return throwNotFound(tx, error, userId, sessionId, 'workspace_session');
}
