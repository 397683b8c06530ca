// The real message-writing operations carry the messages limit: addMessage over REST, and the
// chat subscription (declared in its meta; counted by the same protectedProcedure step).
import { beforeAll, describe, expect, it } from 'vitest';
import { apiContract } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RestClient } from '../support/rest-client';

describe('messages limit on the real routes', () => {
  const server = useTestServer({ env: { RATE_LIMIT_MESSAGES: '3/1m' } });
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  it('is declared by conversations.addMessage and llm.chat', () => {
    expect(apiContract.conversations.addMessage.meta.rateLimit).toBe('messages');
    expect(apiContract.llm.chat.meta.rateLimit).toBe('messages');
  });

  it('refuses the 4th message in the window with 429 and Retry-After; reading is unaffected', async () => {
    const user = await registerUser(api);
    const session = await api.post('/sessions', { name: 'chatty' }, user.accessToken);
    const conversation = await api.post(
      '/conversations',
      { workspace_session_id: session.body.data.session_id, title: 't' },
      user.accessToken,
    );
    const path = `/conversations/${conversation.body.data.conversation_id}/messages`;
    for (let index = 0; index < 3; index += 1) {
      expect((await api.post(path, { role: 'User', content: `m${index}` }, user.accessToken)).status).toBe(201);
    }
    const refused = await api.post(path, { role: 'User', content: 'one too many' }, user.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = await api.get(`${path}?limit=10`, user.accessToken);
    expect(page.status).toBe(200);
    expect(page.body.data.total_count).toBe(3);
  });
});
