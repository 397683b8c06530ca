// The directory holding every workspace, opened once at start-up: checks the platform supports
// confinement, and hands out a WorkspaceFiles per (tenant, workspace) plus the lifecycle
// operations. State shared by the handles of one workspace (find's file-list cache, watchers)
// lives here.
import { lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { isAbsolute } from 'node:path';
import { openDirectoryAt, pathAt } from './confined-resolve';
import { FileListCache } from './file-find';
import { SortedListingCache } from './list-directory';
import { WatchHub } from './watch-hub';
import type { WorkspaceContext } from './workspace-context';
import { guarded } from './workspace-error';
import { WorkspaceFiles } from './workspace-files';
import { isWorkspaceId, workspaceLayout, workspaceTreePath, type WorkspaceRef } from './workspace-layout';
import {
  createWorkspace,
  forkWorkspace,
  removeWorkspace,
  workspaceExists,
  type WorkspaceCreated,
  type WorkspaceRemoved,
} from './workspace-lifecycle';
import { resolveSettings, type WorkspaceRootOptions, type WorkspaceSettings } from './workspace-options';

export class WorkspaceRoot {
  private readonly fileLists = new FileListCache();
  private readonly listings = new SortedListingCache();
  private readonly watchers: WatchHub;

  constructor(readonly settings: WorkspaceSettings) {
    this.watchers = new WatchHub({ debounceMs: settings.watchDebounceMs, maxDirectories: settings.watchMaxDirectories });
  }

  /** The files of one workspace. Does not check it exists: operations fail with NOT_FOUND if not. */
  files(ref: WorkspaceRef): WorkspaceFiles {
    return new WorkspaceFiles(this.context(ref), { fileLists: this.fileLists, listings: this.listings, watchers: this.watchers });
  }

  /** The tree's directory on the host (where a workspace's terminals run), without opening a handle. */
  treePath(ref: WorkspaceRef): string {
    return workspaceTreePath(this.settings.root, ref);
  }

  create(ref: WorkspaceRef): Promise<WorkspaceCreated> {
    return guarded(createWorkspace(this.settings, ref));
  }

  /** A new workspace `target` with a copy of `source`'s tree. */
  fork(source: WorkspaceRef, target: WorkspaceRef): Promise<WorkspaceCreated> {
    return guarded(forkWorkspace(this.settings, source, target));
  }

  async remove(ref: WorkspaceRef): Promise<WorkspaceRemoved> {
    const removed = await guarded(removeWorkspace(this.settings, ref));
    const { dir } = workspaceLayout(this.settings.root, ref);
    this.watchers.close(dir);
    this.fileLists.invalidate(dir);
    return removed;
  }

  /** Stops every watcher (at shutdown). */
  close(): void {
    this.watchers.close();
  }

  /** Workspaces and directories being watched, for metrics. */
  watchStats(): { workspaces: number; directories: number } {
    return this.watchers.stats();
  }

  /**
   * Every workspace on disk, with when its directory last changed (created, renamed into place):
   * for finding trees whose owner (a session) no longer exists. Names that are not ids (staging,
   * trash) are skipped.
   */
  async *list(): AsyncGenerator<{ ref: WorkspaceRef; changedAtMs: number }> {
    const { root } = this.settings;
    for (const tenantId of await readdir(root).catch(() => [] as string[])) {
      if (!isWorkspaceId(tenantId)) continue;
      for (const workspaceId of await readdir(join(root, tenantId)).catch(() => [] as string[])) {
        if (!isWorkspaceId(workspaceId)) continue;
        const stat = await lstat(join(root, tenantId, workspaceId)).catch(() => null);
        if (!stat?.isDirectory()) continue;
        yield { ref: { tenantId, workspaceId }, changedAtMs: Math.max(stat.mtimeMs, stat.ctimeMs) };
      }
    }
  }

  exists(ref: WorkspaceRef): Promise<boolean> {
    return guarded(workspaceExists(this.settings, ref));
  }

  private context(ref: WorkspaceRef): WorkspaceContext {
    const layout = workspaceLayout(this.settings.root, ref);
    return {
      settings: this.settings,
      layout,
      onMutation: () => this.fileLists.invalidate(layout.dir),
    };
  }
}

/** Opens (creating if needed) the root directory. Throws when /proc/self/fd is unusable (non-Linux). */
export async function openWorkspaceRoot(options: WorkspaceRootOptions): Promise<WorkspaceRoot> {
  if (!isAbsolute(options.root)) throw new Error('workspace root must be an absolute path');
  await mkdir(options.root, { recursive: true, mode: 0o755 });
  const root = await realpath(options.root);
  const probe = await openDirectoryAt(root);
  try {
    const seen = await lstat(pathAt(probe, '.'));
    const direct = await lstat(root);
    if (seen.ino !== direct.ino || seen.dev !== direct.dev) throw new Error('mismatch');
  } catch {
    throw new Error('@coditect/workspace needs Linux with /proc mounted (/proc/self/fd) to confine file access');
  } finally {
    await probe.close();
  }
  return new WorkspaceRoot(resolveSettings(options, root));
}
