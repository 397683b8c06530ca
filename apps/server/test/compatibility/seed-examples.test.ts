// Every request example of seeds 000 and 003, sent as written to the REST shim, gets the documented
// response shape. Only placeholders are filled in: ids from earlier rows ("uuid", "new_uuid"), real
// tokens where the example says "jwt..." (the literal "jwt..." is also sent once, and gets the
// documented error envelope). Seed 003's responses differ from seed 000's; the API follows 000 (docs/api-rules.md),
// so 003's requests are checked against 000's response for the same operation.
//
// A row whose route is not served on this branch yet is skipped, saying so in its name; it runs as
// soon as the route appears in the route table (the rows are written against the seeds, not code).
import { describe, expect, it } from 'vitest';
import { apiContract } from '@coditect/api';
import { RouteTable } from '../../src/rest/route-table';
import { useTestServer } from '../support/test-server';
import { expectDocumentedShape } from './documented-shape';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Context {
  ids: Record<string, string>;
  tokens: Record<string, string>;
}

interface Row {
  /** Method and path as the seed writes them (":id" / "{sessionId}" for ids). */
  request: `${Method} ${string}`;
  note?: string;
  /** The URL actually sent: the seed's path with ids filled in. */
  url?: (ctx: Context) => string;
  body?: Record<string, unknown> | ((ctx: Context) => Record<string, unknown>);
  /** Objects the row's placeholders must name for real (sent before the row). */
  prepare?: (ctx: Context, server: { url: string }) => Promise<void>;
  /** Which token to send (Authorization: Bearer), by name in ctx.tokens. */
  as?: string;
  status: number;
  /** The response example of the seed (or the error envelope of docs/api-rules.md). */
  documented: unknown;
  check?: (body: any, ctx: Context) => void;
}

const servedRoutes = new RouteTable(apiContract);

/** The shim's route for a seed request line, e.g. "PUT /api/v5/sessions/:id". */
function isServed(request: string): boolean {
  const [method, seedPath] = request.split(' ') as [Method, string];
  const samplePath = seedPath
    .replace(/^\/api\/v5/, '')
    .replace(/^\/v5/, '')
    .replace(/\?.*$/, '')
    .replace(/(:id|\{sessionId\})/g, '5b0a6a3e-1c2d-4e3f-8a9b-0c1d2e3f4a5b')
    .replace(':category', 'editor')
    .replace(':key', 'theme');
  return servedRoutes.lookup(method, samplePath).kind === 'found';
}

const error = (code: string) => ({ success: false, error: { code, message: 'text' } });

const SESSION_UPDATE_BODY = {
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
  conversation_id: 'new_uuid',
  context_files: ['/src/main.rs', '/src/lib.rs', '/cargo.toml'],
  memory: {
    facts: { language: 'Rust', framework: 'actix-web' },
    decisions: ['Use actix-web for API', 'Use FoundationDB for persistence'],
  },
  tags: ['rust', 'api', 'feature-x', 'database'],
};

const TOKENS_EXAMPLE = {
  access_token: 'jwt...',
  refresh_token: 'jwt...',
  expires_at: '2025-10-14T13:00:00Z',
  refresh_expires_at: '2025-11-13T12:00:00Z',
};

const REGISTER_RESPONSE = {
  success: true,
  data: {
    user: {
      user_id: 'uuid',
      tenant_id: 'uuid',
      email: 'user@example.com',
      first_name: 'John',
      last_name: 'Doe',
      role: 'Admin',
      created_at: '2025-10-14T12:00:00Z',
    },
    tokens: TOKENS_EXAMPLE,
  },
};

const LOGIN_RESPONSE = {
  success: true,
  data: {
    user: { user_id: 'uuid', tenant_id: 'uuid', email: 'user@example.com', full_name: 'John Doe', role: 'Admin' },
    tokens: TOKENS_EXAMPLE,
  },
};

const SESSION_CREATED = {
  success: true,
  data: {
    session_id: 'uuid',
    workspace_path: '/projects/my-app',
    name: 'Feature Branch Session',
    created_at: '2025-10-14T12:00:00Z',
  },
};

