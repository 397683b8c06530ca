// A session's agent tasks: the rules of each operation, in one transaction each. A task belongs to
// the session it works in; the session is checked to be the caller's first, so another user's or
// tenant's task id answers like a missing one. The runs themselves are the task runner's.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  TCreateTaskRequest,
  TSessionTasksRequest,
  TTask,
  TTaskActionRequest,
  TTaskDetail,
  TTaskEventPage,
  TTaskEventsRequest,
  TTaskList,
  TTaskRequest,
} from '../../contract/tasks';
import { AppError } from '../../errors/app-error';
import { DEFAULT_ALIAS, type ProviderDirectory } from '../llm/provider-directory';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { LiveEvents } from '../events/live-events';
import type { CallerContext } from '../identity/identity-context';
import { requireOwned } from '../sessions/owned-session';
import type { ProviderMessage } from '../llm/llm-provider';
import { changeTask, publishTaskEvents, taskView, type PendingRecord, type TaskRef } from './task-changes';
import { taskRepository, type TaskRecord } from './task-repository';
import type { TaskRuns } from './task-runs';
import { approvalPolicy } from './approval-policy';
import { assertWithinBudget, type TokenBudgets } from '../usage/token-budget';

export interface TasksContext extends CallerContext {
  deps: {
    now: () => Date;
    events?: LiveEvents | undefined;
    tasks?: TaskRuns | undefined;
    tokenBudgets?: TokenBudgets | undefined;
    providers: ProviderDirectory;
  };
}

function runnerOf(context: TasksContext): TaskRuns {
  const { tasks } = context.deps;
  if (!tasks) throw new AppError('SERVICE_UNAVAILABLE', 'Agent tasks are not available on this server');
  return tasks;
}

function refOf(context: TasksContext, input: TTaskRequest): TaskRef {
  return { tenantId: context.auth.tenantId, userId: context.auth.userId, sessionId: input.session_id, taskId: input.task_id };
}

async function requireTask(tx: TenantTransaction, context: TasksContext, input: TTaskRequest): Promise<TaskRecord> {
  await requireOwned(tx, context.auth, input.session_id);
  const task = await taskRepository.get(tx, input.session_id, input.task_id);
  if (!task) throw new AppError('TASK_NOT_FOUND', `Task not found: ${input.task_id}`);
  return task;
}

function firstMessage(input: TCreateTaskRequest): ProviderMessage {
  if (!input.images?.length) return { role: 'user', content: input.input };
  return {
    role: 'user',
    content: [
      { type: 'text', text: input.input },
      ...input.images.map((url) => ({ type: 'image_url' as const, image_url: { url } })),
    ],
  };
}

export async function createTask(context: TasksContext, input: TCreateTaskRequest): Promise<TTask> {
  const runner = runnerOf(context);
  const { maxActivePerUser, maxActivePerTenant } = runner.limits;
  await assertWithinBudget(context.tenant, context.deps.tokenBudgets, context.auth.userId, context.deps.now());
  const at = context.deps.now().toISOString();
  const config = input.config ?? { provider: DEFAULT_ALIAS, model: 'default', mode: 'code' as const };
  if (input.config) {
    // The provider must exist here, and offer the model when it lists its models.
    const provider = await context.deps.providers.resolve(context.tenant, config.provider);
    context.deps.providers.assertOffers(provider, config.model, 'config.model');
  }
  const { task, started } = await context.tenant.transact(async (tx) => {
    await requireOwned(tx, context.auth, input.session_id);
    const policy = await approvalPolicy(tx, context.auth.userId, input.session_id);
    const active = await taskRepository.active(tx);
    if (active.length >= maxActivePerTenant) {
      throw new AppError(
        'CONFLICT',
        `Your organisation has ${active.length} tasks not ended, its limit; finish or cancel one first`,
      );
    }
    const mine = active.filter((entry) => entry.user_id === context.auth.userId).length;
    if (mine >= maxActivePerUser) {
      throw new AppError('CONFLICT', `You have ${mine} tasks not ended, your limit; finish or cancel one first`);
    }
    const record: TaskRecord = {
      task_id: randomUUID(),
      session_id: input.session_id,
      user_id: context.auth.userId,
      input: input.input,
      provider: config.provider,
      model: config.model,
      mode: config.mode,
      auto_approve: config.auto_approve ?? policy.auto_approve,
      allowed_commands: config.allowed_commands ?? policy.allowed_commands,
      state: 'running',
      step_count: 0,
      usage: { prompt_tokens: 0, completion_tokens: 0 },
      result: null,
      error: null,
      created_at: at,
      updated_at: at,
      has_pending: false,
      message_count: 0,
      event_count: 0,
    };
    taskRepository.appendMessage(tx, record, firstMessage(input));
    const event = taskRepository.appendEvent(tx, record, {
      task_id: record.task_id,
      type: 'task.started',
      data: { mode: record.mode, model: record.model, provider: record.provider, input: record.input },
      created_at: at,
    });
    taskRepository.insert(tx, context.auth.tenantId, record);
    return { task: record, started: event };
  });
  const ref = refOf(context, { session_id: task.session_id, task_id: task.task_id });
  publishTaskEvents(context.deps.events, ref, [started]);
  runner.start(ref);
  return taskView(task, null);
}

