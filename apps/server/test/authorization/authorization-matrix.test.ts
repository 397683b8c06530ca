// Generated from the route table: every REST route that takes an object id, called as the object's
// owner, another user of the same tenant, a user of another tenant, no credentials, and the owner's
// read-only API key. Only the owner (and the key, for reads) gets through; everyone else gets the
// answer a missing id gets — or, for the colleague, 403 where their role is below the operation's —
// and the owner's object is unchanged afterwards. The owner acts in an organisation they created
// (its Admin; the colleague is a Developer there; the stranger acts in their personal tenant). A
// new route whose path names an id fails here until it has its fixtures below.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RestRoute } from '../../src/rest/route-table';
import { addColleague } from '../support/colleague';
import { registerUser, type RegisteredUser, type RestClient } from '../support/rest-client';
import { getJson, useTestServer, type TestServer } from '../support/test-server';
import { roleMayCall } from '@coditect/api';
import { attachTerminal, ready } from '../support/pty-client';
import { randomUUID } from 'node:crypto';
import { useFakeLlmProvider, type FakeLlmProvider } from '../support/fake-llm-provider';

/** The colleague's role in the owner's organisation. */
const COLLEAGUE_ROLE = 'Developer';

type Caller = 'owner' | 'same tenant, other user' | 'other tenant' | 'no credentials' | 'read-only API key';
const CALLERS: Caller[] = ['owner', 'same tenant, other user', 'other tenant', 'no credentials', 'read-only API key'];

interface OwnedObject {
  /** The path parameters that name it. */
  params: Record<string, string>;
  /** What its owner sees of it (compared before and after a foreign call). */
  ownerView(): Promise<unknown>;
}

/** How to make one object of each kind a route's path can name, owned by `owner`. */
const OBJECT_FACTORIES: Record<
  string,
  (api: RestClient, owner: RegisteredUser, provider: FakeLlmProvider, server: TestServer) => Promise<OwnedObject>
