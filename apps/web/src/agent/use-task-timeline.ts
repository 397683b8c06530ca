// A task's timeline, kept current: the stored events page by page (tasks.events), then the live
// channel's; after a reconnect, a reset or a gap in the live ids, the missing ones are fetched.
import { useEffect, useMemo, useState } from 'react';
import { ZTaskEventType, type TTaskEvent } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { useLiveChannel } from '../live/live-channel-provider';
import { TaskEventLog } from './task-event-log';
import { buildTimeline, type Timeline } from './task-timeline';

const TASK_EVENT_TYPES: ReadonlySet<string> = new Set(ZTaskEventType.options);

export interface TaskTimelineState {
  timeline: Timeline;
  /** The first page is not here yet. */
  loading: boolean;
  error: unknown;
}

export function useTaskTimeline(sessionId: string, taskId: string): TaskTimelineState {
  const channel = useLiveChannel();
  const utils = trpc.useUtils();
  const [events, setEvents] = useState<TTaskEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const log = new TaskEventLog(taskId);
    let stopped = false;
    let fetching: Promise<void> | null = null;
    let again = false;
    const publish = () => setEvents(log.events());

    const catchUp = (): Promise<void> => {
      if (fetching) {
        again = true;
        return fetching;
      }
      fetching = (async () => {
        try {
          do {
            again = false;
            for (;;) {
              const page = await utils.client.tasks.events.query({ session_id: sessionId, task_id: taskId, after: log.after });
              if (stopped) return;
              if (log.add(page.events)) publish();
              if (!page.has_more) break;
            }
          } while (again && !stopped);
          setError(null);
        } catch (caught) {
          if (!stopped) setError(caught);
        } finally {
          fetching = null;
          if (!stopped) setLoading(false);
        }
      })();
      return fetching;
    };

    const stop = channel.follow(sessionId, {
      onEvent(frame) {
        if (!TASK_EVENT_TYPES.has(frame.event)) return;
        const event = frame.data as TTaskEvent;
        if (event.task_id !== taskId) return;
        if (log.add([event])) publish();
        if (log.hasGap) void catchUp();
      },
      onSubscribed: () => void catchUp(),
      onReset: () => void catchUp(),
    });
    void catchUp();
    return () => {
      stopped = true;
      stop();
    };
  }, [channel, utils, sessionId, taskId]);

  const timeline = useMemo(() => buildTimeline(events), [events]);
  return { timeline, loading, error };
}
