// `pnpm bench terminal`: keystroke echo with 50 terminals typing at once, live-event fan-out to 200
// subscribed sockets, and server memory per idle terminal — each beside a bare `ws` echo server
// (the floor a WebSocket on this machine sets). The server runs in this process from source; with
// BENCH_WORKERS=2 it runs as the production build with WORKERS=2 instead (every keystroke then
// goes worker → the primary's terminal host → the shell and back), without the memory row.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig, startServer } from '@coditect/server';
import { startServerProcess } from './processes';

const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 50);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 40);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 200);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 30);
const IDLE_TERMINALS = Number(process.env.BENCH_IDLE_TERMINALS ?? 50);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);

const percentile = (values: number[], p: number) => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => Math.round(value * 100) / 100;
const open = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

/** Types one character at a time and times until the echo of that character comes back. */
async function typeAndTime(ws: WebSocket, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const char = String.fromCharCode(97 + (i % 26));
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const onData = (data: Buffer, isBinary: boolean) => {
        if (isBinary && data.toString().includes(char)) {
          ws.off('message', onData);
          resolve();
        }
      };
      ws.on('message', onData);
      ws.send(Buffer.from(char), { binary: true });
    });
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
  }
  return times;
}

async function baselineEcho(): Promise<{ p50: number; p99: number }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets = await Promise.all(Array.from({ length: TERMINALS }, () => open(url)));
  const times = (await Promise.all(sockets.map((ws) => typeAndTime(ws, KEYSTROKES)))).flat();
  for (const ws of sockets) ws.close();
  wss.close();
  server.close();
  return { p50: ms(percentile(times, 50)), p99: ms(percentile(times, 99)) };
}

async function baselineFanOut(): Promise<{ p50: number; p99: number }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => open(url)));
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i += 1) {
    const started = performance.now();
    const arrived = sockets.map((ws) => new Promise<void>((resolve) => ws.once('message', () => resolve())));
    for (const client of wss.clients) client.send(JSON.stringify({ type: 'event', id: String(i) }));
    await Promise.all(arrived.map((p) => p.then(() => times.push(performance.now() - started))));
  }
  for (const ws of sockets) ws.close();
  wss.close();
  server.close();
  return { p50: ms(percentile(times, 50)), p99: ms(percentile(times, 99)) };
}

const dataDir = await mkdtemp(join(tmpdir(), 'coditect-bench-terminal-'));
await chmod(dataDir, 0o711);
const limits = { RATE_LIMIT_USER: '1000000/1m', RATE_LIMIT_TENANT: '1000000/1m', RATE_LIMIT_REGISTER: '1000/1m' };
const server =
  WORKERS > 1
    ? await startServerProcess({ WORKERS: String(WORKERS), TERMINALS_ENABLED: 'true', ...limits }, { dataDir })
    : await startServer(
        loadConfig({
          NODE_ENV: 'test',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          WEB_DIR: join(dataDir, 'none'),
          LOG_LEVEL: 'silent',
          JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256!',
          TERMINALS_ENABLED: 'true',
          ...limits,
        }),
        { passwordStrength: 'in-thread' },
      );
// The other workers start a moment after the first one answers.
if (WORKERS > 1) await new Promise((resolve) => setTimeout(resolve, 2000));
const wsBase = server.url.replace(/^http/, 'ws');
const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${server.url}/api/v5${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as { data: Record<string, unknown> & { tokens?: { access_token: string } } };
};

