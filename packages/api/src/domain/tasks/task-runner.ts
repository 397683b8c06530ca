// The agent loop, on the server: sends the task's conversation and its mode's tools to the
// OpenAI-compatible provider, runs the tool calls the model streams back (reads on their own,
// writes once approved), feeds the results back, until the model completes or asks, the user
// cancels, or a bound (steps, tokens, wall time) is reached. Everything a task does is in the
// store before it is published, so a task survives a restart: the start-up sweep marks the ones
// that were running `interrupted`, and resuming picks the conversation up where it stopped.
import { scopeTransaction, type KvStore } from '@coditect/store';
import type { z } from 'zod';
import { TASK_MODES, TOOL_DESCRIPTIONS, TOOL_INPUTS, toolInputSchema, type TToolName } from '../../contract/tools';
import type { TTaskStep, TTokenUsage } from '../../contract/tasks';
import { identitySpace } from '../../storage/keyspace';
import { createTenantScope, type TenantScope } from '../../storage/tenant-scope';
import type { LiveEvent, LiveEvents } from '../events/live-events';
import type { Workspaces } from '../files/workspaces';
import { sessionTree } from '../files/session-files';
import { sessionRepository } from '../sessions/session-repository';
import { LlmProviderError, type ProviderMessage, type ProviderTool, type ProviderToolCall } from '../llm/llm-provider';
import { AppError } from '../../errors/app-error';
import type { ProviderDirectory } from '../llm/provider-directory';
import { changeTask, type Emit, type PendingRecord, type TaskRef } from './task-changes';
import { taskRepository, type GlobalActiveTask, type TaskRecord } from './task-repository';
import { checkpointRepository } from './task-checkpoints';
import { TextBatcher } from './text-batcher';
import { assertWithinBudget, recordTokens, type TokenBudgets } from '../usage/token-budget';
import { commandPreApproved } from './tools/command-policy';
import { commandPreview, runCommand, type CommandInput, type TaskCommands } from './tools/command-tool';
import type { TaskLimits, TaskRuns } from './task-runs';
import {
  applyWrite,
  listFiles,
  prepareWrite,
  readFile,
  searchFiles,
  ToolFailure,
  type ToolWorkspace,
} from './tools/workspace-tools';

export interface TaskRunnerOptions {
  /** Infrastructure access: each task works through its own tenant's scope only. */
  store: KvStore;
  /** Where each task's `provider` is looked up (its tenant's providers, then the server's). */
  providers: ProviderDirectory;
  workspaces: Workspaces;
  events?: LiveEvents | undefined;
  /** Where execute_command runs; without it (no sandbox here) the tool is not offered. */
  commands?: TaskCommands | undefined;
  now: () => Date;
  limits: TaskLimits;
  /** Daily model-token budgets the tasks' model calls count against. */
  budgets?: TokenBudgets | undefined;
  /**
   * Which process runs this runner's tasks, as `<boot>/<pid>`: the boot is shared by the workers a
   * cluster primary started, so a start-up sweep interrupts only tasks of earlier boots, and a
   * dead worker's own tasks are found by its id. Default: a boot of this process alone.
   */
  runnerId?: string;
}

/** This runner's id when none is given: a fresh boot, this process. */
export function newRunnerId(boot = Math.random().toString(36).slice(2, 10), pid = process.pid): string {
  return `${boot}/${pid}`;
}

/** The boot part of a runner id. */
export function bootOf(runnerId: string): string {
  return runnerId.slice(0, runnerId.lastIndexOf('/'));
}

/** The task a `task.complete` event says was cancelled, if it is one. */
function cancelledTaskId(event: LiveEvent): string | undefined {
  if (event.type !== 'task.complete') return undefined;
  const { task_id: taskId, data } = event.data as { task_id?: unknown; data?: { state?: unknown } };
  return data?.state === 'cancelled' && typeof taskId === 'string' ? taskId : undefined;
}

/** Why a run stopped early: the user, the server going down, or the wall-time bound. */
type StopReason = 'cancel' | 'shutdown' | 'time';

