import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock, useTestServer } from '../support/test-server';
import { registerUser, restClient, type RegisteredUser, type RestClient } from '../support/rest-client';
import { ISO_TIMESTAMP, UUID } from '../support/formats';

const FULL_STATE = {
  name: 'Updated Session Name',
  editor_state: {
    open_files: ['/src/main.rs', '/src/lib.rs'],
    active_file: '/src/lib.rs',
    cursor_position: { line: 100, column: 5 },
  },
  terminal_state: {
    open_terminals: [
      { id: 'term1', cwd: '/projects/my-app', command: 'bash' },
      { id: 'term2', cwd: '/projects/my-app', command: 'cargo watch' },
    ],
    active_terminal: 'term2',
  },
  breakpoints: [
    { file: '/src/main.rs', line: 10 },
    { file: '/src/lib.rs', line: 50 },
  ],
  context_files: ['/src/main.rs', '/src/lib.rs', '/cargo.toml'],
  memory: {
    facts: { language: 'Rust', framework: 'actix-web' },
    decisions: ['Use actix-web for API', 'Use FoundationDB for persistence'],
  },
  tags: ['rust', 'api', 'feature-x', 'database'],
};

describe('workspace sessions over REST', () => {
  const clock = manualClock();
  const server = useTestServer({ now: clock.now });
  let api: RestClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    api = restClient(server.url);
    user = await registerUser(api);
  });

  async function create(body: Record<string, unknown>, token = user.accessToken) {
    const { status, body: response } = await api.post('/sessions', body, token);
    expect(status).toBe(201);
    return response.data;
  }

  describe('create', () => {
    it('answers 201 with the new session, defaults and an ETag', async () => {
      const { status, body, headers } = await api.post(
        '/sessions',
        { workspace_path: '/projects/my-app', name: 'Feature Branch Session' },
        user.accessToken,
      );
      expect(status).toBe(201);
      expect(headers.get('etag')).toBe('"1"');
      expect(body.data).toEqual({
        session_id: expect.stringMatching(UUID),
        tenant_id: user.tenantId,
        user_id: user.userId,
        workspace_path: '/projects/my-app',
        name: 'Feature Branch Session',
        editor_state: { open_files: [], active_file: null, cursor_position: null },
        terminal_state: { open_terminals: [], active_terminal: null },
        breakpoints: [],
        conversation_id: null,
        context_files: [],
        memory: { facts: {}, decisions: [] },
        parent_session_id: null,
        related_sessions: [],
        tags: [],
        version: 1,
        created_at: expect.stringMatching(ISO_TIMESTAMP),
        updated_at: body.data.created_at,
        last_accessed_at: body.data.created_at,
      });
    });

    it('accepts an older client’s workspacePath and de-duplicates tags', async () => {
      const session = await create({
        name: 'My Project',
        workspacePath: '/workspace/projects/my-project',
        tags: ['a', 'b', 'a'],
      });
      expect(session.workspace_path).toBe('/workspace/projects/my-project');
      expect(session.tags).toEqual(['a', 'b']);
    });

    it.each([
      [{}],
      [{ name: '' }],
      [{ name: 'x'.repeat(201) }],
      [{ name: 'ok', workspace_path: 'p'.repeat(4097) }],
      [{ name: 'ok', tags: Array.from({ length: 33 }, (_, index) => `t${index}`) }],
      [{ name: 'ok', tags: ['x'.repeat(65)] }],
      [{ name: 'ok', tags: ['a,b'] }],
      [{ name: 'ok', editor_state: {} }],
      [{ name: 'ok', tenant_id: '00000000-0000-4000-8000-000000000000' }],
    ])('rejects %j with 400 and writes nothing', async (body) => {
      const before = await api.get('/sessions?limit=100', user.accessToken);
      const { status, body: response } = await api.post('/sessions', body, user.accessToken);
      expect(status).toBe(400);
      expect(response.error.code).toBe('VALIDATION_ERROR');
      const after = await api.get('/sessions?limit=100', user.accessToken);
      expect(after.body.data.count).toBe(before.body.data.count);
    });
  });

  describe('get', () => {
    it('returns the full documented state and marks last_accessed_at at most once a minute', async () => {
      const created = await create({ name: 'Full', workspace_path: '/projects/my-app' });
      await api.put(`/sessions/${created.session_id}`, FULL_STATE, user.accessToken);
      const first = await api.get(`/sessions/${created.session_id}`, user.accessToken);
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"2"');
      expect(first.body.data).toMatchObject({
        ...FULL_STATE,
        session_id: created.session_id,
        parent_session_id: null,
        related_sessions: [],
        version: 2,
      });
      clock.advance(30_000);
      const soon = await api.get(`/sessions/${created.session_id}`, user.accessToken);
      expect(soon.body.data.last_accessed_at).toBe(first.body.data.last_accessed_at);
      clock.advance(31_000);
      const later = await api.get(`/sessions/${created.session_id}`, user.accessToken);
      expect(Date.parse(later.body.data.last_accessed_at)).toBeGreaterThan(Date.parse(first.body.data.last_accessed_at) + 60_000);
      expect(later.body.data.version).toBe(2);
      expect(later.body.data.updated_at).toBe(first.body.data.updated_at);
    });

    it('answers 404 SESSION_NOT_FOUND for unknown ids and 400 for non-uuids', async () => {
      const missing = await api.get('/sessions/3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b', user.accessToken);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({
        code: 'SESSION_NOT_FOUND',
        message: 'Session not found: 3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
      });
      expect((await api.get('/sessions/not-a-uuid', user.accessToken)).status).toBe(400);
    });
  });

  describe('list', () => {
    it('pages the caller’s sessions, most recently updated first, with an opaque cursor', async () => {
      const owner = await registerUser(api);
      const ids: string[] = [];
      for (let index = 0; index < 7; index += 1) {
        clock.advance(5);
        ids.push((await create({ name: `s${index}` }, owner.accessToken)).session_id);
      }
      clock.advance(5);
      await api.put(`/sessions/${ids[2]}`, { name: 'touched' }, owner.accessToken);
      const expected = [ids[2], ids[6], ids[5], ids[4], ids[3], ids[1], ids[0]];

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
        const { status, body } = await api.get(`/sessions${query}`, owner.accessToken);
        expect(status).toBe(200);
        expect(body.data.count).toBe(body.data.sessions.length);
        seen.push(...body.data.sessions.map((session: { session_id: string }) => session.session_id));
        cursor = body.data.next_cursor;
      } while (cursor);
      expect(seen).toEqual(expected);

      const first = await api.get('/sessions', owner.accessToken);
      expect(first.body.data.sessions[0]).toEqual({
        session_id: ids[2],
        workspace_path: null,
        name: 'touched',
        tags: [],
        parent_session_id: null,
        version: 2,
        created_at: expect.stringMatching(ISO_TIMESTAMP),
        updated_at: expect.stringMatching(ISO_TIMESTAMP),
        last_accessed_at: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(first.body.data.next_cursor).toBeNull();
    });

    it('defaults to 20, caps at 100, rejects bad limits and cursors', async () => {
      const owner = await registerUser(api);
      for (let index = 0; index < 22; index += 1) await create({ name: `n${index}` }, owner.accessToken);
      const page = await api.get('/sessions', owner.accessToken);
      expect(page.body.data.count).toBe(20);
      expect(page.body.data.next_cursor).toEqual(expect.any(String));
      for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=%%%', '?cursor=bm9wZQ', '?extra=1']) {
        const { status, body } = await api.get(`/sessions${query}`, owner.accessToken);
        expect(status, query).toBe(400);
        expect(body.error.code).toBe('VALIDATION_ERROR');
      }
    });

    it('a cursor from another user yields nothing of theirs', async () => {
      const alice = await registerUser(api);
      const bob = await registerUser(api);
      for (let index = 0; index < 3; index += 1) await create({ name: `alice-${index}` }, alice.accessToken);
      await create({ name: 'bob-only' }, bob.accessToken);
      const alicePage = await api.get('/sessions?limit=1', alice.accessToken);
      const replayed = await api.get(`/sessions?limit=100&cursor=${alicePage.body.data.next_cursor}`, bob.accessToken);
      expect(replayed.status).toBe(200);
      for (const session of replayed.body.data.sessions) expect(session.name).not.toMatch(/^alice/);
    });
  });

  describe('update', () => {
    it('changes exactly the provided fields and reports them', async () => {
      const session = await create({ name: 'Original', workspace_path: '/w', tags: ['keep'] });
      const { status, body, headers } = await api.put(
        `/sessions/${session.session_id}`,
        { name: 'Renamed', memory: FULL_STATE.memory },
        user.accessToken,
      );
      expect(status).toBe(200);
      expect(headers.get('etag')).toBe('"2"');
      expect(body.data).toEqual({
        session_id: session.session_id,
        updated_at: expect.stringMatching(ISO_TIMESTAMP),
        fields_updated: ['name', 'memory'],
        version: 2,
      });
      const after = (await api.get(`/sessions/${session.session_id}`, user.accessToken)).body.data;
      expect(after).toMatchObject({
        name: 'Renamed',
        memory: FULL_STATE.memory,
        workspace_path: '/w',
        tags: ['keep'],
        version: 2,
      });
      expect(after.updated_at).toBe(body.data.updated_at);
      expect(after.last_accessed_at).toBe(body.data.updated_at);
    });

    it('a full update body updates every field it names', async () => {
      const session = await create({ name: 'All' });
      const conversation = await api.post(
        '/conversations',
        { workspace_session_id: session.session_id, title: 'C' },
        user.accessToken,
      );
      const full = { ...FULL_STATE, conversation_id: conversation.body.data.conversation_id };
      const { body } = await api.put(`/sessions/${session.session_id}`, full, user.accessToken);
      expect(body.data.fields_updated).toEqual([
        'name',
        'editor_state',
        'terminal_state',
        'breakpoints',
        'conversation_id',
        'context_files',
        'memory',
        'tags',
      ]);
    });

    it('links only the caller’s own conversation: a random or another user’s id is 404, and nothing is written', async () => {
      const session = await create({ name: 'Links' });
      const stranger = await registerUser(api);
      const theirSession = await api.post('/sessions', { name: 'Theirs' }, stranger.accessToken);
      const theirs = await api.post(
        '/conversations',
        { workspace_session_id: theirSession.body.data.session_id, title: 'T' },
        stranger.accessToken,
      );
      for (const conversationId of ['7d0b0c1e-3b8a-4f7e-9f6e-2c1d0a9b8c7d', theirs.body.data.conversation_id as string]) {
        const refused = await api.put(
          `/sessions/${session.session_id}`,
          { name: 'linked', conversation_id: conversationId },
          user.accessToken,
        );
        expect([refused.status, refused.body.error.code]).toEqual([404, 'CONVERSATION_NOT_FOUND']);
      }
      const after = (await api.get(`/sessions/${session.session_id}`, user.accessToken)).body.data;
      expect([after.name, after.conversation_id, after.version]).toEqual(['Links', null, 1]);
      const mine = await api.post('/conversations', { workspace_session_id: session.session_id, title: 'M' }, user.accessToken);
      const linked = await api.put(
        `/sessions/${session.session_id}`,
        { conversation_id: mine.body.data.conversation_id },
        user.accessToken,
      );
      expect(linked.status).toBe(200);
      expect((await api.put(`/sessions/${session.session_id}`, { conversation_id: null }, user.accessToken)).status).toBe(200);
    });

    it('a stale expected_version or If-Match is 409 CONFLICT with the current version, and writes nothing', async () => {
      const session = await create({ name: 'Versioned' });
      await api.put(`/sessions/${session.session_id}`, { name: 'v2' }, user.accessToken);
      const stale = await api.put(`/sessions/${session.session_id}`, { name: 'lost', expected_version: 1 }, user.accessToken);
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'CONFLICT', details: { current_version: 2 } });
      const staleHeader = await api.call('PUT', `/sessions/${session.session_id}`, {
        body: { name: 'lost' },
        token: user.accessToken,
        headers: { 'if-match': '"1"' },
      });
      expect(staleHeader.status).toBe(409);
      const fresh = await api.call('PUT', `/sessions/${session.session_id}`, {
        body: { name: 'v3' },
        token: user.accessToken,
        headers: { 'if-match': '"2"' },
      });
      expect(fresh.status).toBe(200);
      const after = (await api.get(`/sessions/${session.session_id}`, user.accessToken)).body.data;
      expect(after).toMatchObject({ name: 'v3', version: 3 });
    });

    it('If-Match: * asks only that the session exist: the update applies at any version', async () => {
      const session = await create({ name: 'Any version' });
      await api.put(`/sessions/${session.session_id}`, { name: 'v2' }, user.accessToken);
      const any = await api.call('PUT', `/sessions/${session.session_id}`, {
        body: { name: 'v3' },
        token: user.accessToken,
        headers: { 'if-match': '*' },
      });
      expect(any.status).toBe(200);
      expect(any.body.data.version).toBe(3);
      const missing = await api.call('PUT', `/sessions/${randomUUID()}`, {
        body: { name: 'nobody' },
        token: user.accessToken,
        headers: { 'if-match': '*' },
      });
      expect(missing.status).toBe(404);
    });

    it('two clients updating from the same version: exactly one wins', async () => {
      const session = await create({ name: 'Race' });
      const results = await Promise.all(
        ['left', 'right', 'middle'].map((name) =>
          api.put(`/sessions/${session.session_id}`, { name, expected_version: 1 }, user.accessToken),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 409, 409]);
      const after = (await api.get(`/sessions/${session.session_id}`, user.accessToken)).body.data;
      expect(after.version).toBe(2);
    });

    it.each([
      [
        {
          editor_state: {
            open_files: Array.from({ length: 501 }, (_, index) => `/f${index}`),
            active_file: null,
            cursor_position: null,
          },
        },
      ],
      [{ memory: { facts: { blob: 'x'.repeat(70_000) }, decisions: [] } }],
      [{ context_files: Array.from({ length: 60 }, () => 'p'.repeat(4000)) }],
      [{ breakpoints: [{ file: '/a', line: -1 }] }],
      [{ unknown_field: true }],
      [{ version: 99 }],
      [{ user_id: '00000000-0000-4000-8000-000000000000' }],
    ])('rejects %j with 400 and writes nothing', async (body) => {
      const session = await create({ name: 'Bounded' });
      const { status, body: response } = await api.put(`/sessions/${session.session_id}`, body, user.accessToken);
      expect(status).toBe(400);
      expect(response.error.code).toBe('VALIDATION_ERROR');
      const after = (await api.get(`/sessions/${session.session_id}`, user.accessToken)).body.data;
      expect(after.version).toBe(1);
    });
  });

  describe('fork', () => {
    it('copies the parent’s state into a child, applies overrides, leaves the parent untouched', async () => {
      const parent = await create({ name: 'Parent', workspace_path: '/projects/my-app' });
      await api.put(`/sessions/${parent.session_id}`, FULL_STATE, user.accessToken);
      const parentBefore = (await api.get(`/sessions/${parent.session_id}`, user.accessToken)).body.data;
      const { status, body } = await api.post(
        `/sessions/${parent.session_id}/fork`,
        { name: 'Feature X Branch', workspace_path: '/projects/my-app-feature-x' },
        user.accessToken,
      );
      expect(status).toBe(201);
      const child = body.data;
      expect(child.session_id).not.toBe(parent.session_id);
      expect(child).toMatchObject({
        parent_session_id: parent.session_id,
        name: 'Feature X Branch',
        workspace_path: '/projects/my-app-feature-x',
        editor_state: FULL_STATE.editor_state,
        terminal_state: FULL_STATE.terminal_state,
        breakpoints: FULL_STATE.breakpoints,
        context_files: FULL_STATE.context_files,
        memory: FULL_STATE.memory,
        tags: FULL_STATE.tags,
        conversation_id: null,
        version: 1,
      });
      const parentAfter = (await api.get(`/sessions/${parent.session_id}`, user.accessToken)).body.data;
      expect(parentAfter).toEqual(parentBefore);
      await api.put(`/sessions/${child.session_id}`, { tags: ['child-only'] }, user.accessToken);
      expect((await api.get(`/sessions/${parent.session_id}`, user.accessToken)).body.data.tags).toEqual(FULL_STATE.tags);
    });

    it('without overrides keeps the parent’s path and names the child after it', async () => {
      const parent = await create({ name: 'Base', workspace_path: '/base' });
      const { body } = await api.post(`/sessions/${parent.session_id}/fork`, undefined, user.accessToken);
      expect(body.data).toMatchObject({ name: 'Base (fork)', workspace_path: '/base', parent_session_id: parent.session_id });
    });
  });

  describe('related', () => {
    it('ranks the caller’s sessions by Jaccard overlap, then recency, and is not captured by /sessions/:id', async () => {
      const owner = await registerUser(api);
      const make = async (name: string, tags: string[]) => {
        clock.advance(10);
        return (await create({ name, tags }, owner.accessToken)).session_id;
      };
      const exact = await make('exact', ['rust', 'api', 'feature-x']);
      const twoOfFour = await make('two-of-four', ['rust', 'api', 'refactor', 'x']);
      const twoOfThreeOld = await make('two-of-three-old', ['rust', 'api', 'testing']);
      const twoOfThreeNew = await make('two-of-three-new', ['rust', 'api', 'docs']);
      await make('unrelated', ['python']);
      const other = await registerUser(api);
      await create({ name: 'someone else', tags: ['rust', 'api', 'feature-x'] }, other.accessToken);

      const { status, body } = await api.get('/sessions/related?tags=rust,api,feature-x', owner.accessToken);
      expect(status).toBe(200);
      expect(body.data.query_tags).toEqual(['rust', 'api', 'feature-x']);
      expect(body.data.sessions.map((session: { session_id: string }) => session.session_id)).toEqual([
        exact,
        twoOfThreeNew,
        twoOfThreeOld,
        twoOfFour,
      ]);
      expect(body.data.sessions.map((session: { relevance_score: number }) => session.relevance_score)).toEqual([
        1, 0.5, 0.5, 0.4,
      ]);
      expect(body.data.count).toBe(4);
      expect(Object.keys(body.data.sessions[0]).sort()).toEqual([
        'last_accessed_at',
        'name',
        'relevance_score',
        'session_id',
        'tags',
        'workspace_path',
      ]);

      const limited = await api.get('/sessions/related?tags=rust&limit=2', owner.accessToken);
      expect(limited.body.data.count).toBe(2);
    });

    it('requires tags; limit defaults to 10 and is capped at 50', async () => {
      expect((await api.get('/sessions/related', user.accessToken)).status).toBe(400);
      expect((await api.get('/sessions/related?tags=', user.accessToken)).status).toBe(400);
      expect((await api.get('/sessions/related?tags=a&limit=51', user.accessToken)).status).toBe(400);
      const owner = await registerUser(api);
      for (let index = 0; index < 12; index += 1) await create({ name: `r${index}`, tags: ['common'] }, owner.accessToken);
      expect((await api.get('/sessions/related?tags=common', owner.accessToken)).body.data.count).toBe(10);
    });

    it('follows tag changes and deletions', async () => {
      const owner = await registerUser(api);
      const session = await create({ name: 'moving', tags: ['old'] }, owner.accessToken);
      await api.put(`/sessions/${session.session_id}`, { tags: ['new'] }, owner.accessToken);
      expect((await api.get('/sessions/related?tags=old', owner.accessToken)).body.data.count).toBe(0);
      expect((await api.get('/sessions/related?tags=new', owner.accessToken)).body.data.count).toBe(1);
      await api.delete(`/sessions/${session.session_id}`, owner.accessToken);
      expect((await api.get('/sessions/related?tags=new', owner.accessToken)).body.data.count).toBe(0);
    });
  });

  describe('delete', () => {
    it('removes the session and its index entries', async () => {
      const owner = await registerUser(api);
      const session = await create({ name: 'Doomed', tags: ['gone'] }, owner.accessToken);
      const { status, body } = await api.delete(`/sessions/${session.session_id}`, owner.accessToken);
      expect(status).toBe(200);
      expect(body).toEqual({ success: true, message: 'Session deleted successfully' });
      expect((await api.get(`/sessions/${session.session_id}`, owner.accessToken)).status).toBe(404);
      expect((await api.get('/sessions', owner.accessToken)).body.data.count).toBe(0);
      expect((await api.delete(`/sessions/${session.session_id}`, owner.accessToken)).status).toBe(404);
    });
  });
});
