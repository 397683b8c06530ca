// One's own account as a whole: exporting everything of theirs as one archive, and deleting it —
// the personal tenant, their sessions and keys in organisations, an organisation only they belonged
// to — while the organisations others still use keep running, and their audit trails keep naming
// the user only by id.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
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
  it('exports everything of theirs, from every tenant they belong to, and nothing of others', async () => {
    const user = await registerUser(api(), { first_name: 'Exa', last_name: 'Porter' });
    const session = await api().post('/sessions', { name: 'personal work' }, user.accessToken);
    const sessionId = session.body.data.session_id as string;
    await api().put(`/sessions/${sessionId}/files/src/main.ts`, { content: 'console.log(1);\n' }, user.accessToken);
    const conversation = await api().post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'ideas' },
      user.accessToken,
    );
    await api().post(
      `/conversations/${conversation.body.data.conversation_id}/messages`,
      { role: 'User', content: 'hello' },
      user.accessToken,
    );
    const key = await api().post('/api-keys', { name: 'ci', scope: 'read' }, user.accessToken);
    const organisation = (await api().post('/tenants', { name: 'Exporters' }, user.accessToken)).body.data.tenant_id as string;
    const colleague = await addColleague(server, organisation, 'Developer');
    const theirs = await api().post('/sessions', { name: 'not yours' }, colleague.accessToken);

    const response = await fetch(`${server.url}/api/v5/users/me/export`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="coditect-export-\d{4}-\d{2}-\d{2}\.zip"/);
    const zip = await yauzl.fromBufferPromise(Buffer.from(await response.arrayBuffer()));
    const entries = new Map<string, Buffer>();
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
    const account = JSON.parse(entries.get('account.json')!.toString());
    expect(account.user).toMatchObject({ user_id: user.userId, email: user.email, full_name: 'Exa Porter' });
    expect(account.user).not.toHaveProperty('password_hash');
    expect(account.memberships.map((each: { name: string; role: string }) => [each.name, each.role]).sort()).toEqual([
      ['Exporters', 'Admin'],
      ['Personal', 'Admin'],
    ]);
    const dir = `tenants/${user.tenantId}`;
    expect(JSON.parse(entries.get(`${dir}/sessions/${sessionId}.json`)!.toString()).name).toBe('personal work');
    const files = await yauzl.fromBufferPromise(entries.get(`${dir}/sessions/${sessionId}/files.zip`)!);
    const names: string[] = [];
    for await (const entry of files.eachEntry()) names.push(entry.fileName);
    expect(names.sort()).toEqual(['src/', 'src/main.ts']);
    const exported = JSON.parse(entries.get(`${dir}/conversations/${conversation.body.data.conversation_id}.json`)!.toString());
    expect(exported.messages.map((message: { content: string }) => message.content)).toEqual(['hello']);
    const keys = entries.get(`${dir}/api-keys.json`)!.toString();
    expect(JSON.parse(keys)).toEqual([expect.objectContaining({ key_id: key.body.data.key_id, name: 'ci' })]);
    expect(keys).not.toContain(key.body.data.secret);
    expect(keys).not.toContain('digest');
    // The colleague's session is theirs: not in the export.
    expect([...entries.keys()].some((name) => name.includes(theirs.body.data.session_id))).toBe(false);
    expect((await api().get('/users/me/export')).status).toBe(401);
  });
});