interface StreamedCall {
  id: string;
  name: string;
  arguments: string;
}

type CallOutcome = 'continue' | 'stop';

const INTERRUPTED =
  'Interrupted: the server stopped while this call ran; whether it finished is not known. Check before running it again.';

const SKIPPED = 'Not run: an earlier call of the same turn is waiting for the user. Call it again afterwards if still needed.';

export class TaskRunner implements TaskRuns {
  private readonly runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Tasks started again while their previous run was finishing. */
  private readonly again = new Set<string>();
  private closed = false;
  readonly runnerId: string;
  private readonly stopObserving: () => void;

  constructor(readonly options: TaskRunnerOptions) {
    this.runnerId = options.runnerId ?? newRunnerId();
    // A cancel taken by another process (worker, machine) reaches this run through its event, at
    // once rather than at the run's next step.
    this.stopObserving =
      options.events?.observe?.((event) => {
        const taskId = cancelledTaskId(event);
        if (taskId !== undefined) this.stop(taskId);
      }) ?? (() => {});
  }

  get limits(): TaskLimits {
    return this.options.limits;
  }

  /** Runs the task (its state must be `running`) unless a run of it is already under way. */
  start(ref: TaskRef): void {
    if (this.closed) return;
    if (this.runs.has(ref.taskId)) {
      this.again.add(ref.taskId);
      return;
    }
    const controller = new AbortController();
    const done = this.run(ref, controller.signal).finally(() => {
      this.runs.delete(ref.taskId);
      if (this.again.delete(ref.taskId)) this.start(ref);
    });
    this.runs.set(ref.taskId, { controller, done });
  }

  /** Stops the task's run (cancel, delete); its state is the caller's to set. */
  stop(taskId: string): void {
    this.again.delete(taskId);
    this.runs.get(taskId)?.controller.abort('cancel' satisfies StopReason);
  }

  /** Stops every run; their tasks stay `running` in the store and are interrupted at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopObserving();
    this.again.clear();
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort('shutdown' satisfies StopReason);
    await Promise.all(runs.map((run) => run.done));
  }

  /**
   * Tasks left `running` by a stopped server become `interrupted` (resume them): at start-up every
   * one whose runner belongs to an earlier boot (`which` = 'earlier boots'), or those of one
   * process that died (`which` = its runner id). Their count.
   */
  async interruptRunning(which: 'earlier boots' | string = 'earlier boots'): Promise<number> {
    const boot = bootOf(this.runnerId);
    const stranded = (runner: string | undefined) =>
      which === 'earlier boots' ? runner === undefined || bootOf(runner) !== boot : runner === which;
    const active = await this.options.store.transact((tx) =>
      scopeTransaction(tx, identitySpace).getRange<GlobalActiveTask>(['active_task']),
    );
    let interrupted = 0;
    for (const { key, value } of active) {
      if (!stranded(value.runner)) continue;
      const taskId = String(key[1]);
      const scope = this.scope(value.tenant_id);
      const changed = await changeTask(
        scope,
        this.options.events,
        { tenantId: value.tenant_id, sessionId: value.session_id, taskId },
        this.options.now,
        (_tx, task, emit) => {
          if (task.state !== 'running') return false;
          task.state = 'interrupted';
          emit('error.occurred', { code: 'INTERRUPTED', message: 'The server stopped while the task ran; resume it to go on' });
          return true;
        },
      ).catch((error: unknown) => {
        if (error instanceof AppError) return undefined; // deleted meanwhile
        throw error;
      });
      if (changed?.result) interrupted += 1;
    }
    return interrupted;
  }

  /** Marks the task as run by this process (for the sweeps above), while it is not ended. */
  private async claim(ref: TaskRef): Promise<void> {
    await this.options.store.transact(async (tx) => {
      const index = scopeTransaction(tx, identitySpace);
      const entry = await index.get<GlobalActiveTask>(['active_task', ref.taskId]);
      if (entry && entry.runner !== this.runnerId) index.set(['active_task', ref.taskId], { ...entry, runner: this.runnerId });
    });
  }