> = {
  invitation_id: async (api, owner) => {
    const created = await api.post(
      '/invitations',
      { email: `invited-${randomUUID()}@example.com`, role: 'Viewer' },
      owner.accessToken,
    );
    if (created.status !== 201) throw new Error(`invitations.create failed: ${created.status}`);
    const id = created.body.data.invitation_id as string;
    return {
      params: { invitation_id: id },
      ownerView: async () =>
        ((await api.get('/invitations', owner.accessToken)).body.data.invitations as Array<{ invitation_id: string }>).find(
          (each) => each.invitation_id === id,
        ) ?? null,
    };
  },
  user_id: async (api, owner, _provider, server) => {
    // A member of the owner's organisation: what member management acts on.
    const member = await addColleague(server, owner.tenantId, 'Viewer');
    return {
      params: { user_id: member.userId },
      ownerView: async () =>
        ((await api.get('/members', owner.accessToken)).body.data.members as Array<{ user_id: string }>).find(
          (each) => each.user_id === member.userId,
        ) ?? null,
    };
  },
  session_id: async (api, owner) => {
    const created = await api.post('/sessions', { name: 'Private', tags: ['secret'] }, owner.accessToken);
    const id = created.body.data.session_id as string;
    // Its workspace holds a file the files routes act on (WILDCARDS below).
    const file = await api.put(`/sessions/${id}/files/notes/secret.txt`, { content: 'secret' }, owner.accessToken);
    if (file.status !== 200) throw new Error(`files.write failed: ${file.status}`);
    return {
      params: { session_id: id },
      ownerView: async () => [
        (await api.get(`/sessions/${id}`, owner.accessToken)).body,
        (await api.get(`/sessions/${id}/files/notes`, owner.accessToken)).body,
        (await api.get(`/sessions/${id}/files/notes/secret.txt`, owner.accessToken)).body,
      ],
    };
  },
  conversation_id: async (api, owner) => {
    const session = await api.post('/sessions', { name: 'Holder' }, owner.accessToken);
    const created = await api.post(
      '/conversations',
      { workspace_session_id: session.body.data.session_id, title: 'Private' },
      owner.accessToken,
    );
    const id = created.body.data.conversation_id as string;
    await api.post(`/conversations/${id}/messages`, { role: 'User', content: 'secret' }, owner.accessToken);
    return {
      params: { conversation_id: id },
      ownerView: async () => [
        (await api.get(`/conversations/${id}`, owner.accessToken)).body,
        (await api.get(`/conversations/${id}/messages`, owner.accessToken)).body,
      ],
    };
  },
  terminal_id: async (api, owner) => {
    const session = await api.post('/sessions', { name: 'Shell' }, owner.accessToken);
    const sessionId = session.body.data.session_id as string;
    const created = await api.post(`/sessions/${sessionId}/terminals`, { title: 'private' }, owner.accessToken);
    if (created.status !== 201) throw new Error(`terminals.create failed: ${created.status}`);
    const id = created.body.data.terminal_id as string;
    return {
      params: { session_id: sessionId, terminal_id: id },
      ownerView: async () => (await api.get(`/sessions/${sessionId}/terminals`, owner.accessToken)).body,
    };
  },
  task_id: async (api, owner) => {
    const session = await api.post('/sessions', { name: 'Agent' }, owner.accessToken);
    const sessionId = session.body.data.session_id as string;
    // A model that never finishes its answer: the task stays running, unchanged, while it is probed.
    const created = await api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'secret plan', config: { provider: 'default', model: 'fake-hold' } },
      owner.accessToken,
    );
    if (created.status !== 201) throw new Error(`tasks.create failed: ${created.status}`);
    const id = created.body.data.task_id as string;
    const ownerView = async () => [
      (await api.get(`/sessions/${sessionId}/tasks/${id}`, owner.accessToken)).body,
      (await api.get(`/sessions/${sessionId}/tasks/${id}/events`, owner.accessToken)).body,
    ];
    // The model's first words arrive after creation; probe only once the held task has stopped changing.
    let previous = JSON.stringify(await ownerView());
    await waitUntil(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const current = JSON.stringify(await ownerView());
      const settled = current === previous && current.includes('task.progress');
      previous = current;
      return settled;
    });
    return { params: { session_id: sessionId, task_id: id }, ownerView };
  },
  checkpoint_id: async (api, owner, provider) => {
    const session = await api.post('/sessions', { name: 'Checkpointed' }, owner.accessToken);
    const sessionId = session.body.data.session_id as string;
    const script = randomUUID();
    provider.scripts.set(script, [
      { tool_calls: [{ name: 'write_file', arguments: JSON.stringify({ path: 'plan.md', content: 'secret plan\n' }) }] },
      { tool_calls: [{ name: 'attempt_completion', arguments: JSON.stringify({ result: 'Written.' }) }] },
    ]);
    const created = await api.post(
      `/sessions/${sessionId}/tasks`,
      { input: 'write the plan', config: { provider: 'default', model: `fake-script:${script}`, auto_approve: ['write'] } },
      owner.accessToken,
    );
    if (created.status !== 201) throw new Error(`tasks.create failed: ${created.status}`);
    const taskId = created.body.data.task_id as string;
    const list = `/sessions/${sessionId}/tasks/${taskId}/checkpoints`;
    let checkpoints: Array<{ checkpoint_id: string }> = [];
    for (let tries = 0; checkpoints.length === 0 && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      checkpoints = (await api.get(list, owner.accessToken)).body.data.checkpoints;
    }
    const id = checkpoints[0]?.checkpoint_id;
    if (!id) throw new Error('no checkpoint was saved');
    await waitUntil(
      async () => (await api.get(`/sessions/${sessionId}/tasks/${taskId}`, owner.accessToken)).body.data.state === 'completed',
    );
    return {
      params: { session_id: sessionId, task_id: taskId, checkpoint_id: id },
      ownerView: async () => [
        (await api.get(list, owner.accessToken)).body,
        (await api.get(`${list}/${id}`, owner.accessToken)).body,
      ],
    };
  },
  device_id: async (api, owner) => {
    // A second sign-in of the owner: another device.
    const signedIn = await api.post('/auth/login', { email: owner.email, password: owner.password });
    if (signedIn.status !== 200) throw new Error(`auth.login failed: ${signedIn.status}`);
    const listed = await api.get('/auth/devices', signedIn.body.data.tokens.access_token);
    const device = (listed.body.data.devices as Array<{ device_id: string; current: boolean }>).find((each) => each.current);
    if (!device) throw new Error('the new sign-in is not listed');
    return {
      params: { device_id: device.device_id },
      ownerView: async () => (await api.get('/auth/devices', owner.accessToken)).body,
    };
  },
  key_id: async (api, owner) => {
    const created = await api.post('/api-keys', { name: 'Private', scope: 'write' }, owner.accessToken);
    const id = created.body.data.key_id as string;
    return {
      params: { key_id: id },
      ownerView: async () =>
        ((await api.get('/api-keys', owner.accessToken)).body.data.api_keys as Array<{ key_id: string }>).find(
          (key) => key.key_id === id,
        ) ?? null,
    };
  },
};

