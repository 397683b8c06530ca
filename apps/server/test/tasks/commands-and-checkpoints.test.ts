// The agent's execute_command in the terminals' real bubblewrap sandbox (approval with the exact
// command, streamed output, allowed prefixes, cancel killing everything it started, paths that try
// to leave), and the checkpoints saved before writes and commands: listed, diffed, restored.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readTrail } from '../support/audit-trail';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { APP_TS, call, createTask, eventsOf, scripted, sessionWithFile, toolResultsSent, waitForState } from './support';

const DIFF = '<<<<<<< SEARCH\nexport const answer = 41;\n=======\nexport const answer = 42;\n>>>>>>> REPLACE';

/** Host processes whose command line contains `marker` (a sandboxed command that outlived its task would show here). */
async function processesWith(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker) && Number(pid) !== process.pid) found.push(`${pid}: ${cmdline.replaceAll('\0', ' ')}`);
  }
  return found;
}

describe('agent tasks: commands and checkpoints', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: { LLM_BASE_URL: provider.baseUrl, TERMINALS_ENABLED: 'true', TASK_COMMAND_TIMEOUT: '30s' },
  }));

  it('runs a command once approved, in the workspace’s sandbox, streaming its output and telling the model its exit code', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const command = 'echo made > made.txt; head -1 src/app.ts; echo oops >&2; pwd; exit 3';
    const model = scripted(provider, [
      { tool_calls: [call('execute_command', { command })] },
      { tool_calls: [call('attempt_completion', { result: 'Ran it.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model);
    const waiting = await waitForState(api, user, sessionId, created.task_id, ['waiting_approval']);
    expect(waiting.pending).toMatchObject({ tool: 'execute_command', kind: 'approval', preview: `$ ${command}` });
    const asked = (await eventsOf(api, user, sessionId, created.task_id)).find((event) => event.type === 'approval.required');
    expect(asked?.data).toMatchObject({ tool: 'execute_command', category: 'execute', command: `$ ${command}` });
    expect(asked?.data.diff).toBeUndefined();
    // Nothing ran before the approval.
    expect((await api.get(`/sessions/${sessionId}/files/made.txt`, user.accessToken)).status).toBe(404);

    const approved = await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'approve' }, user.accessToken);
    expect(approved.status).toBe(200);
    await waitForState(api, user, sessionId, created.task_id, ['completed']);
    const [result] = toolResultsSent(provider, model);
    expect(result).toMatch(/^Exit code: 3\nOutput:\n/);
    expect(result).toContain('export const greeting = "hello";\n');
    expect(result).toContain('oops\n');
    expect(result).toContain('/workspace\n');
    expect((await api.get(`/sessions/${sessionId}/files/made.txt`, user.accessToken)).body.data.content).toBe('made\n');

    const events = await eventsOf(api, user, sessionId, created.task_id);
    const streamed = events
      .filter((event) => event.type === 'tool.execution' && event.data.status === 'running')
      .map((event) => event.data.output)
      .join('');
    expect(streamed).toContain('oops\n');
    expect(events.find((event) => event.data.checkpoint)?.data.checkpoint).toMatchObject({ tool: 'execute_command', step: 1 });
  });

  it('runs allowed simple commands without asking, and asks for anything chained; execute auto-approval runs all', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('execute_command', { command: 'ls src' })] },
      { tool_calls: [call('execute_command', { command: 'ls src; touch chained.txt' })] },
      { tool_calls: [call('attempt_completion', { result: 'Listed.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { allowed_commands: ['ls', 'npm test'] });
    const waiting = await waitForState(api, user, sessionId, created.task_id, ['waiting_approval']);
    expect(waiting.pending.preview).toBe('$ ls src; touch chained.txt');
    expect(waiting.steps[0].tool_calls[0]).toMatchObject({ status: 'done', result: 'Exit code: 0\nOutput:\napp.ts\n' });
    await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'deny', text: 'no chaining' }, user.accessToken);
    await waitForState(api, user, sessionId, created.task_id, ['completed']);
    expect((await api.get(`/sessions/${sessionId}/files/chained.txt`, user.accessToken)).status).toBe(404);

    const anything = scripted(provider, [
      { tool_calls: [call('execute_command', { command: 'touch a.txt && ls', cwd: '' })] },
      { tool_calls: [call('attempt_completion', { result: 'Done.' })] },
    ]);
    const auto = await createTask(api, user, sessionId, anything, { auto_approve: ['execute'] });
    await waitForState(api, user, sessionId, auto.task_id, ['completed']);
    expect(toolResultsSent(provider, anything)[0]).toMatch(/^Exit code: 0\nOutput:\na\.txt\nsrc\n$/);
  });

  it('cancels a task in the middle of a long command: the command and what it started are gone', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const marker = `${4000 + Math.floor(Math.random() * 1000)}.${Date.now() % 100_000}`;
    const model = scripted(provider, [
      { tool_calls: [call('execute_command', { command: `sleep ${marker} & echo started; sleep ${marker}` })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['execute'] });
    await expect
      .poll(
        async () => (await eventsOf(api, user, sessionId, created.task_id)).some((event) => event.data.output === 'started\n'),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    expect(await processesWith(marker)).not.toEqual([]);
    const cancelled = await api.put(`/sessions/${sessionId}/tasks/${created.task_id}`, { action: 'cancel' }, user.accessToken);
    expect(cancelled.body.data.state).toBe('cancelled');
    await expect.poll(() => processesWith(marker), { timeout: 10_000 }).toEqual([]);
    const task = await waitForState(api, user, sessionId, created.task_id, ['cancelled']);
    expect(task.state).toBe('cancelled');
  });

  it('keeps commands inside the sandbox: a cwd out of the workspace is refused, the server’s files and secrets are not there', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('execute_command', { command: 'pwd', cwd: '../..' })] },
      { tool_calls: [call('execute_command', { command: `ls ${server.dataDir}; env; cat /proc/1/cmdline; echo` })] },
      { tool_calls: [call('execute_command', { command: 'ls', cwd: 'missing-dir' })] },
      { tool_calls: [call('attempt_completion', { result: 'Tried.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['execute'] });
    const task = await waitForState(api, user, sessionId, created.task_id, ['completed']);
    const [escaped, looked, missing] = toolResultsSent(provider, model);
    expect(escaped).toMatch(/^Error \(INVALID_PATH\): /);
    expect(task.steps[0].tool_calls[0].status).toBe('failed');
    expect(looked).toContain(`ls: cannot access '${server.dataDir}': No such file or directory`);
    expect(looked).not.toMatch(/JWT_SECRET|LLM_BASE_URL|DATA_DIR/);
    expect(looked).not.toContain('node');
    expect(missing).toMatch(/^Error \(INVALID_PATH\): |^Exit code: [1-9]/);
  });

  it('lists a task’s checkpoints, diffs one against now and restores it (audited); refuses what it cannot do', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const model = scripted(provider, [
      { tool_calls: [call('apply_diff', { path: 'src/app.ts', diff: DIFF })] },
      { tool_calls: [call('execute_command', { command: 'echo new > added.txt && rm src/app.ts' })] },
      { tool_calls: [call('attempt_completion', { result: 'Changed.' })] },
    ]);
    const created = await createTask(api, user, sessionId, model, { auto_approve: ['write', 'execute'] });
    await waitForState(api, user, sessionId, created.task_id, ['completed']);
    const base = `/sessions/${sessionId}/tasks/${created.task_id}/checkpoints`;
    const listed = await api.get(base, user.accessToken);
    expect(listed.status).toBe(200);
    const checkpoints = listed.body.data.checkpoints as Array<{ checkpoint_id: string; tool: string; step: number }>;
    expect(checkpoints.map((checkpoint) => [checkpoint.step, checkpoint.tool])).toEqual([
      [1, 'apply_diff'],
      [2, 'execute_command'],
    ]);
    const first = checkpoints[0]!.checkpoint_id;

    const diff = await api.get(`${base}/${first}`, user.accessToken);
    expect(diff.status).toBe(200);
    expect(diff.body.data.files).toEqual([
      { path: 'added.txt', change: 'added' },
      { path: 'src/app.ts', change: 'deleted' },
    ]);
    expect(diff.body.data.patch).toContain('-export const answer = 41;');

    const restored = await api.post(`${base}/${first}/restore`, {}, user.accessToken);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.data.files).toHaveLength(2);
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(APP_TS);
    expect((await api.get(`/sessions/${sessionId}/files/added.txt`, user.accessToken)).status).toBe(404);
    // The later checkpoint is still there: restoring it brings the command's result back.
    const later = await api.post(`${base}/${checkpoints[1]!.checkpoint_id}/restore`, {}, user.accessToken);
    expect(later.status).toBe(200);
    expect((await api.get(`/sessions/${sessionId}/files/src/app.ts`, user.accessToken)).body.data.content).toBe(
      APP_TS.replace('41', '42'),
    );
    await server.audit.flush();
    const trail = (await readTrail(server.store, user.tenantId)).filter((entry) => entry.procedure === 'tasks.restoreCheckpoint');
    expect(trail).toHaveLength(2);

    const unknown = await api.post(`${base}/${'0'.repeat(40)}/restore`, {}, user.accessToken);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CHECKPOINT_NOT_FOUND']);
    const malformed = await api.get(`${base}/not-a-checkpoint`, user.accessToken);
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const stranger = await registerUser(api);
    const theirs = await api.post(`${base}/${first}/restore`, {}, stranger.accessToken);
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);

    // While a task of the session runs, nothing is restored.
    const busy = scripted(provider, [{ content: 'Thinking…', hold: true }]);
    const running = await createTask(api, user, sessionId, busy);
    const refused = await api.post(`${base}/${first}/restore`, {}, user.accessToken);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    await api.put(`/sessions/${sessionId}/tasks/${running.task_id}`, { action: 'cancel' }, user.accessToken);
    expect((await api.post(`${base}/${first}/restore`, {}, user.accessToken)).status).toBe(200);
  });

  it('runs one tool directly with the same rules, its failures as results; refuses what is not a tool run', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const run = (name: string, args: unknown, token = user.accessToken) =>
      api.post(`/sessions/${sessionId}/tools/${name}`, { arguments: args }, token);

    const read = await run('read_file', { path: 'src/app.ts', start_line: 2 });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ tool: 'read_file', status: 'done', result: '2 | export const answer = 41;', error: null });
    const written = await run('apply_diff', { path: 'src/app.ts', diff: DIFF });
    expect(written.body.data).toMatchObject({ status: 'done', result: 'Wrote src/app.ts (59 bytes)' });
    const again = await run('apply_diff', { path: 'src/app.ts', diff: DIFF });
    expect(again.body.data).toMatchObject({ status: 'failed', error: { code: 'DIFF_NOT_APPLIED' } });
    const outside = await run('read_file', { path: '../../../etc/passwd' });
    expect(outside.body.data).toMatchObject({ status: 'failed', error: { code: 'INVALID_PATH' } });
    const command = await run('execute_command', { command: 'grep -c 42 src/app.ts' });
    expect(command.body.data).toMatchObject({ status: 'done', result: 'Exit code: 0\nOutput:\n1\n' });

    const unknown = await run('rm_rf', {});
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'TOOL_NOT_FOUND']);
    const question = await run('ask_followup_question', { question: 'why?' });
    expect([question.status, question.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const badArgs = await run('read_file', { path: 3 });
    expect([badArgs.status, badArgs.body.error.details[0].path]).toEqual([400, 'arguments.path']);
    const stranger = await registerUser(api);
    const theirs = await run('read_file', { path: 'src/app.ts' }, stranger.accessToken);
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    await server.audit.flush();
    const trail = (await readTrail(server.store, user.tenantId)).filter((entry) => entry.procedure === 'tools.run');
    expect(trail.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(trail)).not.toContain('answer = 42');
  });

  it('takes what runs unasked from the user’s policy, a session’s override of it, or the task’s own config', async () => {
    const { api } = server;
    const user = await registerUser(api);
    const sessionId = await sessionWithFile(api, user);
    const other = await sessionWithFile(api, user);
    const setting = (key: string, value: unknown) => api.put(`/settings/llm/${key}`, { value }, user.accessToken);
    expect((await setting('agent.auto_approve', ['write'])).status).toBe(200);
    expect((await setting('agent.allowed_commands', ['npm test', 'ls'])).status).toBe(200);
    expect((await setting(`agent.auto_approve.${other}`, ['execute'])).status).toBe(200);
    // A value of the wrong shape is ignored: the user's policy applies.
    expect((await setting(`agent.allowed_commands.${other}`, 'rm -rf /')).status).toBe(200);
    const done = () => scripted(provider, [{ tool_calls: [call('attempt_completion', { result: 'ok' })] }]);

    const byPolicy = await createTask(api, user, sessionId, done());
    expect(byPolicy).toMatchObject({ auto_approve: ['write'], allowed_commands: ['npm test', 'ls'] });
    const bySession = await createTask(api, user, other, done());
    expect(bySession).toMatchObject({ auto_approve: ['execute'], allowed_commands: ['npm test', 'ls'] });
    const byConfig = await createTask(api, user, sessionId, done(), { auto_approve: [], allowed_commands: [] });
    expect(byConfig).toMatchObject({ auto_approve: [], allowed_commands: [] });

    // The policy is what the task runs by: a write goes through unasked.
    const writes = scripted(provider, [
      { tool_calls: [call('write_file', { path: 'policy.txt', content: 'unasked\n' })] },
      { tool_calls: [call('attempt_completion', { result: 'Written.' })] },
    ]);
    const written = await createTask(api, user, sessionId, writes);
    await waitForState(api, user, sessionId, written.task_id, ['completed']);
    expect((await api.get(`/sessions/${sessionId}/files/policy.txt`, user.accessToken)).body.data.content).toBe('unasked\n');
  });
});
