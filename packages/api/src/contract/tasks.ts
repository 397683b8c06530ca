// Agent tasks (issue 17): the model works in a session's workspace with the tools of its mode
// (contract/tools.ts), on the server, until it completes, asks, waits for an approval, is
// cancelled or reaches a bound. Every step is an event, stored with an id and published on the
// live channel.
import { z } from 'zod';
import { defineOperation } from './operation';
import { ZId, ZMessageResponse, ZTimestamp, pageLimit } from './common';
import type { ErrorCode } from './error-codes';
import { ZTaskMode, ZToolName } from './tools';

export const TASK_LIMITS = {
  inputChars: 10_000,
  images: 4,
  /** A data: URL of at most ~750 kB of image. */
  imageChars: 1_000_000,
  nameChars: 200,
  textChars: 10_000,
  commandPrefixChars: 200,
  allowedCommands: 50,
} as const;

/**
 * `running` (the model or a tool is at work), `waiting_approval` (a write or command waits for the
 * user), `waiting_answer` (the model asked a question), `interrupted` (the server stopped while it
 * ran; resume it), and the ends: `completed`, `failed`, `cancelled`.
 */
export const ZTaskState = z.enum([
  'running',
  'waiting_approval',
  'waiting_answer',
  'interrupted',
  'completed',
  'failed',
  'cancelled',
]);
export type TTaskState = z.infer<typeof ZTaskState>;

export const ZTaskEventType = z.enum([
  'task.started',
  'task.progress',
  'tool.execution',
  'approval.required',
  'task.complete',
  'error.occurred',
]);
export type TTaskEventType = z.infer<typeof ZTaskEventType>;

const ZName = z.string().trim().min(1).max(TASK_LIMITS.nameChars);

export const ZTaskConfig = z.strictObject({
  /** A provider of the tenant or the server (`llm.providers`); `default` picks the server's default. */
  provider: ZName,
  model: ZName,
  mode: ZTaskMode.default('code'),
  /**
   * Categories that run without waiting for approval (reads always do). Left out: the user's
   * policy (settings `llm` / `agent.auto_approve[.<session id>]`), else none.
   */
  auto_approve: z
    .array(z.enum(['write', 'execute']))
    .max(2)
    .optional(),
  /**
   * Commands that run without approval: a command line that is one simple command (no ; & | ` $
   * < > ( ) { } or backslash) and starts with one of these, as a whole word. Left out: the user's
   * policy (`llm` / `agent.allowed_commands[.<session id>]`), else none.
   */
  allowed_commands: z
    .array(z.string().trim().min(1).max(TASK_LIMITS.commandPrefixChars))
    .max(TASK_LIMITS.allowedCommands)
    .optional(),
});

export const ZCreateTaskRequest = z.strictObject({
  session_id: ZId,
  input: z.string().min(1, 'Required').max(TASK_LIMITS.inputChars),
  images: z
    .array(
      z
        .string()
        .max(TASK_LIMITS.imageChars)
        .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/, 'a data: URL of a PNG, JPEG, GIF or WebP image'),
    )
    .max(TASK_LIMITS.images)
    .optional(),
  config: ZTaskConfig.optional(),
});
export type TCreateTaskRequest = z.infer<typeof ZCreateTaskRequest>;

export const ZTokenUsage = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
});
export type TTokenUsage = z.infer<typeof ZTokenUsage>;

/** What a waiting task waits for: the call, and exactly what it would do (the diff, the command) or the question. */
export const ZPendingCall = z.object({
  call_id: z.string(),
  tool: ZToolName,
  kind: z.enum(['approval', 'question']),
  arguments: z.record(z.string(), z.unknown()),
  /** A write's unified diff, a command line, or the question. */
  preview: z.string(),
});
export type TPendingCall = z.infer<typeof ZPendingCall>;

export const ZToolCallRecord = z.object({
  call_id: z.string(),
  tool: z.string(),
  /** The arguments as the model sent them (maybe not valid JSON). */
  arguments: z.string(),
  status: z.enum(['done', 'failed', 'denied', 'pending']),
  /** What the model was told. */
  result: z.string().nullable(),
});

export const ZTaskStep = z.object({
  step: z.number().int().min(1),
  /** What the model said besides its tool calls. */
  text: z.string(),
  tool_calls: z.array(ZToolCallRecord),
  usage: ZTokenUsage,
  created_at: ZTimestamp,
});
export type TTaskStep = z.infer<typeof ZTaskStep>;

export const ZTask = z
  .object({
    task_id: ZId,
    session_id: ZId,
    input: z.string(),
    provider: z.string(),
    model: z.string(),
    mode: ZTaskMode,
    auto_approve: z.array(z.enum(['write', 'execute'])),
    allowed_commands: z.array(z.string()),
    state: ZTaskState,
    /** Model turns so far. */
    step_count: z.number().int().min(0),
    usage: ZTokenUsage,
    pending: ZPendingCall.nullable(),
    /** attempt_completion's result. */
    result: z.string().nullable(),
    /** Why it failed (a bound, the provider...). */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    created_at: ZTimestamp,
    updated_at: ZTimestamp,
  })
  .meta({ id: 'Task' });
