// Checkpoints: a commit of the tree in a shadow repository beside it, a diff from one to the tree
// now, and a restore that makes the files what they were — without running anything the tree
// holds (a nested .git's config, attributes) and without writing through a symlink out of it.
import { chmod, lstat, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, outcome, type Harness } from './workspace-harness';
import type { WorkspaceRootOptions } from '../src/index';

const asRoot = process.getuid?.() === 0;
const OWNER = { uid: 60_125, gid: 60_126 };

let h: Harness | undefined;
async function harness(options: Partial<WorkspaceRootOptions> = {}): Promise<Harness> {
  h = await createHarness(options);
  return h;
}
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function put(h: Harness, path: string, content: string): Promise<void> {
  await h.files.write(path, content);
}

describe('workspace checkpoints', () => {
  it('saves the tree, diffs it against now, and restores its files (made since removed, deleted back)', async () => {
    const h = await harness();
    await put(h, 'src/app.ts', 'export const answer = 41;\n');
    await put(h, 'README.md', 'hello\n');
    await put(h, 'node_modules/dep/index.js', 'dependency v1\n');
    const checkpoints = h.files.checkpoints();
    const first = await checkpoints.save('before write_file');
    expect(first).toMatch(/^[0-9a-f]{40}$/);

    await put(h, 'src/app.ts', 'export const answer = 42;\n');
    await put(h, 'src/new.ts', 'new\n');
    await h.files.delete('README.md');
    await put(h, 'node_modules/dep/index.js', 'dependency v2\n');

    const diff = await checkpoints.diff(first, { maxPatchBytes: 100_000 });
    expect(diff.files).toEqual([
      { path: 'README.md', change: 'deleted' },
      { path: 'src/app.ts', change: 'modified' },
      { path: 'src/new.ts', change: 'added' },
    ]);
    expect(diff.patch).toContain('-export const answer = 41;\n+export const answer = 42;');
    expect(diff.truncated).toBe(false);

    const second = await checkpoints.save('before apply_diff');
    const restored = await checkpoints.restore(first);
    expect(restored.map((file) => file.path).sort()).toEqual(['README.md', 'src/app.ts', 'src/new.ts']);
    expect(await readFile(join(h.tree, 'src/app.ts'), 'utf8')).toBe('export const answer = 41;\n');
    expect(await readFile(join(h.tree, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await readdir(join(h.tree, 'src'))).toEqual(['app.ts']);
    // Dependencies are left out of checkpoints, and left alone by a restore.
    expect(await readFile(join(h.tree, 'node_modules/dep/index.js'), 'utf8')).toBe('dependency v2\n');
    // The API sees the restored tree at once (its cached file list was dropped).
    expect((await h.files.find('new')).files.map((file) => file.path)).not.toContain('src/new.ts');

    // A later checkpoint is still there after restoring an earlier one.
    await checkpoints.restore(second);
    expect(await readFile(join(h.tree, 'src/new.ts'), 'utf8')).toBe('new\n');
    expect((await checkpoints.diff(second, { maxPatchBytes: 1000 })).files).toEqual([]);
  });

  it('cuts a long diff at the limit and says so', async () => {
    const h = await harness();
    const checkpoints = h.files.checkpoints();
    const empty = await checkpoints.save('empty');
    await put(h, 'big.txt', 'line\n'.repeat(10_000));
    const diff = await checkpoints.diff(empty, { maxPatchBytes: 2_000 });
    expect(diff).toMatchObject({ files: [{ path: 'big.txt', change: 'added' }], truncated: true });
    expect(Buffer.byteLength(diff.patch)).toBeLessThanOrEqual(2_000);
  });

  it('answers NOT_FOUND for an id that is not a checkpoint of this tree', async () => {
    const h = await harness();
    const checkpoints = h.files.checkpoints();
    expect(await outcome(checkpoints.diff('0'.repeat(40), { maxPatchBytes: 100 }))).toBe('NOT_FOUND');
    const saved = await checkpoints.save('one');
    const neighbour = h.root.files({ tenantId: 't1', workspaceId: 'neighbour' }).checkpoints();
    await neighbour.save('theirs');
    for (const id of ['0'.repeat(40), 'HEAD', '--help', `${saved}~1`, saved.slice(0, 12), `-c core.pager=touch /tmp/x`]) {
      expect(await outcome(checkpoints.restore(id))).toBe('NOT_FOUND');
    }
    expect(await outcome(neighbour.restore(saved))).toBe('NOT_FOUND');
    expect(await outcome(h.root.files({ tenantId: 't1', workspaceId: 'gone' }).checkpoints().save('x'))).toBe('NOT_FOUND');
  });

  it('runs nothing the tree holds and never writes through a symlink out of the tree', async () => {
    const h = await harness();
    const marker = join(h.dir, 'hook-ran');
    // A repository in the tree whose config and hooks would run a command if git used them.
    await mkdir(join(h.tree, '.git', 'hooks'), { recursive: true });
    await writeFile(join(h.tree, '.git', 'config'), `[core]\n\tfsmonitor = touch ${marker}\n\tpager = touch ${marker}\n`);
    await writeFile(join(h.tree, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    await writeFile(join(h.tree, '.gitattributes'), '* filter=evil diff=evil\n');
    await writeFile(join(h.tree, '.gitconfig'), `[filter "evil"]\n\tclean = touch ${marker}\n`);
    await put(h, 'dir/file.txt', 'inside\n');
    const before = await h.snapshot();
    const checkpoints = h.files.checkpoints();
    const saved = await checkpoints.save('before');
    // The tree's directory becomes a link out of the workspace; restoring must not follow it.
    await rm(join(h.tree, 'dir'), { recursive: true });
    await symlink(h.outside, join(h.tree, 'dir'));
    await checkpoints.diff(saved, { maxPatchBytes: 10_000 });
    await checkpoints.restore(saved);
    expect((await lstat(join(h.tree, 'dir'))).isDirectory()).toBe(true);
    expect(await readFile(join(h.tree, 'dir/file.txt'), 'utf8')).toBe('inside\n');
    expect(await lstat(marker).catch(() => null)).toBeNull();
    const after = await h.snapshot();
    for (const path of Object.keys(before).filter((path) => path.startsWith(h.outside))) expect(after[path]).toBe(before[path]);
    expect(await readdir(h.outside)).toEqual(['secret.txt', 'sub']);
    // The tree's own .git is not part of a checkpoint.
    expect((await checkpoints.diff(saved, { maxPatchBytes: 10_000 })).files).toEqual([]);
  });

  it.runIf(asRoot)('runs git as the tree owner: restored files belong to it', async () => {
    const h = await harness({ owner: OWNER });
    // The owner must reach the tree through the test's private temp dir, as it does in production.
    await chmod(h.dir, 0o711);
    await put(h, 'a.txt', 'one\n');
    const checkpoints = h.files.checkpoints();
    const saved = await checkpoints.save('one');
    await h.files.delete('a.txt');
    await checkpoints.restore(saved);
    const restored = await lstat(join(h.tree, 'a.txt'));
    expect(`${restored.uid}:${restored.gid}`).toBe(`${OWNER.uid}:${OWNER.gid}`);
    const repository = await lstat(join(h.tree, '..', 'checkpoints'));
    expect(`${repository.uid}:${(repository.mode & 0o777).toString(8)}`).toBe(`${OWNER.uid}:700`);
  });
});
