// Several model providers: the server's (LLM_BASE_URL, LLM_PROVIDERS) and a tenant's own, added by
// its Admin with a key that is sealed at rest and never answered. A conversation's `ai_provider`
// and a task's `config.provider` pick one; a configured model list is enforced; other tenants
// neither see nor reach a tenant's providers.
import { describe, expect, it } from 'vitest';
import type { TChatEvent } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { addColleague } from '../support/colleague';
import { createWorkspaceSession } from '../support/workspace-session';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { chatClient, runChat } from '../support/chat-client';

const TEAM_KEY = 'sk-team-secret-0123456789abcdef';

describe('model providers', () => {
  const serverDefault = useFakeLlmProvider();
  const second = useFakeLlmProvider();
  const team = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: {
      LLM_BASE_URL: serverDefault.baseUrl,
      LLM_TIMEOUT: '5s',
      // The fakes listen on loopback, which tenants' providers may not reach unless allowed (provider-addresses.test.ts).
      LLM_TENANT_ALLOWED_NETWORKS: '127.0.0.1',
      LLM_PROVIDERS: JSON.stringify([{ name: 'second', base_url: second.baseUrl, api_key: 'sk-second', models: ['fake-ok'] }]),
    },
  }));

  async function conversationOf(user: RegisteredUser, aiProvider: string): Promise<string> {
    const sessionId = await createWorkspaceSession(server, user);
    const created = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Chat', ai_provider: aiProvider },
      user.accessToken,
    );
    return created.body.data.conversation_id;
  }

  const chat = (user: RegisteredUser, conversationId: string, model = 'fake-ok') =>
    runChat(chatClient(server.url, { via: 'ticket', token: user.accessToken }), {
      conversation_id: conversationId,
      content: 'hello',
      model,
    });

  const lastEvent = (events: Array<{ data: TChatEvent }>) => events.at(-1)?.data;

  it('lists the server’s providers, the default first; LLM_PROVIDERS’ configured models answer llm.models', async () => {
    const user = await registerUser(server.api);
    const listed = await server.api.get('/llm/providers', user.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.body.data.providers).toEqual([
      {
        name: 'lmstudio',
        source: 'operator',
        base_url: null,
        models: null,
        has_api_key: false,
        is_default: true,
        updated_at: null,
      },
      {
        name: 'second',
        source: 'operator',
        base_url: null,
        models: ['fake-ok'],
        has_api_key: false,
        is_default: false,
        updated_at: null,
      },
    ]);
    const models = await server.api.get('/llm/models?provider=second', user.accessToken);
    expect(models.body.data.models).toEqual([{ id: 'fake-ok', owned_by: null }]);
    expect((await server.api.get('/llm/models?provider=nowhere', user.accessToken)).body.error.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('sends a conversation’s turns to the provider its ai_provider names, with that provider’s key', async () => {
    const user = await registerUser(server.api);
    const [before, beforeSecond] = [serverDefault.completions.length, second.completions.length];
    const outcome = await chat(user, await conversationOf(user, 'second'));
    expect(lastEvent(outcome.events)).toMatchObject({ type: 'assistant_message' });
    expect(second.completions.length).toBe(beforeSecond + 1);
    expect(second.completions.at(-1)!.authorization).toBe('Bearer sk-second');
    expect(serverDefault.completions.length).toBe(before);
    // A model outside the provider's configured list is refused before anything is recorded.
    const conversationId = await conversationOf(user, 'SECOND');
    const refused = await chat(user, conversationId, 'fake-no-usage');
    expect(refused.error?.data).toMatchObject({ appCode: 'VALIDATION_ERROR' });
    expect(refused.error?.message).toContain('does not offer the model "fake-no-usage"');
    expect((await server.api.get(`/conversations/${conversationId}`, user.accessToken)).body.data.message_count).toBe(0);
    expect(second.completions.length).toBe(beforeSecond + 1);
  });

  it('lets a tenant’s Admin add a provider whose key is sealed, never answered, and used only for that tenant', async () => {
    const admin = await registerUser(server.api);
    const created = await server.api.post(
      '/llm/providers',
      { name: 'team', base_url: team.baseUrl, api_key: TEAM_KEY, models: ['fake-ok', 'fake-ok'] },
      admin.accessToken,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toEqual({
      name: 'team',
      source: 'tenant',
      base_url: team.baseUrl,
      models: ['fake-ok'],
      has_api_key: true,
      is_default: false,
      updated_at: expect.any(String),
    });
    const listed = await server.api.get('/llm/providers', admin.accessToken);
    expect(listed.body.data.providers.map((provider: { name: string }) => provider.name)).toEqual(['lmstudio', 'second', 'team']);
    expect(JSON.stringify(listed.body)).not.toContain(TEAM_KEY);

    // Sealed at rest: no key or value in the store holds it.
    const needle = Buffer.from(TEAM_KEY);
    const entries = await server.store.transact((tx) => tx.getRange(Buffer.alloc(0), Buffer.from([0xff, 0xff, 0xff])));
    for (const entry of entries) expect(Buffer.from(entry.value).includes(needle)).toBe(false);
    // Nor in the audit trail.
    const trail = await server.api.get('/audit?limit=100', admin.accessToken);
    expect(JSON.stringify(trail.body)).not.toContain(TEAM_KEY);

    const before = team.completions.length;
    const outcome = await chat(admin, await conversationOf(admin, 'team'));
    expect(lastEvent(outcome.events)).toMatchObject({ type: 'assistant_message' });
    expect(team.completions.length).toBe(before + 1);
    expect(team.completions.at(-1)!.authorization).toBe(`Bearer ${TEAM_KEY}`);

    // A colleague of the tenant uses it too, but may not manage it.
    const developer = await addColleague(server, admin.tenantId, 'Developer');
    expect((await chat(developer, await conversationOf(developer, 'team'))).error).toBeUndefined();
    const refused = await server.api.post('/llm/providers', { name: 'mine', base_url: team.baseUrl }, developer.accessToken);
    expect(refused.status).toBe(403);

    // Another tenant neither sees it nor reaches it.
    const stranger = await registerUser(server.api);
    const theirs = await server.api.get('/llm/providers', stranger.accessToken);
    expect(theirs.body.data.providers.map((provider: { name: string }) => provider.name)).toEqual(['lmstudio', 'second']);
    const strangerTurn = await chat(stranger, await conversationOf(stranger, 'team'));
    expect(strangerTurn.error?.data).toMatchObject({ appCode: 'PROVIDER_NOT_FOUND' });
    expect((await server.api.patch('/llm/providers/team', { models: null }, stranger.accessToken)).status).toBe(404);
    expect((await server.api.delete('/llm/providers/team', stranger.accessToken)).status).toBe(404);
    expect(team.completions.length).toBe(before + 2);

    // Tasks pick it by config.provider.
    const sessionId = await createWorkspaceSession(server, admin);
    const task = await server.api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'hi', config: { provider: 'team', model: 'fake-no-usage' } },
      admin.accessToken,
    );
    expect(task.status).toBe(400);
    expect(task.body.error.details).toEqual([{ path: 'config.model', message: 'One of: fake-ok' }]);
    const unknown = await server.api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'hi', config: { provider: 'nowhere', model: 'fake-ok' } },
      admin.accessToken,
    );
    expect(unknown.body.error.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('changes a key or the models, removes a provider; its conversations are then refused plainly', async () => {
    const admin = await registerUser(server.api);
    await server.api.post('/llm/providers', { name: 'Lab', base_url: team.baseUrl, api_key: 'sk-old-key-1' }, admin.accessToken);
    const changed = await server.api.patch(
      '/llm/providers/lab',
      { api_key: 'sk-new-key-2', models: ['fake-ok'] },
      admin.accessToken,
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.data).toMatchObject({ name: 'Lab', models: ['fake-ok'], has_api_key: true });
    const conversationId = await conversationOf(admin, 'lab');
    await chat(admin, conversationId);
    expect(team.completions.at(-1)!.authorization).toBe('Bearer sk-new-key-2');
    const keyless = await server.api.patch('/llm/providers/Lab', { api_key: null }, admin.accessToken);
    expect(keyless.body.data.has_api_key).toBe(false);
    await chat(admin, conversationId);
    expect(team.completions.at(-1)!.authorization).toBeUndefined();

    const removed = await server.api.delete('/llm/providers/lab', admin.accessToken);
    expect(removed.status).toBe(200);
    const after = await chat(admin, conversationId);
    expect(after.error?.data).toMatchObject({ appCode: 'PROVIDER_NOT_FOUND' });
    expect(after.error?.message).toContain('No model provider "lab"');
    expect((await server.api.delete('/llm/providers/lab', admin.accessToken)).body.error.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('refuses bad providers with a clear 4xx and keeps nothing of them', async () => {
    const admin = await registerUser(server.api);
    const post = (body: unknown) => server.api.post('/llm/providers', body, admin.accessToken);
    for (const [body, status, code] of [
      [{ name: 'x', base_url: 'ftp://example.com' }, 400, 'VALIDATION_ERROR'],
      [{ name: 'x', base_url: 'not a url' }, 400, 'VALIDATION_ERROR'],
      [{ name: '', base_url: team.baseUrl }, 400, 'VALIDATION_ERROR'],
      [{ name: 'two words', base_url: team.baseUrl }, 400, 'VALIDATION_ERROR'],
      [{ name: 'x', base_url: team.baseUrl, api_key: 'k'.repeat(10_000) }, 400, 'VALIDATION_ERROR'],
      [
        { name: 'x', base_url: team.baseUrl, models: Array.from({ length: 201 }, (_, index) => `m${index}`) },
        400,
        'VALIDATION_ERROR',
      ],
      [{ name: 'x', base_url: team.baseUrl, source: 'operator' }, 400, 'VALIDATION_ERROR'],
      [{ name: 'LMStudio', base_url: team.baseUrl }, 409, 'CONFLICT'],
      [{ name: 'default', base_url: team.baseUrl }, 409, 'CONFLICT'],
    ] as const) {
      const answer = await post(body);
      expect([answer.status, answer.body.error?.code], JSON.stringify(body).slice(0, 120)).toEqual([status, code]);
    }
    expect((await post({ name: 'once', base_url: team.baseUrl })).status).toBe(201);
    expect((await post({ name: 'ONCE', base_url: team.baseUrl })).body.error.code).toBe('CONFLICT');
    expect((await server.api.patch('/llm/providers/once', {}, admin.accessToken)).status).toBe(400);
    expect((await server.api.patch('/llm/providers/nowhere', { models: null }, admin.accessToken)).status).toBe(404);
    const listed = await server.api.get('/llm/providers', admin.accessToken);
    expect(listed.body.data.providers.map((provider: { name: string }) => provider.name)).toEqual(['lmstudio', 'second', 'once']);
  });
});
