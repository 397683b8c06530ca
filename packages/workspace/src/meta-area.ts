// The server's own directories beside the tree (meta/tmp, meta/trash): opening them, moving an
// entry out of the tree through trash, and clearing what interrupted operations left behind.
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, rename, type FileHandle } from 'node:fs/promises';
import { openDirectoryAt, pathAt } from './confined-resolve';
import type { WorkspaceLayout } from './workspace-layout';
import { removeEntryAt, type RemovedTotals } from './tree-remove';
import { readDirectory } from './tree-walk';

const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** Opens meta/tmp or meta/trash, creating it if an older workspace lacks it. */
export async function openMetaDirectory(path: string): Promise<FileHandle> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  return openDirectoryAt(path);
}

/**
 * Removes `name` in `dir` and everything below it. It is renamed into meta/trash first, so it
 * leaves the tree in one step, even when removing its contents takes a while.
 */
export async function discardEntry(layout: WorkspaceLayout, dir: FileHandle, name: string): Promise<RemovedTotals> {
  const trash = await openMetaDirectory(layout.trash);
  try {
    const id = randomUUID();
    await rename(pathAt(dir, name), pathAt(trash, id));
    return await removeEntryAt(trash, id);
  } finally {
    await trash.close();
  }
}

/**
 * Clears meta/tmp (half-written files, staged uploads) and meta/trash (subtrees renamed away but
 * not yet removed) of entries older than an hour: a younger one may belong to an operation still
 * running in another process.
 */
export async function sweepMeta(layout: WorkspaceLayout): Promise<void> {
  for (const path of [layout.tmp, layout.trash]) {
    const dir = await openDirectoryAt(path).catch(() => null);
    if (!dir) continue;
    try {
      for (const dirent of await readDirectory(dir)) {
        const stat = await lstat(pathAt(dir, dirent.name)).catch(() => null);
        if (stat && Date.now() - stat.mtimeMs > LEFTOVER_AGE_MS) await removeEntryAt(dir, dirent.name).catch(() => undefined);
      }
    } finally {
      await dir.close();
    }
  }
}
