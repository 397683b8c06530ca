// A task survives a restart: the server stops while the model is answering, the next start marks
// the task interrupted, and resume picks the conversation up where it stopped. A task waiting for
// approval stays waiting across the restart.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser } from '../support/rest-client';
import { testServer } from '../support/test-server';
import { call, createTask, eventsOf, scripted, sessionWithFile, toolResultsSent, waitForState } from './support';

describe('agent tasks across a restart', () => {
  const provider = useFakeLlmProvider();
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'coditect-tasks-restart-'));
    await chmod(dataDir, 0o711);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const start = () => testServer({ env: { DATA_DIR: dataDir, LLM_BASE_URL: provider.baseUrl } });

  it('running → interrupted by the restart → resumed to completion; a waiting task stays waiting', async () => {
    const first = await start();
    const user = await registerUser(first.api);
    const sessionId = await sessionWithFile(first.api, user);
    const running = scripted(provider, [
      { content: 'Reading first…', hold: true, tool_calls: [call('read_file', { path: 'src/app.ts' })] },
      { tool_calls: [call('attempt_completion', { result: 'Finished after the restart.' })] },
    ]);
    const waiting = scripted(provider, [
      { tool_calls: [call('write_file', { path: 'notes.md', content: 'plan\n' })] },
      { tool_calls: [call('attempt_completion', { result: 'Wrote the plan.' })] },
    ]);
    const runningTask = await createTask(first.api, user, sessionId, running);
    const waitingTask = await createTask(first.api, user, sessionId, waiting);
    await waitForState(first.api, user, sessionId, waitingTask.task_id, ['waiting_approval']);
    await expect.poll(() => provider.completions.some((completion) => completion.body.model === running)).toBe(true);
    await first.close();

    const second = await start();
    try {
      const interrupted = await waitForState(second.api, user, sessionId, runningTask.task_id, ['interrupted']);
      expect(interrupted.step_count).toBe(0);
      const events = await eventsOf(second.api, user, sessionId, runningTask.task_id);
      expect(events.at(-1)).toMatchObject({ type: 'error.occurred', data: { code: 'INTERRUPTED' } });
      expect((await waitForState(second.api, user, sessionId, waitingTask.task_id, ['waiting_approval'])).pending).toMatchObject({
        tool: 'write_file',
      });

      const path = `/sessions/${sessionId}/tasks/${runningTask.task_id}`;
      const approveInstead = await second.api.put(path, { action: 'approve' }, user.accessToken);
      expect([approveInstead.status, approveInstead.body.error.code]).toEqual([409, 'CONFLICT']);
      const resumed = await second.api.put(path, { action: 'resume' }, user.accessToken);
      expect([resumed.status, resumed.body.data.state]).toEqual([200, 'running']);
      const done = await waitForState(second.api, user, sessionId, runningTask.task_id, ['completed', 'failed']);
      expect(done).toMatchObject({ state: 'completed', result: 'Finished after the restart.', step_count: 2 });

      // The approval asked before the restart is still good after it.
      const approved = await second.api.put(
        `/sessions/${sessionId}/tasks/${waitingTask.task_id}`,
        { action: 'approve' },
        user.accessToken,
      );
      expect(approved.status).toBe(200);
      await waitForState(second.api, user, sessionId, waitingTask.task_id, ['completed']);
      const note = await second.api.get(`/sessions/${sessionId}/files/notes.md`, user.accessToken);
      expect(note.body.data.content).toBe('plan\n');
    } finally {
      await second.close();
    }
  });

  it('a command under way when the server stopped is reported to the model as interrupted on resume', async () => {
    const startWithSandbox = () =>
      testServer({ env: { DATA_DIR: dataDir, LLM_BASE_URL: provider.baseUrl, TERMINALS_ENABLED: 'true' } });
    const first = await startWithSandbox();
    const user = await registerUser(first.api);
    const sessionId = await sessionWithFile(first.api, user);
    const model = scripted(provider, [
      { tool_calls: [call('execute_command', { command: 'echo started; sleep 30' })] },
      { tool_calls: [call('attempt_completion', { result: 'Resumed.' })] },
    ]);
    const task = await createTask(first.api, user, sessionId, model, { auto_approve: ['execute'] });
    await expect
      .poll(async () =>
        (await eventsOf(first.api, user, sessionId, task.task_id)).some((event) => event.data.output === 'started\n'),
      )
      .toBe(true);
    await first.close();

    const second = await startWithSandbox();
    try {
      await waitForState(second.api, user, sessionId, task.task_id, ['interrupted']);
      const path = `/sessions/${sessionId}/tasks/${task.task_id}`;
      expect((await second.api.put(path, { action: 'resume' }, user.accessToken)).status).toBe(200);
      const done = await waitForState(second.api, user, sessionId, task.task_id, ['completed', 'failed']);
      expect(done.state).toBe('completed');
      expect(done.steps[0].tool_calls[0]).toMatchObject({ tool: 'execute_command', status: 'failed' });
      expect(toolResultsSent(provider, model)[0]).toMatch(/^Interrupted: the server stopped while this call ran/);
    } finally {
      await second.close();
    }
  });
});
