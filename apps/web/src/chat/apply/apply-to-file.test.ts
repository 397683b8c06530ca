import { describe, expect, it } from 'vitest';
import { MemoryWorkspaceFiles } from '../../workspace/memory-workspace-files';
import { parentOf } from '../../workspace/workspace-files';
import { acceptApply, codeForFile, planApply, suggestApplyPath } from './apply-to-file';

async function workspaceWith(files: Record<string, string>) {
  const workspace = new MemoryWorkspaceFiles();
  for (const [path, content] of Object.entries(files)) {
    await workspace.mkdir(parentOf(path));
    await workspace.write(path, content, null);
  }
  return workspace;
}

describe('apply to file', () => {
  it('diffs against the file as it is and writes over exactly that version', async () => {
    const files = await workspaceWith({ 'src/app.ts': 'old\n' });
    const plan = await planApply(files, 'src/app.ts', 'new\n');
    expect(plan).toMatchObject({ path: 'src/app.ts', current: 'old\n', proposed: 'new\n' });
    expect(plan.etag).toBe((await files.read('src/app.ts')).etag);
    const outcome = await acceptApply(files, plan);
    expect(outcome.status).toBe('written');
    expect((await files.read('src/app.ts')).content).toBe('new\n');
  });

  it('turns a change made meanwhile into a new difference, writing nothing', async () => {
    const files = await workspaceWith({ 'src/app.ts': 'old\n' });
    const plan = await planApply(files, 'src/app.ts', 'new\n');
    await files.write('src/app.ts', 'theirs\n', null);
    const outcome = await acceptApply(files, plan);
    expect(outcome).toMatchObject({ status: 'conflict', plan: { current: 'theirs\n', proposed: 'new\n' } });
    expect((await files.read('src/app.ts')).content).toBe('theirs\n');
    if (outcome.status !== 'conflict') throw new Error('expected a conflict');
    expect((await acceptApply(files, outcome.plan)).status).toBe('written');
    expect((await files.read('src/app.ts')).content).toBe('new\n');
  });

  it('creates a missing file, unless someone created it meanwhile', async () => {
    const files = await workspaceWith({});
    const plan = await planApply(files, 'lib/new.ts', 'made\n');
    expect(plan).toMatchObject({ current: '', etag: null });
    await files.mkdir('lib');
    await files.write('lib/new.ts', 'first\n', null);
    const outcome = await acceptApply(files, plan);
    expect(outcome).toMatchObject({ status: 'conflict', plan: { current: 'first\n' } });
    expect((await files.read('lib/new.ts')).content).toBe('first\n');

    const fresh = await planApply(files, 'lib/other.ts', 'made\n');
    expect((await acceptApply(files, fresh)).status).toBe('written');
    expect((await files.read('lib/other.ts')).content).toBe('made\n');
  });

  it('drops a "// file:" first line and ends the file with a newline', () => {
    expect(codeForFile('// file: a.ts\nconst a = 1;', true)).toBe('const a = 1;\n');
    expect(codeForFile('// file: a.ts\nconst a = 1;', false)).toBe('// file: a.ts\nconst a = 1;\n');
    expect(codeForFile('x\n', false)).toBe('x\n');
  });

  it('suggests the named file, else the active one', () => {
    expect(suggestApplyPath('src/a.ts', 'src/b.ts')).toBe('src/a.ts');
    expect(suggestApplyPath(null, 'src/b.ts')).toBe('src/b.ts');
    expect(suggestApplyPath(null, null)).toBe('');
  });
});
