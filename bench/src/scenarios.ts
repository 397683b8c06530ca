// What `pnpm bench` measures. Each scenario prepares itself against a running server and names
// the request to repeat; the baseline answers the same bytes the server answered.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { seedConversation, type SeededConversation } from './seed-conversation';
import { workspaceWithFiles } from './seed-workspace';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests rotate through these (path, body) pairs instead of repeating one, e.g. one session per client. */
  rotate?: Array<{ path: string; body?: string }>;
}

export interface Scenario {
  name: string;
  /** Runs before the measured server starts, on its (still closed) data directory. */
  seed?(dataDir: string): Promise<void>;
  /** Runs once before measuring (create users, sessions...); returns the request to repeat. */
  prepare(baseUrl: string): Promise<BenchRequest>;
  /** A figure to print beside the row (e.g. the machine's raw Argon2id rate). */
  reference?(): Promise<string>;
  /** Concurrent connections, when not BENCH_CONNECTIONS (1: the latency is the server's time per request). */
  connections?: number;
}

const PASSWORD = 'bench password 123';

async function call(baseUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { data: any };
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json.data;
}

export async function benchUser(baseUrl: string) {
  const email = `bench-${randomUUID()}@example.com`;
  const registered = await call(baseUrl, 'POST', '/api/v5/auth/register', {
    email,
    password: PASSWORD,
    first_name: 'Bench',
    last_name: 'User',
  });
  return {
    email,
    token: registered.tokens.access_token as string,
    call: (method: string, path: string, body?: unknown) => call(baseUrl, method, path, body, registered.tokens.access_token),
  };
}

/** Argon2id hashes per second with the server's parameters, 4 in flight (libuv's thread pool). */
async function argon2Rate(): Promise<string> {
  const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as Parameters<typeof hash>[1];
  let done = 0;
  const until = Date.now() + 3000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < until) {
        await hash(PASSWORD, options);
        done += 1;
      }
    }),
  );
  return `raw Argon2id: ${Math.round(done / 3)} hashes/s`;
}

