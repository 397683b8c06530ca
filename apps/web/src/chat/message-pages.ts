// A conversation's messages as the chat panel holds them: contiguous pages of listMessages, the
// newest first to load, older ones added in front as the user scrolls up. Messages are appended,
// or a tail is replaced (regenerate, edit and resend), so an offset (counted from the first
// message) names the same message until the conversation is cut there, and the pages before one
// are found by counting back from its offset.
import { ZListMessagesRequest, type TListMessagesResponse, type TMessage } from '@coditect/api/contract';

export const MESSAGES_PAGE_SIZE = 30;

/**
 * Pages read on the way from a message far back (a search result) to the newest: the largest
 * listMessages allows, so catching up takes few requests against the rate limit.
 */
export const CATCH_UP_PAGE_SIZE = ZListMessagesRequest.shape.limit.unwrap().maxValue ?? MESSAGES_PAGE_SIZE;

/** null: the newest page, wherever the end is by then. */
export type MessagePageParam = { offset: number; limit: number } | null;

export type ListMessages = (offset: number, limit: number) => Promise<TListMessagesResponse>;

/** The page just before `oldest` (older messages), or undefined at the first message. */
export function olderPageParam(oldest: TListMessagesResponse, size = MESSAGES_PAGE_SIZE): MessagePageParam | undefined {
  if (oldest.offset === 0) return undefined;
  const offset = Math.max(0, oldest.offset - size);
  return { offset, limit: oldest.offset - offset };
}

/** The page just after `newest`, or undefined when it reaches the end. */
export function newerPageParam(newest: TListMessagesResponse, size = MESSAGES_PAGE_SIZE): MessagePageParam | undefined {
  const end = newest.offset + newest.messages.length;
  return end < newest.total_count ? { offset: end, limit: size } : undefined;
}

/**
 * The last `size` messages. `totalHint` (the conversation's message_count) places the first
 * request; when messages were added since, the answer's total_count places the next one.
 */
export async function fetchNewestPage(
  list: ListMessages,
  totalHint: number,
  size = MESSAGES_PAGE_SIZE,
): Promise<TListMessagesResponse> {
  let page = await list(Math.max(0, totalHint - size), size);
  for (let attempt = 0; attempt < 3 && page.offset + page.messages.length < page.total_count; attempt += 1) {
    page = await list(Math.max(0, page.total_count - size), size);
  }
  return page;
}

/** Messages recorded by a chat turn, added to the newest page (those already there are skipped). */
export function appendMessages(pages: TListMessagesResponse[], messages: TMessage[]): TListMessagesResponse[] {
  const newest = pages[pages.length - 1];
  if (!newest) return pages;
  const known = new Set(pages.flatMap((page) => page.messages.map((message) => message.message_id)));
  const added = messages.filter((message) => !known.has(message.message_id));
  if (added.length === 0) return pages;
  const total = newest.offset + newest.messages.length + added.length;
  return [
    ...pages.slice(0, -1),
    { ...newest, messages: [...newest.messages, ...added], total_count: Math.max(newest.total_count, total), has_more: false },
  ];
}

/** The pages without the messages from `fromOffset` on (the server replaced them); pages left empty go, but never the first. */
export function truncateMessages(pages: TListMessagesResponse[], fromOffset: number): TListMessagesResponse[] {
  const kept = pages
    .map((page) => ({
      ...page,
      messages: page.messages.slice(0, Math.max(0, fromOffset - page.offset)),
      total_count: Math.min(page.total_count, fromOffset),
      has_more: false,
    }))
    .filter((page, index) => index === 0 || page.messages.length > 0);
  return kept.map((page, index) => (index < kept.length - 1 ? { ...page, has_more: true } : page));
}

/**
 * A freshly read newest page merged into the pages: what follows the known messages is added;
 * when it does not join up with them (many messages came meanwhile) it replaces them.
 */
export function mergeNewestPage(pages: TListMessagesResponse[], fresh: TListMessagesResponse): TListMessagesResponse[] {
  const first = pages[0];
  const newest = pages[pages.length - 1];
  if (!first || !newest) return [fresh];
  const knownEnd = newest.offset + newest.messages.length;
  if (fresh.offset > knownEnd) return [fresh];
  const merged = appendMessages(pages, fresh.messages.slice(knownEnd - fresh.offset));
  const last = merged[merged.length - 1]!;
  return [...merged.slice(0, -1), { ...last, total_count: Math.max(last.total_count, fresh.total_count) }];
}

/** Every loaded message, oldest first, each once. */
export function loadedMessages(pages: readonly TListMessagesResponse[]): TMessage[] {
  const seen = new Set<string>();
  const messages: TMessage[] = [];
  for (const page of pages) {
    for (const message of page.messages) {
      if (seen.has(message.message_id)) continue;
      seen.add(message.message_id);
      messages.push(message);
    }
  }
  return messages;
}

/**
 * The page that holds the message at `seq`, aligned to the page size so a message near the start
 * does not leave a stub page in front of it.
 */
export function pageHolding(seq: number, size = MESSAGES_PAGE_SIZE): { offset: number; limit: number } {
  const offset = Math.floor(Math.max(0, seq) / size) * size;
  return { offset, limit: size };
}