const SESSION_LIST = {
  success: true,
  data: {
    sessions: [
      {
        session_id: 'uuid',
        workspace_path: '/projects/my-app',
        name: 'Feature Branch Session',
        created_at: '2025-10-14T12:00:00Z',
        updated_at: '2025-10-14T12:30:00Z',
      },
    ],
    count: 1,
  },
};

const SESSION_FULL = {
  success: true,
  data: {
    session_id: 'uuid',
    tenant_id: 'uuid',
    user_id: 'uuid',
    workspace_path: '/projects/my-app',
    name: 'Feature Branch Session',
    editor_state: { open_files: ['/src/main.rs'], active_file: '/src/main.rs', cursor_position: { line: 42, column: 10 } },
    terminal_state: { open_terminals: [{ id: 'term1', cwd: '/projects/my-app', command: 'bash' }], active_terminal: 'term1' },
    breakpoints: [{ file: '/src/main.rs', line: 10 }],
    conversation_id: 'uuid',
    context_files: ['/src/main.rs', '/cargo.toml'],
    memory: { facts: { language: 'Rust' }, decisions: ['Use actix-web for API'] },
    parent_session_id: null,
    related_sessions: [],
    tags: ['rust', 'api', 'feature-x'],
    created_at: '2025-10-14T12:00:00Z',
    updated_at: '2025-10-14T12:30:00Z',
    last_accessed_at: '2025-10-14T12:30:00Z',
  },
};

const CONVERSATION = {
  conversation_id: 'uuid',
  workspace_session_id: 'uuid',
  user_id: 'uuid',
  title: 'Backend Refactoring Discussion',
  description: 'Discussing how to refactor auth module',
  ai_provider: 'lmstudio',
  status: 'Active',
  message_count: 0,
  token_count: 0,
  tags: ['backend', 'refactor', 'auth'],
  created_at: '2025-10-14T12:00:00Z',
};

const MESSAGE = {
  message_id: 'uuid',
  conversation_id: 'uuid',
  role: 'User',
  content: 'How should I split the auth module?',
  model: null,
  token_count: 8,
  created_at: '2025-10-14T14:00:00Z',
};

