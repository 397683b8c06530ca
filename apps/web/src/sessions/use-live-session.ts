// The open session's events on the live channel: another tab's or client's save is taken in at
// once (no 409 at the next save here), and a terminal another client opened, renamed or that ended
// shows so in the panel. File
// events need nothing here: the files watch (one per session, shared by the Explorer and the open
// documents) already reloads what changed.
import { useEffect, useState } from 'react';
import { trpc } from '../api/trpc';
import type { LivePresenceUser } from '../live/live-channel';
import { useLiveChannel } from '../live/live-channel-provider';
import type { SessionAutosave } from './session-autosave';

/** Follows the session; answers who follows it now (presence frames), empty until the server says. */
export function useLiveSession(sessionId: string, autosave: SessionAutosave): readonly LivePresenceUser[] {
  const channel = useLiveChannel();
  const utils = trpc.useUtils();
  const [presence, setPresence] = useState<readonly LivePresenceUser[]>([]);
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
      onPresence: setPresence,
    });
  }, [channel, sessionId, autosave, utils]);
  return presence;
}