/** Routes whose ids name one object together (a member and their key): made at once, by procedure path. */
const PROCEDURE_FACTORIES: Record<string, (typeof OBJECT_FACTORIES)[string]> = {
  'members.revokeApiKey': async (api, owner, _provider, server) => {
    const member = await addColleague(server, owner.tenantId, 'Viewer');
    const key = await api.post('/api-keys', { name: 'member key', scope: 'read' }, member.accessToken);
    if (key.status !== 201) throw new Error(`apiKeys.create failed: ${key.status}`);
    return {
      params: { user_id: member.userId, key_id: key.body.data.key_id },
      ownerView: async () => (await api.get(`/members/${member.userId}/api-keys`, owner.accessToken)).body,
    };
  },
};

/** A valid body for each mutation that takes one (by procedure path). */
const BODIES: Record<string, unknown> = {
  'sessions.update': { name: 'renamed' },
  'members.update': { role: 'Developer' },
  'sessions.share': { sharing: 'read' },
  'sessions.fork': {},
  'conversations.update': { title: 'renamed' },
  'conversations.addMessage': { role: 'User', content: 'injected' },
  'files.write': { content: 'injected' },
  'files.create': { type: 'directory' },
  'terminals.create': {},
  'terminals.rename': { title: 'renamed' },
  'tasks.create': { input: 'injected', config: { provider: 'default', model: 'fake-hold' } },
  'tasks.act': { action: 'cancel' },
  'tasks.restoreCheckpoint': {},
  'tools.run': { arguments: { path: 'notes/secret.txt', content: 'injected' } },
  'conversations.summarize': { model: 'fake-ok' },
};

/** Path parameters that name no object (a tool's name), by procedure path. */
const FIXED_PARAMS: Record<string, Record<string, string>> = {
  'tools.run': { name: 'write_file' },
};

/** Bodies that are not JSON, for operations taking a raw body (`rest.rawBody`). */
const RAW_BODIES: Record<string, { contentType: string; body: string }> = {
  'files.upload': {
    contentType: 'multipart/form-data; boundary=matrix',
    body: '--matrix\r\nContent-Disposition: form-data; name="file"; filename="injected.txt"\r\n\r\ninjected\r\n--matrix--\r\n',
  },
};

/** What a trailing wildcard names, for routes with one: something the session factory made. */
const WILDCARDS: Record<string, string> = {
  'files.get': 'notes/secret.txt',
  'files.download': 'notes/secret.txt',
  'files.write': 'notes/secret.txt',
  'files.create': 'notes/made-by-caller',
  'files.delete': 'notes/secret.txt',
  'files.upload': 'notes',
};

