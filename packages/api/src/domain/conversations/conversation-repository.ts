// Conversation records in the tenant's space, with an index by workspace session and creation
// time so a session's conversations page newest first without a scan.
import type { ScopedTransaction, Tuple } from '@coditect/store';
import type { TConversation } from '../../contract/conversations';

/** Stored as served, minus the derived `related_conversations`. */
export type ConversationRecord = Omit<TConversation, 'related_conversations'>;

/** Where a page of a session's conversations ends: the last entry's (created_at, id). */
export type SessionIndexPosition = [createdAt: string, conversationId: string];

export const conversationRepository = {
  get(tenant: ScopedTransaction, conversationId: string): Promise<ConversationRecord | undefined> {
    return tenant.get<ConversationRecord>(['conversation', conversationId]);
  },

  /** Writes a new conversation and its session index entry. */
  insert(tenant: ScopedTransaction, conversation: ConversationRecord): void {
    tenant.set(['conversation', conversation.conversation_id], conversation);
    tenant.set(sessionIndexKey(conversation), 0);
  },

  /** Rewrites the record of an existing conversation (the index fields never change). */
  update(tenant: ScopedTransaction, conversation: ConversationRecord): void {
    tenant.set(['conversation', conversation.conversation_id], conversation);
  },

  remove(tenant: ScopedTransaction, conversation: ConversationRecord): void {
    tenant.clear(['conversation', conversation.conversation_id]);
    tenant.clear(sessionIndexKey(conversation));
  },

  /** Every conversation record of the tenant (consistency checks). */
  async scanAll(tenant: ScopedTransaction): Promise<ConversationRecord[]> {
    return (await tenant.getRange<ConversationRecord>(['conversation'])).map((entry) => entry.value);
  },

  /** Every session index entry of the tenant as (session, created_at, conversation) (consistency checks). */
  async scanSessionIndex(
    tenant: ScopedTransaction,
  ): Promise<Array<{ sessionId: string; createdAt: string; conversationId: string }>> {
    return (await tenant.getRange(['conversation_by_session'])).map(({ key }) => ({
      sessionId: String(key[1]),
      createdAt: String(key[2]),
      conversationId: String(key[3]),
    }));
  },

  /** Ids of a session's conversations, newest first, strictly older than `before` when given. */
  async idsOfSession(
    tenant: ScopedTransaction,
    sessionId: string,
    limit?: number,
    before?: SessionIndexPosition,
  ): Promise<Array<{ id: string; position: SessionIndexPosition }>> {
    const entries = await tenant.getRange(['conversation_by_session', sessionId], {
      reverse: true,
      limit,
      before: before ? ['conversation_by_session', sessionId, ...before] : undefined,
    });
    return entries.map(({ key }) => {
      const position: SessionIndexPosition = [String(key[2]), String(key[3])];
      return { id: position[1], position };
    });
  },
};

function sessionIndexKey(conversation: ConversationRecord): Tuple {
  return ['conversation_by_session', conversation.workspace_session_id, conversation.created_at, conversation.conversation_id];
}
