import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantScope } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { ISO_TIMESTAMP, UUID } from '../support/formats';

describe('conversations over REST', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  async function userWithSession(): Promise<{ user: RegisteredUser; sessionId: string }> {
    const user = await registerUser(api);
    return { user, sessionId: await createWorkspaceSession(server, user) };
  }

  it('create: 201, the documented shape, status Active, counts 0', async () => {
    const { user, sessionId } = await userWithSession();
    const { status, body } = await api.post(
      '/conversations',
      {
        workspace_session_id: sessionId,
        title: 'Backend Refactoring Discussion',
        description: 'Discussing how to refactor auth module',
        ai_provider: 'lmstudio',
        tags: ['backend', 'refactor', 'auth'],
      },
      user.accessToken,
    );
    expect(status).toBe(201);
    expect(body).toEqual({
      success: true,
      data: {
        conversation_id: expect.stringMatching(UUID),
        workspace_session_id: sessionId,
        user_id: user.userId,
        title: 'Backend Refactoring Discussion',
        description: 'Discussing how to refactor auth module',
        ai_provider: 'lmstudio',
        status: 'Active',
        message_count: 0,
        token_count: 0,
        tags: ['backend', 'refactor', 'auth'],
        related_conversations: [],
        summary: null,
        created_at: expect.stringMatching(ISO_TIMESTAMP),
        updated_at: expect.stringMatching(ISO_TIMESTAMP),
      },
    });
    const got = await api.get(`/conversations/${body.data.conversation_id}`, user.accessToken);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(body.data);
    expect(got.body.data).not.toHaveProperty('messages');
  });

  it('create: defaults, and 404 SESSION_NOT_FOUND for a session that is missing or not the caller’s', async () => {
    const { user, sessionId } = await userWithSession();
    const minimal = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, user.accessToken);
    expect(minimal.body.data).toMatchObject({ ai_provider: 'lmstudio', description: null, tags: [] });

    const missing = await api.post('/conversations', { workspace_session_id: randomUUID(), title: 'T' }, user.accessToken);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('SESSION_NOT_FOUND');
    const stranger = await registerUser(api);
    const foreign = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, stranger.accessToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toEqual({ code: 'SESSION_NOT_FOUND', message: `Session not found: ${sessionId}` });
  });

  it('create/update: bad input is 400 VALIDATION_ERROR', async () => {
    const { user, sessionId } = await userWithSession();
    const bad: unknown[] = [
      {},
      { workspace_session_id: 'nope', title: 'T' },
      { workspace_session_id: sessionId, title: '   ' },
      { workspace_session_id: sessionId, title: 'x'.repeat(201) },
      { workspace_session_id: sessionId, title: 'T', status: 'Active' },
      { workspace_session_id: sessionId, title: 'T', tags: ['a,b'] },
      { workspace_session_id: sessionId, title: 'T', tags: 'a' },
    ];
    for (const body of bad) {
      const response = await api.post('/conversations', body, user.accessToken);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
    const created = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, user.accessToken);
    const id = created.body.data.conversation_id;
    for (const body of [{}, { status: 'Deleted' }, { title: '' }, { message_count: 3 }]) {
      const response = await api.put(`/conversations/${id}`, body, user.accessToken);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api.get('/conversations/not-a-uuid', user.accessToken)).status).toBe(400);
  });

  it('update: title, description, tags, status; get reflects it', async () => {
    const { user, sessionId } = await userWithSession();
    const created = await api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Old', description: 'd' },
      user.accessToken,
    );
    const id = created.body.data.conversation_id;
    const updated = await api.put(`/conversations/${id}`, { title: 'New', tags: ['x'], status: 'Archived' }, user.accessToken);
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ title: 'New', description: 'd', tags: ['x'], status: 'Archived' });
    expect(Date.parse(updated.body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.body.data.updated_at));
    const cleared = await api.put(`/conversations/${id}`, { description: null, status: 'Active' }, user.accessToken);
    expect(cleared.body.data).toMatchObject({ title: 'New', description: null, status: 'Active' });
    expect((await api.get(`/conversations/${id}`, user.accessToken)).body.data).toEqual(cleared.body.data);
  });

  it('list: the session’s conversations newest first, paged by cursor; related = the session’s others', async () => {
    const { user, sessionId } = await userWithSession();
    const otherSession = await createWorkspaceSession(server, user);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title: `c${i}` }, user.accessToken);
      ids.push(body.data.conversation_id);
    }
    await api.post('/conversations', { workspace_session_id: otherSession, title: 'elsewhere' }, user.accessToken);

    const first = await api.get(`/conversations?workspace_session_id=${sessionId}&limit=2`, user.accessToken);
    expect(first.status).toBe(200);
    expect(first.body.data.conversations.map((c: { title: string }) => c.title)).toEqual(['c4', 'c3']);
    expect(first.body.data.count).toBe(2);
    expect(first.body.data.next_cursor).toEqual(expect.any(String));
    const second = await api.get(
      `/conversations?workspace_session_id=${sessionId}&limit=2&cursor=${first.body.data.next_cursor}`,
      user.accessToken,
    );
    expect(second.body.data.conversations.map((c: { title: string }) => c.title)).toEqual(['c2', 'c1']);
    const third = await api.get(
      `/conversations?workspace_session_id=${sessionId}&limit=2&cursor=${second.body.data.next_cursor}`,
      user.accessToken,
    );
    expect(third.body.data).toMatchObject({ count: 1, next_cursor: null });
    expect(third.body.data.conversations[0].title).toBe('c0');

    const newestFirst = [...ids].reverse();
    expect(third.body.data.conversations[0].related_conversations).toEqual(newestFirst.filter((id) => id !== ids[0]));
    const oldest = await api.get(`/conversations/${ids[0]}`, user.accessToken);
    expect(oldest.body.data.related_conversations).toEqual(newestFirst.slice(0, 4));

    const all = await api.get(`/conversations?workspace_session_id=${sessionId}`, user.accessToken);
    expect(all.body.data).toMatchObject({ count: 5, next_cursor: null });

    expect((await api.get(`/conversations?workspace_session_id=${sessionId}&cursor=garbage`, user.accessToken)).status).toBe(400);
    expect((await api.get(`/conversations?workspace_session_id=${sessionId}&limit=101`, user.accessToken)).status).toBe(400);
    expect((await api.get('/conversations', user.accessToken)).status).toBe(400);
    const stranger = await registerUser(api);
    const foreign = await api.get(`/conversations?workspace_session_id=${sessionId}`, stranger.accessToken);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('delete: removes the conversation and its messages; then 404', async () => {
    const { user, sessionId } = await userWithSession();
    const created = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, user.accessToken);
    const id = created.body.data.conversation_id;
    await api.post(`/conversations/${id}/messages`, { role: 'User', content: 'hello' }, user.accessToken);
    const removed = await api.delete(`/conversations/${id}`, user.accessToken);
    expect(removed).toMatchObject({ status: 200, body: { success: true, message: 'Conversation deleted successfully' } });
    for (const response of [
      await api.get(`/conversations/${id}`, user.accessToken),
      await api.get(`/conversations/${id}/messages`, user.accessToken),
      await api.delete(`/conversations/${id}`, user.accessToken),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: 'CONVERSATION_NOT_FOUND', message: `Conversation not found: ${id}` });
    }
    expect((await api.get(`/conversations?workspace_session_id=${sessionId}`, user.accessToken)).body.data.count).toBe(0);
    // Nothing of it is left in the store: not the record, not the index entry, not a message.
    const leftovers = await createTenantScope(server.store, user.tenantId).transact(async (tx) => [
      ...(await tx.getRange(['message', id])),
      ...(await tx.getRange(['conversation_by_session', sessionId])),
      ...((await tx.owners.find(id)) === undefined ? [] : ['owner']),
    ]);
    expect(leftovers).toEqual([]);
  });

  it('deleting the workspace session deletes its conversations and their messages', async () => {
    const { user, sessionId } = await userWithSession();
    const keep = await createWorkspaceSession(server, user);
    const doomed: string[] = [];
    for (const title of ['a', 'b']) {
      const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title }, user.accessToken);
      doomed.push(body.data.conversation_id);
      await api.post(`/conversations/${body.data.conversation_id}/messages`, { role: 'User', content: 'hi' }, user.accessToken);
    }
    const kept = (await api.post('/conversations', { workspace_session_id: keep, title: 'kept' }, user.accessToken)).body.data;
    expect((await api.delete(`/sessions/${sessionId}`, user.accessToken)).status).toBe(200);
    for (const id of doomed) expect((await api.get(`/conversations/${id}`, user.accessToken)).status).toBe(404);
    expect((await api.get(`/conversations/${kept.conversation_id}`, user.accessToken)).status).toBe(200);
    const leftovers = await createTenantScope(server.store, user.tenantId).transact(async (tx) => [
      ...(await Promise.all(doomed.map((id) => tx.getRange(['message', id])))).flat(),
      ...(await tx.getRange(['conversation_by_session', sessionId])),
      ...(await Promise.all(doomed.map((id) => tx.owners.find(id)))).filter((owner) => owner !== undefined),
    ]);
    expect(leftovers).toEqual([]);
  });
});
