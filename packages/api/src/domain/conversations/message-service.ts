// Appending and paging a conversation's messages. The conversation's counts change in the same
// transaction as the insert; concurrent appends conflict on the conversation record and are
// retried by the store, so no count is lost.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type {
  TListMessagesRequest,
  TListMessagesResponse,
  TMessage,
  TMessageRole,
  TSentContext,
} from '../../contract/conversations';
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
  sentContext?: TSentContext | null;
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
    sent_context: draft.sentContext ?? null,
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

/** Which message a replacement starts at, as the client saw it (its offset and id). */
export interface ReplacedTail {
  offset: number;
  message_id: string;
}

/**
 * Replaces the conversation's messages from `from.offset` on, in one transaction: they go (with
 * their search postings and token counts) and `replacement`, when given, is appended in their
 * place. The message at the offset must still be `from.message_id` with the role the caller
 * expects — the user's own message to edit it, a reply to regenerate it — or nothing changes.
 */
export async function replaceTail(
  context: CallerContext,
  conversationId: string,
  from: ReplacedTail,
  expectedRole: TMessageRole,
  replacement?: NewMessage,
): Promise<TMessage | undefined> {
  const now = context.deps.now();
  return context.tenant.transact(async (tx) => {
    const conversation = await requireOwnedConversation(tx, context.auth.userId, conversationId);
    if (conversation.status === 'Archived') {
      throw new AppError('CONFLICT', 'The conversation is archived; set its status to Active to add messages');
    }
    const tail = await messageRepository.range(tx, conversationId, from.offset, conversation.message_count);
    if (tail[0]?.message_id !== from.message_id) {
      throw new AppError('CONFLICT', 'The conversation changed: no such message at that offset any more; reload it');
    }
    if (tail[0].role !== expectedRole) {
      const wanted = expectedRole === 'User' ? 'one of the user’s messages (to edit it)' : 'a reply (to regenerate it)';
      throw new AppError('VALIDATION_ERROR', `replace_from must name ${wanted}`, [
        { path: 'replace_from.message_id', message: `The message there is a ${tail[0].role} message` },
      ]);
    }
    let removedTokens = 0;
    for (const [index, message] of tail.entries()) {
      messageRepository.remove(tx, conversationId, from.offset + index);
      await messageSearch.removeMessage(tx, conversationId, from.offset + index);
      removedTokens += message.token_count;
    }
    let seq = from.offset;
    let tokens = conversation.token_count - removedTokens;
    if (replacement) {
      messageRepository.append(tx, conversationId, seq, replacement);
      messageSearch.index(tx, conversation.user_id, conversationId, seq, replacement.content, replacement.created_at);
      seq += 1;
      tokens += replacement.token_count;
    }
    conversationRepository.update(tx, {
      ...conversation,
      message_count: seq,
      token_count: Math.max(0, tokens),
      updated_at: now.toISOString(),
    });
    return replacement ? { ...replacement, conversation_id: conversationId } : undefined;
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