try {
  const registered = await api('POST', '/auth/register', {
    email: `bench-${Date.now()}@example.com`,
    password: 'correct horse battery staple',
    first_name: 'Bench',
    last_name: 'Mark',
  });
  const token = (registered.data.tokens as { access_token: string }).access_token;
  const sessionId = (await api('POST', '/sessions', { name: 'Bench' }, token)).data.session_id as string;
  await api('PUT', `/sessions/${sessionId}/files/.keep`, { content: '' }, token);

  // Keystroke echo: a shell in raw-ish mode (cat) echoing what 50 terminals type at once.
  const attach = async () => {
    const created = await api('POST', `/sessions/${sessionId}/terminals`, { shell: 'bash' }, token);
    const ws = await open(`${wsBase}/api/v5/sessions/${sessionId}/terminals/${created.data.terminal_id as string}/pty`);
    ws.send(JSON.stringify({ type: 'auth', token }));
    await new Promise<void>((resolve) => ws.on('message', (data, isBinary) => !isBinary && resolve()));
    ws.send(Buffer.from('exec cat\r'), { binary: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ws, id: created.data.terminal_id as string };
  };
  const typing = [];
  for (let i = 0; i < TERMINALS; i += 1) typing.push(await attach());
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const echo = (await Promise.all(typing.map(({ ws }) => typeAndTime(ws, KEYSTROKES)))).flat();
  for (const { ws, id } of typing) {
    ws.close();
    await api('DELETE', `/sessions/${sessionId}/terminals/${id}`, undefined, token);
  }

  // Fan-out: 200 live sockets subscribed to one session; each save is timed to every delivery.
  const subscribers = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, async () => {
      const ws = await open(`${wsBase}/api/v5/events`);
      ws.send(JSON.stringify({ type: 'auth', token }));
      await new Promise<void>((resolve) =>
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as { type: string };
          if (frame.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', session_id: sessionId }));
          if (frame.type === 'subscribed') resolve();
        }),
      );
      return ws;
    }),
  );
  const fanOut: number[] = [];
  for (let i = 0; i < EVENTS; i += 1) {
    const arrived = subscribers.map(
      (ws) =>
        new Promise<number>((resolve) => {
          const onMessage = (data: Buffer) => {
            if (JSON.parse(data.toString()).type === 'event') {
              ws.off('message', onMessage);
              resolve(performance.now());
            }
          };
          ws.on('message', onMessage);
        }),
    );
    const started = performance.now();
    // A save by another tab: the PUT's round trip and commit included, up to the last delivery.
    await api('PUT', `/sessions/${sessionId}`, { name: `Bench ${i}` }, token);
    for (const at of await Promise.all(arrived)) fanOut.push(at - started);
  }
  for (const ws of subscribers) ws.close();

  // Memory per idle terminal: heap and RSS of this process before and after starting them.
  global.gc?.();
  const before = process.memoryUsage();
  const idle = [];
  const idleCount = WORKERS > 1 ? 0 : IDLE_TERMINALS;
  for (let i = 0; i < idleCount; i += 1) idle.push(await api('POST', `/sessions/${sessionId}/terminals`, {}, token));
  if (idleCount > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
  global.gc?.();
  const after = process.memoryUsage();

  const baseEcho = await baselineEcho();
  const baseFan = await baselineFanOut();
  const rows = [
    {
      measure: `keystroke echo, ${TERMINALS} terminals typing (ms)`,
      coditect: `p50 ${ms(percentile(echo, 50))} / p99 ${ms(percentile(echo, 99))}`,
      'bare ws echo': `p50 ${baseEcho.p50} / p99 ${baseEcho.p99}`,
    },
    {
      measure: `event fan-out to ${SUBSCRIBERS} sockets (ms)`,
      coditect: `p50 ${ms(percentile(fanOut, 50))} / p99 ${ms(percentile(fanOut, 99))}`,
      'bare ws echo': `p50 ${baseFan.p50} / p99 ${baseFan.p99}`,
    },
    {
      measure: 'server memory per idle terminal (KiB)',
      coditect:
        WORKERS > 1
          ? '— (measured with one process)'
          : `heap ${Math.round((after.heapUsed - before.heapUsed) / 1024 / IDLE_TERMINALS)} / rss ${Math.round((after.rss - before.rss) / 1024 / IDLE_TERMINALS)}`,
      'bare ws echo': '—',
    },
  ];
  console.table(rows);
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
