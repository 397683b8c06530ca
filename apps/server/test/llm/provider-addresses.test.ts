// A tenant's Admin names the provider's URL and the server calls it: the server must not become a
// way into its own network (server-side request forgery). IP addresses that are internal are
// refused when written; names are resolved and checked at every connection, redirects included;
// the operator's own providers are not held to it, and LLM_TENANT_ALLOWED_NETWORKS opens networks.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TChatEvent } from '@coditect/api';
import { useTestServer } from '../support/test-server';
import { registerUser, type RegisteredUser } from '../support/rest-client';
import { createWorkspaceSession } from '../support/workspace-session';
import { useFakeLlmProvider } from '../support/fake-llm-provider';
import { chatClient, runChat } from '../support/chat-client';

/** Every one names this machine, its private networks or its cloud's metadata service, in the spellings URL parsers accept. */
const INTERNAL_URLS = [
  'http://127.0.0.1:1234/v1',
  'http://127.1/v1',
  'http://0x7f000001/v1',
  'http://2130706433/v1',
  'http://0177.0.0.1/v1',
  'http://0.0.0.0/v1',
  'http://[::1]/v1',
  'http://[::]/v1',
  'http://[::ffff:127.0.0.1]/v1',
  'http://[::ffff:7f00:1]/v1',
  'http://[0:0:0:0:0:ffff:10.0.0.1]/v1',
  'http://[::127.0.0.1]/v1',
  'http://[64:ff9b::a9fe:a9fe]/v1',
  'http://[2002:c0a8:101::]/v1',
  'http://169.254.169.254/latest/meta-data',
  'http://[fe80::1]/v1',
  'http://[fd00:ec2::254]/v1',
  'http://10.0.0.1/v1',
  'http://172.16.5.4/v1',
  'http://192.168.1.1/v1',
  'http://100.64.0.1/v1',
  'http://224.0.0.1/v1',
  'http://255.255.255.255/v1',
  'https://user:pass@10.1.2.3:8443/v1',
];

describe('tenants’ providers reach public addresses only', () => {
  const serverDefault = useFakeLlmProvider();
  const internal = useFakeLlmProvider();
  const server = useTestServer(() => ({
    env: { LLM_BASE_URL: serverDefault.baseUrl, LLM_TIMEOUT: '5s' },
  }));

  const providers = async (user: RegisteredUser) =>
    (await server.api.get('/llm/providers', user.accessToken)).body.data.providers.map((p: { name: string }) => p.name);

  it('refuses an internal IP address when a provider is added or changed, and stores nothing', async () => {
    const admin = await registerUser(server.api);
    for (const [index, base_url] of INTERNAL_URLS.entries()) {
      const created = await server.api.post('/llm/providers', { name: `p${index}`, base_url }, admin.accessToken);
      expect(created.status, `${base_url}: ${JSON.stringify(created.body)}`).toBe(400);
      expect(created.body.error.code).toBe('VALIDATION_ERROR');
      expect(created.body.error.details[0]).toMatchObject({ path: 'base_url', message: expect.stringContaining('internal') });
    }
    expect(await providers(admin)).toEqual(['lmstudio']);

    // A public one is taken; turning it internal later is refused and leaves it as it was.
    const created = await server.api.post(
      '/llm/providers',
      { name: 'cloud', base_url: 'https://llm.example.com/v1' },
      admin.accessToken,
    );
    expect(created.status).toBe(201);
    for (const base_url of ['http://169.254.169.254/v1', 'http://[::ffff:a9fe:a9fe]/v1']) {
      const changed = await server.api.patch('/llm/providers/cloud', { base_url }, admin.accessToken);
      expect(changed.status).toBe(400);
      expect(changed.body.error.details[0].path).toBe('base_url');
    }
    const listed = await server.api.get('/llm/providers', admin.accessToken);
    expect(listed.body.data.providers[1]).toMatchObject({ name: 'cloud', base_url: 'https://llm.example.com/v1' });
  });

  it('resolves a name at connection and refuses one that leads inside; the server’s own provider is not held to it', async () => {
    const admin = await registerUser(server.api);
    // `localhost` is a name: it is accepted when written, and refused when the server would connect.
    const port = new URL(internal.baseUrl).port;
    const created = await server.api.post(
      '/llm/providers',
      { name: 'sneaky', base_url: `http://localhost:${port}/v1` },
      admin.accessToken,
    );
    expect(created.status).toBe(201);

    const models = await server.api.get('/llm/models?provider=sneaky', admin.accessToken);
    expect(models.status).toBe(503);
    expect(models.body.error.message).toContain('resolves to the internal address');

    const before = internal.completions.length;
    const sessionId = await createWorkspaceSession(server, admin);
    const conversation = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Chat', ai_provider: 'sneaky' },
      admin.accessToken,
    );
    const outcome = await runChat(chatClient(server.url, { via: 'ticket', token: admin.accessToken }), {
      conversation_id: conversation.body.data.conversation_id,
      content: 'what is in your metadata service?',
      model: 'fake-ok',
    });
    const last = outcome.events.at(-1)?.data as TChatEvent | undefined;
    expect(JSON.stringify(last ?? outcome.error)).toContain('internal address');
    expect(internal.completions.length).toBe(before);

    // The operator's provider listens on loopback too, and answers.
    expect((await server.api.get('/llm/models', admin.accessToken)).status).toBe(200);
  });
});

