// Keeps the cached session lists (sessions.list pages) in step with a save this tab made, without
// asking the server again: a save changes the row's fields and moves it to the top (the list is
// ordered by last update). A refetch per save doubled the calls autosave made.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import type { TListSessionsResponse, TUpdateSessionRequest, TUpdateSessionResponse } from '@coditect/api/contract';
import { trpc } from '../api/trpc';

type SessionPages = InfiniteData<TListSessionsResponse, string | undefined>;

export function applySavedSessionToLists(
  queryClient: QueryClient,
  request: TUpdateSessionRequest,
  response: TUpdateSessionResponse,
): void {
  queryClient.setQueriesData<SessionPages>({ queryKey: getQueryKey(trpc.sessions.list, undefined, 'infinite') }, (data) => {
    if (!data) return data;
    const row = data.pages.flatMap((page) => page.sessions).find((each) => each.session_id === response.session_id);
    if (!row) return data;
    const updated = {
      ...row,
      name: request.name ?? row.name,
      tags: request.tags ?? row.tags,
      workspace_path: request.workspace_path === undefined ? row.workspace_path : request.workspace_path,
      version: response.version,
      updated_at: response.updated_at,
      last_accessed_at: response.updated_at,
    };
    const pages = data.pages.map((page) => ({
      ...page,
      sessions: page.sessions.filter((each) => each.session_id !== response.session_id),
    }));
    pages[0] = { ...pages[0]!, sessions: [updated, ...pages[0]!.sessions] };
    return { ...data, pages };
  });
}
