import { describe, expect, it } from 'vitest';
import type { TListMessagesResponse, TMessage } from '@coditect/api/contract';
import {
  appendMessages,
  fetchNewestPage,
  loadedMessages,
  mergeNewestPage,
  newerPageParam,
  olderPageParam,
  pageHolding,
  truncateMessages,
  MESSAGES_PAGE_SIZE,
  CATCH_UP_PAGE_SIZE,
  type ListMessages,
} from './message-pages';

function message(index: number): TMessage {
  return {
    message_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    conversation_id: '11111111-1111-4111-8111-111111111111',
    role: index % 2 === 0 ? 'User' : 'Assistant',
    content: `message ${index}`,
    model: index % 2 === 0 ? null : 'fake-ok',
    token_count: 3,
    interrupted: false,
    sent_context: null,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
  };
}

/** listMessages over `count` messages, as the server pages them; calls are recorded. */
function conversation(count: number) {
  const all = Array.from({ length: count }, (_, index) => message(index));
  const calls: string[] = [];
  const list: ListMessages = async (offset, limit) => {
    calls.push(`${offset}+${limit}`);
    const messages = all.slice(offset, offset + limit);
    return { messages, total_count: all.length, offset, limit, has_more: offset + messages.length < all.length };
  };
  return { all, calls, list, add: () => all.push(message(all.length)) };
}

const ids = (messages: TMessage[]) => messages.map((each) => each.content);

describe('message pages', () => {
  it('loads the newest page in one request when the count it was given is current', async () => {
    const chat = conversation(75);
    const page = await fetchNewestPage(chat.list, 75, 30);
    expect(chat.calls).toEqual(['45+30']);
    expect(page.messages.map((each) => each.content)).toEqual(chat.all.slice(45).map((each) => each.content));
  });

  it('finds the end from the answer’s total_count when the count was stale', async () => {
    const chat = conversation(75);
    const page = await fetchNewestPage(chat.list, 10, 30);
    expect(chat.calls).toEqual(['0+30', '45+30']);
    expect(page.offset).toBe(45);
    const small = conversation(4);
    await fetchNewestPage(small.list, 0, 30);
    expect(small.calls).toEqual(['0+30']);
  });

  it('scrolls up by counting offsets back to the first message, never overlapping', async () => {
    const chat = conversation(75);
    const pages: TListMessagesResponse[] = [await fetchNewestPage(chat.list, 75, 30)];
    for (let param = olderPageParam(pages[0]!, 30); param; param = olderPageParam(pages[0]!, 30)) {
      pages.unshift(await chat.list(param.offset, param.limit));
    }
    expect(chat.calls).toEqual(['45+30', '15+30', '0+15']);
    expect(ids(loadedMessages(pages))).toEqual(ids(chat.all));
    expect(newerPageParam(pages[pages.length - 1]!, 30)).toBeUndefined();
  });

  it('continues after a page that does not reach the end', async () => {
    const chat = conversation(40);
    expect(newerPageParam(await chat.list(0, 30), 30)).toEqual({ offset: 30, limit: 30 });
  });

  it('appends a chat turn’s messages once, counting them', async () => {
    const chat = conversation(3);
    const pages = [await chat.list(0, 30)];
    const appended = appendMessages(pages, [message(3), message(4)]);
    expect(ids(loadedMessages(appended))).toEqual(['message 0', 'message 1', 'message 2', 'message 3', 'message 4']);
    expect(appended[0]!.total_count).toBe(5);
    expect(appendMessages(appended, [message(4)])).toBe(appended);
  });

  it('cuts the pages where the server replaced the tail, then appends after the cut', async () => {
    const chat = conversation(75);
    const pages: TListMessagesResponse[] = [await chat.list(15, 30), await chat.list(45, 30)];
    const cut = truncateMessages(pages, 40);
    expect(cut).toHaveLength(1);
    expect(ids(loadedMessages(cut))).toEqual(ids(chat.all.slice(15, 40)));
    expect(cut[0]).toMatchObject({ offset: 15, total_count: 40, has_more: false });
    // Cut before the first loaded message: the first page stays, empty, where it was.
    expect(truncateMessages(pages, 3)).toEqual([{ ...pages[0]!, messages: [], total_count: 3, has_more: false }]);
    // Cut at the end: nothing changes but the counts.
    expect(ids(loadedMessages(truncateMessages(pages, 75)))).toEqual(ids(chat.all.slice(15)));
    const after = appendMessages(cut, [message(100)]);
    expect(ids(loadedMessages(after)).at(-1)).toBe('message 100');
    expect(after[0]!.total_count).toBe(41);
  });

  it('merges a fresh newest page that joins up, and starts over from one that does not', async () => {
    const chat = conversation(5);
    const pages = [await chat.list(0, 30)];
    chat.add();
    chat.add();
    const joined = mergeNewestPage(pages, await fetchNewestPage(chat.list, 7, 3));
    expect(ids(loadedMessages(joined))).toEqual(ids(chat.all));
    expect(joined[joined.length - 1]!.total_count).toBe(7);
    for (let index = 0; index < 10; index += 1) chat.add();
    const fresh = await fetchNewestPage(chat.list, 17, 3);
    expect(mergeNewestPage(joined, fresh)).toEqual([fresh]);
  });
});

describe('pageHolding', () => {
  it('answers the page-aligned page that holds the message', () => {
    expect(pageHolding(0)).toEqual({ offset: 0, limit: MESSAGES_PAGE_SIZE });
    expect(pageHolding(29, 30)).toEqual({ offset: 0, limit: 30 });
    expect(pageHolding(30, 30)).toEqual({ offset: 30, limit: 30 });
    expect(pageHolding(1234, 30)).toEqual({ offset: 1230, limit: 30 });
  });

  it('holds the message, and the pages before it join up back to the first', () => {
    for (const seq of [0, 1, 45, 59, 60, 999]) {
      const page = pageHolding(seq, 30);
      expect(seq).toBeGreaterThanOrEqual(page.offset);
      expect(seq).toBeLessThan(page.offset + page.limit);
      let older = olderPageParam({ offset: page.offset, limit: 30, messages: [], total_count: 1000, has_more: true });
      while (older) {
        expect(older.offset % 30).toBe(0);
        older = olderPageParam({ offset: older.offset, limit: older.limit, messages: [], total_count: 1000, has_more: true });
      }
    }
  });
});

describe('CATCH_UP_PAGE_SIZE', () => {
  it("is listMessages' largest page, beyond the usual one", () => {
    expect(CATCH_UP_PAGE_SIZE).toBe(200);
    expect(
      newerPageParam({ offset: 30, limit: 30, messages: [], total_count: 1000, has_more: true }, CATCH_UP_PAGE_SIZE),
    ).toEqual({
      offset: 30,
      limit: 200,
    });
  });
});
