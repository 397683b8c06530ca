// One SessionAutosave per open session, saving through the typed client; each save updates the
// cached session lists in place (names, tags and order may have changed) rather than refetching.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLatest } from '../shell/use-latest';
import type { TUpdatableSessionField, TWorkspaceSession } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { SessionAutosave, type AutosaveStatus } from './session-autosave';
import { applySavedSessionToLists } from './session-list-cache';

export function useSessionAutosave(
  initial: TWorkspaceSession,
  options: {
    debounceMs: number | null;
    onReloaded(session: TWorkspaceSession): void;
    /** Another writer's save taken in live (see SessionAutosave.remoteChanged). */
    onRemoteChange(session: TWorkspaceSession, fields: readonly TUpdatableSessionField[] | 'unknown'): void;
  },
): { autosave: SessionAutosave; status: AutosaveStatus } {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const onReloaded = useLatest(options.onReloaded);
  const onRemoteChange = useLatest(options.onRemoteChange);
  const [autosave] = useState(
    () =>
      new SessionAutosave({
        sessionId: initial.session_id,
        version: initial.version,
        debounceMs: options.debounceMs,
        save: async (request) => {
          const response = await utils.client.sessions.update.mutate(request);
          applySavedSessionToLists(queryClient, request, response);
          return response;
        },
        load: () => utils.client.sessions.get.query({ session_id: initial.session_id }),
        // Tabs and cursor belong to the view: two tabs of one session must not ask about them.
        quietFields: ['editor_state'],
        onReloaded: (session) => {
          utils.sessions.get.setData({ session_id: session.session_id }, session);
          onReloaded.current(session);
        },
        onRemoteChange: (session, fields) => {
          utils.sessions.get.setData({ session_id: session.session_id }, session);
          void utils.sessions.list.invalidate();
          onRemoteChange.current(session, fields);
        },
      }),
  );
  const status = useSyncExternalStore(autosave.subscribe, autosave.status);

  useEffect(() => autosave.setDebounceMs(options.debounceMs), [autosave, options.debounceMs]);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!autosave.hasUnsavedChanges()) return;
      void autosave.flush();
      event.preventDefault();
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void autosave.flush();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('visibilitychange', onHidden);
      // Leaving the session (another route): what is pending still goes out.
      void autosave.flush();
    };
  }, [autosave]);

  return { autosave, status };
}
