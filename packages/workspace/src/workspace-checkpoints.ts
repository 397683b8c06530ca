// Checkpoints of a workspace tree: a shadow git repository beside the tree (<dir>/checkpoints,
// never reachable through a workspace path or from a sandbox), as Roo Code and Cline keep them. A
// checkpoint is a commit of everything in the tree but ignored and dependency folders; restoring one
// makes the tree's files what they were (HEAD does not move, so every checkpoint stays reachable).
// git runs as the tree's owner with no system or user configuration and no hooks, so nothing in the
// tree (a .gitattributes, a nested .git) can make it run code or write outside the tree.
import { spawn } from 'node:child_process';
import { copyFile, chown, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceContext } from './workspace-context';
import { WorkspaceError } from './workspace-error';
import { withWorkspaceLock } from './workspace-lock';
import { loadUsage } from './usage-record';

export interface CheckpointFileChange {
  path: string;
  /** How the file differs now from the checkpoint: added or deleted since, or modified. */
  change: 'added' | 'modified' | 'deleted';
}

export interface CheckpointDiff {
  files: CheckpointFileChange[];
  /** Unified diff from the checkpoint to the tree now, cut at maxPatchBytes. */
  patch: string;
  truncated: boolean;
}

/** Folders a checkpoint leaves out (dependencies and caches: large, and rebuilt rather than restored). */
export const CHECKPOINT_EXCLUDES = ['node_modules/', '.venv/', 'venv/', '__pycache__/', '.cache/', '.turbo/', '.next/', '.git/'];

const COMMIT = /^[0-9a-f]{40}$/;
const GIT_TIMEOUT_MS = 60_000;
const MAX_LISTED_FILES = 10_000;

interface GitResult {
  stdout: string;
  truncated: boolean;
}

export class WorkspaceCheckpoints {
  private readonly gitDir: string;

  constructor(private readonly ctx: WorkspaceContext) {
    this.gitDir = join(ctx.layout.dir, 'checkpoints');
  }

  /** Commits the tree as it is now; answers the checkpoint's id (the commit). */
  save(message: string): Promise<string> {
    return this.locked(async () => {
      await this.ensureRepository();
      await this.git(['add', '--all', '--', '.']);
      await this.git(['commit', '--quiet', '--allow-empty', '--no-verify', '--message', message.slice(0, 1000) || 'checkpoint']);
      return (await this.git(['rev-parse', 'HEAD'])).stdout.trim();
    });
  }

  /** What changed in the tree since the checkpoint. NOT_FOUND for an id that is not one of this tree's. */
  diff(commit: string, options: { maxPatchBytes: number }): Promise<CheckpointDiff> {
    return this.locked(async () => {
      await this.requireCheckpoint(commit);
      return this.withTreeIndex(async (env) => {
        const files = parseNameStatus(
          (await this.git(['diff', '--cached', '--name-status', '-z', '--no-renames', commit], { env })).stdout,
        );
        const patch = await this.git(['diff', '--cached', '--no-renames', '--no-color', '--no-ext-diff', commit], {
          env,
          maxBytes: options.maxPatchBytes,
        });
        return { files, patch: patch.stdout, truncated: patch.truncated || files.length >= MAX_LISTED_FILES };
      });
    });
  }

  /** Makes the tree's files what they were at the checkpoint; answers what it changed back. */
  restore(commit: string): Promise<CheckpointFileChange[]> {
    return this.locked(async () => {
      await this.requireCheckpoint(commit);
      // The index first takes in the tree as it is, so files made since the checkpoint are removed.
      await this.git(['add', '--all', '--', '.']);
      const changed = parseNameStatus(
        (await this.git(['diff', '--cached', '--name-status', '-z', '--no-renames', commit])).stdout,
      );
      await this.git(['read-tree', '-u', '--reset', commit]);
      // Sizes changed behind the usage record's back: rescan it now.
      await loadUsage(this.ctx.layout, 0);
      this.ctx.onMutation();
      return changed;
    });
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    const { layout, settings } = this.ctx;
    return withWorkspaceLock(layout.lockFile, { timeoutMs: settings.lockTimeoutMs, staleMs: settings.lockStaleMs }, async () => {
      if (!(await stat(layout.tree).catch(() => null))?.isDirectory()) {
        throw new WorkspaceError('NOT_FOUND', 'The workspace does not exist');
      }
      return work();
    });
  }

