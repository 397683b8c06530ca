// Agent tasks in the tenant's space, under the session they work in:
//   ['task', session, task]                 → the task (TaskRecord)
//   ['task_by_created', session, ms, task]  → task id (newest first: a reverse range read)
//   ['task_message', task, seq, part]       → the model conversation, one message per seq
//   ['task_step', task, step, part]         → what each model turn did
//   ['task_event', task, seq, part]         → the task's events, ids 1, 2, …
//   ['task_pending', task, part]            → the call a waiting task waits on
//   ['task_active', task]                   → { user_id, session_id } while not ended (running limits)
//   ['task_checkpoint', task, ms, call]     → a checkpoint before a write or command (task-checkpoints.ts)
// and, in the global identity space, ['active_task', task] → { tenant_id, session_id } for the
// start-up sweep that marks running tasks interrupted. Values that can be large (tool arguments,
// file contents, diffs) are stored as JSON text split in parts below the store's value limit.
import type { ScopedTransaction, Tuple } from '@coditect/store';
import type { TPendingCall, TTask, TTaskEvent, TTaskState, TTaskStep } from '../../contract/tasks';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { ProviderMessage } from '../llm/llm-provider';
import { splitContent } from '../conversations/message-repository';

/** The task as stored: its view without `pending` (kept apart, it can be large) plus counters. */
export interface TaskRecord extends Omit<TTask, 'pending'> {
  user_id: string;
  has_pending: boolean;
  message_count: number;
  event_count: number;
}

export interface ActiveTask {
  user_id: string;
  session_id: string;
}

export interface GlobalActiveTask {
  tenant_id: string;
  session_id: string;
  /** The process running it (TaskRunner's runner id), once a run has started; absent in older stores. */
  runner?: string;
}

/** States a task does not leave on its own (it may only be deleted, or nothing more happens). */
export const ENDED_STATES: readonly TTaskState[] = ['completed', 'failed', 'cancelled'];

function putLarge(tx: ScopedTransaction, key: Tuple, value: unknown): void {
  tx.clearPrefix(key);
  splitContent(JSON.stringify(value)).forEach((part, index) => tx.set([...key, index], part));
}

async function getLarge<T>(tx: ScopedTransaction, key: Tuple): Promise<T | undefined> {
  const parts = await tx.getRange<string>(key);
  return parts.length === 0 ? undefined : (JSON.parse(parts.map((part) => part.value).join('')) as T);
}

/** Sequenced large values (messages, steps, events) from `fromSeq` on, in order. */
async function sequence<T>(tx: ScopedTransaction, prefix: Tuple, fromSeq: number, toSeq: number): Promise<T[]> {
  if (fromSeq >= toSeq) return [];
  const entries = await tx.getRange<string>(prefix, { from: [...prefix, fromSeq], before: [...prefix, toSeq] });
  const values: T[] = [];
  let current: number | undefined;
  let text = '';
  const flush = () => {
    if (current !== undefined) values.push(JSON.parse(text) as T);
  };
  for (const entry of entries) {
    const seq = Number(entry.key[prefix.length]);
    if (seq !== current) {
      flush();
      current = seq;
      text = '';
    }
    text += entry.value;
  }
  flush();
  return values;
}

