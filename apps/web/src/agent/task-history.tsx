// The session's tasks, newest first (tasks.list pages): open one's timeline, or delete it.
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { formatRelativeTime } from '../format/relative-time';
import { FormAlert } from '../forms/form-alert';
import { useTaskPages } from './use-task-pages';

export function TaskHistory({ sessionId, onOpen }: { sessionId: string; onOpen(taskId: string): void }) {
  const utils = trpc.useUtils();
  const pages = useTaskPages(sessionId);
  const remove = trpc.tasks.delete.useMutation({ onSettled: () => void utils.tasks.list.invalidate({ session_id: sessionId }) });
  const tasks = pages.data?.pages.flatMap((page) => page.tasks) ?? [];

  if (pages.error) return <FormAlert tone="error">{describeApiError(pages.error).message}</FormAlert>;
  return (
    <div className="agent-history">
      {remove.error && <FormAlert tone="error">{describeApiError(remove.error).message}</FormAlert>}
      {pages.isPending ? (
        <p className="muted">Loading tasks…</p>
      ) : tasks.length === 0 ? (
        <p className="muted">No tasks yet</p>
      ) : (
        <ul className="agent-history-list" aria-label="Tasks">
          {tasks.map((task) => (
            <li key={task.task_id} className="agent-history-item">
              <button type="button" className="agent-history-open" onClick={() => onOpen(task.task_id)}>
                <span className="agent-history-input">{task.input}</span>
                <span className="muted agent-history-meta">
                  {task.state.replace('_', ' ')} · {task.mode} · {task.usage.prompt_tokens + task.usage.completion_tokens} tokens
                  · <time dateTime={task.created_at}>{formatRelativeTime(task.created_at)}</time>
                </span>
              </button>
              <button
                type="button"
                className="button agent-history-delete"
                aria-label={`Delete task: ${task.input.slice(0, 60)}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate({ session_id: sessionId, task_id: task.task_id })}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {pages.hasNextPage && (
        <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          More tasks
        </button>
      )}
    </div>
  );
}