  private async requireCheckpoint(commit: string): Promise<void> {
    const exists =
      COMMIT.test(commit) &&
      (await stat(join(this.gitDir, 'HEAD')).catch(() => null)) !== null &&
      (await this.git(['cat-file', '-e', `${commit}^{commit}`]).then(
        () => true,
        () => false,
      ));
    if (!exists) throw new WorkspaceError('NOT_FOUND', `No checkpoint ${commit.slice(0, 64)} in this workspace`);
  }

  /** Runs `work` with an index holding the tree as it is now, leaving the repository's own index alone. */
  private async withTreeIndex<T>(work: (env: Record<string, string>) => Promise<T>): Promise<T> {
    const index = join(this.gitDir, 'diff-index');
    await copyFile(join(this.gitDir, 'index'), index).catch(() => undefined);
    try {
      const env = { GIT_INDEX_FILE: index };
      await this.git(['add', '--all', '--', '.'], { env });
      return await work(env);
    } finally {
      await rm(index, { force: true });
    }
  }

  private async ensureRepository(): Promise<void> {
    if (await stat(join(this.gitDir, 'HEAD')).catch(() => null)) return;
    await rm(this.gitDir, { recursive: true, force: true });
    await mkdir(this.gitDir, { mode: 0o700 });
    const owner = this.ctx.settings.owner;
    if (owner) await chown(this.gitDir, owner.uid, owner.gid);
    await this.git(['init', '--quiet']);
    for (const [key, value] of [
      ['core.autocrlf', 'false'],
      ['core.quotePath', 'false'],
      ['gc.auto', '0'],
      ['user.name', 'Coditect checkpoints'],
      ['user.email', 'checkpoints@coditect.invalid'],
    ]) {
      await this.git(['config', key!, value!]);
    }
    await writeFile(join(this.gitDir, 'info', 'exclude'), `${CHECKPOINT_EXCLUDES.join('\n')}\n`);
  }

  private git(args: string[], options: { env?: Record<string, string>; maxBytes?: number } = {}): Promise<GitResult> {
    const { settings, layout } = this.ctx;
    const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const child = spawn(
        settings.gitPath,
        [
          `--git-dir=${this.gitDir}`,
          `--work-tree=${layout.tree}`,
          '-c',
          'core.hooksPath=/dev/null',
          '-c',
          'commit.gpgSign=false',
          '-c',
          'core.fsmonitor=false',
          '-c',
          `safe.directory=${layout.tree}`,
          ...args,
        ],
        {
          cwd: layout.tree,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: this.gitDir,
            LANG: 'C.UTF-8',
            GIT_CONFIG_NOSYSTEM: '1',
            GIT_CONFIG_GLOBAL: '/dev/null',
            GIT_TERMINAL_PROMPT: '0',
            GIT_OPTIONAL_LOCKS: '0',
            ...options.env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: GIT_TIMEOUT_MS,
          ...(settings.owner ? { uid: settings.owner.uid, gid: settings.owner.gid } : {}),
        },
      );
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        if (truncated) return;
        if (size + chunk.length > maxBytes) {
          chunks.push(chunk.subarray(0, maxBytes - size));
          truncated = true;
          child.kill('SIGKILL');
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 4000) stderr += chunk.toString('utf8');
      });
      child.once('error', (error) =>
        reject(new WorkspaceError('IO_ERROR', 'Checkpoints need git, which could not be run', undefined, { cause: error })),
      );
      child.once('close', (code) => {
        const stdout = Buffer.concat(chunks).toString('utf8');
        if (truncated || code === 0) return resolve({ stdout, truncated });
        reject(
          new WorkspaceError('IO_ERROR', `A checkpoint operation failed (git ${args[0]})`, undefined, {
            cause: new Error(stderr.trim().replaceAll(layout.dir, '<workspace>')),
          }),
        );
      });
    });
  }
}

function parseNameStatus(output: string): CheckpointFileChange[] {
  const fields = output.split('\0');
  const files: CheckpointFileChange[] = [];
  for (let index = 0; index + 1 < fields.length && files.length < MAX_LISTED_FILES; index += 2) {
    const status = fields[index]!;
    const path = fields[index + 1]!;
    // `git diff <checkpoint>` against the tree: A is new since the checkpoint, D gone since.
    files.push({ path, change: status === 'A' ? 'added' : status === 'D' ? 'deleted' : 'modified' });
  }
  return files;
}
