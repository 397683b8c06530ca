// No secret reaches the audit trail or the logs. Every test server of the suite is scanned when it
// closes (support/secret-watch.ts); this file drives secrets into the odd places a client might
// put them, and proves the scan itself catches a leak.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_AUDIT_TENANT, appendAuditEntries, type TAuditEntry } from '@coditect/api';
import { readAllAuditEntries } from '../support/audit-trail';
import { testServer, TEST_JWT_SECRET, type TestServer } from '../support/test-server';
import { registerUser, restClient, TEST_PASSWORD, uniqueEmail, type RestClient } from '../support/rest-client';

describe('redaction', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer();
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('keeps passwords, tokens, Argon2 hashes and the JWT secret out of every entry and log line', async () => {
    const user = await registerUser(api);
    const trpcLogin = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(trpcLogin.status).toBe(200);
    await api.post('/auth/login', { email: user.email, password: 'a wrong password' });
    await api.post('/auth/login', { email: uniqueEmail(), password: 'an unknown user’s password' });
    const refreshed = await api.post('/auth/refresh', { refresh_token: user.refreshToken });
    const token = refreshed.body.data.access_token as string;
    // Secrets where no secret belongs (accepted or refused, the call is audited with its body).
    expect((await api.put('/users/me', { first_name: token }, token)).status).toBe(400);
    expect(
      (await api.put('/users/me', { firstName: 'Ok', newPassword: 'sneaky camelCase secret', apiKey: TEST_JWT_SECRET }, token))
        .status,
    ).toBe(400);
    expect((await api.put('/users/me', { last_name: `hash $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA` }, token)).status).toBe(
      200,
    );
    expect(
      (await api.put('/users/me', { nested: { deeper: { credentials: 'x'.repeat(20), note: `Bearer ${token}` } } }, token))
        .status,
    ).toBe(400);
    expect(
      (
        await api.put(
          '/users/me/password',
          { current_password: 'wrong current password', new_password: 'the next password' },
          token,
        )
      ).status,
    ).toBe(401);
    expect(
      (await api.put('/users/me/password', { current_password: TEST_PASSWORD, new_password: 'the next password' }, token)).status,
    ).toBe(200);
    await api.call('GET', '/users/me', { headers: { authorization: `Bearer ${token}`, cookie: `session=${token}` } });
    expect((await api.post('/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);

    await server.audit.flush();
    const entries = await readAllAuditEntries(server.store);
    expect(entries.length).toBeGreaterThanOrEqual(12);
    const scanned = await server.secrets.assertNoLeaks(server.store);
    expect(scanned.entries).toBe(entries.length);
    expect(scanned.secrets).toBeGreaterThanOrEqual(8);

    const bodies = entries.map((entry) => JSON.stringify(entry.request_body));
    expect(bodies).toContain(JSON.stringify({ first_name: '[REDACTED]' }));
    // The REST shim turns camelCase fields into snake_case before the procedure (and the audit) sees them.
    expect(bodies).toContain(JSON.stringify({ first_name: 'Ok', new_password: '[REDACTED]', api_key: '[REDACTED]' }));
    expect(bodies).toContain(JSON.stringify({ last_name: 'hash [REDACTED]' }));
    expect(bodies).toContain(JSON.stringify({ nested: { deeper: { credentials: '[REDACTED]', note: '[REDACTED]' } } }));
  });

  it('knows this product’s own API keys and any Bearer credential, wherever they are pasted', async () => {
    const user = await registerUser(api);
    const key = (await api.post('/api-keys', { name: 'mine', scope: 'read' }, user.accessToken)).body.data.secret as string;
    server.secrets.add('an API key', key);
    const session = await api.post('/sessions', { name: 'keys' }, user.accessToken);
    const update = await api.put(
      `/sessions/${session.body.data.session_id}`,
      {
        memory: {
          facts: { deploy: `export API_KEY=${key}`, ci: 'curl -H "Authorization: bearer opaque-token-123"' },
          decisions: [],
        },
      },
      user.accessToken,
    );
    expect(update.status).toBe(200);
    await server.audit.flush();
    const entry = (await readAllAuditEntries(server.store)).find(
      (candidate: TAuditEntry) => candidate.request_id === update.headers.get('x-request-id'),
    )!;
    const facts = (entry.request_body as { memory: { facts: Record<string, string> } }).memory.facts;
    expect(facts.deploy).toBe('export API_KEY=[REDACTED]');
    expect(facts.ci).toBe('curl -H "Authorization: [REDACTED]"');
    expect(JSON.stringify(entry)).not.toContain('opaque-token-123');
  });

  it('lets an anonymous request write no body but the email it names, and short fields', async () => {
    const email = uniqueEmail('anon');
    const response = await api.call('POST', '/auth/login', {
      body: { email, password: 'guess', padding: 'p'.repeat(50_000), more: Array.from({ length: 400 }, () => 'x'.repeat(20)) },
      headers: { 'user-agent': `ua-${'u'.repeat(8000)}` },
    });
    expect(response.status).toBe(400);
    const wrong = await api.call('POST', '/auth/login', {
      body: { email, password: 'guess' },
      headers: { 'user-agent': `ua-${'u'.repeat(8000)}` },
    });
    expect(wrong.status).toBe(401);
    await server.audit.flush();
    const entries = (await readAllAuditEntries(server.store)).filter((candidate: TAuditEntry) =>
      [response.headers.get('x-request-id'), wrong.headers.get('x-request-id')].includes(candidate.request_id),
    );
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.request_body).toEqual({ email });
      expect(entry.user_agent!.length).toBeLessThanOrEqual(200);
      expect(JSON.stringify(entry).length).toBeLessThan(1500);
    }
  });

  it('bounds what a huge body leaves in the trail', async () => {
    const user = await registerUser(api);
    const huge = { first_name: 'y'.repeat(50_000), list: Array.from({ length: 500 }, (_, index) => index) };
    expect((await api.put('/users/me', huge, user.accessToken)).status).toBe(400);
    await server.audit.flush();
    const entry = (await readAllAuditEntries(server.store)).find(
      (candidate: TAuditEntry) => candidate.user_id === user.userId && candidate.event_type === 'mutation',
    )!;
    expect(JSON.stringify(entry).length).toBeLessThan(12_000);
    expect((entry.request_body as { list: unknown[] }).list).toHaveLength(51);
  });
});

describe('the leak scan', () => {
  it('fails when a token reaches a log line or an Argon2 hash reaches an audit entry', async () => {
    const server = await testServer();
    try {
      const user = await registerUser(restClient(server.url));
      await server.secrets.assertNoLeaks(server.store);

      server.secrets.logger.info(`careless debugging: ${user.accessToken}`);
      await expect(server.secrets.assertNoLeaks(server.store)).rejects.toThrow(/an access token in log line/);
      server.secrets.lines.length = 0;

      await appendAuditEntries(server.store, [
        {
          tenant_id: SYSTEM_AUDIT_TENANT,
          user_id: null,
          event_type: 'request',
          endpoint: '/planted',
          method: 'GET',
          status_code: 200,
          error_code: null,
          ip_address: null,
          user_agent: null,
          request_body: { leaked: '$argon2id$v=19$m=19456,t=2,p=1$abc$def' },
          response_time_ms: 0,
          request_id: 'planted',
          procedure: 'planted',
          details: null,
          created_at: new Date().toISOString(),
        },
      ]);
      await expect(server.secrets.assertNoLeaks(server.store)).rejects.toThrow(/an Argon2 hash in audit entry/);
    } finally {
      // The planted entry would (rightly) fail the usual close.
      await server.stop();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});
