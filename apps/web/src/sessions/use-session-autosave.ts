// One SessionAutosave per open session, saving through the typed client; the session list is
// refreshed after each save (names, tags and order may have changed).
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useLatest } from '../shell/use-latest';
import type { TWorkspaceSession } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { SessionAutosave, type AutosaveStatus } from './session-autosave';

export function useSessionAutosave(
  initial: TWorkspaceSession,
  options: { debounceMs: number | null; onReloaded(session: TWorkspaceSession): void },
): { autosave: SessionAutosave; status: AutosaveStatus } {
  const utils = trpc.useUtils();
  const onReloaded = useLatest(options.onReloaded);
  const [autosave] = useState(
    () =>
      new SessionAutosave({
        sessionId: initial.session_id,
        version: initial.version,
        debounceMs: options.debounceMs,
        save: (request) => utils.client.sessions.update.mutate(request),
        load: () => utils.client.sessions.get.query({ session_id: initial.session_id }),
        onReloaded: (session) => {
          utils.sessions.get.setData({ session_id: session.session_id }, session);
          onReloaded.current(session);
        },
      }),
  );
  const status = useSyncExternalStore(autosave.subscribe, autosave.status);

  useEffect(() => autosave.setDebounceMs(options.debounceMs), [autosave, options.debounceMs]);

  useEffect(() => {
    if (status.state === 'saved' && status.version !== initial.version) void utils.sessions.list.invalidate();
  }, [status, initial.version, utils]);

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
