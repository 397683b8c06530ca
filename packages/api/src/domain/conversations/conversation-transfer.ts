// A conversation out and back in: exported as a readable Markdown transcript or as JSON
// (ConversationExport), read a thousand messages at a time while it is sent; imported as a new
// conversation of one of the caller's sessions, its messages appended in order (token counts
// made again with the tokenizer, times kept).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { StreamedBody } from '../../contract/byte-streams';
import type {
  TConversation,
  TConversationExport,
  TExportConversationRequest,
  TImportConversationRequest,
  TMessage,
} from '../../contract/conversations';
import type { CallerContext } from '../identity/identity-context';
import { conversationRepository, type ConversationRecord } from './conversation-repository';
import { messageRepository } from './message-repository';
import { appendMessages, prepareMessage } from './message-service';
import { getConversation } from './conversation-service';
import { requireOwnedConversation, requireOwnedSession } from './owned-records';

const PAGE = 1_000;

function fileName(title: string, extension: string): string {
  const base =
    title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'conversation';
  return `${base}.${extension}`;
}

function markdownHeader(conversation: ConversationRecord): string {
  const lines = [`# ${conversation.title}`, ''];
  if (conversation.description) lines.push(...conversation.description.split('\n').map((line) => `> ${line}`), '');
  if (conversation.summary) lines.push('**Summary:** ' + conversation.summary, '');
  lines.push(
    `_${conversation.message_count} messages, ${conversation.token_count} tokens, started ${conversation.created_at}${
      conversation.tags.length > 0 ? `, tagged ${conversation.tags.join(', ')}` : ''
    }_`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

function markdownMessage(message: TMessage): string {
  const who = message.role === 'Assistant' && message.model ? `Assistant (${message.model})` : message.role;
  const cut = message.interrupted ? ' — interrupted' : '';
  return `## ${who} · ${message.created_at}${cut}\n\n${message.content}\n\n`;
}

export async function exportConversation(context: CallerContext, input: TExportConversationRequest): Promise<StreamedBody> {
  const conversation = await context.tenant.transact((tx) =>
    requireOwnedConversation(tx, context.auth.userId, input.conversation_id),
  );
  const total = conversation.message_count;
  const pages = async function* (): AsyncGenerator<TMessage[]> {
    for (let from = 0; from < total; from += PAGE) {
      yield await context.tenant.transact((tx) =>
        messageRepository.range(tx, conversation.conversation_id, from, Math.min(from + PAGE, total)),
      );
    }
  };
  const json = input.format === 'json';
  async function* chunks(): AsyncGenerator<string> {
    if (!json) {
      yield markdownHeader(conversation);
      for await (const page of pages()) for (const message of page) yield markdownMessage(message);
      return;
    }
    const head: Omit<TConversationExport, 'messages'> = {
      format: 'coditect.conversation',
      version: 1,
      conversation: {
        title: conversation.title,
        description: conversation.description,
        ai_provider: conversation.ai_provider,
        tags: conversation.tags,
        summary: conversation.summary,
        created_at: conversation.created_at,
      },
    };
    yield `${JSON.stringify(head).slice(0, -1)},"messages":[`;
    let first = true;
    for await (const page of pages()) {
      for (const message of page) {
        const { role, content, model, interrupted, created_at } = message;
        yield `${first ? '' : ','}${JSON.stringify({ role, content, model, interrupted, created_at })}`;
        first = false;
      }
    }
    yield ']}\n';
  }
  return new StreamedBody({
    contentType: json ? 'application/json' : 'text/markdown; charset=utf-8',
    fileName: fileName(conversation.title, json ? 'json' : 'md'),
    stream: Readable.from(chunks(), { objectMode: false }),
  });
}

export async function importConversation(context: CallerContext, input: TImportConversationRequest): Promise<TConversation> {
  const userId = context.auth.userId;
  const { conversation: source, messages } = input.conversation;
  const now = context.deps.now().toISOString();
  const record: ConversationRecord = {
    conversation_id: randomUUID(),
    workspace_session_id: input.workspace_session_id,
    user_id: userId,
    title: source.title,
    description: source.description,
    ai_provider: source.ai_provider,
    status: 'Active',
    message_count: 0,
    token_count: 0,
    tags: source.tags,
    summary: source.summary,
    created_at: now,
    updated_at: now,
  };
  await context.tenant.transact(async (tx) => {
    await requireOwnedSession(tx, userId, input.workspace_session_id);
    conversationRepository.insert(tx, record);
    tx.owners.claim(record.conversation_id, 'conversation', userId);
  });
  const prepared = messages.map((message) => ({
    ...prepareMessage(
      { role: message.role, content: message.content, model: message.model, interrupted: message.interrupted },
      context.deps.now(),
    ),
    created_at: message.created_at,
  }));
  for (let from = 0; from < prepared.length; from += PAGE) {
    await appendMessages(context, record.conversation_id, prepared.slice(from, from + PAGE));
  }
  return getConversation(context, record.conversation_id);
}
