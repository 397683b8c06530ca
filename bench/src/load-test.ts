// `pnpm bench load` / `pnpm bench soak`: simulated IDE users running a realistic mix against the
// real server (production build, embedded store) with WORKERS=1 and WORKERS=2, next to the bare
// baseline. Reports per-operation req/s, p50/p99/max, errors and server memory (RSS) and file
// descriptors. LOAD_USERS (200), LOAD_SECONDS (20; soak: 600), SOAK_THINK_MS (250).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import autocannon from 'autocannon';
import { startBaselineProcess, startServerProcess, type ChildServer } from './processes';

const mode = process.argv[2] === 'soak' ? 'soak' : 'load';
const USERS = Number(process.env.LOAD_USERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? (mode === 'soak' ? 600 : 20));
const THINK_MS = mode === 'soak' ? Number(process.env.SOAK_THINK_MS ?? 250) : 0;
const PASSWORD = 'load test password';

// undici's request(): the global fetch costs several times more client CPU per call, and the
// load generator shares the machine with the server.
const dispatcher = new Agent({ connections: USERS, pipelining: 1, keepAliveTimeout: 30_000 });

type OpName = string;
class Recorder {
  readonly latencies = new Map<OpName, number[]>();
  readonly errors = new Map<OpName, number>();
  readonly samples: Array<{ at: number; count: number; p99: number; rss: number; anon: number; files: number; sockets: number }> =
    [];
  /** Latencies since the last sample, for p99 over time. */
  window: number[] = [];

  record(op: OpName, ms: number) {
    let list = this.latencies.get(op);
    if (!list) this.latencies.set(op, (list = []));
    list.push(ms);
    this.window.push(ms);
  }

  takeWindow(): number[] {
    const taken = this.window;
    this.window = [];
    return taken.sort((a, b) => a - b);
  }
  fail(op: OpName, detail: string) {
    this.errors.set(op, (this.errors.get(op) ?? 0) + 1);
    if ((this.errors.get(op) ?? 0) <= 3) console.error(`error in ${op}: ${detail}`);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function processTree(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const pids = children.split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(pids.map(processTree))).flat()];
}

/**
 * Resident memory of the server's processes: all of it, and the anonymous part (heaps, buffers).
 * The rest is the embedded store's memory-mapped file, which grows with the data and is page cache
 * the kernel can reclaim — a leak shows in the anonymous part. Descriptors are split into sockets
 * (they follow the client connections open at that moment) and everything else (a leak shows there).
 */
