// Deep trees: a terminal can nest directories without limit, so resolution, walks and removal
// must keep working with a bounded number of open descriptors.
import { spawnSync } from 'node:child_process';
import { readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspaceRoot } from '../src/index';
import { createHarness, outcome, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

const chain = (levels: number) => Array.from({ length: levels }, (_, i) => `d${i}`).join('/');

describe('deep trees', () => {
  it('follows symlinks that climb back up many levels (handles reopened by name), and refuses one more', async () => {
    await h.files.write(`${chain(20)}/leaf.txt`, 'deep');
    await h.files.write('d0/d1/top.txt', 'near the top');
    // From d0/.../d19 (20 levels), 18 levels up is d0/d1.
    await symlink(`${'../'.repeat(18)}top.txt`, join(h.tree, chain(20), 'up.txt'));
    expect((await h.files.read(`${chain(20)}/up.txt`)).content.toString()).toBe('near the top');
    await symlink(`${'../'.repeat(20)}top.txt`, join(h.tree, chain(20), 'root-top.txt'));
    expect(await outcome(h.files.read(`${chain(20)}/root-top.txt`))).toBe('NOT_FOUND');
    await symlink(`${'../'.repeat(21)}meta/canary.txt`, join(h.tree, chain(20), 'escape.txt'));
    expect(await outcome(h.files.read(`${chain(20)}/escape.txt`))).toBe('INVALID_PATH');
    expect((await h.files.list(chain(20))).entries.map((e) => e.name)).toEqual([
      'escape.txt',
      'leaf.txt',
      'root-top.txt',
      'up.txt',
    ]);
  });

  it('refuses paths of more than 256 levels', async () => {
    expect(await outcome(h.files.read(chain(257)))).toBe('INVALID_PATH');
    expect(await outcome(h.files.read(chain(256)))).toBe('NOT_FOUND');
  });

  it('scans, finds, forks and removes a 400-level tree made by a terminal', async () => {
    // 400 nested directories with a file at the top and one at the bottom, made by a shell.
    const deep = Array.from({ length: 400 }, () => 'n').join('/');
    const made = spawnSync('bash', ['-c', `mkdir -p ${deep} && echo bottom > ${deep}/bottom.txt && echo top > n/top.txt`], {
      cwd: h.tree,
    });
    expect(made.status).toBe(0);
    const usage = await openWorkspaceRoot({ root: h.rootDir, usageMaxAgeMs: 0 });
    // The walk stops descending at 256 levels; what is above is counted.
    expect((await usage.files(h.ref).usage()).entries).toBeGreaterThanOrEqual(256);
    expect((await h.files.find('top')).files.map((f) => f.path)).toEqual(['n/top.txt']);
    const fork = { tenantId: 't1', workspaceId: 'deep-fork' };
    await h.root.fork(h.ref, fork);
    expect((await h.root.files(fork).read('n/top.txt')).content.toString()).toBe('top\n');
    await h.root.remove(fork);
    expect(await h.files.delete('n', { recursive: true })).toMatchObject({ type: 'directory', entries: 402, bytes: 11 });
    expect(await readdir(join(h.meta, 'trash'))).toEqual([]);
    await h.root.remove(h.ref);
    expect(await readdir(join(h.rootDir, '.trash'))).toEqual([]);
  });
});
