// The sidebar's Sessions panel: the caller's sessions, most recently updated first, a page at a
// time (sessions.list), a form to create one (sessions.create), and in an organisation the sessions
// shared with it (sessions.shared).
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useLocation, useRoute } from 'wouter';
import { apiContract } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useMayCall } from '../organisations/use-tenants';
import { NewSessionForm } from './new-session-form';
import { SessionList, sessionPath } from './session-list';
import { SharedSessionList } from './shared-session-list';
import { useSharedSessions } from './use-shared-sessions';

export const SESSIONS_PAGE_SIZE = 20;

/**
 * sessions.list page by page. Not trpc's useInfiniteQuery: that adds a `direction` field to the
 * input, which the contract's strict schema rejects as an unknown field (as it should for any
 * client). Same cache key, so `utils.sessions.list.invalidate()` refreshes it.
 */
export function useSessionPages() {
  const utils = trpc.useUtils();
  const input = { limit: SESSIONS_PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.sessions.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) => utils.client.sessions.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function SessionsPanel({ newSessionRequests = 0 }: { newSessionRequests?: number }) {
  const [, params] = useRoute<{ id: string }>('/sessions/:id');
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(newSessionRequests > 0);
  // "New session" (the command, the welcome page) opens the form.
  const [requests, setRequests] = useState(newSessionRequests);
  if (requests !== newSessionRequests) {
    setRequests(newSessionRequests);
    setCreating(true);
  }
  const sessions = useSessionPages();
  // A role that may not create sessions (a Viewer) gets no button and no form.
  const mayCreate = useMayCall(apiContract.sessions.create);
  const failure = sessions.error ? describeApiError(sessions.error) : null;
  const { inOrganisation, shared } = useSharedSessions();

  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <header className="panel-header">
        <h2 id="sessions-heading">Sessions</h2>
        {mayCreate && (
          <button
            type="button"
            className="button button-quiet button-icon"
            aria-label="New session"
            title="New session"
            aria-expanded={creating}
            onClick={() => setCreating((open) => !open)}
          >
            +
          </button>
        )}
      </header>
      {creating && mayCreate && (
        <NewSessionForm
          onCancel={() => setCreating(false)}
          onCreated={(session) => {
            setCreating(false);
            navigate(sessionPath(session.session_id));
          }}
        />
      )}
      {failure ? (
        <div className="panel-note" role="alert">
          <p>{failure.message}</p>
          <button type="button" className="button" onClick={() => void sessions.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <SessionList
          sessions={sessions.data?.pages.flatMap((page) => page.sessions)}
          activeSessionId={params?.id ?? null}
          hasMore={sessions.hasNextPage}
          loadingMore={sessions.isFetchingNextPage}
          onLoadMore={() => void sessions.fetchNextPage()}
        />
      )}
      {inOrganisation && !shared.error && (
        <SharedSessionList sessions={shared.data?.sessions} activeSessionId={params?.id ?? null} />
      )}
    </section>
  );
}
