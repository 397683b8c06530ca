// conversations.search: the index's page of hits, each shown as its conversation's title and a
// snippet of the message around the first word found, with the words' places marked.
import { z } from 'zod';
import type { TMessageSearchResult, TSearchMessagesRequest, TSearchMessagesResponse } from '../../contract/conversations';
import type { Tuple } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { CallerContext } from '../identity/identity-context';
import { conversationRepository } from './conversation-repository';
import { messageRepository } from './message-repository';
import { messageSearch, queryTerms } from './message-search';

const SNIPPET_CHARS = 240;
const ZCursor = z.tuple([z.string().min(2).max(40), z.number().int().nonnegative(), z.uuid(), z.number().int().nonnegative()]);

function decodeCursor(cursor: string): [string, number, string, number] {
  try {
    return ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}

/** Where the words are in `text` (`end` excluded), matched whole, ignoring case and accents. */
export function highlightRanges(text: string, terms: readonly string[]): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const word = match[0].normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    if (terms.includes(word)) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}

/** Up to SNIPPET_CHARS of `content` around its first match, with ellipses where it was cut. */
export function snippetOf(
  content: string,
  terms: readonly string[],
): { snippet: string; highlights: Array<{ start: number; end: number }> } {
  const flat = content.replace(/\s+/g, ' ').trim();
  const first = highlightRanges(flat, terms)[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(SNIPPET_CHARS / 3));
  const end = Math.min(flat.length, start + SNIPPET_CHARS);
  start = Math.max(0, Math.min(start, end - SNIPPET_CHARS));
  const snippet = `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
  return { snippet, highlights: highlightRanges(snippet, terms) };
}

export async function searchMessages(context: CallerContext, input: TSearchMessagesRequest): Promise<TSearchMessagesResponse> {
  const terms = queryTerms(input.q);
  if (terms.length === 0) {
    throw new AppError('VALIDATION_ERROR', 'Search for words of at least two letters or digits', [
      { path: 'q', message: 'No word of two letters or digits' },
    ]);
  }
  const userId = context.auth.userId;
  let after: { driver: string; key: Tuple } | undefined;
  if (input.cursor !== undefined) {
    const [driver, ...position] = decodeCursor(input.cursor);
    if (!terms.includes(driver)) {
      throw new AppError('VALIDATION_ERROR', 'The cursor belongs to another search', [
        { path: 'cursor', message: 'Not this search’s cursor' },
      ]);
    }
    after = { driver, key: ['search', userId, driver, ...position] };
  }
  return context.tenant.transact(async (tx) => {
    const page = await messageSearch.find(tx, userId, terms, input.limit, after);
    const titles = new Map<string, string>();
    const results: TMessageSearchResult[] = [];
    for (const hit of page.hits) {
      const [message] = await messageRepository.range(tx, hit.conversationId, hit.seq, hit.seq + 1);
      if (!message) continue;
      if (!titles.has(hit.conversationId)) {
        titles.set(hit.conversationId, (await conversationRepository.get(tx, hit.conversationId))?.title ?? '');
      }
      results.push({
        conversation_id: hit.conversationId,
        conversation_title: titles.get(hit.conversationId)!,
        message_id: message.message_id,
        seq: hit.seq,
        role: message.role,
        created_at: message.created_at,
        ...snippetOf(message.content, terms),
      });
    }
    const next = page.next
      ? Buffer.from(JSON.stringify([page.next.driver, ...page.next.key.slice(3)])).toString('base64url')
      : null;
    return { results, next_cursor: next, truncated: page.truncated };
  });
}
