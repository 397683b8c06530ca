import { beforeAll, describe, expect, it } from 'vitest';
import { checkStoreConsistency, CONVERSATION_LIMITS } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { ISO_TIMESTAMP, UUID } from '../support/formats';

describe('conversation messages over REST', () => {
  const server = useTestServer();
  let api: RestClient;
  beforeAll(async () => {
    api = restClient(server.url);
  });

  async function newConversation(): Promise<{ user: RegisteredUser; id: string }> {
    const user = await registerUser(api);
    const sessionId = await createWorkspaceSession(server, user);
    const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, user.accessToken);
    return { user, id: body.data.conversation_id };
  }

  it('addMessage: 201 with the documented shape and a real token count; the counts follow', async () => {
    const { user, id } = await newConversation();
    const { status, body } = await api.post(
      `/conversations/${id}/messages`,
      { role: 'User', content: 'How should I split the auth module?', model: null },
      user.accessToken,
    );
    expect(status).toBe(201);
    expect(body).toEqual({
      success: true,
      data: {
        message_id: expect.stringMatching(UUID),
        conversation_id: id,
        role: 'User',
        content: 'How should I split the auth module?',
        model: null,
        token_count: 8,
        interrupted: false,
        sent_context: null,
        created_at: expect.stringMatching(ISO_TIMESTAMP),
      },
    });
    const reply = await api.post(
      `/conversations/${id}/messages`,
      { role: 'Assistant', content: 'I suggest splitting it into auth_service and token_service.', model: 'qwen/qwq-32b' },
      user.accessToken,
    );
    expect(reply.status).toBe(201);
    expect(reply.body.data).toMatchObject({ role: 'Assistant', model: 'qwen/qwq-32b', token_count: expect.any(Number) });
    const conversation = (await api.get(`/conversations/${id}`, user.accessToken)).body.data;
    expect(conversation.message_count).toBe(2);
    expect(conversation.token_count).toBe(8 + reply.body.data.token_count);
  });

  it('addMessage: Assistant needs a model; bad roles, empty or oversized content are 400', async () => {
    const { user, id } = await newConversation();
    const bad: unknown[] = [
      { role: 'Assistant', content: 'hi' },
      { role: 'Assistant', content: 'hi', model: null },
      { role: 'Assistant', content: 'hi', model: '  ' },
      { role: 'user', content: 'hi' },
      { role: 'Tool', content: 'hi' },
      { role: 'User', content: '' },
      { role: 'User' },
      { role: 'User', content: 'x'.repeat(CONVERSATION_LIMITS.messageChars + 1) },
      { role: 'User', content: 'hi', token_count: 1 },
      { role: 'User', content: 'hi', interrupted: true },
    ];
    for (const body of bad) {
      const response = await api.post(`/conversations/${id}/messages`, body, user.accessToken);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
    const modelDetail = await api.post(`/conversations/${id}/messages`, { role: 'Assistant', content: 'hi' }, user.accessToken);
    expect(modelDetail.body.error.details).toEqual([{ path: 'model', message: 'model is required for Assistant messages' }]);
    const system = await api.post(`/conversations/${id}/messages`, { role: 'System', content: 'Be brief.' }, user.accessToken);
    expect(system.status).toBe(201);
    expect((await api.get(`/conversations/${id}`, user.accessToken)).body.data.message_count).toBe(1);
  });

  it('a maximum-size multi-byte message is stored whole, across the store’s value limit', async () => {
    const { user, id } = await newConversation();
    // 100,000 UTF-16 units: 3-byte characters, surrogate pairs (one straddling the 15,000-unit
    // part boundary), and control characters JSON escapes to 6 bytes — far over 100,000 bytes.
    let content = '€'.repeat(14_999) + '😀';
    while (content.length < CONVERSATION_LIMITS.messageChars) content += '\u0001"é😀\\';
    content = content.slice(0, CONVERSATION_LIMITS.messageChars);
    if (/[\ud800-\udbff]$/.test(content)) content = `${content.slice(0, -1)}z`;
    expect(content.length).toBe(CONVERSATION_LIMITS.messageChars);
    expect(Buffer.byteLength(JSON.stringify(content))).toBeGreaterThan(250_000);

    const added = await api.post(`/conversations/${id}/messages`, { role: 'User', content }, user.accessToken);
    expect(added.status).toBe(201);
    expect(added.body.data.content).toBe(content);
    expect(added.body.data.token_count).toBeGreaterThan(10_000);
    await api.post(`/conversations/${id}/messages`, { role: 'User', content: 'after' }, user.accessToken);

    const page = await api.get(`/conversations/${id}/messages`, user.accessToken);
    expect(page.body.data.messages.map((m: { content: string }) => m.content)).toEqual([content, 'after']);
    const second = await api.get(`/conversations/${id}/messages?offset=1`, user.accessToken);
    expect(second.body.data.messages.map((m: { content: string }) => m.content)).toEqual(['after']);
    const first = await api.get(`/conversations/${id}/messages?limit=1`, user.accessToken);
    expect(first.body.data.messages[0].content).toBe(content);
    expect(first.body.data.messages[0].message_id).toBe(added.body.data.message_id);
  });

  it('listMessages: chronological pages with total_count, offset, limit and has_more', async () => {
    const { user, id } = await newConversation();
    const contents = Array.from({ length: 7 }, (_, i) => `message ${i}`);
    for (const content of contents) await api.post(`/conversations/${id}/messages`, { role: 'User', content }, user.accessToken);

    const all = await api.get(`/conversations/${id}/messages`, user.accessToken);
    expect(all.status).toBe(200);
    expect(all.body.data).toMatchObject({ total_count: 7, offset: 0, limit: 50, has_more: false });
    expect(all.body.data.messages.map((m: { content: string }) => m.content)).toEqual(contents);
    expect(all.body.data.messages[0]).toEqual({
      message_id: expect.stringMatching(UUID),
      conversation_id: id,
      role: 'User',
      content: 'message 0',
      model: null,
      token_count: 3,
      interrupted: false,
      sent_context: null,
      created_at: expect.stringMatching(ISO_TIMESTAMP),
    });

    const middle = await api.get(`/conversations/${id}/messages?offset=2&limit=3`, user.accessToken);
    expect(middle.body.data).toMatchObject({ total_count: 7, offset: 2, limit: 3, has_more: true });
    expect(middle.body.data.messages.map((m: { content: string }) => m.content)).toEqual(contents.slice(2, 5));
    const tail = await api.get(`/conversations/${id}/messages?offset=5&limit=2`, user.accessToken);
    expect(tail.body.data.has_more).toBe(false);
    expect(tail.body.data.messages).toHaveLength(2);
    const beyond = await api.get(`/conversations/${id}/messages?offset=100`, user.accessToken);
    expect(beyond.body.data).toMatchObject({ messages: [], total_count: 7, offset: 100, has_more: false });

    for (const query of ['limit=201', 'limit=0', 'offset=-1', 'offset=abc', 'limit=2.5', 'extra=1']) {
      const response = await api.get(`/conversations/${id}/messages?${query}`, user.accessToken);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await api.get(`/conversations/${id}/messages?limit=200`, user.accessToken)).status).toBe(200);
  });

  it('concurrent addMessage calls lose no update: counts equal the messages’ sums, seqs stay dense', async () => {
    const { user, id } = await newConversation();
    const contents = Array.from({ length: 40 }, (_, i) => `concurrent message number ${i} ${'word '.repeat(i)}`);
    const responses = await Promise.all(
      contents.map((content, i) =>
        api.post(
          `/conversations/${id}/messages`,
          i % 3 === 0 ? { role: 'Assistant', content, model: 'm' } : { role: 'User', content },
          user.accessToken,
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(contents.map(() => 201));

    const page = (await api.get(`/conversations/${id}/messages?limit=200`, user.accessToken)).body.data;
    expect(page.total_count).toBe(40);
    expect(page.messages.map((m: { content: string }) => m.content).sort()).toEqual([...contents].sort());
    expect(new Set(page.messages.map((m: { message_id: string }) => m.message_id)).size).toBe(40);
    const conversation = (await api.get(`/conversations/${id}`, user.accessToken)).body.data;
    expect(conversation.message_count).toBe(40);
    const sum = page.messages.reduce((total: number, m: { token_count: number }) => total + m.token_count, 0);
    expect(conversation.token_count).toBe(sum);
    expect(sum).toBe(responses.reduce((total, response) => total + response.body.data.token_count, 0));
    // Dense sequence numbers: every offset names exactly one message.
    for (const offset of [0, 17, 39]) {
      const one = (await api.get(`/conversations/${id}/messages?offset=${offset}&limit=1`, user.accessToken)).body.data;
      expect(one.messages[0].message_id).toBe(page.messages[offset].message_id);
    }
    expect((await checkStoreConsistency(server.store)).problems).toEqual([]);
  });

  it('an archived conversation takes no new messages until it is active again', async () => {
    const { user, id } = await newConversation();
    await api.put(`/conversations/${id}`, { status: 'Archived' }, user.accessToken);
    const refused = await api.post(`/conversations/${id}/messages`, { role: 'User', content: 'hi' }, user.accessToken);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    await api.put(`/conversations/${id}`, { status: 'Active' }, user.accessToken);
    expect((await api.post(`/conversations/${id}/messages`, { role: 'User', content: 'hi' }, user.accessToken)).status).toBe(201);
  });
});
