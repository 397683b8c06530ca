// Folds a task's events (tasks.events pages and the live channel, in id order) into what the
// Agent panel shows: the steps' text, each tool call with its arguments, approval and result,
// questions and their answers, errors, the end — and the state and usage the events imply, so
// the panel needs no second source while a task runs. Unknown tools and fields fold generically.
import type { TTaskEvent, TTaskState, TTokenUsage } from '@coditect/api/contract';

export type ToolStatus = 'running' | 'awaiting_approval' | 'done' | 'failed' | 'denied';

export interface ToolItem {
  kind: 'tool';
  key: string;
  callId: string;
  tool: string;
  /** As the model sent them: usually JSON, maybe not. */
  arguments: string;
  status: ToolStatus;
  /** What the model was told (a command's output, a file's lines, an error). */
  result: string | null;
  /** What approving would do: a write's unified diff or a command line. */
  approval: { category: string | null; preview: string } | null;
  decision: { action: string; text: string | null } | null;
}

export type TimelineItem =
  | { kind: 'started'; key: string; resumed: boolean; input: string | null; mode: string | null; model: string | null }
  | { kind: 'assistant'; key: string; step: number; text: string; usage: TTokenUsage | null }
  | ToolItem
  | { kind: 'question'; key: string; callId: string; question: string; suggestions: string[]; answer: string | null }
  | { kind: 'checkpoint'; key: string; checkpointId: string; step: number | null; tool: string }
  | { kind: 'error'; key: string; code: string; message: string }
  | { kind: 'finished'; key: string; state: string; result: string | null; error: string | null };

export interface PendingCall {
  kind: 'approval' | 'question';
  callId: string;
}

export interface Timeline {
  items: TimelineItem[];
  state: TTaskState | null;
  pending: PendingCall | null;
  usage: TTokenUsage | null;
}

/** Tools the timeline shows in their own way (a question, the end) rather than as a call. */
const NOT_SHOWN_AS_CALLS = new Set(['ask_followup_question', 'attempt_completion']);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function usageOf(value: unknown): TTokenUsage | null {
  const usage = value as Partial<TTokenUsage> | null | undefined;
  return typeof usage?.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number'
    ? { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens }
    : null;
}

function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

