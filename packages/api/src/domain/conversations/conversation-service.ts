// Conversations of a user's workspace sessions (create, get, list, update, delete).
import { randomUUID } from 'node:crypto';
import { DEFAULT_PROVIDER_NAME } from '../../contract/llm';
import { AppError } from '../../errors/app-error';
import type {
  TConversation,
  TCreateConversationRequest,
  TListConversationsRequest,
  TListConversationsResponse,
  TUpdateConversationRequest,
} from '../../contract/conversations';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { CallerContext } from '../identity/identity-context';
import { conversationRepository, type ConversationRecord, type SessionIndexPosition } from './conversation-repository';
import { messageRepository } from './message-repository';
import { requireOwnedConversation, requireOwnedSession } from './owned-records';
import { messageSearch } from './message-search';

const RELATED_LIMIT = 10;

/** The session's newest conversations other than this one: what `related_conversations` lists. */
async function withRelated(tx: TenantTransaction, conversation: ConversationRecord): Promise<TConversation> {
  const newest = await conversationRepository.idsOfSession(tx, conversation.workspace_session_id, RELATED_LIMIT + 1);
  return { ...conversation, related_conversations: relatedIds(newest, conversation.conversation_id) };
}

function relatedIds(newest: Array<{ id: string }>, conversationId: string): string[] {
  return newest
    .map((entry) => entry.id)
    .filter((id) => id !== conversationId)
    .slice(0, RELATED_LIMIT);
}

export async function createConversation(
  context: CallerContext & { deps: { providers?: { defaultName: string } } },
  input: TCreateConversationRequest,
): Promise<TConversation> {
  const userId = context.auth.userId;
  const createdAt = context.deps.now().toISOString();
  const conversation: ConversationRecord = {
    conversation_id: randomUUID(),
    workspace_session_id: input.workspace_session_id,
    user_id: userId,
    title: input.title,
    description: input.description ?? null,
    ai_provider: input.ai_provider ?? context.deps.providers?.defaultName ?? DEFAULT_PROVIDER_NAME,
    status: 'Active',
    message_count: 0,
    token_count: 0,
    tags: input.tags ?? [],
    summary: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
  return context.tenant.transact(async (tx) => {
    await requireOwnedSession(tx, userId, input.workspace_session_id);
    conversationRepository.insert(tx, conversation);
    tx.owners.claim(conversation.conversation_id, 'conversation', userId);
    return withRelated(tx, conversation);
  });
}

export async function getConversation(context: CallerContext, conversationId: string): Promise<TConversation> {
  return context.tenant.transact(async (tx) =>
    withRelated(tx, await requireOwnedConversation(tx, context.auth.userId, conversationId)),
  );
}

export async function listConversations(
  context: CallerContext,
  input: TListConversationsRequest,
): Promise<TListConversationsResponse> {
  const { workspace_session_id: sessionId, limit } = input;
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  return context.tenant.transact(async (tx) => {
    await requireOwnedSession(tx, context.auth.userId, sessionId);
    const page = await conversationRepository.idsOfSession(tx, sessionId, limit + 1, after);
    const shown = page.slice(0, limit);
    const records = await Promise.all(shown.map((entry) => conversationRepository.get(tx, entry.id)));
    // The first page already holds the session's newest conversations when it is long enough or complete.
    const newest =
      after === undefined && (page.length > RELATED_LIMIT || page.length <= limit)
        ? page
        : await conversationRepository.idsOfSession(tx, sessionId, RELATED_LIMIT + 1);
    const conversations = records
      .filter((record): record is ConversationRecord => record !== undefined)
      .map((record) => ({ ...record, related_conversations: relatedIds(newest, record.conversation_id) }));
    const last = shown[shown.length - 1];
    return {
      conversations,
      count: conversations.length,
      next_cursor: page.length > limit && last ? encodeCursor(last.position) : null,
    };
  });
}

export async function updateConversation(context: CallerContext, input: TUpdateConversationRequest): Promise<TConversation> {
  const now = context.deps.now();
  return context.tenant.transact(async (tx) => {
    const current = await requireOwnedConversation(tx, context.auth.userId, input.conversation_id);
    const updated: ConversationRecord = {
      ...current,
      title: input.title ?? current.title,
      description: input.description === undefined ? current.description : input.description,
      tags: input.tags ?? current.tags,
      status: input.status ?? current.status,
      updated_at: now.toISOString(),
    };
    conversationRepository.update(tx, updated);
    return withRelated(tx, updated);
  });
}

/** The conversation, its index entry, every message and the owner claim, in one transaction. */
export async function deleteConversation(context: CallerContext, conversationId: string): Promise<void> {
  await context.tenant.transact(async (tx) => {
    const conversation = await requireOwnedConversation(tx, context.auth.userId, conversationId);
    messageSearch.markForPurge(tx.identity, context.auth.tenantId, conversationId);
    messageRepository.removeAll(tx, conversationId);
    conversationRepository.remove(tx, conversation);
    tx.owners.release(conversationId);
  });
}

/** Part of deleting a workspace session: its conversations go with it, in the same transaction. */
export async function deleteConversationsOfSession(tx: TenantTransaction, tenantId: string, sessionId: string): Promise<void> {
  for (const { id } of await conversationRepository.idsOfSession(tx, sessionId)) {
    const conversation = await conversationRepository.get(tx, id);
    messageSearch.markForPurge(tx.identity, tenantId, id);
    messageRepository.removeAll(tx, id);
    if (conversation) conversationRepository.remove(tx, conversation);
    tx.owners.release(id);
  }
}

function encodeCursor(position: SessionIndexPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): SessionIndexPosition {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  if (Array.isArray(position) && position.length === 2 && position.every((part) => typeof part === 'string')) {
    return position as SessionIndexPosition;
  }
  throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor from a previous page' }]);
}
