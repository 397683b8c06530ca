// Every change of a task goes through here: one transaction reads the task, the change edits it
// and emits events (stored with the next ids), the task is written back — and only after the
// commit are the events published on the live channel, once, whatever retries the store made.
import type { TPendingCall, TTask, TTaskEvent, TTaskEventType } from '../../contract/tasks';
import { AppError } from '../../errors/app-error';
import type { TenantScope, TenantTransaction } from '../../storage/tenant-scope';
import type { LiveEvents } from '../events/live-events';
import { taskRepository, type TaskRecord } from './task-repository';

export interface TaskRef {
  tenantId: string;
  userId: string;
  sessionId: string;
  taskId: string;
}

/** The pending call as stored: with the user's decision once they made it. */
export interface PendingRecord extends TPendingCall {
  decision?: { action: 'approve' | 'deny' | 'answer'; text?: string | undefined };
}

export type Emit = (type: TTaskEventType, data: Record<string, unknown>) => void;

export function taskView(task: TaskRecord, pending: TPendingCall | null): TTask {
  const { user_id: _user, has_pending: _hasPending, message_count: _messages, event_count: _events, ...view } = task;
  const { decision: _decision, ...shown } = (pending ?? {}) as PendingRecord;
  // Tasks stored before commands existed have no allowed_commands.
  return { ...view, allowed_commands: view.allowed_commands ?? [], pending: pending ? (shown as TPendingCall) : null };
}

export function publishTaskEvents(
  events: LiveEvents | undefined,
  ref: Pick<TaskRef, 'tenantId' | 'sessionId'>,
  list: TTaskEvent[],
) {
  for (const event of list) {
    events?.publish({ tenant_id: ref.tenantId, session_id: ref.sessionId, type: event.type, data: { ...event } });
  }
}

export interface TaskChange<T> {
  task: TaskRecord;
  result: T;
  events: TTaskEvent[];
}

/**
 * Runs `change` on the task in one transaction and publishes its events after the commit.
 * TASK_NOT_FOUND when the task is gone (deleted meanwhile, or not in this session).
 */
export async function changeTask<T>(
  scope: TenantScope,
  events: LiveEvents | undefined,
  ref: Pick<TaskRef, 'tenantId' | 'sessionId' | 'taskId'>,
  now: () => Date,
  change: (tx: TenantTransaction, task: TaskRecord, emit: Emit) => Promise<T> | T,
): Promise<TaskChange<T>> {
  const outcome = await scope.transact(async (tx) => {
    const task = await taskRepository.get(tx, ref.sessionId, ref.taskId);
    if (!task) throw new AppError('TASK_NOT_FOUND', `Task not found: ${ref.taskId}`);
    const emitted: TTaskEvent[] = [];
    const at = now().toISOString();
    const emit: Emit = (type, data) => {
      emitted.push(taskRepository.appendEvent(tx, task, { task_id: task.task_id, type, data, created_at: at }));
    };
    const result = await change(tx, task, emit);
    task.updated_at = at;
    taskRepository.update(tx, task);
    return { task, result, events: emitted };
  });
  publishTaskEvents(events, ref, outcome.events);
  return outcome;
}