/** Required query fields of GET routes. */
const QUERIES: Record<string, string> = {
  'files.search': 'q=secret',
  'files.find': 'q=secret',
};

/** An id of the right shape that names nothing; checkpoints are commits, not UUIDs. */
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const MISSING_IDS: Record<string, string> = { checkpoint_id: '0'.repeat(40) };

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}

const idParams = (route: RestRoute) => route.params.map(([, field]) => field).filter((field) => field.endsWith('_id'));

describe('authorization matrix, generated from the route table', () => {
  const provider = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: {
      TERMINALS_ENABLED: 'true',
      LLM_BASE_URL: provider.baseUrl,
      TASK_MAX_ACTIVE_PER_USER: '1000',
      TASK_MAX_ACTIVE_PER_TENANT: '1000',
      // device_id's factory signs the owner in once per caller.
      RATE_LIMIT_LOGIN: '1000/15m',
    },
  }));
  const credentials: Partial<Record<Caller, Record<string, string>>> = {};
  let owner: RegisteredUser;

  beforeAll(async () => {
    const { api } = server;
    const registered = await registerUser(api);
    const organisation = await api.post('/tenants', { name: 'Matrix' }, registered.accessToken);
    const tenantId = organisation.body.data.tenant_id as string;
    const switched = await api.post('/auth/switch-tenant', { tenant_id: tenantId }, registered.accessToken);
    owner = {
      ...registered,
      tenantId,
      accessToken: switched.body.data.tokens.access_token,
      refreshToken: switched.body.data.tokens.refresh_token,
    };
    const colleague = await addColleague(server, owner.tenantId, COLLEAGUE_ROLE);
    const stranger = await registerUser(api);
    const readKey = await api.post('/api-keys', { name: 'reader', scope: 'read' }, owner.accessToken);
    credentials.owner = { authorization: `Bearer ${owner.accessToken}` };
    credentials['same tenant, other user'] = { authorization: `Bearer ${colleague.accessToken}` };
    credentials['other tenant'] = { authorization: `Bearer ${stranger.accessToken}` };
    credentials['no credentials'] = {};
    credentials['read-only API key'] = { 'x-api-key': readKey.body.data.secret };
  });

  it('covers every route whose path names an object', () => {
    const routes = server.app.routes.routes.filter((route) => idParams(route).length > 0);
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) {
      for (const field of idParams(route)) expect(OBJECT_FACTORIES, `a factory for ${field}`).toHaveProperty(field);
      const needsBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
      if (needsBody)
        expect({ ...BODIES, ...RAW_BODIES }, `a body for ${route.procedurePath}`).toHaveProperty(route.procedurePath);
      if (route.wildcard) expect(WILDCARDS, `a wildcard path for ${route.procedurePath}`).toHaveProperty(route.procedurePath);
    }
  });

  const call = async (route: RestRoute, params: Record<string, string>, caller: Caller) => {
    const path = route.path
      .replace(/:(\w+)\*$/, () => WILDCARDS[route.procedurePath] ?? '')
      .replace(/:(\w+)/g, (_match, field: string) =>
        encodeURIComponent(params[field] ?? FIXED_PARAMS[route.procedurePath]?.[field] ?? ''),
      );
    const query = [
      ...Object.entries(route.rest.when ?? {}).map(([name, values]) => `${name}=${values[0]}`),
      ...(QUERIES[route.procedurePath] ? [QUERIES[route.procedurePath]] : []),
    ].join('&');
    const url = `${server.url}/api/v5${path}${query ? `?${query}` : ''}`;
    const raw = RAW_BODIES[route.procedurePath];
    const json = BODIES[route.procedurePath];
    const headers: Record<string, string> = { ...credentials[caller] };
    if (raw) headers['content-type'] = raw.contentType;
    else if (json !== undefined) headers['content-type'] = 'application/json';
    const init = { method: route.method, headers, body: raw ? raw.body : json === undefined ? undefined : JSON.stringify(json) };
    // A streamed answer (a raw download) is not JSON: its status is what counts.
    if (route.rest.streamed) {
      const response = await fetch(url, init);
      const text = await response.text();
      return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    }
    return getJson(url, init);
  };

  // The routes are only known once the server runs, so each caller's case walks all of them.
  for (const caller of CALLERS) {
    it(`every object route, called as ${caller}`, async () => {
      const routes = server.app.routes.routes.filter((route) => idParams(route).length > 0);
      for (const route of routes) {
        const label = `${route.method} ${route.path} as ${caller}`;
        const together = PROCEDURE_FACTORIES[route.procedurePath];
        const objects = together
          ? [await together(server.api, owner, provider, server)]
          : await Promise.all(idParams(route).map((field) => OBJECT_FACTORIES[field]!(server.api, owner, provider, server)));
        const params = Object.assign({}, ...objects.map((object) => object.params)) as Record<string, string>;
        const before = await Promise.all(objects.map((object) => object.ownerView()));
        const { access } = route.operation.meta;
        const response = await call(route, params, caller);

        if (caller === 'owner' || (caller === 'read-only API key' && route.operation.type === 'query' && access !== 'session')) {
          expect(response.status, label).toBe(route.rest.successStatus ?? 200);
          continue;
        }
        if (caller === 'no credentials') {
          expect([response.status, response.body.error.code], label).toEqual([401, 'UNAUTHORIZED']);
        } else if (caller === 'read-only API key') {
          expect([response.status, response.body.error.code], label).toEqual([403, 'FORBIDDEN']);
        } else if (caller === 'same tenant, other user' && !roleMayCall(COLLEAGUE_ROLE, route.operation)) {
          expect([response.status, response.body.error.code], label).toEqual([403, 'FORBIDDEN']);
        } else {
          // Exactly what a missing id of the same kind answers.
          const missing = Object.fromEntries(Object.keys(params).map((field) => [field, MISSING_IDS[field] ?? MISSING_ID]));
          const control = await call(route, missing, caller);
          expect(response.status, label).toBe(404);
          expect(route.operation.meta.errors ?? [], label).toContain(response.body.error.code);
          expect(response.body.error.code, label).toBe(control.body.error.code);
          // Each id the message names is masked (a route may name two: a session and its terminal).
          const masked = (message: string, ids: Record<string, string>) =>
            Object.values(ids).reduce((text, id) => text.replaceAll(id, 'ID'), message);
          expect(masked(response.body.error.message, params), label).toBe(masked(control.body.error.message, missing));
        }
        expect(
          await Promise.all(objects.map((object) => object.ownerView())),
          `${label}: the owner's object is unchanged`,
        ).toEqual(before);
      }
    });
  }

  // The WebSockets are no REST routes: the attach socket's first frame goes through the same checks.
  it('the terminal attach socket, called as each caller', async () => {
    const terminal = await OBJECT_FACTORIES.terminal_id!(server.api, owner, provider, server);
    const { session_id: sessionId, terminal_id: terminalId } = terminal.params as Record<string, string>;
    const tokenOf: Record<Caller, string> = {
      owner: credentials.owner!.authorization!.slice('Bearer '.length),
      'same tenant, other user': credentials['same tenant, other user']!.authorization!.slice('Bearer '.length),
      'other tenant': credentials['other tenant']!.authorization!.slice('Bearer '.length),
      'no credentials': 'none',
      'read-only API key': credentials['read-only API key']!['x-api-key']!,
    };
    const expected: Record<Caller, number> = {
      owner: 0,
      'same tenant, other user': 4404,
      'other tenant': 4404,
      'no credentials': 4401,
      'read-only API key': 4403,
    };
    for (const caller of CALLERS) {
      const client = attachTerminal(server.url, sessionId!, terminalId!, tokenOf[caller]);
      if (expected[caller] === 0) {
        await ready(client);
        client.close();
      } else {
        expect((await client.closed).code, caller).toBe(expected[caller]);
      }
    }
  });
});
