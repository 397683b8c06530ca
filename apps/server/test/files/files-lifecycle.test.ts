// A session's tree through its life (created on first use, copied by fork, removed with the
// session, orphans swept), concurrent writers on one etag, the audit of file operations (paths
// and sizes, never contents), and, as root, trees owned by WORKSPACE_UID:WORKSPACE_GID.
import { lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrphanWorkspaces, sweepOrphanWorkspaces } from '@coditect/api';
import { readTrail } from '../support/audit-trail';
import { sessionFiles } from '../support/session-files';
import { testServer, useTestServer } from '../support/test-server';

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

describe('workspace lifecycle', () => {
  const server = useTestServer();

  it('creates the tree on first use only, copies it on fork, and removes it with the session', async () => {
    const files = await sessionFiles(server);
    expect(await exists(files.tree)).toBe(false);
    await files.put('src/main.ts', { content: 'parent' });
    expect(await exists(files.tree)).toBe(true);

    const fork = await server.api.post(`/sessions/${files.sessionId}/fork`, { name: 'child' }, files.user.accessToken);
    expect(fork.status).toBe(201);
    const childId = fork.body.data.session_id as string;
    const child = await server.api.get(`/sessions/${childId}/files/src/main.ts`, files.user.accessToken);
    expect(child.body.data.content).toBe('parent');
    // The copy is its own: changing one leaves the other.
    await server.api.put(`/sessions/${childId}/files/src/main.ts`, { content: 'child' }, files.user.accessToken);
    expect((await files.get('src/main.ts')).body.data.content).toBe('parent');

    // A session that never used files forks into one that has none yet.
    const empty = await sessionFiles(server, files.user);
    const emptyFork = await server.api.post(`/sessions/${empty.sessionId}/fork`, {}, files.user.accessToken);
    expect(emptyFork.status).toBe(201);
    expect(await exists(join(dirname(dirname(files.tree)), emptyFork.body.data.session_id))).toBe(false);

    expect((await server.api.delete(`/sessions/${files.sessionId}`, files.user.accessToken)).status).toBe(200);
    expect(await exists(dirname(files.tree))).toBe(false);
    expect(await exists(join(dirname(dirname(files.tree)), childId, 'tree', 'src', 'main.ts'))).toBe(true);
    const gone = await files.get('src/main.ts');
    expect([gone.status, gone.body.error.code]).toEqual([404, 'SESSION_NOT_FOUND']);
  });

  it('finds and sweeps trees whose session is gone, past a grace period, and nothing else', async () => {
    const files = await sessionFiles(server);
    await files.put('kept.txt', { content: 'kept' });
    const tenantDir = dirname(dirname(files.tree));
    // A tree left behind by a crash between a delete's record and its tree.
    const orphan = join(tenantDir, '00000000-0000-4000-8000-00000000dead', 'tree');
    await mkdir(orphan, { recursive: true });
    const root = server.deps.workspaces.root;
    expect(await findOrphanWorkspaces(server.store, root)).toEqual([]); // too young
    const later = { graceMs: 10 * 60_000, now: Date.now() + 11 * 60_000 };
    expect(await findOrphanWorkspaces(server.store, root, later)).toEqual([
      { tenantId: files.user.tenantId, workspaceId: '00000000-0000-4000-8000-00000000dead' },
    ]);
    // The sweep at start-up uses the real clock: only old orphans go.
    expect((await sweepOrphanWorkspaces(server.store, root)).removed).toEqual([]);
    expect(await exists(orphan)).toBe(true);
    expect(await exists(files.tree)).toBe(true);
  });

  it('of writers racing with the same If-Match, exactly one wins; the others get 409 with the winner’s etag', async () => {
    const files = await sessionFiles(server);
    const start = await files.put('race.txt', { content: 'start' });
    const etag = start.body.data.etag as string;
    const writers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => files.put('race.txt', { content: `writer ${index}` }, { 'if-match': `"${etag}"` })),
    );
    const winners = writers.filter((writer) => writer.status === 200);
    const losers = writers.filter((writer) => writer.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(7);
    for (const loser of losers) expect(loser.body.error.details.current_etag).toBe(winners[0]!.body.data.etag);
    expect((await files.get('race.txt')).body.data.etag).toBe(winners[0]!.body.data.etag);
  });

  it('audits writes, moves and deletes with paths and sizes, never contents; reads like other reads', async () => {
    const files = await sessionFiles(server);
    const secret = 'file-contents-that-must-not-be-audited';
    await files.put('notes/a.txt', { content: secret });
    await files.post('notes/a.txt', { move_to: 'notes/b.txt' });
    await files.get('notes/b.txt');
    await files.upload(
      'up',
      `--b\r\nContent-Disposition: form-data; name="f"; filename="u.txt"\r\n\r\n${secret}\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    );
    await files.delete('notes/b.txt');
    await server.audit.flush();
    const trail = (await readTrail(server.store, files.user.tenantId)).filter((entry) => entry.procedure.startsWith('files.'));
    expect(JSON.stringify(trail)).not.toContain(secret);
    const byProcedure = Object.fromEntries(trail.map((entry) => [entry.procedure, entry]));
    expect(byProcedure['files.write']).toMatchObject({
      event_type: 'mutation',
      status_code: 200,
      request_body: { session_id: files.sessionId, path: 'notes/a.txt', content: `[OMITTED: ${secret.length} characters]` },
      details: { path: 'notes/a.txt', size: secret.length, created: true },
    });
    expect(byProcedure['files.create']).toMatchObject({
      details: { action: 'move', from: 'notes/a.txt', path: 'notes/b.txt', type: 'file' },
    });
    expect(byProcedure['files.get']).toMatchObject({
      event_type: 'request',
      request_body: { path: 'notes/b.txt' },
      details: null,
    });
    expect(byProcedure['files.upload']).toMatchObject({
      status_code: 201,
      request_body: { path: 'up', body: '[OMITTED]' },
      details: { path: 'up', files: 1, bytes: secret.length },
    });
    expect(byProcedure['files.delete']).toMatchObject({
      details: { path: 'notes/b.txt', type: 'file', bytes: secret.length, entries: 1 },
    });
  });
});

describe.skipIf(process.getuid?.() !== 0)('workspace ownership (server running as root)', () => {
  it('gives every tree, and everything the API creates in it, to WORKSPACE_UID:WORKSPACE_GID', async () => {
    await using server = await testServer({ env: { WORKSPACE_UID: '61001', WORKSPACE_GID: '61002' } });
    const files = await sessionFiles(server);
    await files.put('src/app.ts', { content: 'x' });
    await files.post('src', { copy_to: 'copy/src' });
    await files.post('empty/dir', { type: 'directory' });
    await files.upload(
      'up',
      `--b\r\nContent-Disposition: form-data; name="f"; filename="deep/u.txt"\r\n\r\nu\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    );
    const owners = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      const info = await stat(dir);
      owners.add(`${info.uid}:${info.gid}`);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else {
          const file = await lstat(path);
          owners.add(`${file.uid}:${file.gid}`);
        }
      }
    };
    await walk(files.tree);
    expect([...owners]).toEqual(['61001:61002']);
    const fork = await server.api.post(`/sessions/${files.sessionId}/fork`, {}, files.user.accessToken);
    const forkTree = join(dirname(dirname(files.tree)), fork.body.data.session_id, 'tree');
    owners.clear();
    await walk(forkTree);
    expect([...owners]).toEqual(['61001:61002']);
  });
});
