// What a client can get wrong, and the limits: bad inputs are 4xx JSON (never a 500), five task
// creations per minute per user, a bounded number of tasks not ended per user, the step bound,
// and the tool catalogue.
import { describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { readTrail } from '../support/audit-trail';
import { call, createTask, scripted, sessionWithFile, waitForState } from './support';

describe('agent tasks: inputs and limits', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: {
      LLM_BASE_URL: provider.baseUrl,
      RATE_LIMIT_TASKS: '5/1m',
      TASK_MAX_ACTIVE_PER_USER: '2',
      TASK_MAX_STEPS: '3',
      TASK_MAX_DURATION: '2s',
    },
  }));

  it('answers bad inputs with 4xx JSON, never a 500', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const tasks = `/sessions/${sessionId}/tasks`;
    // Refused creations count against the 5 per minute too: each comes from a user of its own.
    const post = async (body: unknown) => {
      const poster = await registerUser(api);
      const posterSession = await sessionWithFile(api, poster);
      return api.call('POST', `/sessions/${posterSession}/tasks`, { body, token: poster.accessToken });
    };
    const cases: Array<[string, Promise<{ status: number; body: any }>, number, string]> = [
      ['empty input', post({ input: '' }), 400, 'VALIDATION_ERROR'],
      ['input over 10,000 characters', post({ input: 'x'.repeat(10_001) }), 400, 'VALIDATION_ERROR'],
      ['an unknown mode', post({ input: 'hi', config: { provider: 'p', model: 'm', mode: 'yolo' } }), 400, 'VALIDATION_ERROR'],
      ['a config without a model', post({ input: 'hi', config: { provider: 'p' } }), 400, 'VALIDATION_ERROR'],
      ['an image that is no data URL', post({ input: 'hi', images: ['http://example.com/a.png'] }), 400, 'VALIDATION_ERROR'],
      ['an unknown field', post({ input: 'hi', extra: 1 }), 400, 'VALIDATION_ERROR'],
      ['not JSON', post('{"input":'), 400, 'VALIDATION_ERROR'],
      [
        'a session that is not there',
        api.post('/sessions/00000000-0000-4000-8000-000000000000/tasks', { input: 'hi' }, user.accessToken),
        404,
        'SESSION_NOT_FOUND',
      ],
      ['a task id that is no id', api.get(`${tasks}/not-an-id`, user.accessToken), 400, 'VALIDATION_ERROR'],
      [
        'a task that is not there',
        api.get(`${tasks}/00000000-0000-4000-8000-000000000000`, user.accessToken),
        404,
        'TASK_NOT_FOUND',
      ],
      ['a bad cursor', api.get(`${tasks}?cursor=nonsense`, user.accessToken), 400, 'VALIDATION_ERROR'],
      [
        'an unknown action',
        api.put(`${tasks}/00000000-0000-4000-8000-000000000000`, { action: 'explode' }, user.accessToken),
        400,
        'VALIDATION_ERROR',
      ],
      [
        'events after something that is no event id',
        api.get(`${tasks}/00000000-0000-4000-8000-000000000000/events?after=abc`, user.accessToken),
        400,
        'VALIDATION_ERROR',
      ],
      ['an unknown tool', api.get('/tools/rm_rf', user.accessToken), 404, 'TOOL_NOT_FOUND'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      expect([response.status, response.body?.error?.code], label).toEqual([status, code]);
    }
  });

  it('refuses actions a task’s state does not take with 409', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'Nothing to do.' })] }]);
    const created = await createTask(api, user, sessionId, model);
    await waitForState(api, user, sessionId, created.task_id, ['completed']);
    for (const action of ['approve', 'deny', 'resume', 'cancel']) {
      const response = await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action }, user.accessToken);
      expect([response.status, response.body.error.code], action).toEqual([409, 'CONFLICT']);
    }
  });

  it('stops a task at TASK_MAX_STEPS', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const listing = { tool_calls: [call('list_files', {})] };
    const model = scripted(provider, [listing, listing, listing, listing]);
    const created = await createTask(api, user, sessionId, model);
    const done = await waitForState(api, user, sessionId, created.task_id, ['failed', 'completed']);
    expect(done).toMatchObject({ state: 'failed', step_count: 3, error: { code: 'STEP_LIMIT' } });
  });

  it('stops a task at TASK_MAX_DURATION, dropping the model request', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [{ content: 'thinking', hold: true }]);
    const created = await createTask(api, user, sessionId, model);
    const done = await waitForState(api, user, sessionId, created.task_id, ['failed', 'completed']);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'TIME_LIMIT' } });
    await provider.completions.find((completion) => completion.body.model === model)!.closed;
  });

  it('allows TASK_MAX_ACTIVE_PER_USER tasks not ended (409 beyond), and 5 creations per minute (429 beyond)', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const holding = () => scripted(provider, [{ content: 'hmm', hold: true }]);
    const first = await createTask(api, user, sessionId, holding());
    await createTask(api, user, sessionId, holding());
    const third = await api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'one more', config: { provider: 'default', model: holding() } },
      user.accessToken,
    );
    expect([third.status, third.body.error.code]).toEqual([409, 'CONFLICT']);
    // An ended task no longer counts.
    expect((await api.put(`/sessions/${sessionId}/tasks/${first.task_id}`, { action: 'cancel' }, user.accessToken)).status).toBe(
      200,
    );
    const fourth = await createTask(
      api,
      user,
      sessionId,
      scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]),
    );
    await waitForState(api, user, sessionId, fourth.task_id, ['completed']);
    // Creations so far: 2 created, 1 refused (counted: the limit is checked before the handler), 1 created.
    const fifth = await createTask(
      api,
      user,
      sessionId,
      scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]),
    );
    await waitForState(api, user, sessionId, fifth.task_id, ['completed']);
    const sixth = await api.post(`/sessions/${sessionId}/tasks`, { input: 'too many' }, user.accessToken);
    expect([sixth.status, sixth.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(sixth.body.error.message).toMatch(/5 task creations per user per/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not affected.
    const other = await registerUser(api);
    const otherSession = await sessionWithFile(api, other);
    await createTask(
      api,
      other,
      otherSession,
      scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]),
    );
  });

  it('deleting a session stops and removes its tasks (they stop counting)', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const doomed = await sessionWithFile(api, user);
    const models = [scripted(provider, [{ content: 'a', hold: true }]), scripted(provider, [{ content: 'b', hold: true }])];
    const created = [await createTask(api, user, doomed, models[0]!), await createTask(api, user, doomed, models[1]!)];
    await expect
      .poll(() => models.every((model) => provider.completions.some((completion) => completion.body.model === model)))
      .toBe(true);
    expect((await api.delete(`/sessions/${doomed}`, user.accessToken)).status).toBe(200);
    for (const model of models) await provider.completions.find((completion) => completion.body.model === model)!.closed;
    const gone = await api.get(`/sessions/${doomed}/tasks/${created[0]!.task_id}`, user.accessToken);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    const next = await sessionWithFile(api, user);
    await createTask(api, user, next, scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]));
  });

  it('takes images and keeps their bytes out of the audit trail', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const image = `data:image/png;base64,${Buffer.from('not really a png, but base64 all the same').toString('base64')}`;
    const model = scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'Seen.' })] }]);
    const created = await api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'What is in the picture?', images: [image], config: { provider: 'default', model } },
      user.accessToken,
    );
    expect(created.status).toBe(201);
    await waitForState(api, user, sessionId, created.body.data.task_id, ['completed']);
    // The model got the image as an image_url part of the first user message.
    const sent = provider.completions.find((completion) => completion.body.model === model)!.body.messages[1]!;
    expect(sent.content).toEqual([
      { type: 'text', text: 'What is in the picture?' },
      { type: 'image_url', image_url: { url: image } },
    ]);
    await server.audit.flush();
    const entry = (await readTrail(server.store, user.tenantId)).find((found) => found.procedure === 'tasks.create');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(image.slice(30));
    expect(entry!.details).toMatchObject({ task_id: created.body.data.task_id });
  });

  it('lists the tools with the JSON Schema of their arguments', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const listed = await api.get('/tools', user.accessToken);
    expect(listed.status).toBe(200);
    const names = listed.body.data.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual([
      'list_files',
      'read_file',
      'search_files',
      'write_file',
      'apply_diff',
      'execute_command',
      'ask_followup_question',
      'attempt_completion',
    ]);
    const readFile = await api.get('/tools/read_file', user.accessToken);
    expect(readFile.body.data).toMatchObject({
      name: 'read_file',
      category: 'read',
      modes: ['code', 'architect', 'ask', 'debug'],
      input_schema: {
        type: 'object',
        required: ['path'],
        properties: { start_line: { type: 'integer', minimum: 1 } },
        additionalProperties: false,
      },
    });
    const write = await api.get('/tools/write_file', user.accessToken);
    expect(write.body.data).toMatchObject({ category: 'write', modes: ['code', 'architect', 'debug'] });
    const command = await api.get('/tools/execute_command', user.accessToken);
    expect(command.body.data).toMatchObject({
      category: 'execute',
      modes: ['code', 'debug'],
      input_schema: { required: ['command'], properties: { timeout_seconds: { maximum: 3600 } } },
    });
  });
});
