// `pnpm backup` beside a running server, then `pnpm restore` into an empty data directory: every
// record and file is back, the audit chain verifies, `pnpm check-store` is clean. A backup into a
// non-empty directory and a restore over an existing store are refused.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerUser, restClient, TEST_PASSWORD } from '../support/rest-client';
import { runServerTool, runStoreCheck } from '../support/server-process';
import { sessionFiles } from '../support/session-files';
import { testServer, useTestServer } from '../support/test-server';

describe('backup and restore', () => {
  const server = useTestServer();
  const dirs: string[] = [];
  const tempDir = async (label: string) => {
    const dir = await mkdtemp(join(tmpdir(), `coditect-${label}-`));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('brings back every record and file, taken while the server runs', async () => {
    const files = await sessionFiles(server);
    const { user, sessionId } = files;
    expect((await files.put('src/app.ts', { content: 'export const restored = true;\n' })).status).toBe(200);
    const conversation = await server.api.post(
      '/conversations',
      { workspace_session_id: sessionId, title: 'Kept' },
      user.accessToken,
    );
    const conversationId = conversation.body.data.conversation_id as string;
    await server.api.post(
      `/conversations/${conversationId}/messages`,
      { role: 'User', content: 'remember me' },
      user.accessToken,
    );
    await server.api.put('/settings/editor/font_size', { value: 17 }, user.accessToken);
    const key = (await server.api.post('/api-keys', { name: 'kept', scope: 'read' }, user.accessToken)).body.data
      .secret as string;

    // Writes keep coming while the backup runs.
    const backupDir = join(await tempDir('backup'), 'copy');
    let writing = true;
    const traffic = (async () => {
      for (let index = 0; writing; index += 1) await server.api.post('/sessions', { name: `busy ${index}` }, user.accessToken);
    })();
    const backup = await runServerTool('src/backup.ts', [backupDir], server.dataDir);
    writing = false;
    await traffic;
    expect(backup.output).toContain('backed up store, workspaces, checkpoints');
    expect(backup.code).toBe(0);
    expect((await stat(join(backupDir, 'kv', 'data.mdb'))).size).toBeGreaterThan(0);

    const restoredDir = await tempDir('restored');
    const restore = await runServerTool('src/restore.ts', [backupDir], restoredDir);
    expect(restore.code, restore.output).toBe(0);
    const check = await runStoreCheck(restoredDir);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain('0 problem(s)');

    const restored = await testServer({ env: { DATA_DIR: restoredDir } });
    try {
      const api = restClient(restored.url);
      const login = await api.post('/auth/login', { email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      const token = login.body.data.tokens.access_token as string;
      expect((await api.get(`/sessions/${sessionId}`, token)).body.data.name).toBe('Files');
      const file = await api.get(`/sessions/${sessionId}/files/src/app.ts`, token);
      expect(file.body.data.content).toBe('export const restored = true;\n');
      const messages = await api.get(`/conversations/${conversationId}/messages`, token);
      expect(messages.body.data.messages.map((message: { content: string }) => message.content)).toEqual(['remember me']);
      expect((await api.get('/settings', token)).body.data.editor.font_size).toBe(17);
      expect((await fetch(`${restored.url}/api/v5/users/me`, { headers: { 'x-api-key': key } })).status).toBe(200);
      const verify = await api.get('/audit/verify', token);
      expect(verify.body.data.ok, JSON.stringify(verify.body.data)).toBe(true);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('refuses a backup into a directory that holds something, and a restore over a store', async () => {
    const busy = await tempDir('busy');
    await writeFile(join(busy, 'keep.txt'), 'mine');
    const backup = await runServerTool('src/backup.ts', [busy], server.dataDir);
    expect(backup.code).toBe(2);
    expect(backup.output).toContain('is not empty');
    expect(await readFile(join(busy, 'keep.txt'), 'utf8')).toBe('mine');

    const good = join(await tempDir('good'), 'copy');
    expect((await runServerTool('src/backup.ts', [good], server.dataDir)).code).toBe(0);
    const overStore = await runServerTool('src/restore.ts', [good], server.dataDir);
    expect(overStore.code).toBe(2);
    expect(overStore.output).toContain('already holds a store');
    const notBackup = await runServerTool('src/restore.ts', [busy], await tempDir('empty'));
    expect(notBackup.code).toBe(2);
    expect(notBackup.output).toContain('no backup');
    expect((await registerUser(server.api)).accessToken).toBeTruthy();
  }, 60_000);
});