const ZCursor = z.tuple([z.number().int().nonnegative(), z.uuid()]);

function decodeCursor(cursor: string): { createdMs: number; taskId: string } {
  try {
    const [createdMs, taskId] = ZCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdMs, taskId };
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
}

export async function listTasks(context: TasksContext, input: TSessionTasksRequest): Promise<TTaskList> {
  const before = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  return context.tenant.transact(async (tx) => {
    await requireOwned(tx, context.auth, input.session_id);
    const page = await taskRepository.listNewestFirst(tx, input.session_id, input.limit + 1, before);
    const shown = page.slice(0, input.limit);
    const tasks = await Promise.all(shown.map(async (task) => taskView(task, await taskRepository.pending(tx, task))));
    const last = shown.at(-1);
    const next =
      page.length > input.limit && last
        ? Buffer.from(JSON.stringify([Date.parse(last.created_at), last.task_id])).toString('base64url')
        : null;
    return { tasks, next_cursor: next };
  });
}

export async function getTask(context: TasksContext, input: TTaskRequest): Promise<TTaskDetail> {
  return context.tenant.transact(async (tx) => {
    const task = await requireTask(tx, context, input);
    const [pending, steps] = await Promise.all([taskRepository.pending(tx, task), taskRepository.steps(tx, task)]);
    return { ...taskView(task, pending), steps };
  });
}

export async function taskEvents(context: TasksContext, input: TTaskEventsRequest): Promise<TTaskEventPage> {
  return context.tenant.transact(async (tx) => {
    const task = await requireTask(tx, context, input);
    const after = Number(input.after ?? 0);
    const events = await taskRepository.events(tx, task, after, input.limit);
    return { events, has_more: after + events.length < task.event_count };
  });
}

/** What each action needs the task's state to be. */
const ACTION_STATES: Record<TTaskActionRequest['action'], readonly TTask['state'][]> = {
  approve: ['waiting_approval'],
  deny: ['waiting_approval'],
  answer: ['waiting_answer'],
  resume: ['interrupted'],
  cancel: ['running', 'waiting_approval', 'waiting_answer', 'interrupted'],
};

export async function actOnTask(context: TasksContext, input: TTaskActionRequest): Promise<TTask> {
  const runner = runnerOf(context);
  const ref = refOf(context, input);
  await context.tenant.transact((tx) => requireOwned(tx, context.auth, input.session_id));
  const { task, result: pending } = await changeTask(
    context.tenant,
    context.deps.events,
    ref,
    context.deps.now,
    async (tx, task, emit) => {
      const allowed = ACTION_STATES[input.action];
      if (!allowed.includes(task.state)) {
        throw new AppError('CONFLICT', `Cannot ${input.action} a task that is ${task.state.replace('_', ' ')}`, {
          state: task.state,
        });
      }
      const current = (await taskRepository.pending(tx, task)) as PendingRecord | null;
      if (input.call_id !== undefined && current?.call_id !== input.call_id) {
        throw new AppError('CONFLICT', `The task does not wait on call ${input.call_id}`, { call_id: current?.call_id ?? null });
      }
      if (input.action === 'cancel') {
        task.state = 'cancelled';
        taskRepository.setPending(tx, task, null);
        emit('task.complete', { state: 'cancelled', usage: task.usage, steps: task.step_count });
        return null;
      }
      task.state = 'running';
      if (input.action === 'resume') {
        emit('task.started', { resumed: true });
        return current;
      }
      const decided: PendingRecord = { ...current!, decision: { action: input.action, text: input.text } };
      taskRepository.setPending(tx, task, decided);
      emit('task.progress', { decision: input.action, call_id: decided.call_id, ...(input.text ? { text: input.text } : {}) });
      return decided;
    },
  );
  if (input.action === 'cancel') runner.stop(input.task_id);
  else runner.start(ref);
  return taskView(task, pending);
}

export async function deleteTask(context: TasksContext, input: TTaskRequest): Promise<{ message: string }> {
  const runner = runnerOf(context);
  await context.tenant.transact(async (tx) => {
    const task = await requireTask(tx, context, input);
    taskRepository.remove(tx, task);
  });
  runner.stop(input.task_id);
  return { message: 'Task deleted' };
}
