import { describe, expect, it } from 'vitest';
import type { TTaskEvent } from '@coditect/api/contract';
import { TaskEventLog } from './task-event-log';
import { buildTimeline, type ToolItem } from './task-timeline';

const TASK = '22222222-2222-4222-8222-222222222222';

/** Events as the server emits them (task-runner.ts, task-service.ts), numbered from 1. */
function events(...list: Array<[TTaskEvent['type'], Record<string, unknown>]>): TTaskEvent[] {
  return eventsFrom(1, ...list);
}

function eventsFrom(first: number, ...list: Array<[TTaskEvent['type'], Record<string, unknown>]>): TTaskEvent[] {
  return list.map(([type, data], index) => ({
    id: String(first + index),
    task_id: TASK,
    type,
    data,
    created_at: '2026-12-03T10:00:00.000Z',
  }));
}

const usage = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion });
const DIFF = '--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1 +1 @@\n-export const answer = 41;\n+export const answer = 42;\n';
const started: [TTaskEvent['type'], Record<string, unknown>] = [
  'task.started',
  { mode: 'code', model: 'fake', provider: 'default', input: 'Make the answer 42' },
];
const step = (n: number, text: string, calls: Array<[string, string, unknown]>) =>
  [
    'task.progress',
    {
      step: n,
      text,
      tool_calls: calls.map(([, tool]) => tool),
      calls: calls.map(([call_id, tool, args]) => ({ call_id, tool, arguments: JSON.stringify(args) })),
      usage: usage(10, 5),
      total_usage: usage(10 * n, 5 * n),
    },
  ] as [TTaskEvent['type'], Record<string, unknown>];
const tools = (items: ReturnType<typeof buildTimeline>['items']) =>
  items.filter((item): item is ToolItem => item.kind === 'tool');

