// What `pnpm bench` measures. Each scenario prepares itself against a running server and names
// the request to repeat; the baseline answers the same bytes the server answered.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** Runs once before measuring (create users, sessions...); returns the request to repeat. */
  prepare(baseUrl: string): Promise<BenchRequest>;
  /** A figure to print beside the row (e.g. the machine's raw Argon2id rate). */
  reference?(): Promise<string>;
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
  const registered = await call(baseUrl, 'POST', '/api/v5/auth/register', { email, password: PASSWORD, first_name: 'Bench', last_name: 'User' });
  return { email, token: registered.tokens.access_token as string, call: (method: string, path: string, body?: unknown) => call(baseUrl, method, path, body, registered.tokens.access_token) };
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
];
