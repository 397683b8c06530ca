// The workspace trees at start-up: the root directory with the configured quotas and owner,
// ripgrep detected (one log line either way), the directories above the root checked for what
// the terminal sandbox needs, and a sweep of trees whose session is gone.
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KvStore } from '@coditect/store';
import { detectRipgrep, openWorkspaceRoot, type TreeOwner, type WorkspaceRoot } from '@coditect/workspace';
import { sweepOrphanWorkspaces, type Workspaces } from '@coditect/api';
import { workspacesDir, type Config } from './config';
import type { Logger } from './logger';

/** As root, trees go to WORKSPACE_UID:WORKSPACE_GID (the sandbox refuses root-owned trees); else they are ours. */
export function workspaceOwner(config: Config, uid = process.getuid?.()): TreeOwner | undefined {
  return uid === 0 ? { uid: config.WORKSPACE_UID, gid: config.WORKSPACE_GID } : undefined;
}

export async function openWorkspaces(config: Config, logger: Logger): Promise<Workspaces> {
  const owner = workspaceOwner(config);
  const root = await openWorkspaceRoot({
    root: workspacesDir(config),
    quotas: {
      workspaceBytes: config.WORKSPACE_MAX_BYTES,
      workspaceEntries: config.WORKSPACE_MAX_FILES,
      fileBytes: config.WORKSPACE_MAX_FILE_SIZE,
      tenantBytes: config.TENANT_WORKSPACES_MAX_BYTES,
      tenantEntries: config.TENANT_WORKSPACES_MAX_FILES,
    },
    upload: { maxUploadBytes: config.UPLOAD_LIMIT },
    ripgrepPath: config.RIPGREP_PATH,
    ...(owner ? { owner } : {}),
  });
  const ripgrep = await detectRipgrep(config.RIPGREP_PATH);
  if (ripgrep.available) logger.info({ ripgrep: ripgrep.version }, ripgrep.message);
  else logger.warn({ ripgrep: ripgrep.path }, ripgrep.message);
  if (owner) {
    const blocked = await firstUnsearchableAncestor(root.settings.root, owner);
    if (blocked) {
      logger.warn(
        { dir: blocked, uid: owner.uid },
        `workspaces are owned by uid ${owner.uid}, which cannot enter ${blocked}: terminals will not start (chmod o+x it, or set WORKSPACES_DIR elsewhere)`,
      );
    }
  }
  return {
    root,
    maxEditBytes: config.FILE_EDIT_LIMIT,
    maxDownloadBytes: config.DOWNLOAD_LIMIT,
    onCleanupFailure(error, ref) {
      logger.warn({ err: error, ...ref }, 'could not remove a deleted session’s workspace; the orphan sweep will');
    },
  };
}

/** The first directory from the root upwards that `owner` may not search (enter), if any. */
export async function firstUnsearchableAncestor(dir: string, owner: TreeOwner): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info) {
      const bits = info.uid === owner.uid ? 0o100 : info.gid === owner.gid ? 0o010 : 0o001;
      if ((info.mode & bits) === 0) return current;
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Removes trees whose session no longer exists, in the background; logs what it did. */
export function sweepOrphansInBackground(store: KvStore, root: WorkspaceRoot, logger: Logger): Promise<void> {
  return sweepOrphanWorkspaces(store, root).then(
    ({ removed, failed }) => {
      if (removed.length > 0) logger.info({ removed: removed.length }, 'removed workspaces whose session no longer exists');
      for (const { ref, error } of failed) logger.warn({ err: error, ...ref }, 'could not remove an orphaned workspace');
    },
    (error: unknown) => logger.warn({ err: error }, 'the orphaned-workspace sweep failed'),
  );
}
