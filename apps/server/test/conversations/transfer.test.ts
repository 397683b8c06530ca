// Exporting a conversation as Markdown and JSON, and importing the JSON as a new conversation:
// the round trip keeps every message (role, content, model, time, interrupted), the imported
// messages are searchable, and nothing crosses users or takes malformed input.
import { describe, expect, it } from 'vitest';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { createWorkspaceSession } from '../support/workspace-session';

describe('conversation export and import', () => {
  const server = useTestServer();

  async function download(user: RegisteredUser, path: string) {
    const response = await fetch(`${server.url}/api/v5${path}`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    return { response, text: await response.text() };
  }

  async function conversationOf(user: RegisteredUser) {
    const sessionId = await createWorkspaceSession(server, user);
    const created = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Parser: comments?', description: 'Tracking the lexer bug', tags: ['parser'] },
      user.accessToken,
    );
    const id = created.body.data.conversation_id as string;
    const messages = [
      { role: 'System', content: 'Answer briefly.' },
      { role: 'User', content: 'Why does the tokenizer drop `// comments`?' },
      { role: 'Assistant', content: '```ts\nskipComment();\n```\nIt skips them on purpose.', model: 'gpt-4o-mini' },
    ];
    for (const message of messages) {
      expect((await server.api.post(`/conversations/${id}/messages`, message, user.accessToken)).status).toBe(201);
    }
    return { id, sessionId };
  }

  it('exports a readable Markdown transcript as an attachment', async () => {
    const user = await registerUser(server.api);
    const { id } = await conversationOf(user);
    const { response, text } = await download(user, `/conversations/${id}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Parser-comments\.md"/);
    expect(text).toMatch(
      /^# Parser: comments\?\n\n> Tracking the lexer bug\n\n_3 messages, \d+ tokens, started .+, tagged parser_\n\n/,
    );
    expect(text).toContain('## User · ');
    expect(text).toContain('## Assistant (gpt-4o-mini) · ');
    expect(text).toContain('```ts\nskipComment();\n```\nIt skips them on purpose.');
  });

  it('round-trips through JSON into a new conversation whose messages are the same and searchable', async () => {
    const user = await registerUser(server.api);
    const { id } = await conversationOf(user);
    const exported = await download(user, `/conversations/${id}/export?format=json`);
    expect(exported.response.headers.get('content-type')).toBe('application/json');
    const body = JSON.parse(exported.text);
    expect(body).toMatchObject({
      format: 'coditect.conversation',
      version: 1,
      conversation: { title: 'Parser: comments?', tags: ['parser'] },
    });
    expect(body.messages.map((message: any) => message.role)).toEqual(['System', 'User', 'Assistant']);

    const target = await createWorkspaceSession(server, user);
    const imported = await server.api.post(
      '/conversations/import',
      { workspace_session_id: target, conversation: body },
      user.accessToken,
    );
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.data).toMatchObject({ workspace_session_id: target, title: 'Parser: comments?', message_count: 3 });
    const newId = imported.body.data.conversation_id as string;
    expect(newId).not.toBe(id);
    const again = JSON.parse((await download(user, `/conversations/${newId}/export?format=json`)).text);
    expect(again.messages).toEqual(body.messages);
    const original = (await server.api.get(`/conversations/${id}`, user.accessToken)).body.data;
    expect(imported.body.data.token_count).toBe(original.token_count);
    const found = (await server.api.get('/conversations/search?q=tokenizer', user.accessToken)).body.data.results;
    expect(found.map((result: any) => result.conversation_id).sort()).toEqual([id, newId].sort());
  });

  it('refuses another user’s conversation or session, and malformed transcripts, changing nothing', async () => {
    const owner = await registerUser(server.api);
    const stranger = await registerUser(server.api);
    const { id } = await conversationOf(owner);
    const theirs = await download(stranger, `/conversations/${id}/export`);
    expect([theirs.response.status, JSON.parse(theirs.text).error.code]).toEqual([404, 'CONVERSATION_NOT_FOUND']);
    const body = JSON.parse((await download(owner, `/conversations/${id}/export?format=json`)).text);
    const strangerSession = await createWorkspaceSession(server, stranger);
    const intoTheirs = await server.api.post(
      '/conversations/import',
      { workspace_session_id: strangerSession, conversation: body },
      owner.accessToken,
    );
    expect([intoTheirs.status, intoTheirs.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
    const mine = await createWorkspaceSession(server, owner);
    for (const broken of [
      { ...body, format: 'other' },
      { ...body, version: 2 },
      {
        ...body,
        messages: [{ role: 'Robot', content: 'x', model: null, interrupted: false, created_at: body.messages[0].created_at }],
      },
      { ...body, messages: [{ ...body.messages[0], extra: true }] },
    ]) {
      const refused = await server.api.post(
        '/conversations/import',
        { workspace_session_id: mine, conversation: broken },
        owner.accessToken,
      );
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
    const badFormat = await download(owner, `/conversations/${id}/export?format=pdf`);
    expect(badFormat.response.status).toBe(400);
    const listed = await server.api.get(`/conversations?workspace_session_id=${mine}`, owner.accessToken);
    expect(listed.body.data.conversations).toEqual([]);
  });
});
