// The open session's events on the live channel: another tab's or client's save is taken in at
// once (no 409 at the next save here), and a terminal another client opened, renamed or that ended
// shows so in the panel. File
// events need nothing here: the files watch (one per session, shared by the Explorer and the open
// documents) already reloads what changed.
import { useEffect } from 'react';
import { trpc } from '../api/trpc';
import { useLiveChannel } from '../live/live-channel-provider';
import type { SessionAutosave } from './session-autosave';

export function useLiveSession(sessionId: string, autosave: SessionAutosave): void {
  const channel = useLiveChannel();
  const utils = trpc.useUtils();
  useEffect(() => {
    const refreshTerminals = () => void utils.terminals.list.invalidate({ session_id: sessionId });
    return channel.follow(sessionId, {
      onEvent(event) {
        if (event.event === 'session.updated') autosave.remoteChanged(event.data.version, event.data.fields_updated);
        else if (event.event === 'terminal.exited' || event.event === 'terminal.created' || event.event === 'terminal.renamed') {
          refreshTerminals();
        }
      },
      // After a reconnect the version says whether a save was missed (what changed is unknown).
      onSubscribed: (version) => autosave.remoteChanged(version),
      onReset: refreshTerminals,
    });
  }, [channel, sessionId, autosave, utils]);
}
