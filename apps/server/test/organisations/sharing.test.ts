// Sharing a session with the organisation: members read a shared session and its files (Viewers
// included), Developers and up write its files when it is shared read-write, and everything else
// about it stays its owner's. A private session answers other members like a missing one.
import { describe, expect, it } from 'vitest';
import { addColleague } from '../support/colleague';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('shared sessions', () => {
  const server = useTestServer();
  const api = () => server.api;

  async function organisation() {
    const admin = await registerUser(api());
    const created = await api().post('/tenants', { name: 'Sharers' }, admin.accessToken);
    const organisationId = created.body.data.tenant_id as string;
    const owner = await addColleague(server, organisationId, 'Developer');
    const viewer = await addColleague(server, organisationId, 'Viewer');
    const developer = await addColleague(server, organisationId, 'Developer');
    const session = await api().post('/sessions', { name: 'Pairing' }, owner.accessToken);
    const sessionId = session.body.data.session_id as string;
    await api().put(`/sessions/${sessionId}/files/src/app.ts`, { content: 'export {};\n' }, owner.accessToken);
    return { admin, owner, viewer, developer, sessionId };
  }

  const file = (sessionId: string) => `/sessions/${sessionId}/files/src/app.ts`;

  it('a private session is its owner’s alone; shared for reading, every member reads it and its files', async () => {
    const { owner, viewer, developer, sessionId } = await organisation();
    expect((await api().get(`/sessions/${sessionId}`, viewer.accessToken)).body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await api().get('/shared-sessions', viewer.accessToken)).body.data.count).toBe(0);

    const shared = await api().put(`/sessions/${sessionId}/sharing`, { sharing: 'read' }, owner.accessToken);
    expect(shared.body.data).toEqual({ session_id: sessionId, sharing: 'read' });
    const listed = await api().get('/shared-sessions', viewer.accessToken);
    expect(listed.body.data.sessions).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        name: 'Pairing',
        sharing: 'read',
        owner: { user_id: owner.userId, full_name: 'Col League', you: false },
      }),
    ]);
    expect((await api().get('/shared-sessions', owner.accessToken)).body.data.sessions[0].owner.you).toBe(true);
    for (const member of [viewer, developer]) {
      expect((await api().get(`/sessions/${sessionId}`, member.accessToken)).body.data.name).toBe('Pairing');
      expect((await api().get(file(sessionId), member.accessToken)).body.data.content).toBe('export {};\n');
      expect((await api().get(`/sessions/${sessionId}/find?q=app`, member.accessToken)).body.data).toBeDefined();
      expect((await api().get(`/sessions/${sessionId}/search?q=export`, member.accessToken)).status).toBe(200);
    }
    // Reading it does not touch the owner's record; writing its files needs a read-write share.
    expect((await api().put(file(sessionId), { content: 'x' }, viewer.accessToken)).body.error.code).toBe('FORBIDDEN');
    expect((await api().put(file(sessionId), { content: 'x' }, developer.accessToken)).body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await api().get(file(sessionId), owner.accessToken)).body.data.content).toBe('export {};\n');
  });

  it('shared read-write, Developers edit its files; the session itself, terminals and sharing stay the owner’s', async () => {
    const { owner, viewer, developer, sessionId } = await organisation();
    await api().put(`/sessions/${sessionId}/sharing`, { sharing: 'write' }, owner.accessToken);
    const written = await api().put(file(sessionId), { content: 'export const shared = true;\n' }, developer.accessToken);
    expect(written.status).toBe(200);
    expect((await api().get(file(sessionId), owner.accessToken)).body.data.content).toBe('export const shared = true;\n');
    expect((await api().put(file(sessionId), { content: 'no' }, viewer.accessToken)).body.error.code).toBe('FORBIDDEN');
    for (const [method, path, body] of [
      ['PUT', `/sessions/${sessionId}`, { name: 'Mine now' }],
      ['DELETE', `/sessions/${sessionId}`, undefined],
      ['PUT', `/sessions/${sessionId}/sharing`, { sharing: 'private' }],
      ['POST', `/sessions/${sessionId}/terminals`, {}],
      ['POST', `/sessions/${sessionId}/fork`, {}],
    ] as const) {
      const refused = await api().call(method, path, { body, token: developer.accessToken });
      expect([refused.status, refused.body.error.code], `${method} ${path}`).toEqual([404, 'SESSION_NOT_FOUND']);
    }
    // A write share reaches that session's tree only: no way out of it into another session or tenant.
    const theirs = (await api().post('/sessions', { name: 'theirs' }, developer.accessToken)).body.data.session_id as string;
    for (const path of [`../${theirs}/tree/x.txt`, '..%2F..%2Fescape.txt', '%2e%2e/escape.txt', '/etc/passwd', 'a/../../b.txt']) {
      const escaped = await api().put(`/sessions/${sessionId}/files/${path}`, { content: 'out' }, developer.accessToken);
      // Refused (a literal `../` is resolved by the URL itself and matches no route: 404).
      expect([400, 404], path).toContain(escaped.status);
      expect(['INVALID_PATH', 'NOT_FOUND'], path).toContain(escaped.body.error.code);
    }
    expect((await api().get(`/sessions/${theirs}/files`, developer.accessToken)).body.data.entries).toEqual([]);
    // Private again: members lose it at their next request.
    await api().put(`/sessions/${sessionId}/sharing`, { sharing: 'private' }, owner.accessToken);
    expect((await api().get(`/sessions/${sessionId}`, developer.accessToken)).body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await api().put(file(sessionId), { content: 'late' }, developer.accessToken)).body.error.code).toBe(
      'SESSION_NOT_FOUND',
    );
  });

  it('refuses sharing in a personal tenant, bad input and other tenants; a deleted session leaves the list', async () => {
    const { owner, viewer, sessionId } = await organisation();
    const loner = await registerUser(api());
    const own = await api().post('/sessions', { name: 'Solo' }, loner.accessToken);
    expect(
      (await api().put(`/sessions/${own.body.data.session_id}/sharing`, { sharing: 'read' }, loner.accessToken)).body.error.code,
    ).toBe('CONFLICT');
    for (const body of [{ sharing: 'public' }, {}, { sharing: 'read', extra: 1 }]) {
      expect((await api().put(`/sessions/${sessionId}/sharing`, body, owner.accessToken)).body.error.code).toBe(
        'VALIDATION_ERROR',
      );
    }
    await api().put(`/sessions/${sessionId}/sharing`, { sharing: 'read' }, owner.accessToken);
    expect((await api().get(`/sessions/${sessionId}`, loner.accessToken)).body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await api().get('/shared-sessions', loner.accessToken)).body.data.count).toBe(0);
    await api().delete(`/sessions/${sessionId}`, owner.accessToken);
    expect((await api().get('/shared-sessions', viewer.accessToken)).body.data.count).toBe(0);
  });
});
