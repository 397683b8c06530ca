// Regenerating a reply, editing a sent message and resending it, @file mentions and an editor
// selection: what the model receives, what the conversation keeps (the replaced messages go, with
// their search entries and token counts), and what each reply records of what was sent.
import { randomUUID } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStoreConsistency, type TChatEvent, type TMessage } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { sessionFiles } from '../support/session-files';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { chatClient, runChat, type ChatInput, type ChatOutcome } from '../support/chat-client';

const eventsOf = (outcome: ChatOutcome): TChatEvent[] => outcome.events.map((event) => event.data);

describe('chat: regenerate, edit and resend, mentions, selection', () => {
  const fake = useFakeLlmProvider();
  const server = useTestServer(() => ({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s' } }));

  async function setUp(): Promise<{ user: RegisteredUser; sessionId: string; id: string }> {
    const user = await registerUser(server.api);
    const sessionId = await createWorkspaceSession(server, user);
    const { body } = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Chat' },
      user.accessToken,
    );
    return { user, sessionId, id: body.data.conversation_id };
  }

  const messagesOf = async (user: RegisteredUser, id: string): Promise<TMessage[]> =>
    (await server.api.get(`/conversations/${id}/messages?limit=200`, user.accessToken)).body.data.messages;

  async function chat(user: RegisteredUser, input: ChatInput): Promise<ChatOutcome> {
    const outcome = await runChat(chatClient(server.url, { via: 'ticket', token: user.accessToken }), input);
    return outcome;
  }

  async function expectCountsConsistent(user: RegisteredUser, id: string) {
    const messages = await messagesOf(user, id);
    const conversation = (await server.api.get(`/conversations/${id}`, user.accessToken)).body.data;
    expect(conversation.message_count).toBe(messages.length);
    expect(conversation.token_count).toBe(messages.reduce((sum, message) => sum + message.token_count, 0));
  }

  const searchHits = async (user: RegisteredUser, word: string) =>
    (await server.api.get(`/conversations/search?q=${word}`, user.accessToken)).body.data.results.length as number;

  it('regenerates a reply: the old one goes, the model answers the same history again, the new reply takes its place', async () => {
    const { user, id } = await setUp();
    await chat(user, { conversation_id: id, content: 'first question', model: 'fake-ok' });
    await chat(user, { conversation_id: id, content: 'second question', model: 'fake-ok' });
    const before = await messagesOf(user, id);
    expect(before).toHaveLength(4);
    const requests = fake.completions.length;

    const outcome = await chat(user, {
      conversation_id: id,
      model: 'fake-no-usage',
      replace_from: { offset: 3, message_id: before[3]!.message_id },
    });
    expect(outcome.error).toBeUndefined();
    const events = eventsOf(outcome);
    expect(events[0]).toEqual({ type: 'replaced', from_offset: 3 });
    expect(events.some((event) => event.type === 'user_message')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'assistant_message', message: { model: 'fake-no-usage' } });
    // The model got the history up to the user's question, not the reply being replaced.
    expect(fake.completions.length).toBe(requests + 1);
    expect(fake.completions.at(-1)!.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'You said: first question' },
      { role: 'user', content: 'second question' },
    ]);
    const after = await messagesOf(user, id);
    expect(after).toHaveLength(4);
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after[3]!.message_id).not.toBe(before[3]!.message_id);
    expect(after[3]).toMatchObject({ role: 'Assistant', model: 'fake-no-usage', content: 'You said: second question' });
    await expectCountsConsistent(user, id);
  });

  it('edits a sent message and resends it: everything from it on is replaced, the search forgets the old words', async () => {
    const { user, id } = await setUp();
    await chat(user, { conversation_id: id, content: 'tell me about zebras', model: 'fake-ok' });
    await chat(user, { conversation_id: id, content: 'and their stripes', model: 'fake-ok' });
    expect(await searchHits(user, 'stripes')).toBe(2);
    const before = await messagesOf(user, id);

    const outcome = await chat(user, {
      conversation_id: id,
      content: 'tell me about okapis',
      model: 'fake-ok',
      replace_from: { offset: 0, message_id: before[0]!.message_id },
    });
    expect(outcome.error).toBeUndefined();
    const events = eventsOf(outcome);
    expect(events.slice(0, 2)).toMatchObject([
      { type: 'replaced', from_offset: 0 },
      { type: 'user_message', message: { role: 'User', content: 'tell me about okapis' } },
    ]);
    expect(fake.completions.at(-1)!.body.messages.slice(1)).toEqual([{ role: 'user', content: 'tell me about okapis' }]);
    const after = await messagesOf(user, id);
    expect(after.map((message) => message.content)).toEqual(['tell me about okapis', 'You said: tell me about okapis']);
    expect(await searchHits(user, 'stripes')).toBe(0);
    expect(await searchHits(user, 'zebras')).toBe(0);
    expect(await searchHits(user, 'okapis')).toBe(2);
    await expectCountsConsistent(user, id);
  });

  it('refuses a stale or wrong replacement, and changes nothing', async () => {
    const { user, id } = await setUp();
    await chat(user, { conversation_id: id, content: 'a question', model: 'fake-ok' });
    const [question, reply] = await messagesOf(user, id);
    const stranger = await registerUser(server.api);
    const requests = fake.completions.length;
    const cases: Array<[ChatInput, RegisteredUser, string]> = [
      // The message at the offset is another one (the conversation changed since the client read it).
      [
        { conversation_id: id, model: 'fake-ok', replace_from: { offset: 1, message_id: question!.message_id } },
        user,
        'CONFLICT',
      ],
      [{ conversation_id: id, model: 'fake-ok', replace_from: { offset: 7, message_id: reply!.message_id } }, user, 'CONFLICT'],
      // Regenerating a user's message, or editing a reply.
      [
        { conversation_id: id, model: 'fake-ok', replace_from: { offset: 0, message_id: question!.message_id } },
        user,
        'VALIDATION_ERROR',
      ],
      [
        { conversation_id: id, content: 'x', model: 'fake-ok', replace_from: { offset: 1, message_id: reply!.message_id } },
        user,
        'VALIDATION_ERROR',
      ],
      // Neither content nor a replacement; a negative offset; a bad id.
      [{ conversation_id: id, model: 'fake-ok' }, user, 'VALIDATION_ERROR'],
      [
        { conversation_id: id, model: 'fake-ok', replace_from: { offset: -1, message_id: reply!.message_id } },
        user,
        'VALIDATION_ERROR',
      ],
      [{ conversation_id: id, model: 'fake-ok', replace_from: { offset: 1, message_id: 'nope' } }, user, 'VALIDATION_ERROR'],
      // Another user's conversation.
      [
        { conversation_id: id, model: 'fake-ok', replace_from: { offset: 1, message_id: reply!.message_id } },
        stranger,
        'CONVERSATION_NOT_FOUND',
      ],
    ];
    for (const [input, who, code] of cases) {
      const outcome = await chat(who, input);
      expect(outcome.error?.data, JSON.stringify(input)).toMatchObject({ appCode: code });
    }
    expect(fake.completions.length).toBe(requests);
    expect(await messagesOf(user, id)).toEqual([question, reply]);

    // A reply that opens the conversation (added by hand) has nothing before it to answer.
    const other = await setUp();
    const added = await server.api.post(
      `/conversations/${other.id}/messages`,
      { role: 'Assistant', content: 'Hello!', model: 'm' },
      other.user.accessToken,
    );
    const opening = await chat(other.user, {
      conversation_id: other.id,
      model: 'fake-ok',
      replace_from: { offset: 0, message_id: added.body.data.message_id },
    });
    expect(opening.error?.data).toMatchObject({ appCode: 'VALIDATION_ERROR' });
    expect(await messagesOf(other.user, other.id)).toHaveLength(1);

    // Archived: nothing is replaced.
    await server.api.put(`/conversations/${id}`, { status: 'Archived' }, user.accessToken);
    const archived = await chat(user, {
      conversation_id: id,
      model: 'fake-ok',
      replace_from: { offset: 1, message_id: reply!.message_id },
    });
    expect(archived.error?.data).toMatchObject({ appCode: 'CONFLICT' });
    expect(await messagesOf(user, id)).toEqual([question, reply]);
  });

  it('sends @mentioned files first and the editor selection, and records on the reply what was sent', async () => {
    const { user, sessionId, id } = await setUp();
    const put = (path: string, content: string) =>
      server.api.put(`/sessions/${sessionId}/files/${path}`, { content }, user.accessToken);
    await put('src/auth.ts', 'export function login() {}\n');
    await put('src/open.ts', 'export const open = true;\n');
    await server.api.put(
      `/sessions/${sessionId}`,
      { editor_state: { open_files: ['src/open.ts'], active_file: 'src/open.ts', cursor_position: { line: 0, column: 0 } } },
      user.accessToken,
    );
    await chat(user, { conversation_id: id, content: 'earlier', model: 'fake-ok' });

    const outcome = await chat(user, {
      conversation_id: id,
      content: 'Why is @src/auth.ts empty?',
      model: 'fake-ok',
      mentions: ['src/auth.ts', '/src/auth.ts', 'nowhere.ts', '../../etc/passwd'],
      selection: { path: 'src/open.ts', start_line: 1, end_line: 1, text: 'export const open = true;' },
    });
    expect(outcome.error).toBeUndefined();
    const system = String(fake.completions.at(-1)!.body.messages[0]!.content);
    expect(system).toContain('The user asks about this selection, line 1 of src/open.ts:\n```\nexport const open = true;\n```');
    const mentioned = system.indexOf('### src/auth.ts (mentioned by the user)\n```\nexport function login() {}\n```');
    expect(mentioned).toBeGreaterThan(system.indexOf('selection'));
    expect(system.indexOf('### src/open.ts (the active file)')).toBeGreaterThan(mentioned);
    expect(system).not.toContain('root:x:0:0');

    const reply = eventsOf(outcome).at(-1)!;
    if (reply.type !== 'assistant_message') throw new Error(`expected the reply, got ${reply.type}`);
    expect(reply.message.sent_context).toEqual({
      files: ['src/auth.ts', 'src/open.ts'],
      left_out: [
        { path: 'nowhere.ts', reason: 'not found' },
        { path: '../../etc/passwd', reason: 'not found' },
      ],
      mentions: ['src/auth.ts', 'nowhere.ts', '../../etc/passwd'],
      selection: { path: 'src/open.ts', start_line: 1, end_line: 1 },
      history_messages: 2,
      system_tokens: expect.any(Number),
    });
    expect(reply.message.sent_context!.system_tokens).toBeGreaterThan(20);
    // Stored with the reply; user messages and hand-added messages carry none.
    const stored = await messagesOf(user, id);
    expect(stored.at(-1)!.sent_context).toEqual(reply.message.sent_context);
    expect(stored.filter((message) => message.role === 'User').every((message) => message.sent_context === null)).toBe(true);
  });

  it('never reads out of the workspace through a mention: links planted in the tree, dot segments, absolute paths', async () => {
    const files = await sessionFiles(server);
    const SECRET = `canary-${randomUUID()}`;
    await files.put('ok.txt', { content: 'inside\n' });
    // Beside the tree, in the session's own directory (where its checkpoints live).
    const outside = join(dirname(files.tree), 'outside-canary.txt');
    await writeFile(outside, SECRET);
    // What a terminal or the agent could plant: links out, relative and absolute, and a linked directory.
    await symlink(outside, join(files.tree, 'abs-link.txt'));
    await symlink('../outside-canary.txt', join(files.tree, 'rel-link.txt'));
    await mkdir(join(files.tree, 'dir'));
    await symlink(dirname(outside), join(files.tree, 'dir', 'up'));
    const { body } = await server.api.post(
      '/conversations',
      { workspace_session_id: files.sessionId, title: 'Escape' },
      files.user.accessToken,
    );
    const mentions = [
      'abs-link.txt',
      'rel-link.txt',
      'dir/up/outside-canary.txt',
      '../outside-canary.txt',
      '/../../outside-canary.txt',
      'ok.txt/../../outside-canary.txt',
      'ok.txt',
    ];
    const outcome = await chat(files.user, {
      conversation_id: body.data.conversation_id,
      content: 'read them',
      model: 'fake-ok',
      mentions,
    });
    expect(outcome.error).toBeUndefined();
    const system = String(fake.completions.at(-1)!.body.messages[0]!.content);
    expect(system).not.toContain(SECRET);
    expect(system).toContain('### ok.txt (mentioned by the user)');
    const reply = eventsOf(outcome).at(-1)!;
    if (reply.type !== 'assistant_message') throw new Error(`expected the reply, got ${reply.type}`);
    expect(reply.message.sent_context!.files).toEqual(['ok.txt']);
    expect(reply.message.sent_context!.left_out.map((file) => file.path)).toEqual(
      mentions.slice(0, -1).map((path) => path.replace(/^\/+/, '')),
    );
  });

  it('refuses bad mentions and selections before anything is recorded', async () => {
    const { user, id } = await setUp();
    const requests = fake.completions.length;
    const base = { conversation_id: id, content: 'hi', model: 'fake-ok' };
    for (const input of [
      { ...base, mentions: Array.from({ length: 11 }, (_, index) => `f${index}.ts`) },
      { ...base, mentions: [''] },
      { ...base, mentions: ['x'.repeat(5_000)] },
      { ...base, selection: { path: 'a.ts', start_line: 3, end_line: 2, text: 'x' } },
      { ...base, selection: { path: 'a.ts', start_line: 0, end_line: 2, text: 'x' } },
      { ...base, selection: { path: 'a.ts', start_line: 1, end_line: 2, text: '' } },
      { ...base, selection: { path: 'a.ts', start_line: 1, end_line: 2, text: 'x'.repeat(20_001) } },
      { ...base, selection: { path: '', start_line: 1, end_line: 1, text: 'x' } },
      { ...base, selection: { path: 'a.ts', start_line: 1, end_line: 1, text: 'x', extra: true } },
    ]) {
      const outcome = await chat(user, input as ChatInput);
      expect(outcome.error?.data, JSON.stringify(input).slice(0, 200)).toMatchObject({
        appCode: 'VALIDATION_ERROR',
        httpStatus: 400,
      });
    }
    expect(fake.completions.length).toBe(requests);
    expect(await messagesOf(user, id)).toHaveLength(0);
    // A missing conversation id stays a 404 with a replacement too.
    const missing = await chat(user, {
      conversation_id: randomUUID(),
      model: 'fake-ok',
      replace_from: { offset: 1, message_id: randomUUID() },
    });
    expect(missing.error?.data).toMatchObject({ appCode: 'CONVERSATION_NOT_FOUND' });
  });

  it('carries a message of the full 100,000 characters to the model (the turn’s input travels in its URL)', async () => {
    const { user, id } = await setUp();
    const content = 'é→"\n'.repeat(25_000);
    const outcome = await chat(user, { conversation_id: id, content, model: 'fake-ok' });
    expect(outcome.error).toBeUndefined();
    expect(eventsOf(outcome)[0]).toMatchObject({ type: 'user_message', message: { content } });
    expect(fake.completions.at(-1)!.body.messages.at(-1)).toEqual({ role: 'user', content });
  });

  it('leaves the store consistent after replacements', async () => {
    expect((await checkStoreConsistency(server.store)).problems).toEqual([]);
  });
});
