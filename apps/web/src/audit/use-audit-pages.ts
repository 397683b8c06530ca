// The tenant's audit trail, newest first, a page at a time (audit.list), optionally one event
// type. The typed client rather than trpc's useInfiniteQuery: see useSessionPages.
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import type { TAuditEventType } from '@coditect/api/contract';
import { trpc } from '../api/trpc';

export const AUDIT_PAGE_SIZE = 50;

export function useAuditPages(eventType: TAuditEventType | null) {
  const utils = trpc.useUtils();
  const input = eventType ? { limit: AUDIT_PAGE_SIZE, event_type: eventType } : { limit: AUDIT_PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.audit.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) => utils.client.audit.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
