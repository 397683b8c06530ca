// A conversation's messages through the typed client, newest page first, older pages fetched in
// front as the user scrolls up (see message-pages.ts), plus what a chat turn needs: appending the
// messages it recorded and reading the newest page again after a turn was cut short. Opened at a
// message (a search result), it starts from the page holding it and walks on to the newest.
import { useCallback, useEffect, useMemo } from 'react';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import type { TListMessagesResponse, TMessage } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import {
  appendMessages,
  CATCH_UP_PAGE_SIZE,
  MESSAGES_PAGE_SIZE,
  fetchNewestPage,
  loadedMessages,
  mergeNewestPage,
  truncateMessages,
  newerPageParam,
  olderPageParam,
  pageHolding,
  type ListMessages,
  type MessagePageParam,
} from './message-pages';

type MessagePages = InfiniteData<TListMessagesResponse, MessagePageParam>;

/**
 * `totalHint`: the conversation's message_count (undefined until it is known); `startSeq`: the
 * offset of a message to start from instead of the newest page.
 */
export function useMessagePages(conversationId: string, totalHint: number | undefined, startSeq?: number) {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => {
    const key = getQueryKey(trpc.conversations.listMessages, { conversation_id: conversationId }, 'infinite');
    // Its own cache entry: pages cached from the newest end need not reach back to the message.
    return startSeq === undefined ? key : ([...key, { start_seq: startSeq }] as const);
  }, [conversationId, startSeq]);
  const list: ListMessages = useCallback(
    (offset, limit) => utils.client.conversations.listMessages.query({ conversation_id: conversationId, offset, limit }),
    [utils, conversationId],
  );

  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) =>
      pageParam === null ? fetchNewestPage(list, totalHint ?? 0) : list(pageParam.offset, pageParam.limit),
    initialPageParam: (startSeq === undefined ? null : pageHolding(startSeq)) as MessagePageParam,
    getPreviousPageParam: (oldest) => olderPageParam(oldest),
    getNextPageParam: (newest) => newerPageParam(newest, startSeq === undefined ? MESSAGES_PAGE_SIZE : CATCH_UP_PAGE_SIZE),
    enabled: totalHint !== undefined,
    // A refetch replaces what is on screen; the chat adds its own messages as they are recorded.
    refetchOnWindowFocus: false,
  });

  // A refetch walks forward page by page and may stop short of messages added since: go on to the end.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const update = useCallback(
    (change: (pages: TListMessagesResponse[]) => TListMessagesResponse[], cut = false) =>
      queryClient.setQueryData<MessagePages>(queryKey, (data) => {
        if (!data) return data;
        const pages = change(data.pages);
        // Pages cut at the end keep their places; pages replaced by one fresh newest page start over from the newest.
        if (cut) return { pages, pageParams: data.pageParams.slice(0, pages.length) };
        return { pages, pageParams: pages.length === data.pages.length ? data.pageParams : pages.map(() => null) };
      }),
    [queryClient, queryKey],
  );

  const append = useCallback((messages: TMessage[]) => update((pages) => appendMessages(pages, messages)), [update]);
  const truncate = useCallback((fromOffset: number) => update((pages) => truncateMessages(pages, fromOffset), true), [update]);

  /** Reads the newest page again and merges it in; resolves to the conversation's message count. */
  const refreshNewest = useCallback(async (): Promise<number> => {
    const pages = queryClient.getQueryData<MessagePages>(queryKey)?.pages ?? [];
    const newest = pages[pages.length - 1];
    const fresh = await fetchNewestPage(list, newest ? newest.offset + newest.messages.length : (totalHint ?? 0));
    update((current) => mergeNewestPage(current, fresh));
    return fresh.total_count;
  }, [queryClient, queryKey, list, totalHint, update]);

  const messages = useMemo(() => (query.data ? loadedMessages(query.data.pages) : undefined), [query.data]);
  /** The offset of the first loaded message. */
  const firstOffset = query.data?.pages[0]?.offset ?? 0;
  return { query, messages, firstOffset, append, truncate, refreshNewest };
}
