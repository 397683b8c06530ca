// Server-side chat over SSE, end to end: the real tRPC client (httpSubscriptionLink) against the
// server, the server against a local fake provider speaking the OpenAI wire format.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStoreConsistency, type TChatEvent, type TMessage } from '@coditect/api';
import { testServer, useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { startFakeLlmProvider, useFakeLlmProvider } from '../support/fake-llm-provider';
import { chatClient, eventually, leaveChat, runChat, type ChatOutcome } from '../support/chat-client';

const eventsOf = (outcome: ChatOutcome): TChatEvent[] => outcome.events.map((event) => event.data);
const deltas = (outcome: ChatOutcome) =>
  eventsOf(outcome)
    .filter((event): event is Extract<TChatEvent, { type: 'delta' }> => event.type === 'delta')
    .map((event) => event.content)
    .join('');

describe('chat over SSE with an OpenAI-compatible provider', () => {
  const fake = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-test-key', LLM_TIMEOUT: '5s' } }));
  let api: RestClient;

  beforeAll(() => {
    api = server.api;
  });

  async function newConversation(): Promise<{ user: RegisteredUser; id: string }> {
    const user = await registerUser(api);
    const sessionId = await createWorkspaceSession(server, user);
    const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title: 'Chat' }, user.accessToken);
    return { user, id: body.data.conversation_id };
  }

  async function messagesOf(user: RegisteredUser, id: string): Promise<TMessage[]> {
    return (await api.get(`/conversations/${id}/messages?limit=200`, user.accessToken)).body.data.messages;
  }

  async function expectCountsConsistent(user: RegisteredUser, id: string) {
    const messages = await messagesOf(user, id);
    const conversation = (await api.get(`/conversations/${id}`, user.accessToken)).body.data;
    expect(conversation.message_count).toBe(messages.length);
    expect(conversation.token_count).toBe(messages.reduce((sum, message) => sum + message.token_count, 0));
  }

  it('records the user message, streams the reply, records it with the model and the provider’s usage', async () => {
    const { user, id } = await newConversation();
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const requestsBefore = fake.completions.length;
    const outcome = await runChat(client, {
      conversation_id: id,
      content: 'How should I split the auth module?',
      model: 'fake-ok',
      temperature: 0.2,
    });
    expect(outcome.error).toBeUndefined();

    const events = eventsOf(outcome);
    expect(events[0]).toMatchObject({
      type: 'user_message',
      message: { role: 'User', content: 'How should I split the auth module?', model: null },
    });
    expect(deltas(outcome)).toBe('You said: How should I split the auth module?');
    const last = events[events.length - 1]!;
    expect(last.type).toBe('assistant_message');
    if (last.type !== 'assistant_message') throw new Error('unreachable');
    expect(last.message).toMatchObject({
      role: 'Assistant',
      content: 'You said: How should I split the auth module?',
      model: 'fake-ok',
      interrupted: false,
    });
    // The fake counts 7 prompt tokens per message: the session's system message and the question.
    expect(last.usage).toEqual({ prompt_tokens: 14, completion_tokens: last.message.token_count });
    expect(last.message.token_count % 10).toBe(1); // the fake's usage figure, not a tokenizer count
    // Every event is tracked (an id for reconnects), ids unique.
    expect(new Set(outcome.events.map((event) => event.id)).size).toBe(outcome.events.length);

    // What the provider saw: the exact OpenAI request, with the key.
    const sent = fake.completions[requestsBefore]!;
    expect(sent.authorization).toBe('Bearer sk-test-key');
    expect(sent.body).toMatchObject({
      model: 'fake-ok',
      stream: true,
      temperature: 0.2,
      messages: [
        { role: 'system', content: expect.stringContaining('You are the assistant of a web IDE') },
        { role: 'user', content: 'How should I split the auth module?' },
      ],
    });

    const stored = await messagesOf(user, id);
    expect(stored.map((message) => [message.role, message.content])).toEqual([
      ['User', 'How should I split the auth module?'],
      ['Assistant', 'You said: How should I split the auth module?'],
    ]);
    expect(stored[1]).toEqual(last.message);
    await expectCountsConsistent(user, id);
  });

  it('sends the history within the context budget; counts the reply with the tokenizer when no usage comes', async () => {
    const { user, id } = await newConversation();
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    await api.post(`/conversations/${id}/messages`, { role: 'System', content: 'Answer briefly.' }, user.accessToken);
    await runChat(client, { conversation_id: id, content: 'first question', model: 'fake-ok' });
    const second = await runChat(client, { conversation_id: id, content: 'second question', model: 'fake-no-usage' });
    expect(second.error).toBeUndefined();
    expect(fake.completions[fake.completions.length - 1]!.body.messages.slice(1)).toEqual([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'You said: first question' },
      { role: 'user', content: 'second question' },
    ]);
    const reply = eventsOf(second).at(-1)!;
    if (reply.type !== 'assistant_message') throw new Error(`expected the assistant message, got ${reply.type}`);
    expect(reply.usage).toBeNull();
    // The same text added by hand gets the same (tokenizer) count.
    const control = await newConversation();
    const added = await api.post(
      `/conversations/${control.id}/messages`,
      { role: 'Assistant', content: 'You said: second question', model: 'x' },
      control.user.accessToken,
    );
    expect(reply.message.token_count).toBe(added.body.data.token_count);

    await runChat(client, { conversation_id: id, content: 'only me', model: 'fake-ok', max_context_tokens: 1 });
    expect(fake.completions[fake.completions.length - 1]!.body.messages.slice(1)).toEqual([{ role: 'user', content: 'only me' }]);
    await expectCountsConsistent(user, id);
  });

  it('tells the model about the session: its memory, the active and open files within the budget, what was left out', async () => {
    const user = await registerUser(api);
    const sessionId = await createWorkspaceSession(server, user);
    const put = (path: string, content: string) => api.put(`/sessions/${sessionId}/files/${path}`, { content }, user.accessToken);
    await put('src/app.ts', 'export const answer = 42;\n');
    await put('docs/notes.md', 'Use ``` fences carefully\n');
    await put('big.txt', 'word '.repeat(20_000));
    const updated = await api.put(
      `/sessions/${sessionId}`,
      {
        editor_state: {
          open_files: ['docs/notes.md', 'src/app.ts', 'big.txt', 'missing.ts', '../../../etc/passwd'],
          active_file: 'src/app.ts',
          cursor_position: { line: 0, column: 3 },
        },
        memory: { facts: { framework: 'fastify' }, decisions: ['No ORMs'] },
      },
      user.accessToken,
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title: 'Chat' }, user.accessToken);
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const outcome = await runChat(client, {
      conversation_id: body.data.conversation_id,
      content: 'What is the answer?',
      model: 'fake-ok',
    });
    expect(outcome.error).toBeUndefined();
    const system = String(fake.completions.at(-1)!.body.messages[0]!.content);
    expect(system).toContain('framework: "fastify"');
    expect(system).toContain('- No ORMs');
    // The active file first, with the cursor's line (1-based), then the other open files.
    expect(
      system.indexOf('### src/app.ts (the active file), cursor at line 1\n```\nexport const answer = 42;\n```'),
    ).toBeGreaterThan(0);
    expect(system.indexOf('### docs/notes.md')).toBeGreaterThan(system.indexOf('### src/app.ts'));
    // A fence inside a file does not end its block.
    expect(system).toContain('````\nUse ``` fences carefully\n````');
    expect(system).toContain('big.txt (over the context budget)');
    expect(system).toContain('missing.ts (not found)');
    expect(system).toContain('../../../etc/passwd (not found)');
    expect(system).not.toContain('root:x:0:0');
  });

  it('writes the conversation’s summary on request and after every 20 messages of chat', async () => {
    const { user, id } = await newConversation();
    const empty = await api.post(`/conversations/${id}/summary`, { model: 'fake-ok' }, user.accessToken);
    expect([empty.status, empty.body.error.code]).toEqual([409, 'CONFLICT']);
    for (let index = 0; index < 17; index += 1) {
      await api.post(`/conversations/${id}/messages`, { role: 'User', content: `note ${index}` }, user.accessToken);
    }
    const asked = await api.post(`/conversations/${id}/summary`, { model: 'fake-ok' }, user.accessToken);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    // The fake answers "You said: " and the last user message it was sent: the transcript.
    expect(asked.body.data.summary).toMatch(/^You said: User: note 0 User: note 1 /);
    const sent = fake.completions.at(-1)!.body;
    expect(sent.messages[0]!.content).toMatch(/^Summarise the conversation below/);
    const listed = await api.get(`/conversations?workspace_session_id=${asked.body.data.workspace_session_id}`, user.accessToken);
    expect(listed.body.data.conversations[0].summary).toBe(asked.body.data.summary);

    // 17 messages, then a turn's two make 19; the next turn passes 20 and writes a new summary.
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    await runChat(client, { conversation_id: id, content: 'first turn', model: 'fake-ok' });
    await runChat(client, { conversation_id: id, content: 'second turn', model: 'fake-ok' });
    const summary = await eventually(async () => {
      const conversation = (await api.get(`/conversations/${id}`, user.accessToken)).body.data;
      return conversation.summary.includes('second turn') ? conversation.summary : undefined;
    });
    expect(summary).toMatch(/^You said: .*Assistant: You said: second turn$/);
  });

  it('accepts the token as an Authorization header too; without a token the turn is refused and nothing is recorded', async () => {
    const { user, id } = await newConversation();
    const byHeader = await runChat(chatClient(server.url, { via: 'header', token: user.accessToken }), {
      conversation_id: id,
      content: 'hi',
      model: 'fake-ok',
    });
    expect(byHeader.error).toBeUndefined();
    expect(eventsOf(byHeader).at(-1)?.type).toBe('assistant_message');

    const requestsBefore = fake.completions.length;
    const anonymous = await runChat(chatClient(server.url, { via: 'none' }), {
      conversation_id: id,
      content: 'hi',
      model: 'fake-ok',
    });
    expect(anonymous.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED', httpStatus: 401 });
    const forged = await runChat(chatClient(server.url, { via: 'ticket', token: 'not-a-token' }), {
      conversation_id: id,
      content: 'hi',
      model: 'fake-ok',
    });
    expect(forged.error?.data).toMatchObject({ appCode: 'UNAUTHORIZED' });
    expect(fake.completions.length).toBe(requestsBefore);
    expect(await messagesOf(user, id)).toHaveLength(2);
  });

  it('closing the subscription aborts the upstream request and keeps the partial reply, marked interrupted', async () => {
    const { user, id } = await newConversation();
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const requestsBefore = fake.completions.length;
    // user_message + the two deltas the fake sends before holding the stream open.
    const left = await leaveChat(client, { conversation_id: id, content: 'tell me everything', model: 'fake-hold' }, 3);
    expect(deltas(left)).toBe('You said:');

    const upstream = fake.completions[requestsBefore]!;
    await upstream.closed; // the server hung up on the provider
    expect(upstream.finished).toBe(false);
    const stored = await eventually(async () => {
      const messages = await messagesOf(user, id);
      return messages.length === 2 ? messages : undefined;
    });
    expect(stored[1]).toMatchObject({ role: 'Assistant', content: 'You said:', model: 'fake-hold', interrupted: true });
    expect(stored[1]!.token_count).toBeGreaterThan(0);
    await expectCountsConsistent(user, id);
  });

  describe('provider failures: a clear error, the user message kept, no reply invented', () => {
    const cases: Array<[mode: string, message: RegExp, partial: string | null]> = [
      ['fake-http-500', /answered HTTP 500: The model crashed/, null],
      ['fake-empty', /finished without any reply text/, null],
      ['fake-disconnect', /closed the stream before the reply was finished|connection to the model provider broke/, 'You said:'],
      ['fake-garbage', /malformed stream/, 'You'],
      ['fake-error-event', /reported an error: Context length exceeded/, 'You'],
    ];
    for (const [model, message, partial] of cases) {
      it(`${model}`, async () => {
        const { user, id } = await newConversation();
        const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
        const outcome = await runChat(client, { conversation_id: id, content: 'broken stream', model });
        // The turn ends with an error event (a thrown 5xx would make the client replay the turn).
        expect(outcome.error).toBeUndefined();
        const events = eventsOf(outcome);
        expect(events[0]).toMatchObject({ type: 'user_message' });
        expect(events.some((event) => event.type === 'assistant_message')).toBe(false);
        const last = events.at(-1)!;
        if (last.type !== 'error') throw new Error(`expected an error event, got ${last.type}`);
        expect(last.code).toBe('SERVICE_UNAVAILABLE');
        expect(last.message).toMatch(message);
        const stored = await messagesOf(user, id);
        expect(stored[0]).toMatchObject({ role: 'User', content: 'broken stream' });
        if (partial === null) {
          expect(stored).toHaveLength(1);
          expect(last.partial_message).toBeNull();
        } else {
          // What the model did produce before the failure is its own words, kept and marked.
          expect(stored).toHaveLength(2);
          expect(stored[1]).toMatchObject({ role: 'Assistant', content: partial, interrupted: true });
          expect(last.partial_message).toEqual(stored[1]);
        }
        expect(fake.completions.filter((request) => request.body.messages.at(-1)?.content === 'broken stream')).toHaveLength(
          cases.findIndex(([mode]) => mode === model) + 1,
        );
        await expectCountsConsistent(user, id);
      });
    }
  });

  it('cuts a reply that outgrows the message limit, keeping it as an interrupted message', async () => {
    const { user, id } = await newConversation();
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const outcome = await runChat(client, { conversation_id: id, content: 'write a novel', model: 'fake-flood:150' });
    const last = eventsOf(outcome).at(-1)!;
    if (last.type !== 'error') throw new Error(`expected an error event, got ${last.type}`);
    expect(last.code).toBe('PAYLOAD_TOO_LARGE');
    expect(deltas(outcome)).toHaveLength(100_000);
    expect(last.partial_message).toMatchObject({ role: 'Assistant', interrupted: true });
    const stored = await messagesOf(user, id);
    expect(stored[1]!.content).toBe('x'.repeat(100_000));
    await expectCountsConsistent(user, id);
  });

  it('a slow start within the timeout is fine', async () => {
    const { user, id } = await newConversation();
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const outcome = await runChat(client, { conversation_id: id, content: 'take your time', model: 'fake-slow-start:400' });
    expect(outcome.error).toBeUndefined();
    expect(deltas(outcome)).toBe('You said: take your time');
  });

  it('refuses other users’ conversations, bad input, archived conversations and replays before calling the provider', async () => {
    const { user, id } = await newConversation();
    const stranger = await registerUser(api);
    const requestsBefore = fake.completions.length;
    const foreign = await runChat(chatClient(server.url, { via: 'ticket', token: stranger.accessToken }), {
      conversation_id: id,
      content: 'hi',
      model: 'fake-ok',
    });
    expect(foreign.error?.data).toMatchObject({ appCode: 'CONVERSATION_NOT_FOUND', httpStatus: 404 });
    const client = chatClient(server.url, { via: 'ticket', token: user.accessToken });
    const missing = await runChat(client, { conversation_id: randomUUID(), content: 'hi', model: 'fake-ok' });
    expect(missing.error?.data).toMatchObject({ appCode: 'CONVERSATION_NOT_FOUND' });
    for (const input of [
      { conversation_id: id, content: '', model: 'fake-ok' },
      { conversation_id: id, content: 'hi', model: ' ' },
      { conversation_id: id, content: 'hi', model: 'fake-ok', temperature: 3 },
      { conversation_id: 'nope', content: 'hi', model: 'fake-ok' },
    ]) {
      const invalid = await runChat(client, input);
      expect(invalid.error?.data, JSON.stringify(input)).toMatchObject({ appCode: 'VALIDATION_ERROR', httpStatus: 400 });
    }
    const replay = await runChat(client, { conversation_id: id, content: 'hi', model: 'fake-ok', lastEventId: 'x:1' });
    expect(replay.error?.data).toMatchObject({ appCode: 'CONFLICT' });
    await api.put(`/conversations/${id}`, { status: 'Archived' }, user.accessToken);
    const archived = await runChat(client, { conversation_id: id, content: 'hi', model: 'fake-ok' });
    expect(archived.error?.data).toMatchObject({ appCode: 'CONFLICT' });
    expect(fake.completions.length).toBe(requestsBefore);
    expect(await messagesOf(user, id)).toHaveLength(0);
  });

  it('leaves every conversation consistent: dense sequences, complete parts, counts equal to the messages’ sums', async () => {
    expect((await checkStoreConsistency(server.store)).problems).toEqual([]);
  });

  it('llm.models lists the provider’s models (REST and tRPC); provider trouble is a clear 503', async () => {
    const user = await registerUser(api);
    const listed = await api.get('/llm/models', user.accessToken);
    expect(listed.status).toBe(200);
    expect(listed.body.data.models).toEqual([
      { id: 'fake-ok', owned_by: 'fake-lab' },
      { id: 'fake-no-usage', owned_by: 'fake-lab' },
      { id: 'fake-hold', owned_by: 'fake-lab' },
    ]);
    const viaTrpc = await chatClient(server.url, { via: 'header', token: user.accessToken }).llm.models.query();
    expect(viaTrpc).toEqual(listed.body.data);
    expect((await api.get('/llm/models')).status).toBe(401);
    try {
      fake.modelsMode = 'http-500';
      const failed = await api.get('/llm/models', user.accessToken);
      expect(failed.status).toBe(503);
      expect(failed.body.error).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        message: 'The model provider answered HTTP 500: No models loaded',
      });
      fake.modelsMode = 'garbage';
      const garbled = await api.get('/llm/models', user.accessToken);
      expect(garbled.status).toBe(503);
      expect(garbled.body.error.message).toMatch(/malformed model list/);
    } finally {
      fake.modelsMode = 'ok';
    }
  });
});