export type TTask = z.infer<typeof ZTask>;

export const ZTaskDetail = ZTask.extend({ steps: z.array(ZTaskStep) }).meta({ id: 'TaskDetail' });
export type TTaskDetail = z.infer<typeof ZTaskDetail>;

export const ZTaskEvent = z
  .object({
    /** Increasing within the task; pass the last one seen as `after`. */
    id: z.string(),
    task_id: ZId,
    type: ZTaskEventType,
    data: z.record(z.string(), z.unknown()),
    created_at: ZTimestamp,
  })
  .meta({ id: 'TaskEvent' });
export type TTaskEvent = z.infer<typeof ZTaskEvent>;

export const ZSessionTasksRequest = z.strictObject({
  session_id: ZId,
  limit: pageLimit(20, 100),
  cursor: z.string().max(512).optional(),
});
export type TSessionTasksRequest = z.infer<typeof ZSessionTasksRequest>;

export const ZTaskRequest = z.strictObject({ session_id: ZId, task_id: ZId });
export type TTaskRequest = z.infer<typeof ZTaskRequest>;

export const ZTaskActionRequest = z
  .strictObject({
    session_id: ZId,
    task_id: ZId,
    action: z.enum(['approve', 'deny', 'answer', 'cancel', 'resume']),
    /** The pending call acted on (checked when given). */
    call_id: z.string().max(200).optional(),
    /** The answer, or feedback to the model with a denial. */
    text: z.string().min(1).max(TASK_LIMITS.textChars).optional(),
  })
  .refine((value) => value.action !== 'answer' || value.text !== undefined, {
    message: 'text is required to answer',
    path: ['text'],
  })
  .meta({
    if: { properties: { action: { const: 'answer' } }, required: ['action'] },
    then: { required: ['text'] },
  });
export type TTaskActionRequest = z.infer<typeof ZTaskActionRequest>;

export const ZTaskEventsRequest = z.strictObject({
  session_id: ZId,
  task_id: ZId,
  after: z
    .string()
    .regex(/^\d{1,12}$/, 'an event id')
    .optional(),
  limit: pageLimit(100, 500),
});
export type TTaskEventsRequest = z.infer<typeof ZTaskEventsRequest>;

export const ZTaskList = z.object({ tasks: z.array(ZTask), next_cursor: z.string().nullable() });
export type TTaskList = z.infer<typeof ZTaskList>;
export const ZTaskEventPage = z.object({ events: z.array(ZTaskEvent), has_more: z.boolean() });
export type TTaskEventPage = z.infer<typeof ZTaskEventPage>;

/** The commit in the session's checkpoint repository. */
const ZCheckpointId = z
  .string()
  .regex(/^[0-9a-f]{40}$/, 'a checkpoint id')
  .meta({ examples: ['9fceb02d0ae598e95dc970b74767f19372d61af8'] });

/** The workspace as it was before one of the task's writes or commands. */
export const ZCheckpoint = z
  .object({
    checkpoint_id: ZCheckpointId,
    task_id: ZId,
    step: z.number().int().min(1),
    call_id: z.string(),
    tool: z.string(),
    created_at: ZTimestamp,
  })
  .meta({ id: 'Checkpoint' });
export type TCheckpoint = z.infer<typeof ZCheckpoint>;

export const ZCheckpointFileChange = z.object({
  path: z.string(),
  /** How the file differs now from the checkpoint. */
  change: z.enum(['added', 'modified', 'deleted']),
});

export const ZCheckpointRequest = z.strictObject({
  session_id: ZId,
  task_id: ZId,
  checkpoint_id: ZCheckpointId,
});
export type TCheckpointRequest = z.infer<typeof ZCheckpointRequest>;

export const ZCheckpointList = z.object({ checkpoints: z.array(ZCheckpoint) });
export type TCheckpointList = z.infer<typeof ZCheckpointList>;

export const ZCheckpointDiff = z.object({
  checkpoint: ZCheckpoint,
  files: z.array(ZCheckpointFileChange),
  /** Unified diff from the checkpoint to the workspace now. */
  patch: z.string(),
  /** The patch (or the file list) was cut at its limit. */
  truncated: z.boolean(),
});
export type TCheckpointDiff = z.infer<typeof ZCheckpointDiff>;

export const ZCheckpointRestored = z.object({
  checkpoint: ZCheckpoint,
  /** The files the restore changed back. */
  files: z.array(ZCheckpointFileChange),
});
export type TCheckpointRestored = z.infer<typeof ZCheckpointRestored>;

