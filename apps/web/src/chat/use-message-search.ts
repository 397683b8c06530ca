// conversations.search as the user types: the text settles for a moment before it is asked for,
// a query no longer wanted is aborted (React Query aborts a query whose signal was taken once
// nothing watches it), and "more results" follows next_cursor.
import { useEffect, useState } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../api/trpc';

export const SEARCH_DEBOUNCE_MS = 250;

/** The server counts words of at least 2 letters, digits or `_`: a query without one finds nothing. */
export function isSearchable(text: string): boolean {
  return /[\p{L}\p{N}_]{2}/u.test(text);
}

export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function useMessageSearch(text: string) {
  const utils = trpc.useUtils();
  const q = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const enabled = isSearchable(q);
  const query = useInfiniteQuery({
    queryKey: getQueryKey(trpc.conversations.search, { q }, 'infinite'),
    queryFn: ({ pageParam, signal }) => utils.client.conversations.search.query({ q, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    enabled,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
  const settling = q !== text.trim();
  return { query, q, enabled, settling };
}
