// Fork and delete (with a confirmation), for the open session.
import { useLocation } from 'wouter';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { ConfirmAction } from '../shell/confirm-action';
import type { SessionAutosave } from './session-autosave';
import { sessionPath } from './session-list';

export function SessionActions({ sessionId, name, autosave }: { sessionId: string; name: string; autosave: SessionAutosave }) {
  const [, navigate] = useLocation();
  const utils = trpc.useUtils();
  const fork = trpc.sessions.fork.useMutation({
    onSuccess: (child) => {
      utils.sessions.get.setData({ session_id: child.session_id }, child);
      void utils.sessions.list.invalidate();
      navigate(sessionPath(child.session_id));
    },
  });
  const remove = trpc.sessions.delete.useMutation({
    onSuccess: () => {
      autosave.dispose();
      utils.sessions.get.setData({ session_id: sessionId }, undefined);
      void utils.sessions.list.invalidate();
      navigate('/');
    },
  });
  const failure = fork.error ?? remove.error;

  return (
    <div className="session-actions">
      <button
        type="button"
        className="button"
        disabled={fork.isPending}
        onClick={async () => {
          // The fork copies what the server has: send pending edits first.
          await autosave.flush();
          fork.mutate({ session_id: sessionId, name: `${name} (fork)`.slice(0, 200) });
        }}
      >
        {fork.isPending ? 'Forking…' : 'Fork'}
      </button>
      <ConfirmAction
        trigger="Delete…"
        question={<>Delete “{name}”?</>}
        groupLabel="Confirm deletion"
        action="Delete"
        busyAction="Deleting…"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ session_id: sessionId })}
      />
      {failure && (
        <span className="field-error" role="alert">
          {describeApiError(failure).message}
        </span>
      )}
    </div>
  );
}
