// Deleting one's own account: everything of theirs goes — the personal tenant, their sessions and
// keys in organisations, an organisation only they belonged to — while the organisations others
// still use keep running, and their audit trails keep naming the user only by id.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStoreConsistency } from '@coditect/api';
import { workspacesDir } from '../../src/config';
import { addColleague } from '../support/colleague';
import { registerUser, TEST_PASSWORD } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('deleting an account', () => {
  const server = useTestServer();
  const api = () => server.api;
  const treeOf = (tenantId: string, sessionId: string) =>
    join(workspacesDir({ DATA_DIR: server.dataDir, WORKSPACES_DIR: undefined }), tenantId, sessionId);

  it('removes everything of the user, keeps organisations others use, and refuses while they are its last Admin', async () => {
    const user = await registerUser(api());
    const personal = await api().post('/sessions', { name: 'mine' }, user.accessToken);
    const personalSession = personal.body.data.session_id as string;
    await api().put(`/sessions/${personalSession}/files/a.txt`, { content: 'a' }, user.accessToken);
    const key = await api().post('/api-keys', { name: 'k', scope: 'read' }, user.accessToken);

    // An organisation only they belong to, and one a colleague works in too.
    const solo = (await api().post('/tenants', { name: 'Solo' }, user.accessToken)).body.data.tenant_id as string;
    const shared = (await api().post('/tenants', { name: 'Shared' }, user.accessToken)).body.data.tenant_id as string;
    const switched = await api().post('/auth/switch-tenant', { tenant_id: shared }, user.accessToken);
    const inShared = switched.body.data.tokens.access_token as string;
    const theirs = await api().post('/sessions', { name: 'their work' }, inShared);
    await api().put(`/sessions/${theirs.body.data.session_id}/files/b.txt`, { content: 'b' }, inShared);
    const colleague = await addColleague(server, shared, 'Developer');
    const kept = await api().post('/sessions', { name: 'colleague work' }, colleague.accessToken);

    const remove = (body: unknown, token = inShared) => api().post('/users/me/delete', body, token);
    expect((await remove({ confirm: 'someone@else.example', current_password: TEST_PASSWORD })).body.error.code).toBe(
      'VALIDATION_ERROR',
    );
    expect((await remove({ confirm: user.email, current_password: 'wrong password' })).body.error.code).toBe('INVALID_PASSWORD');
    expect((await remove({ confirm: user.email })).body.error.code).toBe('INVALID_PASSWORD');
    const lastAdmin = await remove({ confirm: user.email, current_password: TEST_PASSWORD });
    expect([lastAdmin.status, lastAdmin.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(lastAdmin.body.error.message).toContain('Shared');
    expect((await api().get('/users/me', inShared)).status).toBe(200);

    await api().patch(`/members/${colleague.userId}`, { role: 'Admin' }, inShared);
    const deleted = await remove({ confirm: user.email.toUpperCase(), current_password: TEST_PASSWORD });
    expect(deleted.body).toEqual({ success: true, message: 'Account deleted' });

    // Every credential stops; the address is free again.
    expect((await api().get('/users/me', inShared)).status).toBe(401);
    expect((await api().get('/users/me', user.accessToken)).status).toBe(401);
    expect((await api().call('GET', '/users/me', { headers: { 'x-api-key': key.body.data.secret } })).status).toBe(401);
    expect((await api().post('/auth/login', { email: user.email, password: TEST_PASSWORD })).body.error.code).toBe(
      'INVALID_CREDENTIALS',
    );
    // Their files are gone from disk; the colleague's organisation and work stay.
    expect(existsSync(treeOf(user.tenantId, personalSession))).toBe(false);
    expect(existsSync(treeOf(shared, theirs.body.data.session_id))).toBe(false);
    const members = (await api().get('/members', colleague.accessToken)).body.data.members;
    expect(members.map((member: { user_id: string }) => member.user_id)).toEqual([colleague.userId]);
    expect((await api().get(`/sessions/${kept.body.data.session_id}`, colleague.accessToken)).status).toBe(200);
    // The organisation's trail still has the user's calls, by id only.
    const trail = (await api().get('/audit?limit=100', colleague.accessToken)).body.data.entries as Array<{ user_id: string }>;
    expect(trail.some((entry) => entry.user_id === user.userId)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(user.email);
    // Nothing dangles: no membership, invitation or index entry without its record.
    const report = await checkStoreConsistency(server.store);
    expect(report.problems).toEqual([]);
    expect(solo).toBeTruthy();
    // The same address signs up anew, with nothing of the old account.
    const again = await registerUser(api(), { email: user.email });
    expect((await api().get('/tenants', again.accessToken)).body.data).toHaveLength(1);
    expect((await api().get('/sessions', again.accessToken)).body.data.count).toBe(0);
  });
});
