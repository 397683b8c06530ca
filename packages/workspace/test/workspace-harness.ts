// A disposable workspace root in a temp dir, with canaries outside the workspace under test: a
// directory beside the root, the workspace's own meta/, and a neighbouring workspace. Every
// canary has its atime set to the epoch, so a read or a readdir (relatime) shows up in `snapshot`,
// as does any write, creation or deletion (mtime, ctime, size, inode).
import { lstat, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspaceRoot, type WorkspaceFiles, type WorkspaceRoot, type WorkspaceRootOptions } from '../src/index';

export const SECRET = 'canary-secret-5f1c9e';

export interface Harness {
  /** The test's temp dir (holds root/ and outside/). */
  dir: string;
  rootDir: string;
  outside: string;
  root: WorkspaceRoot;
  ref: { tenantId: string; workspaceId: string };
  files: WorkspaceFiles;
  /** The workspace tree on disk, for setting up what a terminal would. */
  tree: string;
  meta: string;
  /** Paths whose lstat must not change when an attack is refused. */
  canaries: string[];
  snapshot(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

async function canaryStat(path: string): Promise<string> {
  const stat = await lstat(path).catch(() => null);
  if (!stat) return 'missing';
  return JSON.stringify([stat.ino, stat.mode, stat.size, stat.nlink, stat.mtimeMs, stat.ctimeMs, stat.atimeMs]);
}

export async function createHarness(options: Partial<WorkspaceRootOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'coditect-ws-test-'));
  const rootDir = join(dir, 'root');
  const outside = join(dir, 'outside');
  const root = await openWorkspaceRoot({ durableWrites: false, ...options, root: rootDir });
  const ref = { tenantId: 't1', workspaceId: 'w1' };
  await root.create(ref);
  await root.create({ tenantId: 't1', workspaceId: 'neighbour' });
  const tree = join(rootDir, 't1', 'w1', 'tree');
  const meta = join(rootDir, 't1', 'w1', 'meta');
  const neighbourTree = join(rootDir, 't1', 'neighbour', 'tree');

  await mkdir(join(outside, 'sub'), { recursive: true });
  await writeFile(join(outside, 'secret.txt'), SECRET);
  await writeFile(join(outside, 'sub', 'deep.txt'), SECRET);
  await writeFile(join(meta, 'canary.txt'), SECRET);
  await writeFile(join(neighbourTree, 'secret.txt'), SECRET);

  const files = [
    join(outside, 'secret.txt'),
    join(outside, 'sub', 'deep.txt'),
    join(meta, 'canary.txt'),
    join(neighbourTree, 'secret.txt'),
  ];
  const dirs = [dir, outside, join(outside, 'sub'), rootDir, join(rootDir, 't1'), join(rootDir, 't1', 'w1'), neighbourTree];
  for (const path of [...files, ...dirs]) await utimes(path, new Date(0), new Date());
  const canaries = [...files, ...dirs];

  return {
    dir,
    rootDir,
    outside,
    root,
    ref,
    files: root.files(ref),
    tree,
    meta,
    canaries,
    async snapshot() {
      const entries = await Promise.all(canaries.map(async (path) => [path, await canaryStat(path)] as const));
      return Object.fromEntries(entries);
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The rejection's WorkspaceError code, or 'resolved' when the call succeeded. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (error as Error).name === 'WorkspaceError') return code;
    throw error;
  }
}
