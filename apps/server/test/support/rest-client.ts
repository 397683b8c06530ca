// A tiny REST client for tests: real HTTP, raw envelopes back.
import { randomUUID } from 'node:crypto';
import { getJson } from './test-server';

export interface RestClient {
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): ReturnType<typeof getJson>;
  get(path: string, token?: string): ReturnType<typeof getJson>;
  post(path: string, body?: unknown, token?: string): ReturnType<typeof getJson>;
  put(path: string, body?: unknown, token?: string): ReturnType<typeof getJson>;
  patch(path: string, body?: unknown, token?: string): ReturnType<typeof getJson>;
  delete(path: string, token?: string): ReturnType<typeof getJson>;
}

export function restClient(baseUrl: string): RestClient {
  const call: RestClient['call'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return getJson(`${baseUrl}/api/v5${path}`, {
      method,
      headers,
      body:
        options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
  };
  return {
    call,
    get: (path, token) => call('GET', path, { token }),
    post: (path, body, token) => call('POST', path, { body, token }),
    put: (path, body, token) => call('PUT', path, { body, token }),
    patch: (path, body, token) => call('PATCH', path, { body, token }),
    delete: (path, token) => call('DELETE', path, { token }),
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

export interface RegisteredUser {
  email: string;
  password: string;
  userId: string;
  tenantId: string;
  accessToken: string;
  refreshToken: string;
}

/** A fresh user (and tenant) per call, so tests never depend on each other. */
export async function registerUser(client: RestClient, overrides: Record<string, unknown> = {}): Promise<RegisteredUser> {
  const body = { email: uniqueEmail(), password: TEST_PASSWORD, first_name: 'Test', last_name: 'User', ...overrides };
  const { status, body: response } = await client.post('/auth/register', body);
  if (status !== 201) throw new Error(`register failed: ${status} ${JSON.stringify(response)}`);
  return {
    email: body.email as string,
    password: body.password as string,
    userId: response.data.user.user_id,
    tenantId: response.data.user.tenant_id,
    accessToken: response.data.tokens.access_token,
    refreshToken: response.data.tokens.refresh_token,
  };
}
