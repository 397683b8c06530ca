// Searching one's messages across conversations: every word must match (case and accents
// ignored), newest first, paged, with a snippet and the words marked; never another user's or
// tenant's messages; deleted conversations and sessions leave the index with them.
import { describe, expect, it } from 'vitest';
import { addColleague } from '../support/colleague';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';
import { createTenantScope } from '@coditect/api';
import { createWorkspaceSession } from '../support/workspace-session';

describe('conversations.search', () => {
  const server = useTestServer();

  async function conversationWith(user: RegisteredUser, title: string, messages: string[]) {
    const sessionId = await createWorkspaceSession(server, user);
    const created = await server.api.post('/conversations', { workspace_session_id: sessionId, title }, user.accessToken);
    const id = created.body.data.conversation_id as string;
    for (const content of messages) {
      const added = await server.api.post(`/conversations/${id}/messages`, { role: 'User', content }, user.accessToken);
      expect(added.status).toBe(201);
    }
    return { id, sessionId };
  }

  const search = (user: RegisteredUser, query: string) => server.api.get(`/conversations/search?${query}`, user.accessToken);

  it('finds messages holding every word, newest first, with a snippet and the words marked', async () => {
    const user = await registerUser(server.api);
    const parser = await conversationWith(user, 'Parser bugs', [
      'Why does the tokenizer drop comments?',
      'The lexer is fine; the tokenizer skips comments after a string literal.',
      'Unrelated: lunch at noon',
    ]);
    await conversationWith(user, 'Kitchen', ['Un café au lait, s’il vous plaît', 'The tokenizer of the coffee machine']);

    const found = await search(user, 'q=Tokenizer%20COMMENTS');
    expect(found.status).toBe(200);
    const results = found.body.data.results as Array<Record<string, any>>;
    expect(results.map((result) => [result.conversation_title, result.seq])).toEqual([
      ['Parser bugs', 1],
      ['Parser bugs', 0],
    ]);
    const [first] = results;
    expect(first).toMatchObject({ conversation_id: parser.id, role: 'User' });
    expect(first!.snippet).toBe('The lexer is fine; the tokenizer skips comments after a string literal.');
    expect(first!.highlights.map(({ start, end }: { start: number; end: number }) => first!.snippet.slice(start, end))).toEqual([
      'tokenizer',
      'comments',
    ]);
    // Accents and case do not matter.
    const coffee = (await search(user, 'q=CAFE')).body.data.results;
    expect(coffee.map((result: any) => result.snippet)).toEqual(['Un café au lait, s’il vous plaît']);
    expect(coffee[0].highlights).toEqual([{ start: 3, end: 7 }]);
    expect((await search(user, 'q=tokenizer%20giraffe')).body.data).toEqual({ results: [], next_cursor: null, truncated: false });
  });

  it('pages with a cursor, and refuses what is not a search', async () => {
    const user = await registerUser(server.api);
    await conversationWith(
      user,
      'Many',
      Array.from({ length: 7 }, (_, index) => `deploy number ${index}`),
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=deploy&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await search(user, query)).body.data;
      seen.push(...page.results.map((result: any) => result.seq));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);

    for (const [query, field] of [
      ['q=', 'q'],
      ['q=%20a%20', 'q'],
      ['q=deploy&cursor=bm9wZQ', 'cursor'],
      ['q=deploy&limit=51', 'limit'],
    ] as const) {
      const refused = await search(user, query);
      expect([refused.status, refused.body.error.code], query).toEqual([400, 'VALIDATION_ERROR']);
      expect(
        refused.body.error.details.map((issue: { path: string }) => issue.path),
        query,
      ).toContain(field);
    }
  });

  it('never finds another user’s or another tenant’s messages, and forgets deleted conversations and sessions', async () => {
    const owner = await registerUser(server.api);
    const colleague = await addColleague(server, owner.tenantId);
    const stranger = await registerUser(server.api);
    const mine = await conversationWith(owner, 'Mine', ['the zebrafish roadmap']);
    const other = await conversationWith(owner, 'Other', ['zebrafish again']);
    await conversationWith(colleague, 'Theirs', ['their zebrafish notes']);
    for (const [user, titles] of [
      [owner, ['Other', 'Mine']],
      [colleague, ['Theirs']],
      [stranger, []],
    ] as const) {
      const results = (await search(user, 'q=zebrafish')).body.data.results;
      expect(results.map((result: any) => result.conversation_title)).toEqual(titles);
    }
    expect((await server.api.delete(`/conversations/${mine.id}`, owner.accessToken)).status).toBe(200);
    expect((await server.api.delete(`/sessions/${other.sessionId}`, owner.accessToken)).status).toBe(200);
    expect((await search(owner, 'q=zebrafish')).body.data.results).toEqual([]);
    // Their postings are purged after the deletions (in steps, in the background): none is left.
    await server.searchPurger.purge();
    const postings = await createTenantScope(server.store, owner.tenantId).transact((tx) =>
      tx.getRange(['search', owner.userId]),
    );
    expect(postings).toEqual([]);
    expect((await search(colleague, 'q=zebrafish')).body.data.results.map((result: any) => result.conversation_title)).toEqual([
      'Theirs',
    ]);
  });
});
