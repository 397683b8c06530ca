// Requests refused before any procedure ran (unknown route or procedure, wrong method, malformed
// or oversized body) are still authenticated requests when their credentials are good: each is in
// the caller's trail. With no or rejected credentials nothing is written.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry } from '@coditect/api';
import { readAllAuditEntries, readTrail } from '../support/audit-trail';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser } from '../support/rest-client';

const BODY_LIMIT = 4096;

describe('audit of requests refused before any procedure ran', () => {
  const server = useTestServer({ env: { BODY_LIMIT: String(BODY_LIMIT) } });
  let user: RegisteredUser;
  let apiKey: string;

  beforeAll(async () => {
    const api = restClient(server.url);
    user = await registerUser(api);
    apiKey = (await api.post('/api-keys', { name: 'reader' }, user.accessToken)).body.data.secret;
  });

  async function send(path: string, init: RequestInit): Promise<{ status: number; requestId: string }> {
    const response = await fetch(`${server.url}${path}`, init);
    await response.text();
    return { status: response.status, requestId: response.headers.get('x-request-id')! };
  }

  /** The request's entries once written (the entry is made after the answer is sent). */
  async function entriesOf(requestId: string, expected: number): Promise<TAuditEntry[]> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await server.audit.flush();
      const found = (await readAllAuditEntries(server.store)).filter((entry) => entry.request_id === requestId);
      if (found.length >= expected) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (await readAllAuditEntries(server.store)).filter((entry) => entry.request_id === requestId);
  }

  const bearer = () => ({ authorization: `Bearer ${user.accessToken}` });
  const json = { 'content-type': 'application/json' };

  it.each([
    ['an unknown REST route', '/api/v5/nope', { method: 'GET' }, 404, 'NOT_FOUND', ''],
    ['a method the route does not take', '/api/v5/sessions', { method: 'PATCH' }, 405, 'METHOD_NOT_ALLOWED', ''],
    [
      'malformed JSON',
      '/api/v5/sessions',
      { method: 'POST', headers: json, body: '{"name": ' },
      400,
      'VALIDATION_ERROR',
      'sessions.create',
    ],
    [
      'a body over the limit',
      '/api/v5/sessions',
      { method: 'POST', headers: json, body: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT) }) },
      413,
      'PAYLOAD_TOO_LARGE',
      'sessions.create',
    ],
    ['an unknown tRPC procedure', '/trpc/nope.nothing', { method: 'GET' }, 404, 'NOT_FOUND', 'nope.nothing'],
  ] as const)('%s, with a good token, is in the caller’s trail', async (_label, path, init, status, code, procedure) => {
    const sent = await send(path, { ...init, headers: { ...('headers' in init ? init.headers : {}), ...bearer() } });
    expect(sent.status).toBe(status);
    const [entry, ...others] = await entriesOf(sent.requestId, 1);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      tenant_id: user.tenantId,
      user_id: user.userId,
      event_type: 'request',
      status_code: status,
      error_code: code,
      procedure,
      request_body: null,
    });
  });

  it('an API key is its owner too (X-API-Key on an unknown route)', async () => {
    const sent = await send('/api/v5/nope', { headers: { 'x-api-key': apiKey } });
    expect(sent.status).toBe(404);
    const entries = await entriesOf(sent.requestId, 1);
    expect(entries.map((entry) => [entry.user_id, entry.status_code])).toEqual([[user.userId, 404]]);
  });

  it('no token or a rejected one writes nothing', async () => {
    const before = (await readTrail(server.store, user.tenantId)).length;
    const anonymous = await send('/api/v5/nope', {});
    const forged = await send('/api/v5/sessions', {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer not.a.token' },
      body: '{',
    });
    expect([anonymous.status, forged.status]).toEqual([404, 400]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.audit.flush();
    const all = await readAllAuditEntries(server.store);
    expect(all.filter((entry) => entry.request_id === anonymous.requestId || entry.request_id === forged.requestId)).toEqual([]);
    expect((await readTrail(server.store, user.tenantId)).length).toBe(before);
  });
});
