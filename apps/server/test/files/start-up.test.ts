// What start-up says about workspaces: whether ripgrep is there (search answers 503 without it,
// everything else works), and, as root, a directory above the trees that the workspace owner
// cannot enter (terminals would not start).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionFiles } from '../support/session-files';
import { testServer } from '../support/test-server';

const logged = (lines: string[], pattern: RegExp) =>
  lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => pattern.test(line.msg));

describe('workspaces at start-up', () => {
  it('says in one line that ripgrep is missing, and search answers 503 while the rest works', async () => {
    await using server = await testServer({ env: { RIPGREP_PATH: '/nonexistent/rg' } });
    const [line] = logged(server.secrets.lines, /ripgrep/);
    expect(line).toMatchObject({ level: 40, msg: expect.stringContaining('ripgrep (/nonexistent/rg) is not usable: not found') });
    const files = await sessionFiles(server);
    expect((await files.put('a.txt', { content: 'needle' })).status).toBe(200);
    const search = await server.api.get(`/sessions/${files.sessionId}/search?q=needle`, files.user.accessToken);
    expect([search.status, search.body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    expect(search.body.error.message).toContain('ripgrep');
  });

  it('names the ripgrep it found', async () => {
    await using server = await testServer();
    expect(logged(server.secrets.lines, /ripgrep/)).toEqual([
      expect.objectContaining({ level: 30, msg: expect.stringMatching(/^ripgrep \S+ \(rg\) is available/) }),
    ]);
  });

  it.skipIf(process.getuid?.() !== 0)('as root, warns when the workspace owner cannot reach the trees', async () => {
    const closed = await mkdtemp(join(tmpdir(), 'coditect-closed-'));
    await chmod(closed, 0o700);
    try {
      await using server = await testServer({ env: { WORKSPACES_DIR: join(closed, 'trees'), WORKSPACE_UID: '61001' } });
      expect(logged(server.secrets.lines, /cannot enter/)).toEqual([
        expect.objectContaining({ level: 40, msg: expect.stringContaining(`uid 61001, which cannot enter ${closed}`) }),
      ]);
      await chmod(closed, 0o711);
      await using open = await testServer({ env: { WORKSPACES_DIR: join(closed, 'trees'), WORKSPACE_UID: '61001' } });
      expect(logged(open.secrets.lines, /cannot enter/)).toEqual([]);
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });
});