describe('chat when the provider is slow or absent', () => {
  it('times out a provider that does not answer, and reports an unreachable one', async () => {
    const fake = await startFakeLlmProvider();
    const slow = await testServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '1s' } });
    // A port that was just free: nothing listens there.
    const absentProvider = await startFakeLlmProvider();
    const absentUrl = absentProvider.baseUrl;
    await absentProvider.close();
    const absent = await testServer({ env: { LLM_BASE_URL: absentUrl } });
    try {
      for (const [server, model, message] of [
        [slow, 'fake-slow-start:2500', /did not answer within 1 s/],
        [absent, 'fake-ok', /unreachable \(ECONNREFUSED\)/],
      ] as const) {
        const api = restClient(server.url);
        const user = await registerUser(api);
        const sessionId = await createWorkspaceSession(server, user);
        const { body } = await api.post('/conversations', { workspace_session_id: sessionId, title: 'T' }, user.accessToken);
        const id = body.data.conversation_id;
        const outcome = await runChat(chatClient(server.url, { via: 'ticket', token: user.accessToken }), {
          conversation_id: id,
          content: 'anyone there?',
          model,
        });
        expect(outcome.error).toBeUndefined();
        expect(eventsOf(outcome).at(-1)).toMatchObject({ type: 'error', code: 'SERVICE_UNAVAILABLE', partial_message: null });
        expect((eventsOf(outcome).at(-1) as { message: string }).message).toMatch(message);
        const stored = (await api.get(`/conversations/${id}/messages`, user.accessToken)).body.data.messages;
        expect(stored.map((m: TMessage) => m.role)).toEqual(['User']);
        const models = await api.get('/llm/models', user.accessToken);
        if (server === absent) expect(models.body.error.message).toMatch(/unreachable/);
      }
    } finally {
      await slow.close();
      await absent.close();
      await fake.close();
    }
  });
});