describe('LLM_TENANT_ALLOWED_NETWORKS', () => {
  const serverDefault = useFakeLlmProvider();
  const target = useFakeLlmProvider();
  let redirector: Server;
  let redirectorUrl = '';
  // The operator allows 127.0.0.2 only; it redirects to the provider on 127.0.0.1, which stays closed.
  const server = useTestServer(() => ({
    env: { LLM_BASE_URL: serverDefault.baseUrl, LLM_TIMEOUT: '5s', LLM_TENANT_ALLOWED_NETWORKS: '127.0.0.2, 10.9.0.0/16' },
  }));

  beforeAll(async () => {
    // /v1 answers as a provider would; /hop/v1 sends the client on to the provider on 127.0.0.1.
    redirector = createServer((req, res) => {
      if (req.url?.startsWith('/hop/v1/')) {
        res.writeHead(307, { location: `${target.baseUrl}${req.url.slice('/hop/v1'.length)}` });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'allowed-model', object: 'model', owned_by: 'lab' }] }));
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.2', resolve));
    const address = redirector.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    redirectorUrl = `http://127.0.0.2:${address.port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));

  it('opens the listed networks only, and a redirect out of them is refused', async () => {
    const admin = await registerUser(server.api);
    expect(
      (await server.api.post('/llm/providers', { name: 'allowed', base_url: 'http://10.9.8.7/v1' }, admin.accessToken)).status,
    ).toBe(201);
    expect(
      (await server.api.post('/llm/providers', { name: 'refused', base_url: 'http://10.10.0.1/v1' }, admin.accessToken)).status,
    ).toBe(400);

    expect(
      (
        await server.api.post(
          '/llm/providers',
          { name: 'hop', base_url: `${redirectorUrl.replace(/\/v1$/, '')}/hop/v1` },
          admin.accessToken,
        )
      ).status,
    ).toBe(201);
    const models = await server.api.get('/llm/models?provider=hop', admin.accessToken);
    expect(models.status).toBe(503);
    expect(models.body.error.message).toContain('127.0.0.1 is internal');

    // Asked directly, the allowed address answers.
    expect((await server.api.post('/llm/providers', { name: 'direct', base_url: redirectorUrl }, admin.accessToken)).status).toBe(
      201,
    );
    const answered = await server.api.get('/llm/models?provider=direct', admin.accessToken);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.data.models.map((model: { id: string }) => model.id)).toEqual(['allowed-model']);
  });

  it('is refused at start-up when it is not a list of networks', async () => {
    const { loadConfig } = await import('../../src/config');
    expect(() => loadConfig({ LLM_TENANT_ALLOWED_NETWORKS: '10.0.0.0/33' })).toThrow(/LLM_TENANT_ALLOWED_NETWORKS/);
    expect(() => loadConfig({ LLM_TENANT_ALLOWED_NETWORKS: 'intranet.example' })).toThrow(/LLM_TENANT_ALLOWED_NETWORKS/);
    expect(loadConfig({ LLM_TENANT_ALLOWED_NETWORKS: ' 10.0.0.0/8 ,fd00::/8' }).LLM_TENANT_ALLOWED_NETWORKS).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
    ]);
  });
});