async function serverResources(pid: number) {
  let rss = 0;
  let anon = 0;
  let files = 0;
  let sockets = 0;
  for (const member of await processTree(pid)) {
    const status = await readFile(`/proc/${member}/status`, 'utf8').catch(() => '');
    rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    anon += Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    for (const fd of await readdir(`/proc/${member}/fd`).catch(() => [])) {
      const target = await readlink(`/proc/${member}/fd/${fd}`).catch(() => '');
      if (target.startsWith('socket:')) sockets += 1;
      else if (target) files += 1;
    }
  }
  return { rss, anon, files, sockets };
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await request(`${base}/api/v5${path}`, {
    dispatcher,
    method: method as 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
}

interface VirtualUser {
  email: string;
  token: string;
  sessions: Array<{ id: string; version: number }>;
  conversationId?: string;
}

async function setUp(base: string, index: number, chat: boolean): Promise<VirtualUser> {
  const email = `load-${index}-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await api(base, 'POST', '/auth/register', {
    email,
    password: PASSWORD,
    first_name: 'Load',
    last_name: `U${index}`,
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  const token = registered.body.data.tokens.access_token as string;
  const sessions: VirtualUser['sessions'] = [];
  for (let n = 0; n < 3; n += 1) {
    const created = await api(base, 'POST', '/sessions', { name: `load ${n}`, tags: ['load', `t${(index + n) % 50}`] }, token);
    sessions.push({ id: created.body.data.session_id, version: 1 });
  }
  const user: VirtualUser = { email, token, sessions };
  if (chat) {
    const conversation = await api(
      base,
      'POST',
      '/conversations',
      { workspace_session_id: sessions[0]!.id, title: 'load' },
      token,
    );
    user.conversationId = conversation.body.data.conversation_id;
  }
  return user;
}

type Op = {
  name: string;
  weight: number;
  run: (base: string, user: VirtualUser) => Promise<{ status: number; body?: any; ok?: boolean }>;
};

function operations(chat: boolean): Op[] {
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
  const ops: Op[] = [
    { name: 'sessions.list', weight: 15, run: (base, user) => api(base, 'GET', '/sessions?limit=20', undefined, user.token) },
    {
      name: 'sessions.get',
      weight: 25,
      run: (base, user) => api(base, 'GET', `/sessions/${pick(user.sessions).id}`, undefined, user.token),
    },
    {
      name: 'sessions.update',
      weight: 15,
      run: async (base, user) => {
        const session = pick(user.sessions);
        const result = await api(
          base,
          'PUT',
          `/sessions/${session.id}`,
          {
            expected_version: session.version,
            editor_state: {
              open_files: ['/src/a.ts', '/src/b.ts'],
              active_file: '/src/a.ts',
              cursor_position: { line: Math.floor(Math.random() * 500), column: 4 },
            },
          },
          user.token,
        );
        if (result.status === 200) session.version = result.body.data.version;
        if (result.status === 409) session.version = result.body.error.details.current_version; // stale copy: refresh, as the IDE does
        return { ...result, ok: result.status === 200 || result.status === 409 };
      },
    },
    {
      name: 'sessions.related',
      weight: 5,
      run: (base, user) => api(base, 'GET', '/sessions/related?tags=load,t1', undefined, user.token),
    },
    { name: 'users.me', weight: 5, run: (base, user) => api(base, 'GET', '/users/me', undefined, user.token) },
    {
      name: 'auth.login',
      weight: 1,
      run: (base, user) => api(base, 'POST', '/auth/login', { email: user.email, password: PASSWORD }),
    },
  ];
  if (chat) {
    ops.push(
      { name: 'settings.getAll', weight: 8, run: (base, user) => api(base, 'GET', '/settings', undefined, user.token) },
      {
        name: 'settings.set',
        weight: 4,
        run: (base, user) =>
          api(base, 'PUT', '/settings/editor/font_size', { value: 12 + Math.floor(Math.random() * 6) }, user.token),
      },
      {
        name: 'conversations.addMessage',
        weight: 10,
        run: (base, user) =>
          api(
            base,
            'POST',
            `/conversations/${user.conversationId}/messages`,
            { role: 'User', content: 'How should I split the auth module into services?' },
            user.token,
          ),
      },
      {
        name: 'conversations.listMessages',
        weight: 10,
        run: (base, user) => api(base, 'GET', `/conversations/${user.conversationId}/messages?limit=50`, undefined, user.token),
      },
    );
  }
  return ops;
}

async function runMix(server: ChildServer, recorder: Recorder) {
  const probe = await api(server.url, 'GET', '/conversations/00000000-0000-4000-8000-000000000000', undefined, 'x');
  const chat = probe.status !== 404 || probe.body?.error?.code !== 'NOT_FOUND';
  const users: VirtualUser[] = [];
  for (let start = 0; start < USERS; start += 20) {
    users.push(
      ...(await Promise.all(Array.from({ length: Math.min(20, USERS - start) }, (_, k) => setUp(server.url, start + k, chat)))),
    );
  }
  const ops = operations(chat);
  const total = ops.reduce((sum, op) => sum + op.weight, 0);
  const choose = () => {
    let roll = Math.random() * total;
    for (const op of ops) if ((roll -= op.weight) < 0) return op;
    return ops[0]!;
  };
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const sample = async () => {
    const window = recorder.takeWindow();
    recorder.samples.push({
      at: (performance.now() - started) / 1000,
      count: window.length,
      p99: percentile(window, 99),
      ...(await serverResources(server.pid)),
    });
  };
  await sample();
  const sampler = setInterval(sample, mode === 'soak' ? 30_000 : 5_000);
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < deadline) {
        const op = choose();
        const begin = performance.now();
        try {
          const result = await op.run(server.url, user);
          const ok = result.ok ?? (result.status >= 200 && result.status < 300);
          if (ok) recorder.record(op.name, performance.now() - begin);
          else recorder.fail(op.name, `${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
        } catch (error) {
          recorder.fail(op.name, String(error));
        }
        if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * THINK_MS * 2));
      }
    }),
  );
  clearInterval(sampler);
  await sample();
  return { seconds: (performance.now() - started) / 1000, chat };
}