  private scope(tenantId: string): TenantScope {
    return createTenantScope(this.options.store, tenantId);
  }

  private change<T>(ref: TaskRef, body: Parameters<typeof changeTask<T>>[4]) {
    return changeTask(this.scope(ref.tenantId), this.options.events, ref, this.options.now, body);
  }

  private async run(ref: TaskRef, signal: AbortSignal): Promise<void> {
    const timer = setTimeout(
      () => (this.runs.get(ref.taskId)?.controller as AbortController | undefined)?.abort('time' satisfies StopReason),
      this.limits.maxSeconds * 1000,
    );
    try {
      await this.claim(ref);
      await this.settleDecision(ref, signal);
      await this.closeInterruptedCalls(ref);
      while (!signal.aborted) {
        const { task, messages } = await this.scope(ref.tenantId).transact(async (tx) => {
          const found = await taskRepository.get(tx, ref.sessionId, ref.taskId);
          return { task: found, messages: found ? await taskRepository.messages(tx, found) : [] };
        });
        if (!task || task.state !== 'running') return;
        const bound = this.boundReached(task);
        if (bound) return await this.fail(ref, bound.code, bound.message);
        await assertWithinBudget(this.scope(ref.tenantId), this.options.budgets, ref.userId, this.options.now());
        const turn = await this.callModel(ref, task, messages, signal);
        if (signal.aborted) break;
        const step = await this.recordTurn(ref, turn);
        await recordTokens(
          this.scope(ref.tenantId),
          ref.userId,
          this.options.now(),
          turn.usage.prompt_tokens + turn.usage.completion_tokens,
        );
        if (step === undefined) return;
        if (turn.calls.length === 0) {
          return await this.finish(ref, turn.text.trim() || 'The model stopped without a result');
        }
        for (const [index, call] of turn.calls.entries()) {
          if ((await this.runCall(ref, step, call, signal)) === 'stop') {
            if (signal.aborted) break;
            await this.skipCalls(ref, step, turn.calls.slice(index + 1));
            return;
          }
        }
      }
      if (signal.reason === 'time') await this.fail(ref, 'TIME_LIMIT', `The task ran for ${this.limits.maxSeconds} s, its limit`);
    } catch (error) {
      if (signal.aborted) {
        if (signal.reason === 'time')
          await this.fail(ref, 'TIME_LIMIT', `The task ran for ${this.limits.maxSeconds} s, its limit`);
        return;
      }
      if (error instanceof LlmProviderError) return await this.fail(ref, 'PROVIDER_ERROR', error.message);
      if (error instanceof AppError) return await this.fail(ref, error.code, error.message).catch(() => undefined);
      await this.fail(ref, 'INTERNAL_ERROR', 'The task stopped on an internal error').catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  private boundReached(task: TaskRecord): { code: string; message: string } | undefined {
    if (task.step_count >= this.limits.maxSteps) {
      return { code: 'STEP_LIMIT', message: `The task took ${task.step_count} steps, its limit` };
    }
    const tokens = task.usage.prompt_tokens + task.usage.completion_tokens;
    if (tokens >= this.limits.maxTokens) {
      return { code: 'TOKEN_LIMIT', message: `The task used ${tokens} tokens, over its limit of ${this.limits.maxTokens}` };
    }
    return undefined;
  }

  private async workspace(ref: TaskRef): Promise<ToolWorkspace> {
    await this.scope(ref.tenantId).transact(async (tx) => {
      if (!(await sessionRepository.getOwned(tx, ref.userId, ref.sessionId))) {
        throw new AppError('SESSION_NOT_FOUND', `Session not found: ${ref.sessionId}`);
      }
    });
    const files = await sessionTree(this.options.workspaces, ref.tenantId, ref.sessionId);
    return { files, maxEditBytes: this.options.workspaces.maxEditBytes };
  }

  private async systemPrompt(ref: TaskRef, task: TaskRecord): Promise<string> {
    const mode = TASK_MODES[task.mode];
    const workspace = await this.workspace(ref);
    const tree = await listFiles(workspace, { path: '' }).catch(() => '(unavailable)');
    return [
      mode.instructions,
      'You work in a workspace through tools; call them to read and change files. Paths are relative to the workspace root.',
      'When the task is done, call attempt_completion with a summary. If you need something from the user, call ask_followup_question.',
      `The workspace root holds:\n${tree}`,
    ].join('\n\n');
  }

  /** The mode's tools that can run here: no execute_command without a sandbox. */
  private available(task: TaskRecord): readonly TToolName[] {
    const tools = TASK_MODES[task.mode].tools;
    return this.options.commands ? tools : tools.filter((name) => name !== 'execute_command');
  }

  private tools(task: TaskRecord): ProviderTool[] {
    return this.available(task).map((name) => ({
      type: 'function',
      function: { name, description: TOOL_DESCRIPTIONS[name].description, parameters: toolInputSchema(name) },
    }));
  }

  private async callModel(ref: TaskRef, task: TaskRecord, messages: ProviderMessage[], signal: AbortSignal) {
    const request = {
      model: task.model,
      messages: [{ role: 'system' as const, content: await this.systemPrompt(ref, task) }, ...messages],
      tools: this.tools(task),
    };
    let text = '';
    let usage: TTokenUsage = { prompt_tokens: 0, completion_tokens: 0 };
    const calls: StreamedCall[] = [];
    const step = task.step_count + 1;
    // The model's words as they come, for the timeline (the turn's whole text follows in its step).
    const words = new TextBatcher((delta) =>
      this.change(ref, (_tx, current, emit) => {
        if (current.state === 'running') emit('task.progress', { step, text_delta: delta });
      }),
    );
    try {
      const provider = await this.options.providers.resolve(this.scope(ref.tenantId), task.provider);
      for await (const chunk of provider.llm.streamChat(request, signal)) {
        text += chunk.content;
        words.add(chunk.content);
        if (chunk.usage) usage = chunk.usage;
        for (const delta of chunk.tool_calls ?? []) {
          const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
          if (delta.id) call.id = delta.id;
          if (delta.name) call.name += delta.name;
          if (delta.arguments) call.arguments += delta.arguments;
        }
      }
    } finally {
      await words.close();
    }
    // A provider that numbers calls with gaps, or sends no ids, still gets one answer per call.
    const complete = calls
      .filter((call): call is StreamedCall => call !== undefined)
      .map((call, index) => ({ ...call, id: call.id || `call_${step}_${index}` }));
    return { text, usage, calls: complete };
  }

  /** Stores the model's turn (its message, the step, its usage); undefined when the task stopped meanwhile. */
  private async recordTurn(ref: TaskRef, turn: { text: string; usage: TTokenUsage; calls: StreamedCall[] }) {
    const { result } = await this.change(ref, (tx, task, emit) => {
      if (task.state !== 'running') return undefined;
      task.step_count += 1;
      task.usage = {
        prompt_tokens: task.usage.prompt_tokens + turn.usage.prompt_tokens,
        completion_tokens: task.usage.completion_tokens + turn.usage.completion_tokens,
      };
      const toolCalls: ProviderToolCall[] = turn.calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
      taskRepository.appendMessage(
        tx,
        task,
        toolCalls.length > 0
          ? { role: 'assistant', content: turn.text || null, tool_calls: toolCalls }
          : { role: 'assistant', content: turn.text },
      );
      const step: TTaskStep = {
        step: task.step_count,
        text: turn.text,
        tool_calls: turn.calls.map((call) => ({
          call_id: call.id,
          tool: call.name,
          arguments: call.arguments,
          status: 'pending',
          result: null,
        })),
        usage: turn.usage,
        created_at: this.options.now().toISOString(),
      };
      taskRepository.putStep(tx, task.task_id, step);
      emit('task.progress', {
        step: step.step,
        text: turn.text,
        tool_calls: turn.calls.map((call) => call.name),
        // The arguments as streamed, so a timeline built from events alone can show each call.
        calls: turn.calls.map((call) => ({ call_id: call.id, tool: call.name, arguments: call.arguments })),
        usage: turn.usage,
        total_usage: task.usage,
      });
      return step.step;
    });
    return result;
  }

  /** Parses a call's arguments against its tool's input; a malformed call is told to the model and reported. */
  private parseCall(
    task: TaskRecord,
    call: StreamedCall,
  ): { tool: TToolName; input: unknown } | { failure: string; code: string } {
    const allowed = this.available(task) as readonly string[];
    if (!allowed.includes(call.name)) {
      return {
        code: 'UNKNOWN_TOOL',
        failure: `There is no tool "${call.name}" in ${task.mode} mode; the tools are: ${allowed.join(', ')}`,
      };
    }
    const tool = call.name as TToolName;
    let json: unknown;
    try {
      json = JSON.parse(call.arguments || '{}');
    } catch {
      return {
        code: 'INVALID_TOOL_ARGUMENTS',
        failure: `The arguments of ${tool} are not valid JSON: ${call.arguments.slice(0, 200)}`,
      };
    }
    const parsed = (TOOL_INPUTS[tool] as z.ZodType).safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`);
      return { code: 'INVALID_TOOL_ARGUMENTS', failure: `Invalid arguments for ${tool}: ${issues.join('; ')}` };
    }
    return { tool, input: parsed.data };
  }

  private async runCall(ref: TaskRef, step: number, call: StreamedCall, signal: AbortSignal): Promise<CallOutcome> {
    const task = await this.scope(ref.tenantId).transact((tx) => taskRepository.get(tx, ref.sessionId, ref.taskId));
    if (!task || task.state !== 'running' || signal.aborted) return 'stop';
    const parsed = this.parseCall(task, call);
    if ('failure' in parsed) {
      await this.recordCall(ref, step, call, 'failed', `Error: ${parsed.failure}`, {
        emit: (emit) => emit('error.occurred', { code: parsed.code, call_id: call.id, tool: call.name, message: parsed.failure }),
      });
      return 'continue';
    }
    const { tool, input } = parsed;
    try {
      switch (tool) {
        case 'list_files':
        case 'read_file':
        case 'search_files': {
          const workspace = await this.workspace(ref);
          const result =
            tool === 'list_files'
              ? await listFiles(workspace, input as never)
              : tool === 'read_file'
                ? await readFile(workspace, input as never)
                : await searchFiles(workspace, input as never);
          await this.recordCall(ref, step, call, 'done', result);
          return 'continue';
        }
        case 'write_file':
        case 'apply_diff': {
          const workspace = await this.workspace(ref);
          const prepared = await prepareWrite(workspace, { tool, input } as Parameters<typeof prepareWrite>[1]);
          if (task.auto_approve.includes('write')) {
            await this.checkpoint(ref, step, call, workspace);
            await this.recordCall(ref, step, call, 'done', await applyWrite(workspace, prepared));
            return 'continue';
          }
          await this.wait(ref, {
            call_id: call.id,
            tool,
            kind: 'approval',
            arguments: input as Record<string, unknown>,
            preview: prepared.diff,
          });
          return 'stop';
        }
        case 'execute_command': {
          const command = input as CommandInput;
          const policy = { autoApprove: task.auto_approve, allowedCommands: task.allowed_commands ?? [] };
          if (commandPreApproved(command.command, policy)) {
            const result = await this.executeCommand(ref, step, call, command, signal);
            if (signal.aborted) return 'stop';
            await this.recordCall(ref, step, call, 'done', result);
            return 'continue';
          }
          await this.wait(ref, {
            call_id: call.id,
            tool,
            kind: 'approval',
            arguments: command,
            preview: commandPreview(command),
          });
          return 'stop';
        }
        case 'ask_followup_question': {
          const question = input as { question: string; suggestions?: string[] };
          await this.wait(ref, {
            call_id: call.id,
            tool,
            kind: 'question',
            arguments: question,
            preview: question.question,
          });
          return 'stop';
        }
        case 'attempt_completion': {
          const { result } = input as { result: string };
          await this.recordCall(ref, step, call, 'done', 'The task is complete.');
          await this.finish(ref, result);
          return 'stop';
        }
      }
    } catch (error) {
      if (!(error instanceof ToolFailure)) throw error;
      await this.recordCall(ref, step, call, 'failed', `Error (${error.code}): ${error.message}`);
      return 'continue';
    }
  }

  /** A call's result: the message the model gets, the step's record, a tool.execution event. */
  private async recordCall(
    ref: TaskRef,
    step: number,
    call: { id: string; name: string },
    status: 'done' | 'failed' | 'denied',
    result: string,
    options: { emit?: (emit: Emit) => void; clearPending?: boolean } = {},
  ): Promise<void> {
    await this.change(ref, async (tx, task, emit) => {
      if (options.clearPending) taskRepository.setPending(tx, task, null);
      taskRepository.appendMessage(tx, task, { role: 'tool', tool_call_id: call.id, content: result });
      const stored = await taskRepository.getStep(tx, task.task_id, step);
      if (stored) {
        for (const record of stored.tool_calls) {
          if (record.call_id === call.id) Object.assign(record, { status, result });
        }
        taskRepository.putStep(tx, task.task_id, stored);
      }
      options.emit?.(emit);
      emit('tool.execution', { step, call_id: call.id, tool: call.name, status, result });
    });
  }

  /**
   * Saves a checkpoint of the workspace before a write or command and records it with the task. A
   * failure (no git here, an unreadable file) is reported and the call goes on without one.
   */
  private async checkpoint(ref: TaskRef, step: number, call: { id: string; name: string }, workspace: ToolWorkspace) {
    let checkpointId: string;
    try {
      checkpointId = await workspace.files
        .checkpoints()
        .save(`before ${call.name} ${call.id} (task ${ref.taskId}, step ${step})`);
    } catch {
      await this.change(ref, (_tx, _task, emit) =>
        emit('error.occurred', {
          code: 'CHECKPOINT_FAILED',
          call_id: call.id,
          tool: call.name,
          message: 'No checkpoint could be saved before this call; it went on without one',
        }),
      );
      return;
    }
    await this.change(ref, (tx, task, emit) => {
      const checkpoint = {
        checkpoint_id: checkpointId,
        task_id: task.task_id,
        step,
        call_id: call.id,
        tool: call.name,
        created_at: this.options.now().toISOString(),
      };
      checkpointRepository.add(tx, checkpoint);
      emit('task.progress', { checkpoint });
    });
  }

  /** Runs an approved command, its output published as it comes (batched) as `tool.execution` events. */
  private async executeCommand(
    ref: TaskRef,
    step: number,
    call: { id: string; name: string },
    input: CommandInput,
    signal: AbortSignal,
  ): Promise<string> {
    const commands = this.options.commands;
    if (!commands) throw new ToolFailure('SERVICE_UNAVAILABLE', 'Commands cannot run on this server');
    const workspace = await this.workspace(ref);
    await this.checkpoint(ref, step, call, workspace);
    const output = new TextBatcher((text) =>
      this.change(ref, (_tx, task, emit) => {
        if (task.state === 'running') {
          emit('tool.execution', { step, call_id: call.id, tool: call.name, status: 'running', output: text });
        }
      }),
    );
    try {
      return await runCommand(commands, workspace.files.treePath, input, { signal, onOutput: (data) => output.add(data) });
    } finally {
      await output.close();
    }
  }

  /** Calls of the last step left pending by a stopped server: the model is told they were interrupted. */
  private async closeInterruptedCalls(ref: TaskRef): Promise<void> {
    const found = await this.scope(ref.tenantId).transact(async (tx) => {
      const task = await taskRepository.get(tx, ref.sessionId, ref.taskId);
      if (!task || task.state !== 'running' || task.has_pending || task.step_count === 0) return undefined;
      return taskRepository.getStep(tx, task.task_id, task.step_count);
    });
    for (const call of found?.tool_calls.filter((record) => record.status === 'pending') ?? []) {
      await this.recordCall(ref, found!.step, { id: call.call_id, name: call.tool }, 'failed', INTERRUPTED);
    }
  }

  private async skipCalls(ref: TaskRef, step: number, calls: StreamedCall[]): Promise<void> {
    for (const call of calls) await this.recordCall(ref, step, call, 'failed', SKIPPED);
  }

  private async wait(ref: TaskRef, pending: PendingRecord): Promise<void> {
    await this.change(ref, (tx, task, emit) => {
      if (task.state !== 'running') return;
      task.state = pending.kind === 'approval' ? 'waiting_approval' : 'waiting_answer';
      taskRepository.setPending(tx, task, pending);
      if (pending.kind === 'approval') {
        emit('approval.required', {
          call_id: pending.call_id,
          tool: pending.tool,
          category: TOOL_DESCRIPTIONS[pending.tool].category,
          arguments: pending.arguments,
          ...(pending.tool === 'execute_command' ? { command: pending.preview } : { diff: pending.preview }),
        });
      } else {
        emit('task.progress', {
          question: pending.preview,
          call_id: pending.call_id,
          suggestions: pending.arguments.suggestions ?? [],
        });
      }
    });
  }

  /** Acts on the user's decision about the pending call (approve, deny, answer), stored by `tasks.act`. */
  private async settleDecision(ref: TaskRef, signal: AbortSignal): Promise<void> {
    const found = await this.scope(ref.tenantId).transact(async (tx) => {
      const task = await taskRepository.get(tx, ref.sessionId, ref.taskId);
      if (!task || task.state !== 'running') return undefined;
      const pending = (await taskRepository.pending(tx, task)) as PendingRecord | null;
      return pending?.decision ? { task, pending, decision: pending.decision } : undefined;
    });
    if (!found) return;
    const { task, pending, decision } = found;
    const call = { id: pending.call_id, name: pending.tool };
    const step = task.step_count;
    let status: 'done' | 'failed' | 'denied' = 'done';
    let result: string;
    if (decision.action === 'deny') {
      status = 'denied';
      result = `The user denied this operation.${decision.text ? ` Their feedback: ${decision.text}` : ''}`;
    } else if (decision.action === 'answer') {
      result = `The user answered: ${decision.text ?? ''}`;
    } else if (pending.tool === 'execute_command') {
      try {
        result = await this.executeCommand(ref, step, call, pending.arguments as CommandInput, signal);
      } catch (error) {
        if (!(error instanceof ToolFailure)) throw error;
        status = 'failed';
        result = `Error (${error.code}): ${error.message}`;
      }
      if (signal.aborted) return;
    } else {
      try {
        const workspace = await this.workspace(ref);
        const prepared = await prepareWrite(workspace, { tool: pending.tool, input: pending.arguments } as Parameters<
          typeof prepareWrite
        >[1]);
        if (prepared.diff !== pending.preview) {
          throw new ToolFailure('CONFLICT', 'The file changed after the approval was asked; nothing was written. Read it again.');
        }
        await this.checkpoint(ref, step, call, workspace);
        result = await applyWrite(workspace, prepared);
      } catch (error) {
        if (!(error instanceof ToolFailure)) throw error;
        status = 'failed';
        result = `Error (${error.code}): ${error.message}`;
      }
    }
    await this.recordCall(ref, step, call, status, result, { clearPending: true });
  }

  private async finish(ref: TaskRef, result: string): Promise<void> {
    await this.change(ref, (tx, task, emit) => {
      if (task.state !== 'running') return;
      task.state = 'completed';
      task.result = result;
      taskRepository.setPending(tx, task, null);
      emit('task.complete', { state: 'completed', result, usage: task.usage, steps: task.step_count });
    });
  }

  private async fail(ref: TaskRef, code: string, message: string): Promise<void> {
    await this.change(ref, (tx, task, emit) => {
      if (task.state !== 'running') return;
      task.state = 'failed';
      task.error = { code, message };
      taskRepository.setPending(tx, task, null);
      emit('error.occurred', { code, message });
      emit('task.complete', { state: 'failed', error: { code, message }, usage: task.usage, steps: task.step_count });
    });
  }
}
