// Messages keyed by (conversation, sequence number): seqs are dense from 0 (a conversation's
// messages are only ever deleted all together), so the page at any offset is one range read from
// key `offset` to key `offset + limit`, whatever the offset. Content longer than one value may hold
// is split into parts stored under the message's own key, which travel with it in that read.
import type { ScopedTransaction } from '@coditect/store';
import type { TMessage, TMessageRole, TSentContext } from '../../contract/conversations';

/** What one message stores in its head key; `content` is its first part. */
interface MessageHead {
  message_id: string;
  role: TMessageRole;
  model: string | null;
  token_count: number;
  interrupted: boolean;
  /** Absent on messages stored before chat turns recorded it, and on all but chat replies. */
  sent_context?: TSentContext | null;
  created_at: string;
  content: string;
  parts: number;
}

export type NewMessage = Omit<TMessage, 'conversation_id'>;

/** One stored message as the consistency check sees it; `parts` 0 marks parts without a head. */
export interface StoredMessageSummary {
  seq: number;
  tokenCount: number;
  parts: number;
  partsFound: number;
}

// JSON escapes a UTF-16 unit as at most 6 bytes (\u001f), so a part of this many units stays below
// the store's 100,000-byte value limit with room for the head's other fields.
const PART_UNITS = 15_000;

/** Splits text into parts of at most PART_UNITS units without cutting a surrogate pair. */
export function splitContent(content: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < content.length || parts.length === 0) {
    let end = Math.min(start + PART_UNITS, content.length);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(content.slice(start, end));
    start = end;
  }
  return parts;
}

export const messageRepository = {
  append(tenant: ScopedTransaction, conversationId: string, seq: number, message: NewMessage): void {
    const [first = '', ...rest] = splitContent(message.content);
    const head: MessageHead = {
      message_id: message.message_id,
      role: message.role,
      model: message.model,
      token_count: message.token_count,
      interrupted: message.interrupted,
      created_at: message.created_at,
      ...(message.sent_context ? { sent_context: message.sent_context } : {}),
      content: first,
      parts: rest.length + 1,
    };
    tenant.set(['message', conversationId, seq], head);
    rest.forEach((part, index) => tenant.set(['message', conversationId, seq, index + 1], part));
  },

  /** Messages with fromSeq <= seq < toSeq, in order: one range read. */
  async range(tenant: ScopedTransaction, conversationId: string, fromSeq: number, toSeq: number): Promise<TMessage[]> {
    if (fromSeq >= toSeq) return [];
    const entries = await tenant.getRange<MessageHead | string>(['message', conversationId], {
      from: ['message', conversationId, fromSeq],
      before: ['message', conversationId, toSeq],
    });
    const messages: TMessage[] = [];
    let pieces: string[] = [];
    let head: MessageHead | undefined;
    const flush = () => {
      if (!head) return;
      const { parts: _parts, content: _content, sent_context: sentContext, ...fields } = head;
      messages.push({ ...fields, sent_context: sentContext ?? null, conversation_id: conversationId, content: pieces.join('') });
    };
    for (const entry of entries) {
      if (entry.key.length === 3) {
        flush();
        head = entry.value as MessageHead;
        pieces = [head.content];
      } else {
        pieces.push(entry.value as string);
      }
    }
    flush();
    return messages;
  },

  /** What the tenant's message keys hold, per conversation (consistency checks). */
  async scanAll(tenant: ScopedTransaction): Promise<Map<string, StoredMessageSummary[]>> {
    const summaries = new Map<string, StoredMessageSummary[]>();
    for (const { key, value } of await tenant.getRange<MessageHead | string>(['message'])) {
      const conversationId = String(key[1]);
      const list = summaries.get(conversationId) ?? [];
      summaries.set(conversationId, list);
      if (key.length === 3) {
        const head = value as MessageHead;
        list.push({ seq: Number(key[2]), tokenCount: head.token_count, parts: head.parts, partsFound: 1 });
      } else {
        const owner = list[list.length - 1];
        if (owner && owner.seq === Number(key[2])) owner.partsFound += 1;
        else list.push({ seq: Number(key[2]), tokenCount: 0, parts: 0, partsFound: 1 });
      }
    }
    return summaries;
  },

  /** One message with its parts (a conversation's tail being replaced). */
  remove(tenant: ScopedTransaction, conversationId: string, seq: number): void {
    tenant.clearPrefix(['message', conversationId, seq]);
  },

  /** Every message of the conversation, in one range clear. */
  removeAll(tenant: ScopedTransaction, conversationId: string): void {
    tenant.clearPrefix(['message', conversationId]);
  },
};
