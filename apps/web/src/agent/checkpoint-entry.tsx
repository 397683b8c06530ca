// A checkpoint in the timeline: the workspace as it was before one of the agent's writes or
// commands, with Restore (asked to confirm) putting the files back; the server refuses while a
// task of the session runs, and says so.
import { useState } from 'react';
import { trpc } from '../api/trpc';
import { describeApiError } from '../api/api-error';
import type { TimelineItem } from './task-timeline';

type CheckpointItem = Extract<TimelineItem, { kind: 'checkpoint' }>;

export function CheckpointEntry({ item, sessionId, taskId }: { item: CheckpointItem; sessionId: string; taskId: string }) {
  const [confirming, setConfirming] = useState(false);
  const restore = trpc.tasks.restoreCheckpoint.useMutation({ onSettled: () => setConfirming(false) });
  const restored = restore.data?.files.length;
  return (
    <article className="timeline-item timeline-checkpoint" aria-label="Checkpoint">
      <p className="timeline-meta">
        Checkpoint before {item.tool}
        {item.step !== null ? ` (step ${item.step})` : ''}
      </p>
      {restored !== undefined ? (
        <p className="muted" aria-live="polite">
          {restored === 0
            ? 'The files were already as they were here.'
            : `Restored ${restored} file${restored === 1 ? '' : 's'}.`}
        </p>
      ) : confirming ? (
        <p className="timeline-checkpoint-confirm">
          Put the workspace’s files back as they were here?{' '}
          <button
            type="button"
            className="button button-primary button-small"
            disabled={restore.isPending}
            onClick={() => restore.mutate({ session_id: sessionId, task_id: taskId, checkpoint_id: item.checkpointId })}
          >
            Restore files
          </button>{' '}
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            Keep them
          </button>
        </p>
      ) : (
        <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
          Restore…
        </button>
      )}
      {restore.error && (
        <p role="alert" className="timeline-error-text">
          {describeApiError(restore.error).message}
        </p>
      )}
    </article>
  );
}