export function buildTimeline(events: readonly TTaskEvent[]): Timeline {
  const items: TimelineItem[] = [];
  let state: TTaskState | null = null;
  let pending: PendingCall | null = null;
  let usage: TTokenUsage | null = null;
  const tools = new Map<string, ToolItem>();
  const questions = new Map<string, Extract<TimelineItem, { kind: 'question' }>>();
  // A step's words as they stream (text_delta), completed in place by the step's own event.
  const drafts = new Map<number, Extract<TimelineItem, { kind: 'assistant' }>>();

  const addTool = (key: string, callId: string, tool: string, args: string): ToolItem => {
    const item: ToolItem = {
      kind: 'tool',
      key,
      callId,
      tool,
      arguments: args,
      status: 'running',
      result: null,
      approval: null,
      decision: null,
    };
    tools.set(callId, item);
    items.push(item);
    return item;
  };

  for (const event of events) {
    const data = event.data;
    const key = event.id;
    switch (event.type) {
      case 'task.started':
        state = 'running';
        pending = null;
        items.push({
          kind: 'started',
          key,
          resumed: data.resumed === true,
          input: text(data.input),
          mode: text(data.mode),
          model: text(data.model),
        });
        break;
      case 'task.progress': {
        const callId = text(data.call_id) ?? '';
        if (text(data.question) !== null) {
          const question = {
            kind: 'question' as const,
            key,
            callId,
            question: text(data.question) ?? '',
            suggestions: Array.isArray(data.suggestions) ? data.suggestions.map(String) : [],
            answer: null,
          };
          questions.set(callId, question);
          items.push(question);
          state = 'waiting_answer';
          pending = { kind: 'question', callId };
        } else if (text(data.decision) !== null) {
          const action = text(data.decision)!;
          const feedback = text(data.text);
          const tool = tools.get(callId);
          if (tool) tool.decision = { action, text: feedback };
          const question = questions.get(callId);
          if (question && action === 'answer') question.answer = feedback;
          if (action !== 'resume' && action !== 'cancel') state = 'running';
          pending = null;
        } else if (typeof data.step === 'number' && text(data.text_delta) !== null) {
          let draft = drafts.get(data.step);
          if (!draft) {
            draft = { kind: 'assistant', key, step: data.step, text: '', usage: null };
            drafts.set(data.step, draft);
            items.push(draft);
          }
          draft.text += text(data.text_delta);
        } else if (data.checkpoint && typeof data.checkpoint === 'object') {
          const checkpoint = data.checkpoint as Record<string, unknown>;
          const checkpointId = text(checkpoint.checkpoint_id);
          if (checkpointId) {
            const step = typeof checkpoint.step === 'number' ? checkpoint.step : null;
            items.push({ kind: 'checkpoint', key, checkpointId, step, tool: text(checkpoint.tool) ?? 'a call' });
          }
        } else if (typeof data.step === 'number') {
          const stepUsage = usageOf(data.usage);
          const draft = drafts.get(data.step);
          if (draft) {
            draft.text = text(data.text) ?? draft.text;
            draft.usage = stepUsage;
          } else {
            items.push({ kind: 'assistant', key, step: data.step, text: text(data.text) ?? '', usage: stepUsage });
          }
          usage = usageOf(data.total_usage) ?? usage;
          const calls = Array.isArray(data.calls) ? (data.calls as Array<Record<string, unknown>>) : [];
          calls.forEach((call, index) => {
            const tool = text(call.tool) ?? 'unknown tool';
            const id = text(call.call_id) ?? `${key}:${index}`;
            if (!NOT_SHOWN_AS_CALLS.has(tool)) addTool(`${key}:${id}`, id, tool, argumentsText(call.arguments));
          });
        }
        break;
      }
      case 'approval.required': {
        const callId = text(data.call_id) ?? '';
        const item = tools.get(callId) ?? addTool(key, callId, text(data.tool) ?? 'unknown tool', argumentsText(data.arguments));
        item.status = 'awaiting_approval';
        item.approval = {
          category: text(data.category),
          preview: text(data.diff) ?? text(data.command) ?? text(data.preview) ?? '',
        };
        state = 'waiting_approval';
        pending = { kind: 'approval', callId };
        break;
      }
      case 'tool.execution': {
        const callId = text(data.call_id) ?? '';
        const status = text(data.status);
        const result = text(data.result);
        let item = tools.get(callId);
        // A question's or the completion's call shows only when it went wrong.
        if (!item && (questions.has(callId) || status === 'done')) break;
        item ??= addTool(key, callId, text(data.tool) ?? 'unknown tool', '');
        if (status === 'running') {
          // A command's output as it comes; its result (exit status and output) replaces it.
          item.status = 'running';
          item.result = (item.result ?? '') + (text(data.output) ?? '');
          break;
        }
        item.status = status === 'failed' || status === 'denied' || status === 'done' ? status : 'done';
        item.result = result;
        if (pending?.callId === callId) pending = null;
        break;
      }
      case 'error.occurred': {
        const code = text(data.code) ?? 'ERROR';
        items.push({ kind: 'error', key, code, message: text(data.message) ?? '' });
        if (code === 'INTERRUPTED') {
          state = 'interrupted';
          pending = null;
        }
        break;
      }
      case 'task.complete': {
        const ended = text(data.state) ?? 'completed';
        const error = data.error as { message?: unknown } | null | undefined;
        items.push({ kind: 'finished', key, state: ended, result: text(data.result), error: text(error?.message) });
        state = ended === 'failed' || ended === 'cancelled' ? ended : 'completed';
        pending = null;
        usage = usageOf(data.usage) ?? usage;
        break;
      }
    }
  }
  return { items, state, pending, usage };
}
