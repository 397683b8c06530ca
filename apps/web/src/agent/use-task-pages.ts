// A session's tasks, newest first, a page at a time (tasks.list) — built like
// useConversationPages, since trpc's useInfiniteQuery adds a `direction` the strict input
// refuses. Same cache key, so `utils.tasks.list.invalidate()` refreshes it.
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../api/trpc';

export const TASKS_PAGE_SIZE = 20;

export function useTaskPages(sessionId: string) {
  const utils = trpc.useUtils();
  const input = { session_id: sessionId, limit: TASKS_PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.tasks.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) => utils.client.tasks.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
