// A store written by the release before keyspace versions (test/fixtures/keyspace-v1) opens in
// this one: start-up migrates it, and its owner signs in and finds everything they had.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CURRENT_KEYSPACE_VERSION, keyspaceVersion, migrateKeyspace } from '@coditect/api';
import { openStore } from '@coditect/store';
import { testServer, type TestServer } from '../support/test-server';

const FIXTURE = fileURLToPath(new URL('../fixtures/keyspace-v1', import.meta.url));
const OWNER = {
  email: 'owner@v1.test',
  password: 'Migrate-Fixture-Pass-42',
  userId: 'b03dc5d0-8e1b-4cd2-91ab-2f75e4db2d3a',
  tenantId: '126331bc-3327-589e-84a6-0907e4c960eb',
  sessionId: 'eb83ef17-54d9-4c3e-857e-fb1681ab2a3a',
  conversationId: '528ff09a-efdb-4134-8c3c-9f61284b1089',
  apiKey: 'cdk_Mits8o6IvsY9XyKrgbLTlV13KYw0VYRqOmbWO-y69Hs',
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function copyOfFixture(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coditect-v1-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('keyspace migration', () => {
  it('migrates a version-1 store once; a second run changes nothing', async () => {
    const store = await openStore({ backend: 'embedded', dataDir: await copyOfFixture() });
    try {
      expect(await keyspaceVersion(store)).toBe(1);
      const first = await migrateKeyspace(store);
      expect(first).toMatchObject({ from: 1, to: CURRENT_KEYSPACE_VERSION, steps: [{ version: 2, changed: 1 }] });
      expect(await keyspaceVersion(store)).toBe(CURRENT_KEYSPACE_VERSION);
      expect((await migrateKeyspace(store)).steps).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a new store starts at the current version with nothing to migrate', async () => {
    const store = await openStore({ backend: 'embedded', dataDir: await mkdtemp(join(tmpdir(), 'coditect-new-')) });
    try {
      expect((await migrateKeyspace(store)).steps).toEqual([]);
      expect(await keyspaceVersion(store)).toBe(CURRENT_KEYSPACE_VERSION);
    } finally {
      await store.close();
    }
  });

  it('the server migrates at start-up: the owner signs in as the Admin of their tenant and finds their data', async () => {
    const dataDir = await copyOfFixture();
    const server: TestServer = await testServer({ env: { DATA_DIR: dataDir } });
    cleanups.push(() => server.close());
    const login = await server.api.post('/auth/login', { email: OWNER.email, password: OWNER.password });
    expect(login.status).toBe(200);
    expect(login.body.data.user).toMatchObject({ user_id: OWNER.userId, tenant_id: OWNER.tenantId, role: 'Admin' });
    const token = login.body.data.tokens.access_token as string;

    const me = await server.api.get('/users/me', token);
    expect(me.body.data).toMatchObject({ tenant_id: OWNER.tenantId, role: 'Admin', company: 'V1 Ltd' });
    const sessions = await server.api.get('/sessions', token);
    expect(sessions.body.data.sessions.map((session: { session_id: string }) => session.session_id)).toContain(OWNER.sessionId);
    const file = await server.api.get(`/sessions/${OWNER.sessionId}/files/notes.md`, token);
    expect(file.body.data.content).toBe('# written by release 1\n');
    const messages = await server.api.get(`/conversations/${OWNER.conversationId}/messages`, token);
    expect(messages.body.data.messages.map((message: { content: string }) => message.content)).toEqual(['hello from v1']);
    // The API key made by release 1 still works, within its read scope.
    const byKey = await server.api.call('GET', '/users/me', { headers: { 'x-api-key': OWNER.apiKey } });
    expect([byKey.status, byKey.body.data?.role]).toEqual([200, 'Admin']);
    // An Admin-only operation: the migrated role means something.
    expect((await server.api.get('/audit', token)).status).toBe(200);
    const tenants = await server.api.get('/tenants', token);
    expect(tenants.body.data).toEqual([
      expect.objectContaining({ tenant_id: OWNER.tenantId, kind: 'personal', role: 'Admin', active: true }),
    ]);
  });
});
