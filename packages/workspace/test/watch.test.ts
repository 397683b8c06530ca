// Watching a workspace: changes made by a separate shell process and by this library arrive as
// coalesced { kind, path } batches; symlinks are not followed; unsubscribing releases watchers.
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspaceRoot, type WatchEvent, type WorkspaceFiles } from '../src/index';
import { createHarness, type Harness } from './workspace-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  h.root.close();
  await h.cleanup();
});

function bash(tree: string, script: string): void {
  const result = spawnSync('bash', ['-c', script], { cwd: tree, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr}`);
}

async function collect(files: WorkspaceFiles, options: { onLimit?: (reason: string) => void } = {}) {
  const events: WatchEvent[] = [];
  const waiters: (() => void)[] = [];
  const subscription = files.watch((batch) => {
    events.push(...batch);
    for (const wake of waiters.splice(0)) wake();
  }, options);
  await subscription.ready;
  return {
    events,
    subscription,
    /** Waits (up to 5 s) until an event matching `predicate` has arrived. */
    async waitFor(predicate: (event: WatchEvent) => boolean): Promise<void> {
      const deadline = Date.now() + 5_000;
      while (!events.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`event not seen; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

const is = (kind: WatchEvent['kind'], path: string) => (event: WatchEvent) => event.kind === kind && event.path === path;

describe('watch', () => {
  it('reports files created, changed and deleted by a separate bash process', async () => {
    const watch = await collect(h.files);
    bash(h.tree, 'echo hi > new.txt');
    await watch.waitFor(is('created', 'new.txt'));
    bash(h.tree, 'echo more >> new.txt');
    await watch.waitFor(is('changed', 'new.txt'));
    bash(h.tree, 'rm new.txt');
    await watch.waitFor(is('deleted', 'new.txt'));
    expect(watch.events.find(is('created', 'new.txt'))?.type).toBe('file');
  });

  it('reports a new directory tree made in one go, and watches inside it afterwards', async () => {
    const watch = await collect(h.files);
    bash(h.tree, 'mkdir -p a/b/c && echo x > a/b/c/d.txt');
    await watch.waitFor(is('created', 'a/b/c/d.txt'));
    for (const path of ['a', 'a/b', 'a/b/c']) expect(watch.events.some(is('created', path)), path).toBe(true);
    bash(h.tree, 'echo y > a/b/c/e.txt');
    await watch.waitFor(is('created', 'a/b/c/e.txt'));
  });

  it('reports a renamed directory as deleted under the old path and created under the new', async () => {
    await h.files.write('old/inner/f.txt', 'x');
    const watch = await collect(h.files);
    bash(h.tree, 'mv old new');
    await watch.waitFor(is('created', 'new/inner/f.txt'));
    for (const event of [is('deleted', 'old'), is('deleted', 'old/inner/f.txt'), is('created', 'new')])
      expect(watch.events.some(event)).toBe(true);
    bash(h.tree, 'echo z > new/inner/g.txt');
    await watch.waitFor(is('created', 'new/inner/g.txt'));
  });

  it('reports the library’s own atomic writes as created, then changed', async () => {
    const watch = await collect(h.files);
    await h.files.write('doc.md', 'one');
    await watch.waitFor(is('created', 'doc.md'));
    await h.files.write('doc.md', 'two');
    await watch.waitFor(is('changed', 'doc.md'));
    expect(watch.events.filter((event) => event.path.includes('.tmp'))).toEqual([]);
  });

  it('coalesces a burst of writes and drops a file created and deleted within one window', async () => {
    const root = await openWorkspaceRoot({ root: h.rootDir, watch: { debounceMs: 300 } });
    const watch = await collect(root.files(h.ref));
    bash(h.tree, 'for i in $(seq 1 200); do echo $i >> burst.txt; done; touch fleeting && rm fleeting; touch done');
    await watch.waitFor(is('created', 'done'));
    const burst = watch.events.filter((event) => event.path === 'burst.txt');
    expect(burst.length).toBeGreaterThan(0);
    expect(burst.length).toBeLessThan(200);
    expect(watch.events.some((event) => event.path === 'fleeting')).toBe(false);
    root.close();
  });

  it('does not follow a symlink to a directory outside the tree', async () => {
    const elsewhere = join(h.dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(h.tree, 'link'));
    const watch = await collect(h.files);
    await writeFile(join(elsewhere, 'outside-change.txt'), 'x');
    bash(h.tree, 'touch sentinel');
    await watch.waitFor(is('created', 'sentinel'));
    expect(watch.events.filter((event) => event.path.startsWith('link/'))).toEqual([]);
  });

  it('shares one watcher between subscribers and releases it with the last', async () => {
    await h.files.mkdir('x/y');
    const first = await collect(h.files);
    const second = await collect(h.root.files(h.ref));
    expect(h.root.watchStats()).toEqual({ workspaces: 1, directories: 3 });
    bash(h.tree, 'touch x/y/shared');
    await first.waitFor(is('created', 'x/y/shared'));
    await second.waitFor(is('created', 'x/y/shared'));
    first.subscription.close();
    first.subscription.close();
    expect(h.root.watchStats().workspaces).toBe(1);
    second.subscription.close();
    expect(h.root.watchStats()).toEqual({ workspaces: 0, directories: 0 });
    const count = second.events.length;
    bash(h.tree, 'touch after-close');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.events.length).toBe(count);
  });

  it('tells the subscriber when the tree has more directories than it may watch', async () => {
    for (let i = 0; i < 5; i++) await h.files.mkdir(`d${i}`);
    const root = await openWorkspaceRoot({ root: h.rootDir, watch: { maxDirectories: 3 } });
    const reasons: string[] = [];
    await collect(root.files(h.ref), { onLimit: (reason) => reasons.push(reason) });
    expect(reasons).toEqual(['too many directories to watch']);
    expect(root.watchStats().directories).toBe(3);
    root.close();
  });

  it('rejects `ready` for a workspace that does not exist, without an unhandled rejection', async () => {
    const missing = h.root.files({ tenantId: 't1', workspaceId: 'missing' });
    const subscription = missing.watch(() => undefined);
    await expect(subscription.ready).rejects.toMatchObject({ code: 'NOT_FOUND' });
    missing.watch(() => undefined); // never awaited
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.root.watchStats().workspaces).toBe(0);
  });
});
