// Compares a tenant's conversations with their session index, owner entries and messages: dense
// sequence numbers, complete content parts, and counts equal to what the messages add up to.
import type { TenantTransaction } from '../../storage/tenant-scope';
import { conversationRepository } from './conversation-repository';
import { messageRepository } from './message-repository';

export async function findConversationProblems(tx: TenantTransaction, tenantId: string): Promise<string[]> {
  const problems: string[] = [];
  const records = new Map((await conversationRepository.scanAll(tx)).map((record) => [record.conversation_id, record]));

  const indexed = new Set<string>();
  for (const entry of await conversationRepository.scanSessionIndex(tx)) {
    const record = records.get(entry.conversationId);
    if (!record) problems.push(`session index entry without conversation ${entry.conversationId}`);
    else if (record.workspace_session_id !== entry.sessionId || record.created_at !== entry.createdAt) {
      problems.push(`stale session index entry for conversation ${entry.conversationId}`);
    }
    indexed.add(entry.conversationId);
  }

  const messages = await messageRepository.scanAll(tx);
  for (const conversationId of messages.keys()) {
    if (!records.has(conversationId)) problems.push(`messages without conversation ${conversationId}`);
  }
  for (const record of records.values()) {
    const id = record.conversation_id;
    if (!indexed.has(id)) problems.push(`conversation ${id} missing from the session index`);
    const owner = await tx.owners.find(id);
    if (!owner || owner.tenant_id !== tenantId || owner.user_id !== record.user_id || owner.kind !== 'conversation') {
      problems.push(`conversation ${id} has no matching owner entry`);
    }
    const stored = messages.get(id) ?? [];
    if (stored.some((message, index) => message.seq !== index))
      problems.push(`conversation ${id} has gaps in its message sequence`);
    if (stored.some((message) => message.partsFound !== message.parts))
      problems.push(`conversation ${id} has incomplete message parts`);
    if (stored.length !== record.message_count) {
      problems.push(`conversation ${id} counts ${record.message_count} messages but holds ${stored.length}`);
    }
    const tokens = stored.reduce((sum, message) => sum + message.tokenCount, 0);
    if (tokens !== record.token_count)
      problems.push(`conversation ${id} counts ${record.token_count} tokens but its messages hold ${tokens}`);
  }
  return problems;
}
