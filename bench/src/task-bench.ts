// `pnpm bench tasks`: from POST /sessions/:id/tasks to its `task.started` event — the POST's round
// trip (the event is stored in the creating transaction, so it is in the store before the answer
// leaves) and the event's arrival on a live-channel socket subscribed to the session. A local fake
// provider answers every task with attempt_completion at once. The server runs in this process.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { loadConfig, startServer } from '@coditect/server';

const TASKS = Number(process.env.BENCH_TASKS ?? 200);

const percentile = (values: number[], p: number) => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => Math.round(value * 100) / 100;

/** An OpenAI-compatible provider that finishes every task in one streamed tool call. */
async function startFakeProvider(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: unknown, finish: string | null = null) =>
        res.write(
          `data: ${JSON.stringify({ id: 'bench', object: 'chat.completion.chunk', model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
        );
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'attempt_completion', arguments: '' } }],
      });
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"result": "done"}' } }] });
      chunk({}, 'tool_calls');
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, close: () => server.close() };
}

const provider = await startFakeProvider();
const dataDir = await mkdtemp(join(tmpdir(), 'coditect-bench-tasks-'));
await chmod(dataDir, 0o711);
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  WEB_DIR: join(dataDir, 'none'),
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256!',
  TERMINALS_ENABLED: 'false',
  LLM_BASE_URL: provider.url,
  RATE_LIMIT_USER: '1000000/1m',
  RATE_LIMIT_TENANT: '1000000/1m',
  RATE_LIMIT_REGISTER: '1000/1m',
  RATE_LIMIT_TASKS: '1000000/1m',
  TASK_MAX_ACTIVE_PER_USER: '100000',
  TASK_MAX_ACTIVE_PER_TENANT: '100000',
});
const server = await startServer(config, { passwordStrength: 'in-thread' });
const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${server.url}/api/v5${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data: Record<string, any> } };
};

try {
  const registered = await api('POST', '/auth/register', {
    email: `bench-${Date.now()}@example.com`,
    password: 'correct horse battery staple',
    first_name: 'Bench',
    last_name: 'Mark',
  });
  const token = registered.body.data.tokens.access_token as string;
  const sessionId = (await api('POST', '/sessions', { name: 'Bench' }, token)).body.data.session_id as string;
  await api('PUT', `/sessions/${sessionId}/files/README.md`, { content: '# bench\n' }, token);

  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/v5/events`);
  const started = new Map<string, number>();
  await new Promise<void>((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; event?: string; data?: { task_id?: string } };
      if (frame.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', session_id: sessionId }));
      if (frame.type === 'subscribed') resolve();
      if (frame.type === 'event' && frame.event === 'task.started' && frame.data?.task_id) {
        started.set(frame.data.task_id, performance.now());
      }
    });
  });

  const posts: number[] = [];
  const events: number[] = [];
  for (let i = 0; i < TASKS + 10; i += 1) {
    const sent = performance.now();
    const created = await api(
      'POST',
      `/sessions/${sessionId}/tasks`,
      { input: `task ${i}`, config: { provider: 'default', model: 'bench' } },
      token,
    );
    const answered = performance.now();
    if (created.status !== 201) throw new Error(`POST answered ${created.status}: ${JSON.stringify(created.body)}`);
    const taskId = created.body.data.task_id as string;
    while (!started.has(taskId)) await new Promise((resolve) => setTimeout(resolve, 1));
    if (i < 10) continue; // warm-up
    posts.push(answered - sent);
    events.push(started.get(taskId)! - sent);
  }
  ws.close();
  console.table([
    {
      measure: `POST …/tasks round trip, ${TASKS} tasks one after another (ms)`,
      p50: ms(percentile(posts, 50)),
      p99: ms(percentile(posts, 99)),
    },
    {
      measure: 'POST sent → task.started on the live channel (ms)',
      p50: ms(percentile(events, 50)),
      p99: ms(percentile(events, 99)),
    },
  ]);
} finally {
  await server.stop();
  provider.close();
  await rm(dataDir, { recursive: true, force: true });
}