const seed000: Row[] = [
  {
    request: 'POST /api/v5/auth/register',
    body: { email: 'user@example.com', password: 'SecureP@ssw0rd!', first_name: 'John', last_name: 'Doe' },
    status: 201,
    documented: REGISTER_RESPONSE,
    check: (body, ctx) => {
      expect(body.data.user).toMatchObject({ email: 'user@example.com', first_name: 'John', last_name: 'Doe', role: 'Admin' });
      ctx.tokens.registered = body.data.tokens.access_token;
    },
  },
  {
    request: 'POST /api/v5/auth/login',
    body: { email: 'user@example.com', password: 'SecureP@ssw0rd!' },
    status: 200,
    documented: LOGIN_RESPONSE,
    check: (body, ctx) => {
      expect(body.data.user).toMatchObject({ full_name: 'John Doe', role: 'Admin' });
      ctx.tokens.user = body.data.tokens.access_token;
      ctx.tokens.refresh = body.data.tokens.refresh_token;
    },
  },
  {
    request: 'POST /api/v5/auth/refresh',
    note: 'the literal placeholder "jwt..."',
    body: { refresh_token: 'jwt...' },
    status: 401,
    documented: error('UNAUTHORIZED'),
  },
  {
    request: 'POST /api/v5/auth/refresh',
    note: 'with the refresh token from login',
    body: (ctx) => ({ refresh_token: ctx.tokens.refresh }),
    status: 200,
    documented: {
      success: true,
      data: {
        access_token: 'new_jwt...',
        refresh_token: 'new_refresh_jwt...',
        expires_at: '2025-10-14T13:00:00Z',
        refresh_expires_at: '2025-11-13T12:00:00Z',
      },
    },
    check: (body, ctx) => {
      ctx.tokens.user = body.data.access_token;
    },
  },
  {
    request: 'POST /api/v5/sessions',
    as: 'user',
    body: { workspace_path: '/projects/my-app', name: 'Feature Branch Session' },
    status: 201,
    documented: SESSION_CREATED,
    check: (body, ctx) => {
      expect(body.data).toMatchObject({ workspace_path: '/projects/my-app', name: 'Feature Branch Session' });
      ctx.ids.session = body.data.session_id;
    },
  },
  {
    request: 'GET /api/v5/sessions',
    as: 'user',
    status: 200,
    documented: SESSION_LIST,
    check: (body) => expect(body.data.count).toBe(1),
  },
  {
    request: 'GET /api/v5/sessions?limit=20',
    as: 'user',
    status: 200,
    documented: SESSION_LIST,
  },
  {
    request: 'PUT /api/v5/sessions/:id',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    // The seed's conversation id is a placeholder; a session may only point at its owner's own.
    prepare: async (ctx, server) => {
      const created = await fetch(`${server.url}/api/v5/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.tokens.user}` },
        body: JSON.stringify({ workspace_session_id: ctx.ids.session, title: 'Linked' }),
      });
      ctx.ids.linkedConversation = ((await created.json()) as { data: { conversation_id: string } }).data.conversation_id;
    },
    body: (ctx) => ({ ...SESSION_UPDATE_BODY, conversation_id: ctx.ids.linkedConversation }),
    status: 200,
    documented: {
      success: true,
      data: {
        session_id: 'uuid',
        updated_at: '2025-10-14T12:35:00Z',
        fields_updated: ['name', 'editor_state', 'terminal_state', 'memory', 'tags'],
      },
    },
    // Exactly the provided fields (the seed's example lists five of the nine it sent).
    check: (body) => expect([...body.data.fields_updated].sort()).toEqual(Object.keys(SESSION_UPDATE_BODY).sort()),
  },
  {
    request: 'GET /api/v5/sessions/:id',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    status: 200,
    documented: SESSION_FULL,
    check: (body) =>
      expect(body.data).toMatchObject({ name: 'Updated Session Name', breakpoints: SESSION_UPDATE_BODY.breakpoints }),
  },
  {
    request: 'POST /api/v5/sessions/:id/fork',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}/fork`,
    body: { name: 'Feature X Branch', workspace_path: '/projects/my-app-feature-x' },
    status: 201,
    documented: {
      success: true,
      data: {
        session_id: 'new_uuid',
        parent_session_id: 'parent_uuid',
        workspace_path: '/projects/my-app-feature-x',
        name: 'Feature X Branch',
        editor_state: {},
        terminal_state: {},
        memory: {},
        created_at: '2025-10-14T12:40:00Z',
      },
    },
    check: (body, ctx) => {
      expect(body.data.parent_session_id).toBe(ctx.ids.session);
      expect(body.data.memory).toEqual(SESSION_UPDATE_BODY.memory);
    },
  },
  {
    request: 'GET /api/v5/sessions/related?tags=rust,api,feature-x&limit=10',
    as: 'user',
    status: 200,
    documented: {
      success: true,
      data: {
        sessions: [
          {
            session_id: 'uuid1',
            name: 'Backend Refactor',
            workspace_path: '/projects/my-app',
            tags: ['rust', 'api', 'refactor'],
            relevance_score: 0.85,
            last_accessed_at: '2025-10-14T10:00:00Z',
          },
        ],
        count: 2,
        query_tags: ['rust', 'api', 'feature-x'],
      },
    },
    check: (body) => {
      expect(body.data.count).toBe(2); // the session and its fork share the tags
      expect(body.data.query_tags).toEqual(['rust', 'api', 'feature-x']);
    },
  },
  {
    request: 'POST /api/v5/conversations',
    as: 'user',
    body: (ctx) => ({
      workspace_session_id: ctx.ids.session,
      title: 'Backend Refactoring Discussion',
      description: 'Discussing how to refactor auth module',
      ai_provider: 'lmstudio',
      tags: ['backend', 'refactor', 'auth'],
    }),
    status: 201,
    documented: { success: true, data: CONVERSATION },
    check: (body, ctx) => {
      expect(body.data).toMatchObject({ status: 'Active', message_count: 0, token_count: 0 });
      ctx.ids.conversation = body.data.conversation_id;
    },
  },
  {
    request: 'POST /api/v5/conversations/:id/messages',
    as: 'user',
    url: (ctx) => `/api/v5/conversations/${ctx.ids.conversation}/messages`,
    body: { role: 'User', content: 'How should I split the auth module?', model: null },
    status: 201,
    documented: { success: true, data: MESSAGE },
  },
  {
    request: 'GET /api/v5/conversations/:id',
    as: 'user',
    url: (ctx) => `/api/v5/conversations/${ctx.ids.conversation}`,
    status: 200,
    documented: {
      success: true,
      data: {
        ...CONVERSATION,
        message_count: 25,
        token_count: 12500,
        related_conversations: ['uuid1', 'uuid2'],
        // The seed shows a written summary; until something writes one it is null.
        summary: null,
        updated_at: '2025-10-14T14:00:00Z',
      },
    },
    check: (body) => {
      expect(body.data.message_count).toBe(1);
      expect(body.data.messages).toBeUndefined();
    },
  },
  {
    request: 'GET /api/v5/conversations/:id/messages?offset=0&limit=50',
    as: 'user',
    url: (ctx) => `/api/v5/conversations/${ctx.ids.conversation}/messages?offset=0&limit=50`,
    status: 200,
    documented: {
      success: true,
      data: { messages: [MESSAGE], total_count: 25, offset: 0, limit: 50, has_more: false },
    },
    check: (body) => expect(body.data).toMatchObject({ total_count: 1, offset: 0, limit: 50, has_more: false }),
  },
  {
    request: 'GET /api/v5/users/me',
    as: 'user',
    status: 200,
    documented: {
      success: true,
      data: {
        user_id: 'uuid',
        tenant_id: 'uuid',
        email: 'user@example.com',
        first_name: 'John',
        last_name: 'Doe',
        full_name: 'John Doe',
        role: 'Admin',
        is_active: true,
        email_verified: true,
        last_login_at: '2025-10-14T12:00:00Z',
        created_at: '2025-10-01T10:00:00Z',
        updated_at: '2025-10-14T12:00:00Z',
      },
    },
    check: (body) => expect(body.data.password_hash).toBeUndefined(),
  },
  {
    request: 'PUT /api/v5/users/me',
    as: 'user',
    body: { first_name: 'Jane', last_name: 'Smith' },
    status: 200,
    documented: {
      success: true,
      data: {
        user_id: 'uuid',
        email: 'user@example.com',
        first_name: 'Jane',
        last_name: 'Smith',
        full_name: 'Jane Smith',
        updated_at: '2025-10-14T14:05:00Z',
      },
    },
    check: (body) => expect(body.data.full_name).toBe('Jane Smith'),
  },
  {
    request: 'PUT /api/v5/users/me/password',
    note: 'current password not the account’s',
    as: 'user',
    body: { current_password: 'OldP@ssw0rd!', new_password: 'NewP@ssw0rd!' },
    status: 401,
    documented: { success: false, error: { code: 'INVALID_PASSWORD', message: 'Current password is incorrect' } },
    check: (body) => expect(body.error).toEqual({ code: 'INVALID_PASSWORD', message: 'Current password is incorrect' }),
  },
  {
    request: 'PUT /api/v5/settings/:category/:key',
    as: 'user',
    url: () => '/api/v5/settings/editor/theme',
    body: { value: 'dark' },
    status: 200,
    documented: { success: true, data: { category: 'editor', key: 'theme', value: 'dark', updated_at: '2025-10-14T14:10:00Z' } },
  },
  {
    request: 'GET /api/v5/settings',
    as: 'user',
    status: 200,
    documented: { success: true, data: { editor: { theme: 'dark' } } },
  },
  {
    request: 'GET /api/v5/settings?category=editor',
    as: 'user',
    status: 200,
    documented: { success: true, data: { editor: { theme: 'dark' } } },
  },
  {
    request: 'DELETE /api/v5/settings/:category/:key',
    as: 'user',
    url: () => '/api/v5/settings/editor/theme',
    status: 200,
    documented: { success: true, message: 'Setting deleted successfully' },
    check: (body) => expect(body.message).toBe('Setting deleted successfully'),
  },
  {
    request: 'DELETE /api/v5/settings/:category/:key',
    note: 'absent',
    as: 'user',
    url: () => '/api/v5/settings/editor/theme',
    status: 404,
    documented: { success: false, error: { code: 'SETTING_NOT_FOUND', message: 'Setting not found: editor.theme' } },
    check: (body) => expect(body.error).toEqual({ code: 'SETTING_NOT_FOUND', message: 'Setting not found: editor.theme' }),
  },
  {
    request: 'PUT /api/v5/sessions/:id',
    note: 'the curl example',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    body: { name: 'Updated Session' },
    status: 200,
    documented: { success: true, data: { session_id: 'uuid', updated_at: '2025-10-14T12:35:00Z', fields_updated: ['name'] } },
    check: (body) => expect(body.data.fields_updated).toEqual(['name']),
  },
  {
    request: 'DELETE /api/v5/sessions/:id',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    status: 200,
    documented: { success: true, message: 'Session deleted successfully' },
    check: (body) => expect(body.message).toBe('Session deleted successfully'),
  },
  {
    request: 'POST /api/v5/auth/logout',
    as: 'user',
    status: 200,
    documented: { success: true, message: 'Logged out successfully' },
    check: (body) => expect(body.message).toBe('Logged out successfully'),
  },
  {
    request: 'GET /api/v5/users/me',
    note: 'after logout',
    as: 'user',
    status: 401,
    documented: error('UNAUTHORIZED'),
  },
  {
    request: 'POST /api/v5/auth/login',
    note: 'the curl example (wrong password "pass")',
    body: { email: 'user@example.com', password: 'pass' },
    status: 401,
    documented: error('INVALID_CREDENTIALS'),
    check: (body) => expect(body.error.code).toBe('INVALID_CREDENTIALS'),
  },
  {
    request: 'POST /api/v5/auth/register',
    note: 'an account whose password is the example’s "OldP@ssw0rd!"',
    body: { email: 'changer@example.com', password: 'OldP@ssw0rd!', first_name: 'John', last_name: 'Doe' },
    status: 201,
    documented: REGISTER_RESPONSE,
    check: (body, ctx) => {
      ctx.tokens.changer = body.data.tokens.access_token;
    },
  },
  {
    request: 'PUT /api/v5/users/me/password',
    as: 'changer',
    note: 'a new password harder to guess than the example’s "NewP@ssw0rd!", which is refused',
    body: { current_password: 'OldP@ssw0rd!', new_password: 'NewP@ssw0rd! and then some more words' },
    status: 200,
    documented: { success: true, message: 'Password changed successfully' },
    check: (body) => expect(body.message).toBe('Password changed successfully'),
  },
];

const seed003: Row[] = [
  {
    request: 'POST /v5/auth/register',
    note: 'a password harder to guess than the example’s "securepassword", which is refused',
    body: {
      email: 'user@example.com',
      password: 'secure password of quiet otters',
      firstName: 'John',
      lastName: 'Doe',
      company: 'ACME Corp',
    },
    status: 201,
    documented: REGISTER_RESPONSE,
    check: (body, ctx) => {
      expect(body.data.user).toMatchObject({ first_name: 'John', last_name: 'Doe' });
      ctx.tokens.user = body.data.tokens.access_token;
    },
  },
  {
    request: 'POST /v5/auth/login',
    body: { email: 'user@example.com', password: 'secure password of quiet otters' },
    status: 200,
    documented: LOGIN_RESPONSE,
    check: (body, ctx) => {
      ctx.tokens.user = body.data.tokens.access_token;
    },
  },
  {
    request: 'GET /v5/users/me',
    note: 'company kept from the camelCase register',
    as: 'user',
    status: 200,
    documented: { success: true, data: { email: 'user@example.com', first_name: 'John', last_name: 'Doe' } },
    check: (body) => expect(body.data.company).toBe('ACME Corp'),
  },
  {
    request: 'POST /v5/sessions',
    as: 'user',
    body: { name: 'My Project', workspacePath: '/workspace/projects/my-project' },
    status: 201,
    documented: SESSION_CREATED,
    check: (body, ctx) => {
      expect(body.data).toMatchObject({ name: 'My Project', workspace_path: '/workspace/projects/my-project' });
      ctx.ids.session = body.data.session_id;
    },
  },
  { request: 'GET /v5/sessions', as: 'user', status: 200, documented: SESSION_LIST },
  {
    request: 'GET /v5/sessions/{sessionId}',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    status: 200,
    documented: {
      success: true,
      data: { session_id: 'uuid', workspace_path: '/projects/my-app', name: 'Feature Branch Session' },
    },
  },
  {
    request: 'DELETE /v5/sessions/{sessionId}',
    as: 'user',
    url: (ctx) => `/api/v5/sessions/${ctx.ids.session}`,
    status: 200,
    documented: { success: true, message: 'Session deleted successfully' },
  },
  {
    request: 'POST /v5/auth/logout',
    as: 'user',
    status: 200,
    documented: { success: true, message: 'Logged out successfully' },
    check: (body) => expect(body.message).toBe('Logged out successfully'),
  },
  {
    request: 'POST /api/v5/auth/register',
    note: 'the curl example, with a password harder to guess than its "password123", which is refused',
    body: { email: 'test@example.com', password: 'password123 is not a password', firstName: 'Test', lastName: 'User' },
    status: 201,
    documented: REGISTER_RESPONSE,
  },
  {
    request: 'POST /api/v5/auth/login',
    note: 'the curl example',
    body: { email: 'test@example.com', password: 'password123 is not a password' },
    status: 200,
    documented: LOGIN_RESPONSE,
    check: (body, ctx) => {
      ctx.tokens.test = body.data.tokens.access_token;
    },
  },
  {
    request: 'POST /api/v5/sessions',
    note: 'the curl example',
    as: 'test',
    body: { name: 'My Session', workspacePath: '/workspace/test' },
    status: 201,
    documented: SESSION_CREATED,
    check: (body) => expect(body.data.workspace_path).toBe('/workspace/test'),
  },
];

function runRows(seed: string, rows: Row[]) {
  describe(`seed ${seed} request examples`, () => {
    const server = useTestServer({ env: { RATE_LIMIT_REGISTER: '100/1h', RATE_LIMIT_LOGIN: '100/15m' } });
    const ctx: Context = { ids: {}, tokens: {} };

    for (const row of rows) {
      const served = isServed(row.request);
      const name = `${served ? '' : '[skipped until this route is served] '}${row.request}${row.note ? ` (${row.note})` : ''} → ${row.status}`;
      it.skipIf(!served)(name, async () => {
        const seedPath = row.request.slice(row.request.indexOf(' ') + 1);
        const path = row.url ? row.url(ctx) : seedPath.startsWith('/v5/') ? `/api${seedPath}` : seedPath;
        await row.prepare?.(ctx, server);
        const body = typeof row.body === 'function' ? row.body(ctx) : row.body;
        const headers: Record<string, string> = {};
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (row.as) headers.authorization = `Bearer ${ctx.tokens[row.as]}`;
        const response = await fetch(`${server.url}${path}`, {
          method: row.request.split(' ')[0],
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json = (await response.json()) as any;
        expect(response.status, JSON.stringify(json)).toBe(row.status);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expectDocumentedShape(json, row.documented);
        row.check?.(json, ctx);
      });
    }
  });
}

runRows('000', seed000);
runRows('003', seed003);
