// audit.list / GET /api/v5/audit: Admin only, the caller's tenant only, newest first, filters by
// event type, user and time range, cursor pages; audit.verify reports an intact chain.
import { beforeAll, describe, expect, it } from 'vitest';
import { updateMemberAccess, type TAuditEntry } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, TEST_PASSWORD, type RegisteredUser, type RestClient } from '../support/rest-client';

describe('reading the audit trail', () => {
  const server = useTestServer();
  let api: RestClient;
  let admin: RegisteredUser;
  let other: RegisteredUser;
  let middle: string;

  beforeAll(async () => {
    api = restClient(server.url);
    admin = await registerUser(api);
    other = await registerUser(api);
    for (let call = 0; call < 5; call += 1) await api.get('/users/me', admin.accessToken);
    await server.audit.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    middle = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let call = 0; call < 3; call += 1) await api.put('/users/me', { last_name: `L${call}` }, admin.accessToken);
    await api.get('/users/me', other.accessToken);
    await server.audit.flush();
  });

  const list = async (query: string, token = admin.accessToken) => {
    const response = await api.get(`/audit${query}`, token);
    await server.audit.flush();
    return response;
  };

  it('lists the caller’s tenant only, newest first', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    const entries = body.data.entries as TAuditEntry[];
    expect(body.data.count).toBe(entries.length);
    expect(body.data.next_cursor).toBeNull();
    expect(entries.every((entry) => entry.tenant_id === admin.tenantId && entry.user_id === admin.userId)).toBe(true);
    expect(entries.map((entry) => entry.event_type)).toEqual([
      'mutation',
      'mutation',
      'mutation',
      'request',
      'request',
      'request',
      'request',
      'request',
      'auth.register',
    ]);
    expect(entries.map((entry) => entry.sequence)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('filters by event type, by user, and by time range', async () => {
    const mutations = (await list('?event_type=mutation')).body.data.entries as TAuditEntry[];
    expect(mutations.map((entry) => entry.request_body)).toEqual([{ last_name: 'L2' }, { last_name: 'L1' }, { last_name: 'L0' }]);

    const mine = (await list(`?user_id=${admin.userId}&event_type=auth.register`)).body.data.entries as TAuditEntry[];
    expect(mine).toHaveLength(1);
    expect(mine[0]!.event_type).toBe('auth.register');
    const nobody = await list(`?user_id=${other.userId}`);
    expect(nobody.body.data.entries).toEqual([]);

    const after = (await list(`?from=${encodeURIComponent(middle)}&event_type=mutation`)).body.data.entries as TAuditEntry[];
    expect(after).toHaveLength(3);
    const before = (await list(`?to=${encodeURIComponent(middle)}`)).body.data.entries as TAuditEntry[];
    expect(before.every((entry) => entry.created_at <= middle)).toBe(true);
    expect(before.some((entry) => entry.event_type === 'mutation')).toBe(false);
    expect(before.map((entry) => entry.event_type)).toContain('auth.register');
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?event_type=request&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await api.get(`/audit${query}`, admin.accessToken);
      seen.push(...(body.data.entries as TAuditEntry[]).map((entry) => entry.sequence));
      cursor = body.data.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('answers bad filters and cursors with 400, not 500', async () => {
    for (const query of [
      '?cursor=not-a-cursor',
      '?event_type=nope',
      '?user_id=123',
      '?limit=0',
      '?limit=500',
      '?from=yesterday',
      '?unknown=1',
    ]) {
      const { status, body } = await api.get(`/audit${query}`, admin.accessToken);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('VALIDATION_ERROR');
    }
    const reversed = await api.get(`/audit?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`, admin.accessToken);
    expect(reversed.status).toBe(400);
  });

  it('is Admin only: any other role gets 403 FORBIDDEN, no token 401', async () => {
    const viewer = await registerUser(api);
    await updateMemberAccess({ deps: server.deps, identity: server.deps.identity }, { user_id: viewer.userId, role: 'Viewer' });
    const login = await api.post('/auth/login', { email: viewer.email, password: TEST_PASSWORD });
    expect(login.body.data.user.role).toBe('Viewer');
    const token = login.body.data.tokens.access_token as string;
    for (const path of ['/audit', '/audit/verify']) {
      const refused = await api.get(path, token);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toEqual({ code: 'FORBIDDEN', message: 'This operation requires the Admin role' });
    }
    expect((await api.get('/audit')).status).toBe(401);

    const trpc = await fetch(`${server.url}/trpc/audit.list`, { headers: { authorization: `Bearer ${token}` } });
    expect(trpc.status).toBe(403);
    expect(((await trpc.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe('FORBIDDEN');
  });

  it('is served over tRPC too, and audit.verify reports an intact chain', async () => {
    const input = encodeURIComponent(JSON.stringify({ event_type: 'mutation', limit: 1 }));
    const response = await fetch(`${server.url}/trpc/audit.list?input=${input}`, {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { entries: TAuditEntry[]; next_cursor: string | null } } };
    expect(result.data.entries).toHaveLength(1);
    expect(result.data.next_cursor).toEqual(expect.any(String));

    await server.audit.flush();
    const verified = await api.get('/audit/verify', admin.accessToken);
    expect(verified.status).toBe(200);
    expect(verified.body.data).toEqual({
      ok: true,
      head_sequence: expect.any(Number),
      entries_checked: expect.any(Number),
      problem: null,
    });
    expect(verified.body.data.entries_checked).toBe(verified.body.data.head_sequence);
    expect(verified.body.data.head_sequence).toBeGreaterThan(9);
  });
});