describe('buildTimeline', () => {
  it('shows steps, calls with arguments and results, and the end, with the usage so far', () => {
    const timeline = buildTimeline(
      events(
        started,
        step(1, 'Looking around.', [['c1', 'read_file', { path: 'src/app.ts' }]]),
        [
          'tool.execution',
          { step: 1, call_id: 'c1', tool: 'read_file', status: 'done', result: '1 | export const answer = 41;' },
        ],
        step(2, '', [['c2', 'attempt_completion', { result: 'Done.' }]]),
        ['tool.execution', { step: 2, call_id: 'c2', tool: 'attempt_completion', status: 'done', result: 'Done.' }],
        ['task.complete', { state: 'completed', result: 'Done.', usage: usage(20, 10), steps: 2 }],
      ),
    );
    expect(timeline.items.map((item) => item.kind)).toEqual(['started', 'assistant', 'tool', 'assistant', 'finished']);
    expect(timeline.items[0]).toMatchObject({ input: 'Make the answer 42', mode: 'code', resumed: false });
    expect(tools(timeline.items)[0]).toMatchObject({
      tool: 'read_file',
      arguments: '{"path":"src/app.ts"}',
      status: 'done',
      result: '1 | export const answer = 41;',
    });
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'finished', state: 'completed', result: 'Done.' });
    expect(timeline).toMatchObject({ state: 'completed', pending: null, usage: usage(20, 10) });
  });

  it('waits on an approval carrying the diff, then shows the decision and result', () => {
    const waiting = events(started, step(1, '', [['c1', 'write_file', { path: 'src/app.ts', content: 'x' }]]), [
      'approval.required',
      { call_id: 'c1', tool: 'write_file', category: 'write', arguments: { path: 'src/app.ts' }, diff: DIFF },
    ]);
    const before = buildTimeline(waiting);
    expect(before.state).toBe('waiting_approval');
    expect(before.pending).toEqual({ kind: 'approval', callId: 'c1' });
    expect(tools(before.items)).toHaveLength(1);
    expect(tools(before.items)[0]).toMatchObject({ status: 'awaiting_approval', approval: { category: 'write', preview: DIFF } });

    const after = buildTimeline([
      ...waiting,
      ...eventsFrom(
        4,
        ['task.progress', { decision: 'deny', call_id: 'c1', text: 'keep 41' }],
        [
          'tool.execution',
          { step: 1, call_id: 'c1', tool: 'write_file', status: 'denied', result: 'The user denied this operation.' },
        ],
      ),
    ]);
    expect(after.state).toBe('running');
    expect(after.pending).toBeNull();
    expect(tools(after.items)[0]).toMatchObject({ status: 'denied', decision: { action: 'deny', text: 'keep 41' } });
  });

  it('renders an unknown tool generically: its approval carries a command, its result the output', () => {
    const timeline = buildTimeline(
      events(
        started,
        step(1, '', [['c9', 'execute_command', { command: 'npm test' }]]),
        [
          'approval.required',
          { call_id: 'c9', tool: 'execute_command', category: 'execute', arguments: {}, command: 'npm test' },
        ],
        ['tool.execution', { step: 1, call_id: 'c9', tool: 'execute_command', status: 'done', result: '3 passed\nexit 0' }],
      ),
    );
    expect(tools(timeline.items)[0]).toMatchObject({
      tool: 'execute_command',
      approval: { category: 'execute', preview: 'npm test' },
      status: 'done',
      result: '3 passed\nexit 0',
    });
  });

  it('asks a question and records the answer; the question call is not shown as a tool', () => {
    const timeline = buildTimeline(
      events(started, step(1, '', [['q1', 'ask_followup_question', { question: 'Which file?' }]]), [
        'task.progress',
        { question: 'Which file?', call_id: 'q1', suggestions: ['a.ts', 'b.ts'] },
      ]),
    );
    expect(timeline.pending).toEqual({ kind: 'question', callId: 'q1' });
    expect(timeline.state).toBe('waiting_answer');
    expect(timeline.items.filter((item) => item.kind === 'question')).toEqual([
      expect.objectContaining({ question: 'Which file?', suggestions: ['a.ts', 'b.ts'], answer: null }),
    ]);
    const answered = buildTimeline([
      ...events(
        started,
        step(1, '', [['q1', 'ask_followup_question', { question: 'Which file?' }]]),
        ['task.progress', { question: 'Which file?', call_id: 'q1', suggestions: [] }],
        ['task.progress', { decision: 'answer', call_id: 'q1', text: 'a.ts' }],
        [
          'tool.execution',
          { step: 1, call_id: 'q1', tool: 'ask_followup_question', status: 'done', result: 'The user answered: a.ts' },
        ],
      ),
    ]);
    expect(tools(answered.items)).toEqual([]);
    expect(answered.items.find((item) => item.kind === 'question')).toMatchObject({ answer: 'a.ts' });
    expect(answered.state).toBe('running');
  });

  it('shows a malformed call as a failed tool and errors as they came; interrupted, then resumed', () => {
    const timeline = buildTimeline(
      events(
        started,
        step(1, '', [['c1', 'read_file', '{"path": ']]),
        ['error.occurred', { code: 'VALIDATION_ERROR', call_id: 'c1', tool: 'read_file', message: 'bad JSON' }],
        ['tool.execution', { step: 1, call_id: 'c1', tool: 'read_file', status: 'failed', result: 'Error: bad JSON' }],
        ['error.occurred', { code: 'INTERRUPTED', message: 'The server stopped' }],
      ),
    );
    expect(tools(timeline.items)[0]).toMatchObject({ status: 'failed', arguments: JSON.stringify('{"path": ') });
    expect(timeline.items.filter((item) => item.kind === 'error').map((item) => item.kind === 'error' && item.code)).toEqual([
      'VALIDATION_ERROR',
      'INTERRUPTED',
    ]);
    expect(timeline.state).toBe('interrupted');
    const resumed = buildTimeline([
      ...events(started, ['error.occurred', { code: 'INTERRUPTED', message: '' }], ['task.started', { resumed: true }]),
    ]);
    expect(resumed.state).toBe('running');
    expect(resumed.items.at(-1)).toMatchObject({ kind: 'started', resumed: true });
  });

  it('ends cancelled or failed with the error', () => {
    const failed = buildTimeline(
      events(started, [
        'task.complete',
        { state: 'failed', error: { code: 'STEP_LIMIT', message: 'Too many steps' }, usage: usage(1, 2), steps: 1 },
      ]),
    );
    expect(failed).toMatchObject({ state: 'failed', usage: usage(1, 2) });
    expect(failed.items.at(-1)).toMatchObject({ kind: 'finished', state: 'failed', error: 'Too many steps' });
    expect(buildTimeline(events(started, ['task.complete', { state: 'cancelled', usage: usage(0, 0) }])).state).toBe('cancelled');
  });
});

