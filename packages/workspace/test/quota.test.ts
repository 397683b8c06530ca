// Quotas: every operation that adds bytes or entries is checked before it writes anything, and
// fails with QUOTA_EXCEEDED naming the limit; the usage record follows the library's own writes
// exactly and catches up with a terminal's writes once it is older than usageMaxAgeMs.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspaceRoot, type WorkspaceError, type WorkspaceRootOptions } from '../src/index';
import { createHarness, outcome, type Harness } from './workspace-harness';

let h: Harness | undefined;
async function harness(options: Partial<WorkspaceRootOptions>): Promise<Harness> {
  h = await createHarness(options);
  return h;
}
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

async function quotaError(promise: Promise<unknown>): Promise<WorkspaceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as WorkspaceError,
  );
  expect(error?.code).toBe('QUOTA_EXCEEDED');
  return error!;
}

describe('quotas', () => {
  it('refuses a file over the single-file limit, writing nothing', async () => {
    const { files, tree } = await harness({ quotas: { fileBytes: 100 } });
    const error = await quotaError(files.write('dir/big.bin', Buffer.alloc(101)));
    expect(error.details).toMatchObject({ limit: 'file_bytes', requested: 101, max: 100 });
    expect(await readdir(tree)).toEqual([]);
    await files.write('dir/ok.bin', Buffer.alloc(100));
  });

  it('counts the change in size when a file is replaced, and names the workspace limit', async () => {
    const { files } = await harness({ quotas: { workspaceBytes: 1000 } });
    await files.write('a.bin', Buffer.alloc(600));
    await files.write('a.bin', Buffer.alloc(1000)); // +400: fits exactly
    const error = await quotaError(files.write('b.bin', Buffer.alloc(1)));
    expect(error.details).toMatchObject({ limit: 'workspace_bytes', used: 1000, requested: 1, max: 1000 });
    expect(await outcome(files.read('b.bin'))).toBe('NOT_FOUND');
    await files.write('a.bin', Buffer.alloc(10)); // shrinking always passes
    await files.write('b.bin', Buffer.alloc(990));
  });

  it('limits entries, counting the parents a write or mkdir would create, creating none of them', async () => {
    const { files, tree } = await harness({ quotas: { workspaceEntries: 3 } });
    const error = await quotaError(files.write('a/b/c/d.txt', 'x'));
    expect(error.details).toMatchObject({ limit: 'workspace_entries', used: 0, requested: 4, max: 3 });
    expect(await readdir(tree)).toEqual([]);
    await files.write('a/b/c.txt', 'x');
    expect((await quotaError(files.mkdir('z'))).details).toMatchObject({ limit: 'workspace_entries' });
    await files.delete('a', { recursive: true });
    await files.mkdir('x/y/z');
  });

  it('sums the tenant’s workspaces for the tenant limit', async () => {
    const { files, root } = await harness({ quotas: { tenantBytes: 1000 } });
    await root.files({ tenantId: 't1', workspaceId: 'neighbour' }).write('n.bin', Buffer.alloc(700));
    await files.write('a.bin', Buffer.alloc(300));
    const error = await quotaError(files.write('b.bin', Buffer.alloc(1)));
    expect(error.details).toMatchObject({ limit: 'tenant_bytes', used: 1000, requested: 1, max: 1000 });
    // Another tenant is not affected.
    await root.create({ tenantId: 't2', workspaceId: 'w' });
    await root.files({ tenantId: 't2', workspaceId: 'w' }).write('a.bin', Buffer.alloc(1000));
  });

  it('sums the tenant’s workspaces for the tenant’s entries too', async () => {
    const { files, root } = await harness({ quotas: { tenantEntries: 5 } });
    await root.files({ tenantId: 't1', workspaceId: 'neighbour' }).write('n/a.txt', 'a'); // 2 entries
    await files.write('d/x.txt', 'x'); // 2 entries
    const error = await quotaError(files.write('d/y/z.txt', 'z'));
    expect(error.details).toMatchObject({ limit: 'tenant_entries', used: 4, requested: 2, max: 5 });
    await files.write('d/y.txt', 'y'); // one more fits exactly
    expect(await outcome(root.fork({ tenantId: 't1', workspaceId: 'w1' }, { tenantId: 't1', workspaceId: 'fork' }))).toBe(
      'QUOTA_EXCEEDED',
    );
  });

  it('refuses a copy that would not fit before copying anything', async () => {
    const { files, meta } = await harness({ quotas: { workspaceBytes: 1000 } });
    await files.write('src/a.bin', Buffer.alloc(300));
    await files.write('src/b.bin', Buffer.alloc(300));
    const error = await quotaError(files.copy('src', 'copy'));
    expect(error.details).toMatchObject({ limit: 'workspace_bytes', used: 600, requested: 600 });
    expect(await outcome(files.list('copy'))).toBe('NOT_FOUND');
    expect(await readdir(join(meta, 'tmp'))).toEqual([]);
    await files.copy('src/a.bin', 'copy/a.bin');
  });

  it('refuses a fork that would not fit the target’s quotas', async () => {
    const { files, root } = await harness({ quotas: (ref) => (ref.workspaceId === 'small' ? { workspaceBytes: 10 } : {}) });
    await files.write('a.txt', 'more than ten bytes');
    const error = await quotaError(root.fork({ tenantId: 't1', workspaceId: 'w1' }, { tenantId: 't1', workspaceId: 'small' }));
    expect(error.details).toMatchObject({ limit: 'workspace_bytes' });
    expect(await root.exists({ tenantId: 't1', workspaceId: 'small' })).toBe(false);
    expect((await readdir(join(h!.rootDir, 't1'))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('keeps the usage record equal to a fresh scan through the library’s own operations', async () => {
    const { files, rootDir } = await harness({ usageMaxAgeMs: 3_600_000 });
    await files.write('a/b/c.txt', 'hello');
    await files.write('a/d.txt', 'world!');
    await files.copy('a', 'copy');
    await files.move('copy/b', 'moved');
    await files.write('a/d.txt', 'w');
    await files.delete('copy', { recursive: true });
    await files.mkdir('e/f');
    const recorded = await files.usage();
    const fresh = await openWorkspaceRoot({ root: rootDir, usageMaxAgeMs: 0 });
    const scanned = await fresh.files(h!.ref).usage();
    expect({ bytes: recorded.bytes, entries: recorded.entries }).toEqual({ bytes: scanned.bytes, entries: scanned.entries });
    expect(recorded.scanned_at).not.toBe(scanned.scanned_at);
  });

  it('catches up with what a terminal wrote once the record is older than usageMaxAgeMs', async () => {
    const { files, tree } = await harness({ usageMaxAgeMs: 0, quotas: { workspaceBytes: 1000 } });
    await files.write('a.txt', 'x');
    await mkdir(join(tree, 'made-by-terminal'));
    await writeFile(join(tree, 'made-by-terminal', 'big.bin'), Buffer.alloc(999));
    const error = await quotaError(files.write('b.txt', 'x'));
    expect(error.details).toMatchObject({ limit: 'workspace_bytes', used: 1000 });
    expect(await files.usage()).toMatchObject({ bytes: 1000, entries: 3 });
  });
});
