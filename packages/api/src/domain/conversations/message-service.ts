// Appending and paging a conversation's messages. The conversation's counts change in the same
// transaction as the insert; concurrent appends conflict on the conversation record and are
// retried by the store, so no count is lost.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { TListMessagesRequest, TListMessagesResponse, TMessage, TMessageRole } from '../../contract/conversations';
import type { CallerContext } from '../identity/identity-context';
import { conversationRepository } from './conversation-repository';
import { messageRepository, type NewMessage } from './message-repository';
import { requireOwnedConversation } from './owned-records';
import { countTokens } from './token-count';
import { messageSearch } from './message-search';

export interface MessageDraft {
  role: TMessageRole;
  content: string;
  model: string | null;
  /** Known from the provider's usage report; otherwise counted with the tokenizer. */
  tokenCount?: number;
  interrupted?: boolean;
}

/** Fills in id, time and token count outside any transaction body (a body may run twice). */
export function prepareMessage(draft: MessageDraft, now: Date): NewMessage {
  return {
    message_id: randomUUID(),
    role: draft.role,
    content: draft.content,
    model: draft.model,
    token_count: draft.tokenCount ?? countTokens(draft.content),
    interrupted: draft.interrupted ?? false,
    created_at: now.toISOString(),
  };
}

export async function addMessage(context: CallerContext, conversationId: string, draft: MessageDraft): Promise<TMessage> {
  const [message] = await appendMessages(context, conversationId, [prepareMessage(draft, context.deps.now())]);
  return message!;
}

/** Appends messages in order, in one transaction (bulk imports stay within the store's limits by batching). */
export async function appendMessages(
  context: CallerContext,
  conversationId: string,
  messages: NewMessage[],
): Promise<TMessage[]> {
  const now = context.deps.now();
  return context.tenant.transact(async (tx) => {
    const conversation = await requireOwnedConversation(tx, context.auth.userId, conversationId);
    if (conversation.status === 'Archived') {
      throw new AppError('CONFLICT', 'The conversation is archived; set its status to Active to add messages');
    }
    let seq = conversation.message_count;
    let tokens = conversation.token_count;
    for (const message of messages) {
      messageRepository.append(tx, conversationId, seq, message);
      messageSearch.index(tx, conversation.user_id, conversationId, seq, message.content, message.created_at);
      seq += 1;
      tokens += message.token_count;
    }
    conversationRepository.update(tx, {
      ...conversation,
      message_count: seq,
      token_count: tokens,
      updated_at: now.toISOString(),
    });
    return messages.map((message) => ({ ...message, conversation_id: conversationId }));
  });
}

export async function listMessages(context: CallerContext, input: TListMessagesRequest): Promise<TListMessagesResponse> {
  const { conversation_id: conversationId, offset, limit } = input;
  return context.tenant.transact(async (tx) => {
    const conversation = await requireOwnedConversation(tx, context.auth.userId, conversationId);
    const total = conversation.message_count;
    const end = Math.min(total, offset + limit);
    const messages = await messageRepository.range(tx, conversationId, offset, end);
    return { messages, total_count: total, offset, limit, has_more: end < total };
  });
}

/** The last `maxMessages` messages of the conversation, oldest first (the chat's context). */
export async function recentMessages(context: CallerContext, conversationId: string, maxMessages: number): Promise<TMessage[]> {
  return context.tenant.transact(async (tx) => {
    const conversation = await requireOwnedConversation(tx, context.auth.userId, conversationId);
    const end = conversation.message_count;
    return messageRepository.range(tx, conversationId, Math.max(0, end - maxMessages), end);
  });
}