/** Another session's (or tenant's) task id answers TASK_NOT_FOUND like a missing one. */
export const TASK_ERRORS = ['SESSION_NOT_FOUND', 'TASK_NOT_FOUND'] as const satisfies readonly ErrorCode[];

const TASKS_PATH = '/sessions/:session_id/tasks';
const TASK_PATH = '/sessions/:session_id/tasks/:task_id';

export const tasksContract = {
  create: defineOperation({
    type: 'mutation',
    input: ZCreateTaskRequest,
    output: ZTask,
    meta: {
      access: 'user',
      summary: 'Give the agent a task in the session’s workspace; it starts at once (5 per minute per user)',
      // CONFLICT: as many tasks run as the user or tenant may run at once.
      // TOKEN_BUDGET_EXCEEDED: the user's or organisation's model tokens of today are spent.
      errors: ['SESSION_NOT_FOUND', 'CONFLICT', 'TOKEN_BUDGET_EXCEEDED', 'PROVIDER_NOT_FOUND'],
      rateLimit: 'tasks',
      // Images are megabytes of base64: the audit entry notes their size only.
      audit: { omitInput: ['images'], outputDetails: ['task_id', 'mode', 'model'] },
      rest: { method: 'POST', path: TASKS_PATH, successStatus: 201 },
    },
  }),
  list: defineOperation({
    type: 'query',
    input: ZSessionTasksRequest,
    output: ZTaskList,
    meta: {
      access: 'user',
      summary: 'The session’s tasks, newest first',
      errors: ['SESSION_NOT_FOUND'],
      rest: { method: 'GET', path: TASKS_PATH },
    },
  }),
  get: defineOperation({
    type: 'query',
    input: ZTaskRequest,
    output: ZTaskDetail,
    meta: {
      access: 'user',
      summary: 'A task: its state, its steps (text, tool calls, results) and token usage',
      errors: TASK_ERRORS,
      rest: { method: 'GET', path: TASK_PATH },
    },
  }),
  act: defineOperation({
    type: 'mutation',
    input: ZTaskActionRequest,
    output: ZTask,
    meta: {
      access: 'user',
      summary: 'Approve or deny the waiting call, answer the question, cancel, or resume an interrupted task',
      // CONFLICT: the task is not in a state that takes the action (or call_id is not the pending call).
      errors: [...TASK_ERRORS, 'CONFLICT'],
      rest: { method: 'PUT', path: TASK_PATH },
    },
  }),
  delete: defineOperation({
    type: 'mutation',
    input: ZTaskRequest,
    output: ZMessageResponse,
    meta: {
      access: 'user',
      summary: 'Delete a task with its steps and events (a running one is cancelled first)',
      errors: TASK_ERRORS,
      rest: { method: 'DELETE', path: TASK_PATH, envelope: 'message' },
    },
  }),
  checkpoints: defineOperation({
    type: 'query',
    input: ZTaskRequest,
    output: ZCheckpointList,
    meta: {
      access: 'user',
      summary: 'The task’s checkpoints, oldest first: the workspace before each of its writes and commands',
      errors: TASK_ERRORS,
      rest: { method: 'GET', path: `${TASK_PATH}/checkpoints` },
    },
  }),
  checkpoint: defineOperation({
    type: 'query',
    input: ZCheckpointRequest,
    output: ZCheckpointDiff,
    meta: {
      access: 'user',
      summary: 'A checkpoint with what changed in the workspace since (files and a unified diff)',
      // SERVICE_UNAVAILABLE: another change holds the workspace for longer than the lock wait.
      errors: [...TASK_ERRORS, 'CHECKPOINT_NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      rest: { method: 'GET', path: `${TASK_PATH}/checkpoints/:checkpoint_id` },
    },
  }),
  restoreCheckpoint: defineOperation({
    type: 'mutation',
    input: ZCheckpointRequest,
    output: ZCheckpointRestored,
    meta: {
      access: 'user',
      summary: 'Make the workspace’s files what they were at the checkpoint (the task’s conversation is left as it is)',
      // CONFLICT: the task is running; cancel it or wait until it waits or ends.
      errors: [...TASK_ERRORS, 'CHECKPOINT_NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE'],
      rest: { method: 'POST', path: `${TASK_PATH}/checkpoints/:checkpoint_id/restore` },
    },
  }),
  events: defineOperation({
    type: 'query',
    input: ZTaskEventsRequest,
    output: ZTaskEventPage,
    meta: {
      access: 'user',
      summary: 'The task’s events after an event id, oldest first (the same events go on the live channel)',
      errors: TASK_ERRORS,
      rest: {
        method: 'GET',
        path: `${TASK_PATH}/events`,
        eventStream: {
          description:
            'With `Accept: text/event-stream`: the events after `after` (or the `Last-Event-ID` header), then each new one as it happens, as Server-Sent Events (`id`, `event` = its type, `data` = the event as JSON); the stream ends after `task.complete`, and a comment every 15 s keeps it open.',
        },
      },
    },
  }),
};
