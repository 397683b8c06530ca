// WORKERS=2 and agent tasks: a task runs in the worker that started it. When a worker dies, its
// replacement interrupts that worker's running tasks (they can be resumed) and leaves the other
// worker's tasks running. A cancel taken by the other worker stops the run at once.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { freshConnectionCaller, startServerProcess, waitForWorkers, type ServerProcess } from '../support/server-process';
import { call, scripted } from '../tasks/support';

const workerPids = (server: ServerProcess) =>
  [...server.output().matchAll(/"pid":(\d+)[^\n]*Coditect server listening/g)].map((match) => Number(match[1]));

describe('cluster mode with agent tasks', () => {
  const provider = useFakeLlmProvider();

  /**
   * WORKERS=2 on a fresh data directory, one user and session, and four agent tasks, each created
   * on a new connection (so both workers start some) and held by the model mid-answer. `use` runs
   * with them; the server and its directory go afterwards.
   */
  async function withFourHeldTasks(
    use: (cluster: {
      server: ServerProcess;
      request: ReturnType<typeof freshConnectionCaller>;
      token: string;
      sessionId: string;
      models: string[];
      taskIds: string[];
    }) => Promise<void>,
  ): Promise<void> {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-cluster-tasks-'));
    await chmod(dataDir, 0o711);
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      WORKERS: '2',
      LLM_BASE_URL: provider.baseUrl,
      TASK_MAX_ACTIVE_PER_USER: '10',
    });
    try {
      await waitForWorkers(server, 2);
      const request = freshConnectionCaller(server);
      const registered = await request('POST', '/auth/register', {
        email: uniqueEmail('cluster-tasks'),
        password: TEST_PASSWORD,
        first_name: 'C',
        last_name: 'T',
      });
      const token = registered.body.data.tokens.access_token as string;
      const sessionId = (await request('POST', '/sessions', { name: 'agents' }, token)).body.data.session_id as string;
      const models: string[] = [];
      const taskIds: string[] = [];
      for (let index = 0; index < 4; index += 1) {
        // Held until the run lets go of the stream: only stopping the run (or the worker) ends it.
        const model = scripted(provider, [
          { content: 'Thinking…', hold: true, tool_calls: [call('attempt_completion', { result: 'done' })] },
        ]);
        const created = await request(
          'POST',
          `/sessions/${sessionId}/tasks`,
          { input: `task ${index}`, config: { provider: 'default', model } },
          token,
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        models.push(model);
        taskIds.push(created.body.data.task_id as string);
      }
      await expect
        .poll(() => models.every((model) => provider.completions.some((c) => c.body.model === model)), { timeout: 10_000 })
        .toBe(true);
      await use({ server, request, token, sessionId, models, taskIds });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  it("a dead worker's running tasks are interrupted by its replacement; the other worker's run on", async () => {
    await withFourHeldTasks(async ({ server, request, token, sessionId, taskIds }) => {
      const [victim] = workerPids(server);
      process.kill(victim!, 'SIGKILL');
      await waitForWorkers(server, 3); // the replacement has swept before it listens
      const states = async () =>
        Promise.all(
          taskIds.map(
            async (taskId) =>
              (await request('GET', `/sessions/${sessionId}/tasks/${taskId}`, undefined, token)).body.data.state as string,
          ),
        );
      const after = await states();
      expect(after.filter((state) => state === 'interrupted').length, after.join()).toBeGreaterThan(0);
      expect(after.filter((state) => state === 'running').length, after.join()).toBeGreaterThan(0);
      expect(after.every((state) => state === 'interrupted' || state === 'running')).toBe(true);
      // Still so a moment later: nothing else sweeps the survivor's tasks.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await states()).toEqual(after);

      // An interrupted task resumes (on whichever worker takes the call) and completes.
      const interrupted = taskIds[after.indexOf('interrupted')]!;
      const resumed = await request('PUT', `/sessions/${sessionId}/tasks/${interrupted}`, { action: 'resume' }, token);
      expect([resumed.status, resumed.body.data.state]).toEqual([200, 'running']);
      await expect
        .poll(
          async () => (await request('GET', `/sessions/${sessionId}/tasks/${interrupted}`, undefined, token)).body.data.state,
          { timeout: 10_000 },
        )
        .toBe('completed');
    });
  }, 180_000);

  it('a cancel taken by the other worker stops the run at once, mid-answer', async () => {
    await withFourHeldTasks(async ({ request, token, sessionId, models, taskIds }) => {
      const streams = models.map((model) => provider.completions.find((c) => c.body.model === model)!);
      // Each request on a new connection goes to the next worker in turn: with a request between
      // some cancels, the cancels land on the worker that runs the task and on the other one.
      const cancel = async (index: number) => {
        const cancelled = await request('PUT', `/sessions/${sessionId}/tasks/${taskIds[index]}`, { action: 'cancel' }, token);
        expect([cancelled.status, cancelled.body.data?.state]).toEqual([200, 'cancelled']);
        const closed = await Promise.race([
          streams[index]!.closed.then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000)),
        ]);
        expect(closed, `task ${index}'s model stream still open 5 s after its cancel`).toBe(true);
      };
      const elsewhere = () => request('GET', '/health');
      await cancel(0);
      await elsewhere();
      await cancel(1);
      await cancel(2);
      await elsewhere();
      await cancel(3);
    });
  }, 180_000);
});