export const taskRepository = {
  get(tx: ScopedTransaction, sessionId: string, taskId: string): Promise<TaskRecord | undefined> {
    return tx.get<TaskRecord>(['task', sessionId, taskId]);
  },

  insert(tx: TenantTransaction, tenantId: string, task: TaskRecord): void {
    tx.set(['task', task.session_id, task.task_id], task);
    tx.set(['task_by_created', task.session_id, Date.parse(task.created_at), task.task_id], task.task_id);
    tx.set(['task_active', task.task_id], { user_id: task.user_id, session_id: task.session_id } satisfies ActiveTask);
    tx.identity.set(['active_task', task.task_id], {
      tenant_id: tenantId,
      session_id: task.session_id,
    } satisfies GlobalActiveTask);
  },

  /** Writes `task`; an ended task leaves the active indexes. */
  update(tx: TenantTransaction, task: TaskRecord): void {
    tx.set(['task', task.session_id, task.task_id], task);
    if (ENDED_STATES.includes(task.state)) {
      tx.clear(['task_active', task.task_id]);
      tx.identity.clear(['active_task', task.task_id]);
    }
  },

  /** One page, newest first, after the cursor's (created ms, task id). */
  async listNewestFirst(
    tx: ScopedTransaction,
    sessionId: string,
    limit: number,
    before?: { createdMs: number; taskId: string },
  ): Promise<TaskRecord[]> {
    const entries = await tx.getRange<string>(['task_by_created', sessionId], {
      reverse: true,
      limit,
      ...(before ? { before: ['task_by_created', sessionId, before.createdMs, before.taskId] } : {}),
    });
    const tasks = await Promise.all(entries.map((entry) => tx.get<TaskRecord>(['task', sessionId, entry.value])));
    return tasks.filter((task): task is TaskRecord => task !== undefined);
  },

  /** Tasks not ended, of the whole tenant (for the running limits). */
  async active(tx: ScopedTransaction): Promise<ActiveTask[]> {
    return (await tx.getRange<ActiveTask>(['task_active'])).map((entry) => entry.value);
  },

  /** The session's tasks not ended. */
  async activeInSession(tx: ScopedTransaction, sessionId: string): Promise<TaskRecord[]> {
    const entries = await tx.getRange<ActiveTask>(['task_active']);
    const tasks = await Promise.all(
      entries
        .filter((entry) => entry.value.session_id === sessionId)
        .map((entry) => tx.get<TaskRecord>(['task', sessionId, String(entry.key[1])])),
    );
    return tasks.filter((task): task is TaskRecord => task !== undefined);
  },

  appendMessage(tx: ScopedTransaction, task: TaskRecord, message: ProviderMessage): void {
    putLarge(tx, ['task_message', task.task_id, task.message_count], message);
    task.message_count += 1;
  },

  messages(tx: ScopedTransaction, task: TaskRecord): Promise<ProviderMessage[]> {
    return sequence<ProviderMessage>(tx, ['task_message', task.task_id], 0, task.message_count);
  },

  putStep(tx: ScopedTransaction, taskId: string, step: TTaskStep): void {
    putLarge(tx, ['task_step', taskId, step.step], step);
  },

  getStep(tx: ScopedTransaction, taskId: string, step: number): Promise<TTaskStep | undefined> {
    return getLarge<TTaskStep>(tx, ['task_step', taskId, step]);
  },

  steps(tx: ScopedTransaction, task: TaskRecord): Promise<TTaskStep[]> {
    return sequence<TTaskStep>(tx, ['task_step', task.task_id], 1, task.step_count + 1);
  },

  appendEvent(tx: ScopedTransaction, task: TaskRecord, event: Omit<TTaskEvent, 'id'>): TTaskEvent {
    task.event_count += 1;
    const stored: TTaskEvent = { id: String(task.event_count), ...event };
    putLarge(tx, ['task_event', task.task_id, task.event_count], stored);
    return stored;
  },

  events(tx: ScopedTransaction, task: TaskRecord, after: number, limit: number): Promise<TTaskEvent[]> {
    return sequence<TTaskEvent>(tx, ['task_event', task.task_id], after + 1, Math.min(task.event_count, after + limit) + 1);
  },

  setPending(tx: ScopedTransaction, task: TaskRecord, pending: TPendingCall | null): void {
    tx.clearPrefix(['task_pending', task.task_id]);
    if (pending) putLarge(tx, ['task_pending', task.task_id], pending);
    task.has_pending = pending !== null;
  },

  async pending(tx: ScopedTransaction, task: TaskRecord): Promise<TPendingCall | null> {
    return task.has_pending ? ((await getLarge<TPendingCall>(tx, ['task_pending', task.task_id])) ?? null) : null;
  },

  /** Removes every task of a session being deleted; answers their ids (their runs are to stop). */
  async removeAllOfSession(tx: TenantTransaction, sessionId: string): Promise<string[]> {
    const tasks = await tx.getRange<TaskRecord>(['task', sessionId]);
    for (const { value } of tasks) taskRepository.remove(tx, value);
    return tasks.map(({ value }) => value.task_id);
  },

  remove(tx: TenantTransaction, task: TaskRecord): void {
    tx.clear(['task', task.session_id, task.task_id]);
    tx.clear(['task_by_created', task.session_id, Date.parse(task.created_at), task.task_id]);
    for (const prefix of ['task_message', 'task_step', 'task_event', 'task_pending', 'task_active', 'task_checkpoint']) {
      tx.clearPrefix([prefix, task.task_id]);
    }
    tx.identity.clear(['active_task', task.task_id]);
  },
};
