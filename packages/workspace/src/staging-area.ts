// Where an upload is assembled before it touches the tree: a directory in meta/tmp. Entries are
// written below it through descriptors, never through a symlink (an archive that plants a link
// and then writes "through" it is refused). Once complete and within limits, `commit` merges it
// into the target directory under the workspace lock (`plan`, checked against the quotas, then
// `apply`); `discard` removes whatever is left, so a refused upload leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, symlink, unlink, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { discardEntry, openMetaDirectory } from './meta-area';
import type { MutationScope } from './workspace-context';
import type { WorkspaceLayout } from './workspace-layout';
import { measureEntryAt } from './tree-copy';
import { removeEntryAt } from './tree-remove';
import { readDirectory } from './tree-walk';
import type { UploadBudget } from './upload-budget';
import { ownHandle, ownPath, type TreeOwner } from './tree-owner';
import { WorkspaceError } from './workspace-error';

const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW } = constants;
const MAX_LISTED_PATHS = 1000;

export type UploadContent = Uint8Array | string | AsyncIterable<Uint8Array | string>;

export interface MergePlan {
  /** Bytes and entries the merge adds (negative when replaced entries were larger). */
  bytes: number;
  entries: number;
  conflicts: string[];
  overwritten: number;
  overwrite: boolean;
}

export interface CommitResult {
  /** Regular files in the upload. */
  files: number;
  /** Directories in the upload (explicit or implied by a file's path). */
  directories: number;
  symlinks: number;
  bytes: number;
  /** Existing entries replaced (overwrite only). */
  overwritten: number;
  /** Paths of the files written, relative to the target directory (the first 1000). */
  paths: string[];
  paths_truncated: boolean;
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unsafe(reason: string): WorkspaceError {
  return new WorkspaceError('INVALID_ARCHIVE', `The upload is refused: ${reason}`, { reason });
}

export class StagingArea {
  private readonly paths: string[] = [];
  private pathsTruncated = false;
  private files = 0;
  private directories = 0;
  private symlinks = 0;

  private constructor(
    private readonly tmp: FileHandle,
    private readonly name: string,
    private readonly root: FileHandle,
    private readonly budget: UploadBudget,
    /** Given every staged entry, so the merged tree belongs to the workspace's owner. */
    private readonly owner: TreeOwner | undefined,
  ) {}

  static async open(layout: WorkspaceLayout, budget: UploadBudget, owner?: TreeOwner): Promise<StagingArea> {
    const tmp = await openMetaDirectory(layout.tmp);
    const name = `upload-${randomUUID()}`;
    try {
      await mkdir(pathAt(tmp, name), 0o700);
      return new StagingArea(tmp, name, await openDirectoryAt(pathAt(tmp, name)), budget, owner);
    } catch (error) {
      await tmp.close();
      throw error;
    }
  }

  /** Opens (creating as needed) the staged directory `segments`. Close it unless it is the root. */
  private async openDirectory(segments: readonly string[]): Promise<FileHandle> {
    let current = this.root;
    try {
      for (const segment of segments) {
        try {
          await mkdir(pathAt(current, segment), 0o755);
          this.budget.addEntries();
          this.directories += 1;
          await ownPath(pathAt(current, segment), this.owner);
        } catch (error) {
          if (errnoOf(error) !== 'EEXIST') throw error;
        }
        let next: FileHandle;
        try {
          next = await openDirectoryAt(pathAt(current, segment));
        } catch (error) {
          if (errnoOf(error) === 'ELOOP' || errnoOf(error) === 'ENOTDIR')
            throw unsafe('an entry is placed under a file or a symbolic link');
          throw error;
        }
        if (current !== this.root) await current.close();
        current = next;
      }
      return current;
    } catch (error) {
      if (current !== this.root) await current.close();
      throw error;
    }
  }

  private async withParent<T>(segments: readonly string[], fn: (dir: FileHandle, name: string) => Promise<T>): Promise<T> {
    const dir = await this.openDirectory(segments.slice(0, -1));
    try {
      return await fn(dir, segments[segments.length - 1]!);
    } finally {
      if (dir !== this.root) await dir.close();
    }
  }

  /** Clears `name` in `dir` for a new entry (the later of two same-named entries wins); false if it is a directory. */
  private async clearName(dir: FileHandle, name: string): Promise<'clear' | 'directory'> {
    const existing = await lstat(pathAt(dir, name)).catch(() => null);
    if (!existing) return 'clear';
    if (existing.isDirectory()) return 'directory';
    await unlink(pathAt(dir, name));
    if (existing.isFile()) {
      this.files -= 1;
      this.budget.expandedBytes -= existing.size;
    } else this.symlinks -= 1;
    this.budget.entries -= 1;
    return 'clear';
  }

  async addDirectory(segments: readonly string[]): Promise<void> {
    if (segments.length === 0) return;
    const dir = await this.openDirectory(segments);
    if (dir !== this.root) await dir.close();
  }

