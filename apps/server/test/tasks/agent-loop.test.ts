// The agent loop over real HTTP against the local fake provider speaking the streamed OpenAI
// format (tool-call arguments split across chunks): a multi-step conversation to completion,
// approve, deny, answer, cancel, a path out of the workspace, malformed tool arguments.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { APP_TS, call, createTask, eventsOf, liveTab, scripted, sessionWithFile, toolResultsSent, waitForState } from './support';

const DIFF = '<<<<<<< SEARCH\nexport const answer = 41;\n=======\nexport const answer = 42;\n>>>>>>> REPLACE';

describe('agent tasks: the loop', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: provider.baseUrl } }));

  it('runs a multi-step tool conversation to completion, with its steps, usage and events', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { content: 'Looking around.', tool_calls: [call('list_files', { path: 'src' })] },
      { tool_calls: [call('read_file', { path: 'src/app.ts', start_line: 2, end_line: 2 })] },
      { tool_calls: [call('apply_diff', { path: 'src/app.ts', diff: DIFF })] },
      { tool_calls: [call('attempt_completion', { result: 'The answer is 42 now.' })] },
    ]);
    const tab = await liveTab(server.url, user.accessToken, sessionId);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['write'] });
    expect(created.state).toBe('running');

    const task = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(task).toMatchObject({ state: 'completed', result: 'The answer is 42 now.', step_count: 4, error: null });
    expect(task.steps.map((step: any) => step.tool_calls.map((record: any) => [record.tool, record.status]))).toEqual([
      [['list_files', 'done']],
      [['read_file', 'done']],
      [['apply_diff', 'done']],
      [['attempt_completion', 'done']],
    ]);
    expect(task.steps[1].tool_calls[0].result).toBe('2 | export const answer = 41;');
    // The fake's usage chunk: 7 prompt tokens per message, 51 completion tokens per turn.
    expect(task.usage.completion_tokens).toBe(4 * 51);
    expect(task.usage.prompt_tokens).toBeGreaterThan(0);
    const file = await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken);
    expect(file.body.data.content).toBe(APP_TS.replace('41', '42'));

    // What the model was sent: the mode's tools as JSON Schema, and each result fed back.
    const requests = provider.completions.filter((completion) => completion.body.model === model);
    expect(requests).toHaveLength(4);
    const tools = (requests[0]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
    // No execute_command: this server runs no sandbox (TERMINALS_ENABLED=false).
    expect(tools).toEqual([
      'list_files',
      'read_file',
      'search_files',
      'write_file',
      'apply_diff',
      'ask_followup_question',
      'attempt_completion',
    ]);
    expect(toolResultsSent(provider, model)).toEqual([
      'src/app.ts (59 bytes)',
      '2 | export const answer = 41;',
      'Wrote src/app.ts (59 bytes)',
    ]);

    const events = await eventsOf(api, user, sessionId, created.task_id);
    expect(events.map((event) => event.type)).toEqual([
      'task.started',
      // The first turn's words as they streamed, then the turn.
      'task.progress',
      'task.progress',
      'tool.execution',
      'task.progress',
      'tool.execution',
      'task.progress',
      // The checkpoint saved before the write.
      'task.progress',
      'tool.execution',
      'task.progress',
      'tool.execution',
      'task.complete',
    ]);
    expect(events[1]!.data).toEqual({ step: 1, text_delta: 'Looking around.' });
    expect(events[7]!.data.checkpoint).toMatchObject({
      step: 3,
      tool: 'apply_diff',
      checkpoint_id: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => String(index + 1)));
    // Each step's event names its calls with their arguments as the model streamed them.
    expect(events[6]!.data.calls).toEqual([
      { call_id: expect.any(String), tool: 'apply_diff', arguments: JSON.stringify({ path: 'src/app.ts', diff: DIFF }) },
    ]);
    expect((await eventsOf(api, user, sessionId, created.task_id, '10')).map((event) => event.id)).toEqual(['11', '12']);
    // The same events went out on the live channel of the session (beside the file events).
    await expect
      .poll(() => tab.events.filter((frame) => !frame.event.startsWith('file.')).map((frame) => frame.data))
      .toEqual(events);
    tab.close();

    const listed = await api.get(`/sessions/${sessionId}/tasks`, user.accessToken);
    expect(listed.body.data.tasks.map((listedTask: any) => listedTask.task_id)).toEqual([created.task_id]);
  });

  it('waits for approval of a write, showing the exact diff, and writes once approved', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('write_file', { path: 'src/app.ts', content: 'export const answer = 42;\n' })] },
      { tool_calls: [call('attempt_completion', { result: 'Rewritten.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model);
    const waiting = await waitForState(api, user, sessionId, created.task_id, ['waiting_approval']);
    const diff = [
      '--- a/src/app.ts',
      '+++ b/src/app.ts',
      '@@ -1,2 +1,1 @@',
      '-export const greeting = "hello";',
      '-export const answer = 41;',
      '+export const answer = 42;',
      '',
    ].join('\n');
    expect(waiting.pending).toMatchObject({ tool: 'write_file', kind: 'approval', preview: diff });
    const required = (await eventsOf(api, user, sessionId, created.task_id)).find((event) => event.type === 'approval.required');
    expect(required?.data).toMatchObject({ call_id: waiting.pending.call_id, tool: 'write_file', category: 'write', diff });
    // Nothing is written before the approval.
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(APP_TS);

    const path = `/sessions/${sessionId}/tasks/${created.task_id}`;
    const wrongCall = await api.put(path, { action: 'approve', call_id: 'call_other' }, user.accessToken);
    expect([wrongCall.status, wrongCall.body.error.code]).toEqual([409, 'CONFLICT']);
    const wrongAction = await api.put(path, { action: 'answer', text: 'yes' }, user.accessToken);
    expect([wrongAction.status, wrongAction.body.error.code]).toEqual([409, 'CONFLICT']);
    const approved = await api.put(path, { action: 'approve', call_id: waiting.pending.call_id }, user.accessToken);
    expect(approved.status).toBe(200);

    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done).toMatchObject({ state: 'completed', result: 'Rewritten.', pending: null });
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(
      'export const answer = 42;\n',
    );
  });

  it('tells the model a denial with the user’s feedback, and writes nothing', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('apply_diff', { path: 'src/app.ts', diff: DIFF })] },
      { tool_calls: [call('attempt_completion', { result: 'Left as it was.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model);
    await waitForState(api, user, sessionId, created.task_id, ['waiting_approval']);
    const denied = await api.put(
      `/sessions/${sessionId}/tasks/${created.task_id}`,
      { action: 'deny', text: 'Keep 41' },
      user.accessToken,
    );
    expect(denied.status).toBe(200);
    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done.steps[0].tool_calls[0]).toMatchObject({ tool: 'apply_diff', status: 'denied' });
    expect(toolResultsSent(provider, model)).toEqual(['The user denied this operation. Their feedback: Keep 41']);
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(APP_TS);
  });

  it('asks a follow-up question and goes on with the answer', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('ask_followup_question', { question: 'Which colour?', suggestions: ['red', 'blue'] })] },
      { tool_calls: [call('attempt_completion', { result: 'Blue it is.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { mode: 'ask' });
    const waiting = await waitForState(api, user, sessionId, created.task_id, ['waiting_answer']);
    expect(waiting.pending).toMatchObject({ kind: 'question', preview: 'Which colour?', tool: 'ask_followup_question' });
    const path = `/sessions/${sessionId}/tasks/${created.task_id}`;
    const noText = await api.put(path, { action: 'answer' }, user.accessToken);
    expect([noText.status, noText.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect((await api.put(path, { action: 'answer', text: 'blue' }, user.accessToken)).status).toBe(200);
    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done.result).toBe('Blue it is.');
    expect(toolResultsSent(provider, model)).toEqual(['The user answered: blue']);
    // Ask mode offers read tools and the two that end a turn only.
    const tools = provider.completions.find((completion) => completion.body.model === model)!.body.tools as Array<{
      function: { name: string };
    }>;
    expect(tools.map((tool) => tool.function.name)).not.toContain('write_file');
  });

  it('cancels a running task: the model request is dropped and the task ends cancelled', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [{ content: 'Thinking for ever', hold: true }]);
    const created = await createTask(api, user, sessionId, model);
    await expect.poll(() => provider.completions.some((completion) => completion.body.model === model)).toBe(true);
    const request = provider.completions.find((completion) => completion.body.model === model)!;
    const cancelled = await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'cancel' }, user.accessToken);
    expect([cancelled.status, cancelled.body.data.state]).toEqual([200, 'cancelled']);
    await request.closed;
    expect(request.finished).toBe(false);
    const events = await eventsOf(api, user, sessionId, created.task_id);
    expect(events.at(-1)).toMatchObject({ type: 'task.complete', data: { state: 'cancelled' } });
    const again = await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'cancel' }, user.accessToken);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    // Deleting removes it with its events.
    expect((await api.delete(`/sessions/${sessionId}/tasks/${created.task_id}`, user.accessToken)).status).toBe(200);
    const gone = await api.get(`/sessions/${sessionId}/tasks/${created.task_id}`, user.accessToken);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });

  it('keeps every tool path inside the workspace: the model is told, nothing outside is read or written', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      {
        tool_calls: [
          call('read_file', { path: '../../../../../../etc/passwd' }),
          call('list_files', { path: '/etc' }),
          call('write_file', { path: '../escaped.txt', content: 'out' }),
          call('search_files', { query: 'root', path: '../..' }),
        ],
      },
      { tool_calls: [call('attempt_completion', { result: 'Could not leave.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['write'] });
    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done.state).toBe('completed');
    const results = toolResultsSent(provider, model);
    expect(results).toHaveLength(4);
    for (const result of results) expect(result).toMatch(/^Error \(INVALID_PATH\): /);
    expect(JSON.stringify(done)).not.toContain('root:x:0:0');
    await expect(readFile(`${server.dataDir}/escaped.txt`)).rejects.toThrow();
  });

  it('reports malformed tool arguments from the model and goes on (never a 500)', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      {
        tool_calls: [
          call('read_file', '{"path": "src/app.ts"'),
          call('read_file', { path: 'src/app.ts', start_line: 'two' }),
          call('rm_rf', { path: '' }),
          call('apply_diff', { path: 'src/app.ts', diff: '<<<<<<< SEARCH\nnot in the file\n=======\nx\n>>>>>>> REPLACE' }),
        ],
      },
      { tool_calls: [call('attempt_completion', { result: 'Done despite the noise.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['write'] });
    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done.state).toBe('completed');
    expect(done.steps[0].tool_calls.map((record: any) => record.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    const results = toolResultsSent(provider, model);
    expect(results[0]).toMatch(/^Error: The arguments of read_file are not valid JSON/);
    expect(results[1]).toMatch(/^Error: Invalid arguments for read_file: start_line: /);
    expect(results[2]).toMatch(/^Error: There is no tool "rm_rf" in code mode/);
    expect(results[3]).toMatch(/^Error \(DIFF_NOT_APPLIED\): Block 1 of 1: the SEARCH text does not occur in the file/);
    const errors = (await eventsOf(api, user, sessionId, created.task_id)).filter((event) => event.type === 'error.occurred');
    expect(errors.map((event) => event.data.code)).toEqual(['INVALID_TOOL_ARGUMENTS', 'INVALID_TOOL_ARGUMENTS', 'UNKNOWN_TOOL']);
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(APP_TS);
  });

  it('fails a task whose provider fails, with the reason', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const created = await createTask(api, user, sessionId, 'fake-http-500');
    const done = await waitForState(api, user, sessionId, created.task_id, ['completed', 'failed']);
    expect(done.error).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(done.error.message).toMatch(/HTTP 500/);
  });
});
