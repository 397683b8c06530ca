// Another user's or another tenant's conversation answers exactly like a missing one, on every
// route, and none of those calls changes it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTenantScope, type AppRouter } from '@coditect/api';
import { startTestServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';

type Attempt = [label: string, method: string, path: string, body?: unknown];

function attemptsOn(conversationId: string): Attempt[] {
  return [
    ['get', 'GET', `/conversations/${conversationId}`],
    ['update', 'PUT', `/conversations/${conversationId}`, { title: 'taken over', status: 'Archived' }],
    ['addMessage', 'POST', `/conversations/${conversationId}/messages`, { role: 'User', content: 'injected' }],
    ['addMessage (Assistant)', 'POST', `/conversations/${conversationId}/messages`, { role: 'Assistant', content: 'forged', model: 'm' }],
    ['listMessages', 'GET', `/conversations/${conversationId}/messages`],
    ['listMessages (offset)', 'GET', `/conversations/${conversationId}/messages?offset=1&limit=1`],
    ['delete', 'DELETE', `/conversations/${conversationId}`],
  ];
}

describe('conversation isolation', () => {
  let server: TestServer;
  let api: RestClient;
  let owner: RegisteredUser;
  let sessionId: string;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestServer();
    api = restClient(server.url);
    owner = await registerUser(api);
    sessionId = await createWorkspaceSession(server, owner);
    const created = await api.post('/conversations', { workspace_session_id: sessionId, title: 'Mine', tags: ['t'] }, owner.accessToken);
    conversationId = created.body.data.conversation_id;
    for (const content of ['one', 'two']) {
      await api.post(`/conversations/${conversationId}/messages`, { role: 'User', content }, owner.accessToken);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  async function ownerView() {
    return {
      conversation: (await api.get(`/conversations/${conversationId}`, owner.accessToken)).body,
      messages: (await api.get(`/conversations/${conversationId}/messages`, owner.accessToken)).body,
    };
  }

  it('another tenant’s user gets the missing-id 404 on every REST route, and changes nothing', async () => {
    const before = await ownerView();
    const stranger = await registerUser(api);
    const missingId = randomUUID();
    const foreign = attemptsOn(conversationId);
    const missing = attemptsOn(missingId);
    for (const [index, [label, method, path, body]] of foreign.entries()) {
      const response = await api.call(method, path, { body, token: stranger.accessToken });
      const [, missingMethod, missingPath, missingBody] = missing[index]!;
      const control = await api.call(missingMethod, missingPath, { body: missingBody, token: stranger.accessToken });
      expect(response.status, label).toBe(404);
      expect(control.status, label).toBe(404);
      expect(response.body, label).toEqual({
        success: false,
        error: { code: 'CONVERSATION_NOT_FOUND', message: `Conversation not found: ${conversationId}` },
      });
      expect(response.body.error.message.replace(conversationId, missingId)).toBe(control.body.error.message);
    }
    const list = await api.get(`/conversations?workspace_session_id=${sessionId}`, stranger.accessToken);
    expect(list.status).toBe(404);
    expect(list.body.error.code).toBe('SESSION_NOT_FOUND');
    const attach = await api.post('/conversations', { workspace_session_id: sessionId, title: 'x' }, stranger.accessToken);
    expect(attach.status).toBe(404);
    expect(attach.body.error.code).toBe('SESSION_NOT_FOUND');
    expect(await ownerView()).toEqual(before);
  });

  it('the same holds over tRPC', async () => {
    const stranger = await registerUser(api);
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${stranger.accessToken}` } })],
    });
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['get', () => client.conversations.get.query({ conversation_id: conversationId })],
      ['update', () => client.conversations.update.mutate({ conversation_id: conversationId, title: 'x' })],
      ['addMessage', () => client.conversations.addMessage.mutate({ conversation_id: conversationId, role: 'User', content: 'x' })],
      ['listMessages', () => client.conversations.listMessages.query({ conversation_id: conversationId })],
      ['delete', () => client.conversations.delete.mutate({ conversation_id: conversationId })],
    ];
    for (const [label, call] of calls) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, label).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data, label).toMatchObject({ httpStatus: 404, appCode: 'CONVERSATION_NOT_FOUND' });
    }
    expect((await ownerView()).conversation.data.title).toBe('Mine');
  });

  it('a conversation of another user of the same tenant is just as invisible', async () => {
    const user = await registerUser(api);
    const session = await createWorkspaceSession(server, user);
    const created = await api.post('/conversations', { workspace_session_id: session, title: 'Theirs' }, user.accessToken);
    const theirs = created.body.data.conversation_id as string;
    // Hand it to a colleague in the same tenant (user management lands elsewhere).
    const colleague = randomUUID();
    await createTenantScope(server.store, user.tenantId).transact(async (tx) => {
      const record = await tx.get<Record<string, unknown>>(['conversation', theirs]);
      tx.set(['conversation', theirs], { ...record, user_id: colleague });
      tx.owners.claim(theirs, 'conversation', colleague);
    });
    for (const [label, method, path, body] of attemptsOn(theirs)) {
      const response = await api.call(method, path, { body, token: user.accessToken });
      expect(response.status, label).toBe(404);
      expect(response.body.error.code, label).toBe('CONVERSATION_NOT_FOUND');
    }
    const stillThere = await createTenantScope(server.store, user.tenantId).transact((tx) =>
      tx.get<{ title: string; message_count: number }>(['conversation', theirs]),
    );
    expect(stillThere).toMatchObject({ title: 'Theirs', message_count: 0 });
  });
});
