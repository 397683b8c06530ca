// A session's conversations, newest first, a page at a time (conversations.list). Not trpc's
// useInfiniteQuery, for the reason given at useSessionPages: its `direction` field is rejected
// by the strict input schema. Same cache key, so `utils.conversations.list.invalidate()` refreshes it.
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../api/trpc';

export const CONVERSATIONS_PAGE_SIZE = 20;

export function useConversationPages(sessionId: string) {
  const utils = trpc.useUtils();
  const input = { workspace_session_id: sessionId, limit: CONVERSATIONS_PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.conversations.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) => utils.client.conversations.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
