// As root, a root given an owner hands the tree and everything it creates there to that owner:
// writes, directories, moves into new folders, copies, uploads (files and archives, links
// included) and forks. Without an owner nothing is chowned. (The terminal sandbox runs as the
// tree's owner and refuses a root-owned tree.)
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTarGz } from './archive-builder';
import { createHarness, type Harness } from './workspace-harness';
import type { WorkspaceRootOptions } from '../src/index';
import { walkTree } from '../src/tree-walk';
import { openDirectoryAt } from '../src/confined-resolve';

const OWNER = { uid: 60123, gid: 60124 };
const asRoot = process.getuid?.() === 0;

let h: Harness | undefined;
async function harness_(options: Partial<WorkspaceRootOptions> = {}): Promise<Harness> {
  h = await createHarness(options);
  return h;
}
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** `uid:gid` of the tree and of every entry below it, by path ('' for the tree). */
async function owners(tree: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const top = await lstat(tree);
  found[''] = `${top.uid}:${top.gid}`;
  const dir = await openDirectoryAt(tree);
  try {
    for await (const entry of walkTree(dir, { stat: true })) found[entry.path] = `${entry.stat!.uid}:${entry.stat!.gid}`;
  } finally {
    await dir.close();
  }
  return found;
}

async function exercise(harness: Harness): Promise<void> {
  const { files } = harness;
  await files.write('src/app.ts', 'export {};\n');
  await files.write('src/app.ts', 'export const a = 1;\n');
  await files.mkdir('empty/nested');
  await files.move('src/app.ts', 'moved/into/new/app.ts');
  await files.copy('moved', 'copied');
  await files.upload('uploads/plain', [{ path: 'deep/file.txt', content: 'hello' }]);
  await files.extractArchive(
    'uploads/archive',
    Readable.from(
      buildTarGz([
        { path: 'pkg/', type: 'Directory' },
        { path: 'pkg/index.js', data: 'module.exports = 1;\n' },
        { path: 'pkg/link.js', type: 'SymbolicLink', linkpath: 'index.js' },
      ]),
    ),
    'tar.gz',
  );
}

describe.skipIf(!asRoot)('tree ownership (as root)', () => {
  it('gives the tree and every entry created in it to the configured owner', async () => {
    const harness = await harness_({ owner: OWNER });
    await exercise(harness);
    const found = await owners(harness.tree);
    expect(Object.keys(found).length).toBeGreaterThan(15);
    for (const [path, owner] of Object.entries(found)) expect(owner, path || 'the tree').toBe(`${OWNER.uid}:${OWNER.gid}`);
  });

  it('a fork belongs to the owner too', async () => {
    const harness = await harness_({ owner: OWNER });
    await exercise(harness);
    await harness.root.fork(harness.ref, { tenantId: 't1', workspaceId: 'forked' });
    const found = await owners(join(harness.rootDir, 't1', 'forked', 'tree'));
    expect(Object.keys(found).length).toBeGreaterThan(15);
    for (const [path, owner] of Object.entries(found)) expect(owner, path || 'the tree').toBe(`${OWNER.uid}:${OWNER.gid}`);
  });

  it('without an owner, entries stay the server user’s', async () => {
    const harness = await harness_();
    await exercise(harness);
    for (const [path, owner] of Object.entries(await owners(harness.tree))) expect(owner, path || 'the tree').toBe('0:0');
  });
});