/** Creates `count` sessions for the user through batched tRPC calls; tags drawn from `vocabulary`. */
async function seedSessions(baseUrl: string, token: string, count: number, vocabulary: number) {
  const batchSize = 50;
  let next = 0;
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const worker = async () => {
    while (next < count) {
      const size = Math.min(batchSize, count - next);
      next += size;
      const inputs: Record<number, unknown> = {};
      for (let index = 0; index < size; index += 1) {
        const tags = new Set<string>();
        while (tags.size < 3) tags.add(`tag-${Math.floor(random() * vocabulary)}`);
        inputs[index] = { name: `seeded ${next + index}`, tags: [...tags] };
      }
      const paths = Array.from({ length: size }, () => 'sessions.create').join(',');
      const response = await fetch(`${baseUrl}/trpc/${paths}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(inputs),
      });
      if (!response.ok) throw new Error(`seeding sessions failed: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function relatedScenario(count: number): Scenario {
  return {
    name: `sessions.related (REST, ${count.toLocaleString('en')} sessions)`,
    prepare: async (baseUrl) => {
      const user = await benchUser(baseUrl);
      const started = Date.now();
      await seedSessions(baseUrl, user.token, count, 1000);
      console.error(`seeded ${count} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return {
        method: 'GET',
        path: '/api/v5/sessions/related?tags=tag-1,tag-2,tag-3&limit=10',
        headers: { authorization: `Bearer ${user.token}` },
      };
    },
    reference: async () => '3 random tags of 1,000 per session; query of 3 tags',
  };
}

async function sessionFor(baseUrl: string) {
  const user = await benchUser(baseUrl);
  const session = await user.call('POST', '/api/v5/sessions', {
    name: 'bench',
    workspace_path: '/projects/bench',
    tags: ['bench', 'api'],
  });
  await user.call('PUT', `/api/v5/sessions/${session.session_id}`, {
    editor_state: {
      open_files: ['/src/main.rs', '/src/lib.rs'],
      active_file: '/src/lib.rs',
      cursor_position: { line: 100, column: 5 },
    },
    memory: { facts: { language: 'Rust' }, decisions: ['Use actix-web for API'] },
  });
  return { token: user.token, sessionId: session.session_id as string };
}

async function sessionsFor(baseUrl: string, count: number) {
  const user = await benchUser(baseUrl);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push((await user.call('POST', '/api/v5/sessions', { name: `bench ${index}`, tags: ['bench'] })).session_id);
  }
  return { token: user.token, ids };
}

/** A user's conversations, each with one message already. */
async function conversationsFor(baseUrl: string, count: number) {
  const user = await benchUser(baseUrl);
  const session = await user.call('POST', '/api/v5/sessions', { name: 'bench chat' });
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const conversation = await user.call('POST', '/api/v5/conversations', {
      workspace_session_id: session.session_id,
      title: `bench ${index}`,
    });
    await user.call('POST', `/api/v5/conversations/${conversation.conversation_id}/messages`, { role: 'User', content: 'first' });
    ids.push(conversation.conversation_id);
  }
  return { token: user.token, ids };
}

const MESSAGE_BODY = JSON.stringify({ role: 'User', content: 'How should I split the auth module?' });

function addMessageScenario(conversations: number): Scenario {
  return {
    name: `conversations.addMessage (REST, ${conversations === 1 ? '1 hot conversation' : `${conversations} conversations`})`,
    prepare: async (baseUrl) => {
      const { token, ids } = await conversationsFor(baseUrl, conversations);
      return {
        method: 'POST',
        path: `/api/v5/conversations/${ids[0]}/messages`,
        headers: { authorization: `Bearer ${token}` },
        body: MESSAGE_BODY,
        rotate: ids.map((id) => ({ path: `/api/v5/conversations/${id}/messages`, body: MESSAGE_BODY })),
      };
    },
    reference: async () =>
      conversations === 1
        ? 'all connections on one conversation: its counts serialise the appends (conflicts, retries)'
        : 'each append: conversation read, message + counts written in one transaction',
  };
}

const HISTORY_MESSAGES = 100_001;
let history: Promise<SeededConversation> | undefined;

/** Pages of one 100,001-message conversation: the cost of a page must not depend on its offset. */
function listMessagesScenario(offset: number, limit: number): Scenario {
  return {
    name: `conversations.listMessages (REST, offset ${offset.toLocaleString('en')} of ${HISTORY_MESSAGES.toLocaleString('en')}, limit ${limit})`,
    seed: async (dataDir) => {
      history ??= seedConversation(dataDir, HISTORY_MESSAGES);
      await history;
    },
    prepare: async () => {
      const seeded = await history!;
      return {
        method: 'GET',
        path: `/api/v5/conversations/${seeded.conversationId}/messages?offset=${offset}&limit=${limit}`,
        headers: { authorization: `Bearer ${seeded.token}` },
      };
    },
  };
}

/**
 * conversations.search over the same 100,001 messages of one user: one connection, so the latency
 * is the server's time per query (the target is ≤ 50 ms).
 */
function searchScenario(query: string, what: string): Scenario {
  return {
    name: `conversations.search (REST, ${what}, of ${HISTORY_MESSAGES.toLocaleString('en')} messages)`,
    connections: 1,
    seed: async (dataDir) => {
      history ??= seedConversation(dataDir, HISTORY_MESSAGES);
      await history;
    },
    prepare: async () => {
      const seeded = await history!;
      return {
        method: 'GET',
        path: `/api/v5/conversations/search?q=${encodeURIComponent(query)}`,
        headers: { authorization: `Bearer ${seeded.token}` },
      };
    },
  };
}

const WORKSPACE_FILES = 10_000;
let bigWorkspace: ReturnType<typeof workspaceWithFiles> | undefined;

/** Listing the root of a 10,000-file workspace: one readdir, one sort, lstat of the first page only. */
function listRootScenario(connections: number): Scenario {
  return {
    name: `files.get (REST, root of a ${WORKSPACE_FILES.toLocaleString('en')}-file workspace, page of 200)`,
    connections,
    prepare: async (baseUrl) => {
      bigWorkspace ??= benchUser(baseUrl).then((user) => workspaceWithFiles(baseUrl, user, WORKSPACE_FILES));
      const { token, sessionId } = await bigWorkspace;
      return { method: 'GET', path: `/api/v5/sessions/${sessionId}/files/`, headers: { authorization: `Bearer ${token}` } };
    },
    reference: async () =>
      connections === 1 ? 'one connection: p50 is the server time per listing (target ≤ 50 ms)' : 'throughput',
  };
}

/** Reading one small file as JSON, and quick open over the same 10,000 files. */
function fileScenarios(): Scenario[] {
  return [
    {
      name: 'files.get (REST, one 1 KiB file)',
      prepare: async (baseUrl) => {
        bigWorkspace ??= benchUser(baseUrl).then((user) => workspaceWithFiles(baseUrl, user, WORKSPACE_FILES));
        const { token, sessionId } = await bigWorkspace;
        return {
          method: 'GET',
          path: `/api/v5/sessions/${sessionId}/files/file-00042.txt`,
          headers: { authorization: `Bearer ${token}` },
        };
      },
    },
    {
      name: `files.find (REST, ${WORKSPACE_FILES.toLocaleString('en')} files, query "f42")`,
      prepare: async (baseUrl) => {
        bigWorkspace ??= benchUser(baseUrl).then((user) => workspaceWithFiles(baseUrl, user, WORKSPACE_FILES));
        const { token, sessionId } = await bigWorkspace;
        return { method: 'GET', path: `/api/v5/sessions/${sessionId}/find?q=f42`, headers: { authorization: `Bearer ${token}` } };
      },
    },
  ];
}

export const scenarios: Scenario[] = [
  {
    name: 'health (REST)',
    prepare: async () => ({ method: 'GET', path: '/api/v5/health' }),
  },
  {
    name: 'health (tRPC)',
    prepare: async () => ({ method: 'GET', path: '/trpc/health.check' }),
  },
  {
    name: 'login (REST)',
    prepare: async (baseUrl) => {
      const user = await benchUser(baseUrl);
      return { method: 'POST', path: '/api/v5/auth/login', body: JSON.stringify({ email: user.email, password: PASSWORD }) };
    },
    reference: argon2Rate,
  },
  {
    name: 'users.me (REST, authenticated)',
    prepare: async (baseUrl) => {
      const user = await benchUser(baseUrl);
      return { method: 'GET', path: '/api/v5/users/me', headers: { authorization: `Bearer ${user.token}` } };
    },
  },
  {
    name: 'users.me (tRPC, authenticated)',
    prepare: async (baseUrl) => {
      const user = await benchUser(baseUrl);
      return { method: 'GET', path: '/trpc/users.me', headers: { authorization: `Bearer ${user.token}` } };
    },
  },
  {
    name: 'sessions.get (REST)',
    prepare: async (baseUrl) => {
      const { token, sessionId } = await sessionFor(baseUrl);
      return { method: 'GET', path: `/api/v5/sessions/${sessionId}`, headers: { authorization: `Bearer ${token}` } };
    },
  },
  {
    name: 'sessions.get (tRPC)',
    prepare: async (baseUrl) => {
      const { token, sessionId } = await sessionFor(baseUrl);
      const input = encodeURIComponent(JSON.stringify({ session_id: sessionId }));
      return { method: 'GET', path: `/trpc/sessions.get?input=${input}`, headers: { authorization: `Bearer ${token}` } };
    },
  },
  {
    name: 'sessions.update (REST, 50 sessions)',
    prepare: async (baseUrl) => {
      const sessions = await sessionsFor(baseUrl, 50);
      const body = JSON.stringify({
        editor_state: { open_files: ['/src/a.ts'], active_file: '/src/a.ts', cursor_position: { line: 3, column: 1 } },
      });
      return {
        method: 'PUT',
        path: `/api/v5/sessions/${sessions.ids[0]}`,
        headers: { authorization: `Bearer ${sessions.token}` },
        body,
        rotate: sessions.ids.map((id) => ({ path: `/api/v5/sessions/${id}`, body })),
      };
    },
    reference: async () => 'one session per connection, as one IDE per session saves',
  },
  {
    name: 'sessions.update (tRPC, 50 sessions)',
    prepare: async (baseUrl) => {
      const sessions = await sessionsFor(baseUrl, 50);
      const bodyFor = (id: string) =>
        JSON.stringify({
          session_id: id,
          editor_state: { open_files: ['/src/a.ts'], active_file: '/src/a.ts', cursor_position: { line: 3, column: 1 } },
        });
      return {
        method: 'POST',
        path: '/trpc/sessions.update',
        headers: { authorization: `Bearer ${sessions.token}` },
        body: bodyFor(sessions.ids[0]!),
        rotate: sessions.ids.map((id) => ({ path: '/trpc/sessions.update', body: bodyFor(id) })),
      };
    },
  },
  {
    name: 'sessions.update (REST, 1 hot session)',
    prepare: async (baseUrl) => {
      const { token, sessionId } = await sessionFor(baseUrl);
      return {
        method: 'PUT',
        path: `/api/v5/sessions/${sessionId}`,
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'contended' }),
      };
    },
    reference: async () => 'all connections on one record: serializable conflicts and retries',
  },
  relatedScenario(1_000),
  relatedScenario(100_000),
  addMessageScenario(50),
  addMessageScenario(1),
  listMessagesScenario(0, 1),
  listMessagesScenario(100_000, 1),
  listMessagesScenario(0, 50),
  listMessagesScenario(HISTORY_MESSAGES - 50, 50),
  searchScenario('77777', 'a rare word: 1 match'),
  searchScenario('question 77778', 'a common and a rare word: 1 match'),
  searchScenario('auth module', 'two common words: first page of 20'),
  searchScenario('question token_service', 'two common words never together: scan limit'),
  listRootScenario(1),
  listRootScenario(50),
  ...fileScenarios(),
];