async function baselineRps(): Promise<number> {
  const baseline = await startBaselineProcess(200, '{"success":true,"data":{"status":"ok"}}');
  try {
    const result = await autocannon({ url: `${baseline.url}/api/v5/sessions`, connections: USERS, duration: 5 });
    return Math.round(result.requests.total / result.duration);
  } finally {
    await baseline.stop();
  }
}

const rows: Array<Record<string, string | number>> = [];
for (const workers of mode === 'soak' ? [1] : [1, 2]) {
  const server = await startServerProcess({ WORKERS: String(workers) });
  const recorder = new Recorder();
  try {
    const { seconds, chat } = await runMix(server, recorder);
    if (!chat) console.error('conversation routes absent: the mix ran without settings and messages');
    let allCount = 0;
    for (const [op, list] of [...recorder.latencies.entries()].sort()) {
      const sorted = [...list].sort((a, b) => a - b);
      allCount += sorted.length;
      rows.push({
        workers,
        operation: op,
        'req/s': Math.round(sorted.length / seconds),
        p50_ms: Number(percentile(sorted, 50).toFixed(1)),
        p99_ms: Number(percentile(sorted, 99).toFixed(1)),
        max_ms: Number((sorted[sorted.length - 1] ?? 0).toFixed(1)),
        errors: recorder.errors.get(op) ?? 0,
      });
    }
    const errors = [...recorder.errors.values()].reduce((sum, count) => sum + count, 0);
    const first = recorder.samples[0];
    const last = recorder.samples[recorder.samples.length - 1];
    rows.push({
      workers,
      operation: `ALL (${USERS} users, ${seconds.toFixed(0)} s)`,
      'req/s': Math.round(allCount / seconds),
      p50_ms: '',
      p99_ms: '',
      max_ms: '',
      errors,
    });
    const mib = (bytes: number | undefined) => (Number(bytes ?? 0) / 2 ** 20).toFixed(0);
    console.log(
      `WORKERS=${workers}: server RSS ${mib(first?.rss)} → ${mib(last?.rss)} MiB (anonymous ${mib(first?.anon)} → ${mib(last?.anon)} MiB; ` +
        `the rest is the store's mapped file), non-socket fds ${first?.files} → ${last?.files}, sockets ${first?.sockets} → ${last?.sockets}\n` +
        `  over time (s: p99 ms / anonymous MiB / non-socket fds): ${recorder.samples
          .filter((entry) => entry.count > 0)
          .map((entry) => `${entry.at.toFixed(0)}: ${entry.p99.toFixed(1)} / ${mib(entry.anon)} / ${entry.files}`)
          .join(', ')}`,
    );
  } finally {
    await server.stop();
  }
}
console.table(rows);
if (mode === 'load') console.log(`bare node:http baseline, ${USERS} connections, one GET: ${await baselineRps()} req/s`);
const failures = rows.reduce(
  (sum, row) => sum + (typeof row.errors === 'number' && String(row.operation).startsWith('ALL') ? row.errors : 0),
  0,
);
if (failures > 0) {
  console.error(`${failures} failed requests`);
  process.exitCode = 1;
}
