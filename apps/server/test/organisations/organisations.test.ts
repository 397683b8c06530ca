// Organisations over real HTTP: creating one, acting in it (auth.switchTenant), its members and
// what each role may do to them, and removal, disabling and leaving taking effect at the next
// request. Members join through the membership seam here; invitations have their own test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTenantScope, identitySpace } from '@coditect/api';
import { scopeTransaction } from '@coditect/store';
import { workspacesDir } from '../../src/config';
import { addColleague } from '../support/colleague';
import { registerUser, TEST_PASSWORD, type RegisteredUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('organisations', () => {
  const server = useTestServer();
  const api = () => server.api;

  /** A user who created an organisation and acts in it. */
  async function organisationAdmin(name = 'Acme') {
    const admin = await registerUser(api());
    const created = await api().post('/tenants', { name }, admin.accessToken);
    expect(created.status).toBe(201);
    const organisationId = created.body.data.tenant_id as string;
    const switched = await api().post('/auth/switch-tenant', { tenant_id: organisationId }, admin.accessToken);
    expect(switched.status).toBe(200);
    return { admin, organisationId, token: switched.body.data.tokens.access_token as string, pair: switched.body.data.tokens };
  }

  function member(user: RegisteredUser, organisationId: string) {
    return { ...user, tenantId: organisationId };
  }

  it('creates an organisation, lists it beside the personal tenant, and acts in it after a switch', async () => {
    const admin = await registerUser(api());
    const created = await api().post('/tenants', { name: '  Acme Research  ' }, admin.accessToken);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Acme Research', kind: 'organisation', role: 'Admin', active: false });
    const organisationId = created.body.data.tenant_id;

    const listed = await api().get('/tenants', admin.accessToken);
    expect(listed.body.data).toEqual([
      { tenant_id: admin.tenantId, name: 'Personal', kind: 'personal', role: 'Admin', active: true, disabled: false },
      { tenant_id: organisationId, name: 'Acme Research', kind: 'organisation', role: 'Admin', active: false, disabled: false },
    ]);

    const switched = await api().post('/auth/switch-tenant', { tenant_id: organisationId }, admin.accessToken);
    expect(switched.body.data.user).toMatchObject({ tenant_id: organisationId, role: 'Admin' });
    const token = switched.body.data.tokens.access_token;
    expect((await api().get('/users/me', token)).body.data).toMatchObject({ tenant_id: organisationId, role: 'Admin' });

    // Data made in one tenant is not seen from the other.
    const session = await api().post('/sessions', { name: 'org work' }, token);
    expect(session.status).toBe(201);
    expect((await api().get('/sessions', token)).body.data.sessions).toHaveLength(1);
    expect((await api().get('/sessions', admin.accessToken)).body.data.sessions).toHaveLength(0);
    expect((await api().get(`/sessions/${session.body.data.session_id}`, admin.accessToken)).status).toBe(404);

    // The next sign-in lands where the user last switched to.
    const again = await api().post('/auth/login', { email: admin.email, password: TEST_PASSWORD });
    expect(again.body.data.user).toMatchObject({ tenant_id: organisationId, role: 'Admin' });
    // The refresh token from before the switch is retired: the pair from the switch is the session's.
    const refreshed = await api().post('/auth/refresh', { refresh_token: switched.body.data.tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await api().get('/users/me', refreshed.body.data.access_token)).body.data.tenant_id).toBe(organisationId);
  });

  it('refuses bad input and tenants the caller does not belong to, changing nothing', async () => {
    const { admin, organisationId, token } = await organisationAdmin();
    const stranger = await registerUser(api());
    for (const [body, code] of [
      [{ tenant_id: organisationId }, 'NOT_FOUND'],
      [{ tenant_id: 'not-a-uuid' }, 'VALIDATION_ERROR'],
      [{}, 'VALIDATION_ERROR'],
      [{ tenant_id: organisationId, extra: 1 }, 'VALIDATION_ERROR'],
    ] as const) {
      const refused = await api().post('/auth/switch-tenant', body, stranger.accessToken);
      expect([refused.body.error.code]).toEqual([code]);
    }
    for (const name of ['', '   ', 'x'.repeat(81)]) {
      expect((await api().post('/tenants', { name }, admin.accessToken)).body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await api().get('/tenants', stranger.accessToken)).body.data).toHaveLength(1);
    // The personal tenant is not an organisation: no renaming, leaving or managing it.
    expect((await api().patch('/tenants/current', { name: 'Mine' }, admin.accessToken)).body.error.code).toBe('CONFLICT');
    expect((await api().post('/tenants/current/leave', undefined, admin.accessToken)).body.error.code).toBe('CONFLICT');
    // An Admin cannot change their own role or remove themselves (so there is always an Admin).
    expect((await api().patch(`/members/${admin.userId}`, { role: 'Viewer' }, token)).body.error.code).toBe('CONFLICT');
    expect((await api().delete(`/members/${admin.userId}`, token)).body.error.code).toBe('CONFLICT');
    expect((await api().patch(`/members/${stranger.userId}`, { role: 'Viewer' }, token)).body.error.code).toBe('NOT_FOUND');
    expect((await api().patch(`/members/${stranger.userId}`, {}, token)).body.error.code).toBe('VALIDATION_ERROR');
    expect((await api().patch(`/members/${stranger.userId}`, { role: 'Owner' }, token)).body.error.code).toBe('VALIDATION_ERROR');
    // The last Admin cannot leave.
    expect((await api().post('/tenants/current/leave', undefined, token)).body.error.code).toBe('CONFLICT');
    const renamed = await api().patch('/tenants/current', { name: 'Acme 2' }, token);
    expect(renamed.body.data).toMatchObject({ tenant_id: organisationId, name: 'Acme 2', active: true });
  });

  it('lists members with role, status and activity; a role change applies at the next request', async () => {
    const { admin, organisationId, token } = await organisationAdmin();
    const colleague = await addColleague(server, organisationId, 'Viewer');
    const listed = await api().get('/members', colleague.accessToken);
    expect(listed.body.data.count).toBe(2);
    expect(listed.body.data.members).toEqual([
      expect.objectContaining({ user_id: admin.userId, role: 'Admin', status: 'active', you: false }),
      expect.objectContaining({ user_id: colleague.userId, role: 'Viewer', status: 'active', you: true }),
    ]);
    expect(listed.body.data.members[0].last_active_at).not.toBeNull();

    // A Viewer reads but does not write.
    expect((await api().post('/sessions', { name: 'no' }, colleague.accessToken)).body.error.code).toBe('FORBIDDEN');
    expect((await api().patch(`/members/${admin.userId}`, { role: 'Viewer' }, colleague.accessToken)).status).toBe(403);
    const promoted = await api().patch(`/members/${colleague.userId}`, { role: 'Developer' }, token);
    expect(promoted.body.data).toMatchObject({ role: 'Developer', status: 'active', you: false });
    expect((await api().post('/sessions', { name: 'yes' }, colleague.accessToken)).status).toBe(201);
    expect((await api().get('/users/me', colleague.accessToken)).body.data.role).toBe('Developer');
  });

  it('a Manager manages members below Admin and grants roles up to Manager', async () => {
    const { admin, organisationId, token } = await organisationAdmin();
    const manager = await addColleague(server, organisationId, 'Manager');
    const developer = await addColleague(server, organisationId, 'Developer');
    const secondAdmin = await addColleague(server, organisationId, 'Admin');
    const as = manager.accessToken;
    expect((await api().patch(`/members/${developer.userId}`, { role: 'Manager' }, as)).body.data.role).toBe('Manager');
    expect((await api().patch(`/members/${developer.userId}`, { role: 'Admin' }, as)).body.error.code).toBe('FORBIDDEN');
    expect((await api().patch(`/members/${secondAdmin.userId}`, { disabled: true }, as)).body.error.code).toBe('FORBIDDEN');
    expect((await api().delete(`/members/${admin.userId}`, as)).body.error.code).toBe('FORBIDDEN');
    expect((await api().patch(`/members/${developer.userId}`, { role: 'Viewer' }, as)).body.data.role).toBe('Viewer');
    expect((await api().delete(`/members/${developer.userId}`, as)).status).toBe(200);
    // An Admin may manage another Admin (and so one Admin may leave when another remains).
    expect((await api().patch(`/members/${secondAdmin.userId}`, { role: 'Developer' }, token)).body.data.role).toBe('Developer');
    const members = (await api().get('/members', token)).body.data.members.map((entry: { user_id: string }) => entry.user_id);
    expect(members).not.toContain(developer.userId);
  });

  it('a disabled member is refused at their next request, still lists and leaves for their tenants, and comes back when enabled', async () => {
    const { organisationId, token } = await organisationAdmin();
    const colleague = await addColleague(server, organisationId, 'Developer');
    const key = await api().post('/api-keys', { name: 'org key', scope: 'read' }, colleague.accessToken);
    expect(key.status).toBe(201);
    const secret = key.body.data.secret as string;
    expect((await api().patch(`/members/${colleague.userId}`, { disabled: true }, token)).body.data.status).toBe('disabled');

    const refused = await api().get('/sessions', colleague.accessToken);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'MEMBERSHIP_ENDED']);
    expect(refused.body.error.message).toMatch(/disabled/);
    const byKey = await api().call('GET', '/sessions', { headers: { 'x-api-key': secret } });
    expect(byKey.body.error.code).toBe('MEMBERSHIP_ENDED');
    // Their tenants are still listed (from their personal one), the organisation marked disabled.
    const tenants = await api().get('/tenants', colleague.accessToken);
    expect(tenants.body.data.find((tenant: { tenant_id: string }) => tenant.tenant_id === organisationId)).toMatchObject({
      disabled: true,
    });
    const home = await api().post('/auth/switch-tenant', { tenant_id: tenants.body.data[0].tenant_id }, colleague.accessToken);
    expect(home.status).toBe(200);
    const homeToken = home.body.data.tokens.access_token;
    expect((await api().get('/sessions', homeToken)).status).toBe(200);
    expect((await api().post('/auth/switch-tenant', { tenant_id: organisationId }, homeToken)).body.error.code).toBe(
      'MEMBERSHIP_ENDED',
    );
    // A sign-in while disabled lands in the personal tenant.
    const login = await api().post('/auth/login', { email: colleague.email, password: TEST_PASSWORD });
    expect(login.body.data.user.tenant_id).not.toBe(organisationId);

    await api().patch(`/members/${colleague.userId}`, { disabled: false }, token);
    expect((await api().post('/auth/switch-tenant', { tenant_id: organisationId }, homeToken)).status).toBe(200);
    expect((await api().call('GET', '/sessions', { headers: { 'x-api-key': secret } })).status).toBe(200);
  });

  it('a removed member loses access at their next request, and their API keys there stop working', async () => {
    const { organisationId, token } = await organisationAdmin();
    const colleague = await addColleague(server, organisationId, 'Developer');
    const key = await api().post('/api-keys', { name: 'org key', scope: 'read' }, colleague.accessToken);
    const removed = await api().delete(`/members/${colleague.userId}`, token);
    expect(removed.body).toEqual({ success: true, message: 'Member removed' });

    const refused = await api().get('/sessions', colleague.accessToken);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'MEMBERSHIP_ENDED']);
    expect((await api().call('GET', '/sessions', { headers: { 'x-api-key': key.body.data.secret } })).status).toBe(401);
    // Refreshing keeps the pair in its tenant, where it is still refused (no silent move elsewhere).
    const refreshed = await api().post('/auth/refresh', { refresh_token: colleague.refreshToken });
    expect((await api().get('/sessions', refreshed.body.data.access_token)).body.error.code).toBe('MEMBERSHIP_ENDED');
    const tenants = (await api().get('/tenants', colleague.accessToken)).body.data;
    expect(tenants.map((tenant: { kind: string }) => tenant.kind)).toEqual(['personal']);
    const login = await api().post('/auth/login', { email: colleague.email, password: TEST_PASSWORD });
    expect(login.body.data.user).toMatchObject({ tenant_id: tenants[0].tenant_id, role: 'Admin' });
    expect((await api().delete(`/members/${colleague.userId}`, token)).body.error.code).toBe('NOT_FOUND');
  });

  it('a member leaves and gets a pair for their personal tenant; the organisation no longer lists them', async () => {
    const { organisationId, token } = await organisationAdmin();
    const colleague = member(await addColleague(server, organisationId, 'Viewer'), organisationId);
    const left = await api().post('/tenants/current/leave', undefined, colleague.accessToken);
    expect(left.status).toBe(200);
    expect(left.body.data.user.tenant_id).not.toBe(organisationId);
    expect((await api().get('/users/me', left.body.data.tokens.access_token)).body.data.role).toBe('Admin');
    expect((await api().get('/members', token)).body.data.count).toBe(1);
    expect((await api().get('/members', colleague.accessToken)).body.error.code).toBe('MEMBERSHIP_ENDED');
  });
  it("an Admin sees a member's API keys (never their secrets) and revokes one; a Manager may not", async () => {
    const { organisationId, token } = await organisationAdmin();
    const developer = await addColleague(server, organisationId, 'Developer');
    const manager = await addColleague(server, organisationId, 'Manager');
    const key = await api().post('/api-keys', { name: 'ci', scope: 'write' }, developer.accessToken);
    const secret = key.body.data.secret as string;
    const listed = await api().get(`/members/${developer.userId}/api-keys`, token);
    expect(listed.body.data.api_keys).toEqual([
      expect.objectContaining({ key_id: key.body.data.key_id, name: 'ci', scope: 'write' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await api().get(`/members/${developer.userId}/api-keys`, manager.accessToken)).body.error.code).toBe('FORBIDDEN');
    const stranger = await registerUser(api());
    expect((await api().get(`/members/${stranger.userId}/api-keys`, token)).body.error.code).toBe('NOT_FOUND');

    const revoked = await api().delete(`/members/${developer.userId}/api-keys/${key.body.data.key_id}`, token);
    expect(revoked.body).toEqual({ success: true, message: 'API key revoked' });
    expect((await api().call('GET', '/sessions', { headers: { 'x-api-key': secret } })).status).toBe(401);
    expect((await api().get('/api-keys', developer.accessToken)).body.data.count).toBe(0);
  });
  it('an Admin deletes the organisation with everything in it, after typing its name; its members are refused next', async () => {
    const { admin, organisationId, token } = await organisationAdmin('Doomed Ltd');
    const colleague = await addColleague(server, organisationId, 'Manager');
    const key = await api().post('/api-keys', { name: 'k', scope: 'read' }, colleague.accessToken);
    const session = await api().post('/sessions', { name: 'to go' }, colleague.accessToken);
    const sessionId = session.body.data.session_id as string;
    await api().put(`/sessions/${sessionId}/files/notes.md`, { content: 'bye' }, colleague.accessToken);
    await api().post('/conversations', { workspace_session_id: sessionId, title: 'chat' }, colleague.accessToken);
    const tree = join(workspacesDir({ DATA_DIR: server.dataDir, WORKSPACES_DIR: undefined }), organisationId, sessionId);
    expect(existsSync(tree)).toBe(true);

    for (const [body, code] of [
      [{ confirm: 'Doomed' }, 'VALIDATION_ERROR'],
      [{}, 'VALIDATION_ERROR'],
      [{ confirm: 'Doomed Ltd', extra: true }, 'VALIDATION_ERROR'],
    ] as const) {
      expect((await api().post('/tenants/current/delete', body, token)).body.error.code).toBe(code);
    }
    expect((await api().post('/tenants/current/delete', { confirm: 'Doomed Ltd' }, colleague.accessToken)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await api().post('/tenants/current/delete', { confirm: 'Personal' }, admin.accessToken)).body.error.code).toBe(
      'CONFLICT',
    );
    expect((await api().get(`/sessions/${sessionId}`, colleague.accessToken)).status).toBe(200);

    const deleted = await api().post('/tenants/current/delete', { confirm: 'Doomed Ltd' }, token);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.user).toMatchObject({ tenant_id: admin.tenantId, role: 'Admin' });
    expect((await api().get('/tenants', deleted.body.data.tokens.access_token)).body.data).toHaveLength(1);
    expect((await api().get('/sessions', colleague.accessToken)).body.error.code).toBe('MEMBERSHIP_ENDED');
    expect((await api().call('GET', '/users/me', { headers: { 'x-api-key': key.body.data.secret } })).status).toBe(401);
    expect(existsSync(tree)).toBe(false);
    // Nothing of it is left in the store but the audit trail's record of the deletion itself.
    await server.audit.flush();
    const left = await createTenantScope(server.store, organisationId).transact((tx) => tx.getRange([]));
    expect(left.filter((entry) => !String(entry.key[0]).startsWith('audit'))).toEqual([]);
    expect(await server.store.transact((tx) => scopeTransaction(tx, identitySpace).get(['owner', sessionId]))).toBeUndefined();
  });
  it("a password change revokes the user's API keys in every tenant they belong to", async () => {
    const { organisationId } = await organisationAdmin();
    const colleague = await addColleague(server, organisationId, 'Developer');
    const inOrganisation = await api().post('/api-keys', { name: 'org', scope: 'read' }, colleague.accessToken);
    const tenants = (await api().get('/tenants', colleague.accessToken)).body.data;
    const personal = tenants.find((tenant: { kind: string }) => tenant.kind === 'personal').tenant_id;
    const home = await api().post('/auth/switch-tenant', { tenant_id: personal }, colleague.accessToken);
    const homeToken = home.body.data.tokens.access_token;
    const inPersonal = await api().post('/api-keys', { name: 'mine', scope: 'read' }, homeToken);
    const keyWorks = async (secret: string) =>
      (await api().call('GET', '/users/me', { headers: { 'x-api-key': secret } })).status;
    expect([await keyWorks(inOrganisation.body.data.secret), await keyWorks(inPersonal.body.data.secret)]).toEqual([200, 200]);
    const changed = await api().put(
      '/users/me/password',
      { current_password: TEST_PASSWORD, new_password: 'another long and fine passphrase' },
      homeToken,
    );
    expect(changed.status).toBe(200);
    expect([await keyWorks(inOrganisation.body.data.secret), await keyWorks(inPersonal.body.data.secret)]).toEqual([401, 401]);
  });
});
