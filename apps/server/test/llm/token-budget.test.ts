// Spend control: the server's caps on what a chat turn asks of the model, and daily token budgets
// per user and per tenant over chat turns and agent tasks, refused with TOKEN_BUDGET_EXCEEDED
// before anything is recorded; GET /users/me/usage shows where the caller stands.
import { describe, expect, it } from 'vitest';
import { addColleague } from '../support/colleague';
import { chatClient, runChat } from '../support/chat-client';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { createWorkspaceSession } from '../support/workspace-session';

describe('spend control: caps and daily token budgets', () => {
  const fake = useFakeLlmProvider();
  // The fake reports 7 prompt tokens per message sent and a completion figure ending in 1 (≥ 11).
  const server = useTestServer(() => ({
    env: {
      LLM_BASE_URL: fake.baseUrl,
      LLM_MAX_TOKENS: '512',
      LLM_MAX_CONTEXT_TOKENS: '16000',
      TOKEN_BUDGET_USER: '40',
      TOKEN_BUDGET_TENANT: '100',
    },
  }));

  async function conversationOf(user: RegisteredUser): Promise<string> {
    const sessionId = await createWorkspaceSession(server, user);
    const created = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Spend' },
      user.accessToken,
    );
    return created.body.data.conversation_id as string;
  }

  const messageCount = async (user: RegisteredUser, id: string) =>
    (await server.api.get(`/conversations/${id}`, user.accessToken)).body.data.message_count as number;

  it('asks for the capped reply length, and refuses asking for more than the server allows', async () => {
    const user = await registerUser(server.api);
    const id = await conversationOf(user);
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const tooLong = await runChat(client, { conversation_id: id, content: 'hi', model: 'fake-ok', max_tokens: 513 });
    expect(tooLong.error?.data).toMatchObject({ appCode: 'VALIDATION_ERROR', httpStatus: 400 });
    const tooWide = await runChat(client, { conversation_id: id, content: 'hi', model: 'fake-ok', max_context_tokens: 16_001 });
    expect(tooWide.error?.data).toMatchObject({ appCode: 'VALIDATION_ERROR' });
    expect(await messageCount(user, id)).toBe(0);
    const fine = await runChat(client, { conversation_id: id, content: 'hi', model: 'fake-ok' });
    expect(fine.error).toBeUndefined();
    expect(fake.completions.at(-1)!.body.max_tokens).toBe(512);
  });

  it('refuses a user’s turns and tasks once their tokens of the day are spent, and shows the usage', async () => {
    const user = await registerUser(server.api);
    const id = await conversationOf(user);
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const before = await server.api.get('/users/me/usage', user.accessToken);
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({ user: { used: 0, budget: 40 }, tenant: { used: 0, budget: 100 } });
    expect(before.body.data.resets_at).toBe(`${nextDay(before.body.data.day)}T00:00:00.000Z`);

    const first = await runChat(client, { conversation_id: id, content: 'first', model: 'fake-ok' });
    expect(first.error).toBeUndefined();
    const reply = first.events.at(-1)!.data;
    if (reply.type !== 'assistant_message') throw new Error(`expected the reply, got ${reply.type}`);
    const spent = reply.usage!.prompt_tokens + reply.usage!.completion_tokens;
    expect(spent).toBeGreaterThanOrEqual(40);
    const after = (await server.api.get('/users/me/usage', user.accessToken)).body.data;
    expect(after).toMatchObject({ user: { used: spent }, tenant: { used: spent } });

    const refused = await runChat(client, { conversation_id: id, content: 'second', model: 'fake-ok' });
    expect(refused.error?.data).toMatchObject({ appCode: 'TOKEN_BUDGET_EXCEEDED', httpStatus: 429 });
    expect(refused.error?.message).toMatch(/^You have used your model tokens for today \(\d+ of 40\)/);
    expect(await messageCount(user, id)).toBe(2);

    const sessionId = await createWorkspaceSession(server, user);
    const task = await server.api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'do it', config: { provider: 'default', model: 'fake-ok' } },
      user.accessToken,
    );
    expect([task.status, task.body.error.code]).toEqual([429, 'TOKEN_BUDGET_EXCEEDED']);
    expect(task.body.error.details).toMatchObject({ scope: 'user', budget: 40 });
  });

  it('refuses everyone in a tenant once the tenant’s tokens of the day are spent', async () => {
    const owner = await registerUser(server.api);
    const colleagues = [await addColleague(server, owner.tenantId), await addColleague(server, owner.tenantId)];
    for (const user of [owner, ...colleagues]) {
      const outcome = await runChat(chatClient(server.url, { via: 'ticket', token: user.accessToken }), {
        conversation_id: await conversationOf(user),
        content: 'spend',
        model: 'fake-ok',
      });
      expect(outcome.error).toBeUndefined();
    }
    const fresh = await addColleague(server, owner.tenantId);
    const usage = (await server.api.get('/users/me/usage', fresh.accessToken)).body.data;
    expect(usage.user.used).toBe(0);
    expect(usage.tenant.used).toBeGreaterThanOrEqual(100);
    const refused = await runChat(chatClient(server.url, { via: 'ticket', token: fresh.accessToken }), {
      conversation_id: await conversationOf(fresh),
      content: 'me too',
      model: 'fake-ok',
    });
    expect(refused.error?.data).toMatchObject({ appCode: 'TOKEN_BUDGET_EXCEEDED' });
    expect(refused.error?.message).toMatch(/your organisation’s model tokens/);
    // Another tenant is not affected.
    const stranger = await registerUser(server.api);
    expect((await server.api.get('/users/me/usage', stranger.accessToken)).body.data.tenant.used).toBe(0);
  });
});

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