describe('TaskEventLog', () => {
  const all = events(started, step(1, 'a', []), step(2, 'b', []), step(3, 'c', []));

  it('keeps events in id order whichever source delivered them first, without duplicates', () => {
    const log = new TaskEventLog(TASK);
    // The live channel's event 3 beats the page holding 1 and 2.
    expect(log.add([all[2]!])).toBe(true);
    expect(log.after).toBeUndefined();
    expect(log.hasGap).toBe(true);
    expect(log.add(all.slice(0, 3))).toBe(true);
    expect(log.add(all.slice(0, 3))).toBe(false);
    expect(log.after).toBe('3');
    expect(log.hasGap).toBe(false);
    expect(log.events().map((event) => event.id)).toEqual(['1', '2', '3']);
  });

  it('ignores another task’s events', () => {
    const log = new TaskEventLog(TASK);
    expect(log.add([{ ...all[0]!, task_id: '33333333-3333-4333-8333-333333333333' }])).toBe(false);
    expect(log.events()).toEqual([]);
  });

  it('streams a step’s words into one entry that its step event completes, and a command’s output as it comes', () => {
    const checkpoint = { checkpoint_id: 'a'.repeat(40), task_id: TASK, step: 1, call_id: 'c1', tool: 'execute_command' };
    const timeline = buildTimeline(
      events(
        started,
        ['task.progress', { step: 1, text_delta: 'Running ' }],
        ['task.progress', { step: 1, text_delta: 'the tests.' }],
        step(1, 'Running the tests.', [['c1', 'execute_command', { command: 'npm test' }]]),
        ['task.progress', { checkpoint }],
        ['tool.execution', { step: 1, call_id: 'c1', tool: 'execute_command', status: 'running', output: 'PASS a\n' }],
        ['tool.execution', { step: 1, call_id: 'c1', tool: 'execute_command', status: 'running', output: 'FAIL b\n' }],
      ),
    );
    const [, words, call, saved] = timeline.items;
    expect(words).toMatchObject({ kind: 'assistant', step: 1, text: 'Running the tests.', usage: usage(10, 5) });
    expect(timeline.items.filter((item) => item.kind === 'assistant')).toHaveLength(1);
    expect(call).toMatchObject({ kind: 'tool', tool: 'execute_command', status: 'running', result: 'PASS a\nFAIL b\n' });
    expect(saved).toMatchObject({ kind: 'checkpoint', checkpointId: 'a'.repeat(40), step: 1, tool: 'execute_command' });

    const done = buildTimeline(
      events(
        started,
        step(1, '', [['c1', 'execute_command', { command: 'npm test' }]]),
        ['tool.execution', { step: 1, call_id: 'c1', tool: 'execute_command', status: 'running', output: 'FAIL b\n' }],
        [
          'tool.execution',
          { step: 1, call_id: 'c1', tool: 'execute_command', status: 'done', result: 'Exit code: 1\nOutput:\nFAIL b\n' },
        ],
      ),
    );
    expect(done.items[2]).toMatchObject({ status: 'done', result: 'Exit code: 1\nOutput:\nFAIL b\n' });
  });
});
