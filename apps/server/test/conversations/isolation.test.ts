// Authorization matrix: another user's (same tenant) or another tenant's conversation answers
// exactly like a missing one, on every route — REST, tRPC and the chat subscription — and none of
// those calls changes it.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { type AppRouter } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { addColleague } from '../support/colleague';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { chatClient, runChat } from '../support/chat-client';

type Caller = 'same tenant, other user' | 'other tenant' | 'no token' | 'bad token';
const CALLERS: Caller[] = ['same tenant, other user', 'other tenant', 'no token', 'bad token'];
const MISSING_ID = '5b0a6a3e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

interface Route {
  name: string;
  method: string;
  path: (conversationId: string) => string;
  body?: unknown;
}

const ROUTES: Route[] = [
  { name: 'get', method: 'GET', path: (id) => `/conversations/${id}` },
  { name: 'update', method: 'PUT', path: (id) => `/conversations/${id}`, body: { title: 'taken over', status: 'Archived' } },
  {
    name: 'addMessage',
    method: 'POST',
    path: (id) => `/conversations/${id}/messages`,
    body: { role: 'User', content: 'injected' },
  },
  {
    name: 'addMessage (Assistant)',
    method: 'POST',
    path: (id) => `/conversations/${id}/messages`,
    body: { role: 'Assistant', content: 'forged', model: 'm' },
  },
  { name: 'listMessages', method: 'GET', path: (id) => `/conversations/${id}/messages` },
  { name: 'listMessages (offset)', method: 'GET', path: (id) => `/conversations/${id}/messages?offset=1&limit=1` },
  { name: 'delete', method: 'DELETE', path: (id) => `/conversations/${id}` },
];

describe('conversation authorization matrix', () => {
  const fake = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: fake.baseUrl } }));
  let api: RestClient;
  let owner: RegisteredUser;
  let sessionId: string;
  let conversationId: string;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    api = restClient(server.url);
    owner = await registerUser(api);
    tokens['same tenant, other user'] = (await addColleague(server, owner.tenantId, 'Admin')).accessToken;
    tokens['other tenant'] = (await registerUser(api)).accessToken;
    tokens['bad token'] = `${owner.accessToken.slice(0, -4)}AAAA`;

    sessionId = await createWorkspaceSession(server, owner);
    const created = await api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Mine', tags: ['t'] },
      owner.accessToken,
    );
    conversationId = created.body.data.conversation_id;
    for (const content of ['one', 'two']) {
      await api.post(`/conversations/${conversationId}/messages`, { role: 'User', content }, owner.accessToken);
    }
  });

  async function ownerView() {
    return {
      conversation: (await api.get(`/conversations/${conversationId}`, owner.accessToken)).body,
      messages: (await api.get(`/conversations/${conversationId}/messages`, owner.accessToken)).body,
      list: (await api.get(`/conversations?workspace_session_id=${sessionId}`, owner.accessToken)).body,
    };
  }

  for (const caller of CALLERS) {
    it(`every REST route answers ${caller} like a missing conversation, and changes nothing`, async () => {
      const before = await ownerView();
      for (const route of ROUTES) {
        const response = await api.call(route.method, route.path(conversationId), { body: route.body, token: tokens[caller] });
        const control = await api.call(route.method, route.path(MISSING_ID), { body: route.body, token: tokens[caller] });
        if (caller === 'no token' || caller === 'bad token') {
          expect(response.status, route.name).toBe(401);
          expect(response.body.error.code, route.name).toBe('UNAUTHORIZED');
          continue;
        }
        expect(response.status, route.name).toBe(404);
        expect(response.body, route.name).toEqual({
          success: false,
          error: { code: 'CONVERSATION_NOT_FOUND', message: `Conversation not found: ${conversationId}` },
        });
        expect(control.status, route.name).toBe(404);
        expect(control.body.error.message, route.name).toBe(`Conversation not found: ${MISSING_ID}`);
      }
      const list = await api.get(`/conversations?workspace_session_id=${sessionId}`, tokens[caller]);
      const attach = await api.post('/conversations', { workspace_session_id: sessionId, title: 'x' }, tokens[caller]);
      for (const response of [list, attach]) {
        if (caller === 'no token' || caller === 'bad token') expect(response.status).toBe(401);
        else
          expect(response.body).toEqual({
            success: false,
            error: { code: 'SESSION_NOT_FOUND', message: `Session not found: ${sessionId}` },
          });
      }
      expect(await ownerView()).toEqual(before);
    });
  }

  it.each(['same tenant, other user', 'other tenant'] as const)(
    'the same over tRPC and the chat subscription for %s',
    async (caller) => {
      const before = await ownerView();
      const client = createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${tokens[caller]}` } })],
      });
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['get', () => client.conversations.get.query({ conversation_id: conversationId })],
        ['update', () => client.conversations.update.mutate({ conversation_id: conversationId, title: 'x' })],
        [
          'addMessage',
          () => client.conversations.addMessage.mutate({ conversation_id: conversationId, role: 'User', content: 'x' }),
        ],
        ['listMessages', () => client.conversations.listMessages.query({ conversation_id: conversationId })],
        ['delete', () => client.conversations.delete.mutate({ conversation_id: conversationId })],
      ];
      for (const [label, call] of calls) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, label).toBeInstanceOf(TRPCClientError);
        expect((error as TRPCClientError<AppRouter>).data, label).toMatchObject({
          httpStatus: 404,
          appCode: 'CONVERSATION_NOT_FOUND',
        });
      }
      const requestsBefore = fake.completions.length;
      const chat = await runChat(chatClient(server.url, { via: 'ticket', token: tokens[caller]! }), {
        conversation_id: conversationId,
        content: 'hello?',
        model: 'fake-ok',
      });
      expect(chat.events).toEqual([]);
      expect(chat.error?.data).toMatchObject({ httpStatus: 404, appCode: 'CONVERSATION_NOT_FOUND' });
      expect(fake.completions.length).toBe(requestsBefore);
      expect(await ownerView()).toEqual(before);
    },
  );

  it('the owner still has full access', async () => {
    expect((await api.get(`/conversations/${conversationId}`, owner.accessToken)).body.data).toMatchObject({
      title: 'Mine',
      message_count: 2,
    });
  });
});