  /** Writes a file, counting its bytes against the budget as they arrive. */
  async addFile(segments: readonly string[], content: UploadContent, options: { mode?: number } = {}): Promise<number> {
    return this.withParent(segments, async (dir, name) => {
      if ((await this.clearName(dir, name)) === 'directory') throw unsafe('a file and a directory have the same path');
      this.budget.addEntries();
      const handle = await open(pathAt(dir, name), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o644);
      let size = 0;
      try {
        await ownHandle(handle, this.owner);
        const chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> =
          typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
        for await (const chunk of chunks) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          size += bytes.length;
          this.budget.addBytes(bytes.length, size);
          await handle.write(bytes);
        }
        if (options.mode !== undefined) await handle.chmod(options.mode & 0o755);
      } finally {
        await handle.close();
      }
      this.files += 1;
      this.record(segments);
      return size;
    });
  }

  async addSymlink(segments: readonly string[], target: string): Promise<void> {
    await this.withParent(segments, async (dir, name) => {
      if ((await this.clearName(dir, name)) === 'directory') throw unsafe('a link and a directory have the same path');
      this.budget.addEntries();
      await symlink(target, pathAt(dir, name));
      await ownPath(pathAt(dir, name), this.owner);
      this.symlinks += 1;
    });
  }

  private record(segments: readonly string[]): void {
    const path = segments.join('/');
    if (this.paths.length >= MAX_LISTED_PATHS) this.pathsTruncated = true;
    else if (!this.paths.includes(path)) this.paths.push(path);
  }

  /**
   * What merging the staged tree into the directory opened as `target` (null: not created yet)
   * would change; refuses with ALREADY_EXISTS, listing the conflicts, unless `overwrite`.
   */
  async plan(target: FileHandle | null, overwrite: boolean): Promise<MergePlan> {
    const plan: MergePlan = { bytes: 0, entries: 0, conflicts: [], overwritten: 0, overwrite };
    await this.merge(null, this.root, target, '', plan);
    if (plan.conflicts.length > 0) {
      throw new WorkspaceError(
        'ALREADY_EXISTS',
        `Already exists: ${plan.conflicts.slice(0, 5).join(', ')}${plan.conflicts.length > 5 ? ', …' : ''}`,
        {
          conflicts: plan.conflicts.slice(0, 100),
        },
      );
    }
    return plan;
  }

  /** Merges the staged tree into `target` as planned (under the workspace lock, recording into `scope`). */
  async apply(layout: WorkspaceLayout, target: FileHandle, plan: MergePlan, scope: MutationScope): Promise<CommitResult> {
    await this.merge({ layout, scope }, this.root, target, '', plan);
    return {
      files: this.files,
      directories: this.directories,
      symlinks: this.symlinks,
      bytes: this.budget.expandedBytes,
      overwritten: plan.overwritten,
      paths: this.paths,
      paths_truncated: this.pathsTruncated,
    };
  }

  /** Plans (`applying` null) or applies the merge of `staged` into `target`. */
  private async merge(
    applying: { layout: WorkspaceLayout; scope: MutationScope } | null,
    staged: FileHandle,
    target: FileHandle | null,
    prefix: string,
    plan: MergePlan,
  ): Promise<void> {
    for (const dirent of await readDirectory(staged)) {
      const name = dirent.name;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const stagedStat = await lstat(pathAt(staged, name));
      const existing = target ? await lstat(pathAt(target, name)).catch(() => null) : null;
      if (target && existing && stagedStat.isDirectory() && existing.isDirectory()) {
        const stagedDir = await openDirectoryAt(pathAt(staged, name));
        try {
          const targetDir = await openDirectoryAt(pathAt(target, name));
          try {
            await this.merge(applying, stagedDir, targetDir, path, plan);
          } finally {
            await targetDir.close();
          }
        } finally {
          await stagedDir.close();
        }
        continue;
      }
      if (existing && !plan.overwrite) {
        // Only a terminal racing the upload can make this appear between plan and apply.
        if (!applying) plan.conflicts.push(path);
        else throw new WorkspaceError('ALREADY_EXISTS', `Already exists: ${path}`, { path });
        continue;
      }
      const adding = await measureEntryAt(staged, name);
      if (!applying) {
        const replacing = existing && target ? await measureEntryAt(target, name) : { bytes: 0, entries: 0 };
        plan.bytes += adding.bytes - replacing.bytes;
        plan.entries += adding.entries - replacing.entries;
        if (existing) plan.overwritten += 1;
        continue;
      }
      if (existing && (existing.isDirectory() || stagedStat.isDirectory())) {
        const removed = await discardEntry(applying.layout, target!, name);
        applying.scope.record({ bytes: -removed.bytes, entries: -removed.entries });
      } else if (existing) {
        applying.scope.record({ bytes: existing.isFile() ? -existing.size : 0, entries: -1 });
      }
      await rename(pathAt(staged, name), pathAt(target!, name));
      applying.scope.record({ bytes: adding.bytes, entries: adding.entries });
    }
  }

  async discard(): Promise<void> {
    try {
      await this.root.close();
      await removeEntryAt(this.tmp, this.name);
    } finally {
      await this.tmp.close();
    }
  }
}
