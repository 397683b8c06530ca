import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identitySpace, selfTenantId as selfTenant } from '@coditect/api';
import { openStore, scopeTransaction } from '@coditect/store';
import { testServer } from '../support/test-server';
import { registerUser, restClient, TEST_PASSWORD } from '../support/rest-client';
import { runStoreCheck } from '../support/server-process';

describe('pnpm check-store', () => {
  it('finds nothing wrong after real traffic, and names a broken index entry', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-check-'));
    const server = await testServer({ env: { DATA_DIR: dataDir } });
    const api = restClient(server.url);
    let brokenUser = '';
    try {
      for (let index = 0; index < 3; index += 1) {
        const user = await registerUser(api);
        brokenUser ||= user.userId;
        const session = await api.post('/sessions', { name: `s${index}`, tags: ['x', `t${index}`] }, user.accessToken);
        await api.put(`/sessions/${session.body.data.session_id}`, { tags: ['y'] }, user.accessToken);
        await api.put(`/sessions/${session.body.data.session_id}/files/src/a.ts`, { content: 'a' }, user.accessToken);
        await api.post(`/sessions/${session.body.data.session_id}/fork`, {}, user.accessToken);
        const other = await api.post('/sessions', { name: 'gone' }, user.accessToken);
        await api.put(`/sessions/${other.body.data.session_id}/files/b.txt`, { content: 'b' }, user.accessToken);
        await api.delete(`/sessions/${other.body.data.session_id}`, user.accessToken);
        await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
        await api.post('/auth/refresh', { refresh_token: user.refreshToken });
        if (index === 0) {
          // An organisation with a session of its own and a pending invitation.
          const organisation = await api.post('/tenants', { name: 'Checked' }, user.accessToken);
          const switched = await api.post(
            '/auth/switch-tenant',
            { tenant_id: organisation.body.data.tenant_id },
            user.accessToken,
          );
          const token = switched.body.data.tokens.access_token;
          const shared = await api.post('/sessions', { name: 'org' }, token);
          await api.put(`/sessions/${shared.body.data.session_id}/files/c.txt`, { content: 'c' }, token);
          expect((await api.post('/invitations', { email: 'invited@example.com' }, token)).status).toBe(201);
        }
      }
    } finally {
      await server.stop();
    }
    try {
      const clean = await runStoreCheck(dataDir);
      // Each user's session and its fork have trees; the deleted session's went with it.
      expect(clean.output).toMatch(/checked 3 users in 4 tenants and 7 workspace trees in [\d.]+ s: 0 problem\(s\)/);
      expect(clean.code).toBe(0);

      const store = await openStore({ backend: 'embedded', dataDir });
      const email = await store.transact(async (tx) => {
        const identity = scopeTransaction(tx, identitySpace);
        const user = await identity.get<{ email: string }>(['user', brokenUser]);
        identity.clear(['user_by_email', user!.email.toLowerCase()]);
        identity.clear(['tenant_member', selfTenant(brokenUser), brokenUser]);
        return user!.email;
      });
      await store.close();
      const orphan = join(dataDir, 'workspaces', selfTenant(brokenUser), '00000000-0000-4000-8000-00000000dead', 'tree');
      await mkdir(orphan, { recursive: true });
      const broken = await runStoreCheck(dataDir);
      expect(broken.code).toBe(1);
      expect(broken.output).toContain(`PROBLEM user ${brokenUser} missing from the email index`);
      expect(broken.output).toContain(
        `PROBLEM membership ${brokenUser} of ${selfTenant(brokenUser)} missing from the by-tenant index`,
      );
      expect(broken.output).toContain(
        `PROBLEM workspace ${selfTenant(brokenUser)}/00000000-0000-4000-8000-00000000dead has no session`,
      );
      expect(email).toContain('@');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
