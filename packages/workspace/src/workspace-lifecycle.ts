// Creating, forking and removing whole workspaces. A new workspace (empty, or a fork's copy) is
// assembled under a dot-named staging directory of its tenant and renamed into place, so it
// appears complete or not at all; a removed one is renamed into <root>/.trash before deletion.
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDirectoryAt } from './confined-resolve';
import { assertWithinQuota } from './quota-guard';
import { copyDirectoryContents, measureTree } from './tree-copy';
import { removeEntryAt } from './tree-remove';
import { otherWorkspacesUsage, type UsageRecord } from './usage-record';
import { rootTrash, workspaceLayout, type WorkspaceRef } from './workspace-layout';
import { withWorkspaceLock } from './workspace-lock';
import type { WorkspaceSettings } from './workspace-options';
import { ownPath } from './tree-owner';
import { WorkspaceError, fromFsError } from './workspace-error';

export interface WorkspaceCreated {
  tenant_id: string;
  workspace_id: string;
  /** Bytes and entries the new tree holds (0 for an empty workspace). */
  bytes: number;
  entries: number;
}

export interface WorkspaceRemoved {
  tenant_id: string;
  workspace_id: string;
  bytes: number;
  entries: number;
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Makes <tenant>/.staging-<id>/{tree,meta/tmp,meta/trash}; fills the tree with `fill`; renames it to the workspace. */
async function assemble(
  settings: WorkspaceSettings,
  ref: WorkspaceRef,
  fill: (stagedTree: string) => Promise<{ bytes: number; entries: number }>,
): Promise<WorkspaceCreated> {
  const layout = workspaceLayout(settings.root, ref);
  await mkdir(layout.tenantDir, { recursive: true, mode: 0o755 });
  const stagingName = `.staging-${randomUUID()}`;
  const stagedDir = join(layout.tenantDir, stagingName);
  const paths = {
    tree: join(stagedDir, 'tree'),
    meta: join(stagedDir, 'meta'),
    tmp: join(stagedDir, 'meta', 'tmp'),
    trash: join(stagedDir, 'meta', 'trash'),
    usage: join(stagedDir, 'meta', 'usage.json'),
  };
  try {
    if (await workspaceExists(settings, ref)) throw new WorkspaceError('ALREADY_EXISTS', 'Workspace already exists');
    await mkdir(stagedDir, { mode: 0o755 });
    await mkdir(paths.tree, { mode: 0o755 });
    await ownPath(paths.tree, settings.owner);
    await mkdir(paths.meta, { mode: 0o700 });
    await mkdir(paths.tmp, { mode: 0o700 });
    await mkdir(paths.trash, { mode: 0o700 });
    const totals = await fill(paths.tree);
    const now = new Date().toISOString();
    const usage: UsageRecord = { bytes: totals.bytes, entries: totals.entries, scanned_at: now, updated_at: now };
    await writeFile(paths.usage, JSON.stringify(usage));
    try {
      // Over an existing workspace this fails (it is never empty): creation is first-come.
      await rename(stagedDir, layout.dir);
    } catch (error) {
      if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes(errnoOf(error) ?? ''))
        throw new WorkspaceError('ALREADY_EXISTS', 'Workspace already exists');
      throw error;
    }
    return { tenant_id: ref.tenantId, workspace_id: ref.workspaceId, ...totals };
  } catch (error) {
    const tenant = await openDirectoryAt(layout.tenantDir).catch(() => null);
    if (tenant) {
      await removeEntryAt(tenant, stagingName).catch(() => undefined);
      await tenant.close();
    }
    throw fromFsError(error);
  }
}

export async function createWorkspace(settings: WorkspaceSettings, ref: WorkspaceRef): Promise<WorkspaceCreated> {
  return assemble(settings, ref, async () => ({ bytes: 0, entries: 0 }));
}

/**
 * A new workspace `target` holding a copy of `source`'s tree (symlinks copied as links, special
 * files skipped), within `target`'s quotas. The source is not locked: each of its files is
 * copied either before or after any concurrent atomic write to it, never half-written.
 */
export async function forkWorkspace(
  settings: WorkspaceSettings,
  source: WorkspaceRef,
  target: WorkspaceRef,
): Promise<WorkspaceCreated> {
  const sourceLayout = workspaceLayout(settings.root, source);
  const targetLayout = workspaceLayout(settings.root, target);
  const sourceTree = await openDirectoryAt(sourceLayout.tree).catch((error: unknown) => {
    if (errnoOf(error) === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
    throw fromFsError(error);
  });
  try {
    const totals = await measureTree(sourceTree);
    const quotas = await settings.quotas(target);
    await assertWithinQuota(
      quotas,
      { bytes: 0, entries: 0 },
      { bytes: totals.bytes, entries: totals.entries, largestFile: totals.largestFile },
      () => otherWorkspacesUsage(targetLayout),
    );
    return await assemble(settings, target, async (stagedTree) => {
      const copy = await openDirectoryAt(stagedTree);
      try {
        const copied = await copyDirectoryContents(sourceTree, copy, settings.owner);
        return { bytes: copied.bytes, entries: copied.entries };
      } finally {
        await copy.close();
      }
    });
  } finally {
    await sourceTree.close();
  }
}

/** Removes a workspace, tree and meta, waiting for an operation in progress on it to finish. */
export async function removeWorkspace(settings: WorkspaceSettings, ref: WorkspaceRef): Promise<WorkspaceRemoved> {
  const layout = workspaceLayout(settings.root, ref);
  if (!(await workspaceExists(settings, ref))) throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
  const trashPath = rootTrash(settings.root);
  await mkdir(trashPath, { recursive: true, mode: 0o700 });
  const trashName = randomUUID();
  await withWorkspaceLock(layout.lockFile, { timeoutMs: settings.lockTimeoutMs, staleMs: settings.lockStaleMs }, async () => {
    try {
      await rename(layout.dir, join(trashPath, trashName));
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new WorkspaceError('NOT_FOUND', 'Workspace not found');
      throw fromFsError(error);
    }
  });
  const trash = await openDirectoryAt(trashPath);
  try {
    // Only the tree counts towards usage; meta goes too but is not reported.
    const removedDir = await openDirectoryAt(join(trashPath, trashName));
    let tree;
    try {
      tree = await removeEntryAt(removedDir, 'tree');
    } finally {
      await removedDir.close();
    }
    await removeEntryAt(trash, trashName);
    return { tenant_id: ref.tenantId, workspace_id: ref.workspaceId, bytes: tree.bytes, entries: Math.max(0, tree.entries - 1) };
  } finally {
    await trash.close();
  }
}

export async function workspaceExists(settings: WorkspaceSettings, ref: WorkspaceRef): Promise<boolean> {
  const stat = await lstat(workspaceLayout(settings.root, ref).tree).catch(() => null);
  return stat?.isDirectory() ?? false;
}
